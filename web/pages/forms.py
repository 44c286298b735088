"""Flask-WTF forms: every form carries a CSRF token; messages go next to their field, in the user's language.

Choices that come from the read models are filled in by the views.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileSize, MultipleFileField
from wtforms import (
    BooleanField, HiddenField, PasswordField, SelectChoice, SelectMultipleField, StringField, TextAreaField,
)
from wtforms import fields as wtf
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from domain.text import TEXT_MAX, max_length

EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
MAX_FILES = 5
REQUIRED = _l("Trường này là bắt buộc.")
NOT_A_CHOICE = _l("Lựa chọn không hợp lệ.")

# WTForms ships no Vietnamese messages: the fields below take theirs from our catalogue.
SelectField = partial(wtf.SelectField, invalid_choice_message=NOT_A_CHOICE)
RadioField = partial(wtf.RadioField, invalid_choice_message=NOT_A_CHOICE)
DateField = partial(wtf.DateField, invalid_value_message=_l("Ngày không hợp lệ."))
DecimalField = partial(wtf.DecimalField, invalid_value_message=_l("Giá trị phải là một số."))


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Choices for a select, radio or checkbox list from (value, label) pairs."""
    return [SelectChoice(value, str(label)) for value, label in pairs]


class Form(FlaskForm):
    """Base of every form. The CSRF token is checked once per post, for every form whatever its field
    prefix, by CSRFProtect (see web.auth.init_auth); templates render it with `_forms.html`'s `hidden`."""

    class Meta:
        csrf = False


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (keyboard-friendly, works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("invalid_choice_message", NOT_A_CHOICE)
        super().__init__(*args, **kwargs)


def within_upload_limit(form: FlaskForm, field: MultipleFileField) -> None:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    message = _l("Mỗi tệp tối đa %(mb)s MB.", mb=limit // (1024 * 1024))
    FileSize(limit, message=message)(form, field)


def limit_request_size() -> None:
    """Before anything reads a request's body (CSRF, the API): a form with files may carry MAX_FILES
    files of the per-file limit (each file's own limit is checked next to its field), any other body
    the per-file limit. A body announced as larger, or sent without a length (chunked) and reaching the
    limit, is refused at once (413) with a clear message."""
    files = MAX_FILES + 1 if request.mimetype == "multipart/form-data" else 1
    limit = current_app.config["MAX_CONTENT_LENGTH"] * files
    request.max_content_length = limit
    if (request.content_length or 0) > limit or streamed_to(limit):
        abort(413, description=_("Nội dung gửi lên quá lớn: tối đa %(mb)s MB một lần.", mb=limit // (1024 * 1024)))


def streamed_to(limit: int) -> bool:
    """Whether a body sent without Content-Length filled `limit` (werkzeug stops reading it there)."""
    return request.content_length is None and len(request.get_data(cache=True)) >= limit


def not_empty(form: FlaskForm, field: MultipleFileField) -> None:
    """Every file has content (an empty one is no evidence of anything)."""
    for upload in field.data or []:
        upload.stream.seek(0, 2)
        empty = upload.stream.tell() == 0
        upload.stream.seek(0)
        if empty:
            raise ValidationError(_("Tệp rỗng: %(name)s.", name=upload.filename))


def evidence_field(label: str) -> MultipleFileField:
    return MultipleFileField(label, validators=[
        FileAllowed(EVIDENCE_TYPES, _l("Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX.")),
        within_upload_limit, not_empty,
    ], description=_l("PDF, JPG, PNG, DOCX, XLSX; tối đa 10 MB mỗi tệp."))


def reason_field(label: str = _l("Lý do")) -> TextAreaField:
    return TextAreaField(label, validators=[DataRequired(REQUIRED), Length(max=2000)])


class LoginForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=64)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED)])
    next = HiddenField()


class RoleForm(Form):
    role = SelectField(_l("Vai trò"), validators=[DataRequired(REQUIRED)])


class SignUpForm(Form):
    participant = SelectField(_l("Đơn vị hoặc cá nhân đăng ký"), validators=[DataRequired(REQUIRED)])
    titles = MultiCheckboxField(_l("Danh hiệu đăng ký phấn đấu"))


class ReportForm(Form):
    """Values per target are added by `report_form` (one decimal field per reported target)."""

    period_label = StringField(_l("Kỳ báo cáo"), validators=[DataRequired(REQUIRED), Length(max=max_length("period_label"))],
                               description=_l("Ví dụ: 2025-Q1, 6 tháng đầu năm"))
    period_end = DateField(_l("Ngày kết thúc kỳ"), validators=[InputRequired(REQUIRED)])
    final = BooleanField(_l("Báo cáo tổng kết (cuối kỳ)"))
    evidence = evidence_field(_l("Tệp minh chứng"))


def report_form(targets: list[dict], **kwargs: object) -> ReportForm:
    """A report form with one optional number per target, named `t_<code>`, in the target's unit and range
    (the domain checks the same: `domain.rules.targets.ensure_fits_metric`)."""

    class Report(ReportForm):
        pass

    for target in targets:
        setattr(Report, f"t_{target['code']}", DecimalField(
            target["description"], places=None, validators=[Optional(), finite, *METRIC_CHECKS.get(target["metric"], ())],
        ))
    return Report(**kwargs)


def finite(form: FlaskForm, field: wtf.DecimalField) -> None:
    """No NaN or infinity (a Decimal that no range can be compared with)."""
    if not field.data.is_finite():
        raise StopValidation(_("Giá trị phải là một số hữu hạn."))


def whole(form: FlaskForm, field: wtf.DecimalField) -> None:
    if field.data != field.data.to_integral_value():
        raise ValidationError(_("Phải là số nguyên."))


METRIC_CHECKS = {  # a target's metric -> what its reported value must be
    "percent": (NumberRange(min=0, max=100, message=_l("Tỷ lệ phần trăm từ 0 đến 100.")),),
    "count": (NumberRange(min=0, message=_l("Không được âm.")), whole),
    "boolean": (NumberRange(min=0, max=1, message=_l("Chỉ nhận 0 (không đạt) hoặc 1 (đạt).")), whole),
}


class NominationForm(Form):
    nominee = SelectField(_l("Người hoặc tập thể được đề nghị"), validators=[DataRequired(REQUIRED)])
    title_code = SelectField(_l("Danh hiệu / hình thức đề nghị"), validators=[DataRequired(REQUIRED)])
    achievements = TextAreaField(_l("Tóm tắt thành tích"), validators=[DataRequired(REQUIRED), Length(max=TEXT_MAX)])
    initiative = SelectField(_l("Sáng kiến đã được công nhận"), validators=[Optional()], default="")
    evidence = evidence_field(_l("Tệp minh chứng"))


class DossierForm(Form):
    achievements = TextAreaField(_l("Tóm tắt thành tích"), validators=[DataRequired(REQUIRED), Length(max=TEXT_MAX)])
    initiative = SelectField(_l("Sáng kiến đã được công nhận"), validators=[Optional()], default="")
    evidence = evidence_field(_l("Thêm tệp minh chứng"))


class CommentForm(Form):
    comment = TextAreaField(_l("Ý kiến"), validators=[Optional(), Length(max=2000)])


class ReasonForm(Form):
    reason = reason_field()


class ReturnForm(Form):
    to_stage = SelectField(_l("Trả về bước"), validators=[DataRequired(REQUIRED)])
    reason = reason_field()


class PostForm(Form):
    nominations = MultiCheckboxField(_l("Hồ sơ công khai"), validators=[DataRequired(_l("Chọn ít nhất một hồ sơ."))])
    until = DateField(_l("Công khai đến hết ngày"), validators=[InputRequired(REQUIRED)])


class ObjectionForm(Form):
    text = TextAreaField(_l("Nội dung ý kiến phản ánh"), validators=[DataRequired(REQUIRED), Length(max=4000)])


class ResolveForm(Form):
    objection_id = HiddenField(validators=[DataRequired(REQUIRED)])
    upheld = BooleanField(_l("Phản ánh đúng (hồ sơ bị loại)"))
    resolution = reason_field(_l("Kết quả xử lý"))


class ConveneForm(Form):
    council_unit = SelectField(_l("Hội đồng của đơn vị"), validators=[DataRequired(REQUIRED)])
    name = StringField(_l("Tên phiên họp"), validators=[DataRequired(REQUIRED), Length(max=200)])
    meeting_on = DateField(_l("Ngày họp"), validators=[InputRequired(REQUIRED)])
    members = MultiCheckboxField(_l("Thành viên Hội đồng"), validators=[DataRequired(_l("Chọn các thành viên."))])
    chair = SelectField(_l("Chủ tịch Hội đồng"), validators=[DataRequired(REQUIRED)])
    agenda = MultiCheckboxField(_l("Hồ sơ đưa ra xét"), validators=[DataRequired(_l("Chọn ít nhất một hồ sơ."))])


class AttendanceForm(Form):
    present = MultiCheckboxField(_l("Thành viên có mặt"))


def ballot_form(agenda: list[dict], choices: list[SelectChoice], **kwargs: object) -> Form:
    """One radio group per agenda item, named `n_<nomination id hex>`; abstaining is a choice."""

    class Ballot(Form):
        written = BooleanField(_l("Tôi vắng mặt tại phiên họp và gửi phiếu bằng văn bản"))

    for item in agenda:
        setattr(Ballot, f"n_{item['nomination_id'].hex}", RadioField(
            item["label"], choices=choices, validators=[InputRequired(_l("Chọn một phương án."))],
        ))
    return Ballot(**kwargs)


class TallyForm(Form):
    chair_picks = MultiCheckboxField(_l("Chủ tịch chọn khi bằng phiếu ở vị trí cuối"))


class DecisionForm(Form):
    issuer = SelectField(_l("Đơn vị ban hành"), validators=[DataRequired(REQUIRED)])
    number = StringField(_l("Số quyết định"), validators=[DataRequired(REQUIRED), Length(max=max_length("number"))],
                         description=_l("Ví dụ: 05/QĐ-SKHCN"))
    subject = StringField(_l("Trích yếu"), validators=[DataRequired(REQUIRED), Length(max=300)])
    decision_date = DateField(_l("Ngày quyết định"), validators=[InputRequired(REQUIRED)])
    signer = SelectField(_l("Người ký"), validators=[DataRequired(REQUIRED)])
    signer_title = StringField(_l("Chức danh người ký"), validators=[DataRequired(REQUIRED), Length(max=200)])
    nominations = MultiCheckboxField(
        _l("Hồ sơ đưa vào quyết định"), validators=[DataRequired(_l("Chọn ít nhất một hồ sơ."))],
    )
