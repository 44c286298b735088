"""Forms of the administration pages (units, people, roles, clusters, overlays, accounts, API tokens).

They check only shape (required, length, a known choice); the rules stay in the domain's commands.
Choices that come from the read models are filled in by the views.
"""

from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from domain.rules.read_access import SCOPES
from domain.text import max_length
from web.pages.forms import REQUIRED, DateField, Form, MultiCheckboxField, SelectField, options, reason_field

UNIT_KINDS = (("department", _l("Sở, ban, ngành")), ("division", _l("Phòng, đơn vị trực thuộc")))
AUTHORITY_LEVELS = (
    ("unit_head", _l("Thủ trưởng đơn vị")), ("province", _l("Chủ tịch UBND tỉnh")),
    ("prime_minister", _l("Thủ tướng Chính phủ")),
)
GENDERS = (("f", _l("Nữ")), ("m", _l("Nam")))
MEMBERSHIP = (("join", _l("Gia nhập cụm")), ("leave", _l("Rời cụm")))
OVERLAY_SCOPES = (("issuer", _l("Đơn vị ban hành")), ("campaign", _l("Phong trào")))


def text_field(label: str, field: str, **kwargs: object) -> StringField:
    return StringField(label, validators=[DataRequired(REQUIRED), Length(max=max_length(field))], **kwargs)


class UnitForm(Form):
    key = text_field(_l("Mã đơn vị"), "key", description=_l("Chữ thường, số và dấu gạch ngang, ví dụ so-khcn."))
    name = text_field(_l("Tên đơn vị"), "name")
    short_name = text_field(_l("Tên viết tắt"), "short_name")
    kind = SelectField(_l("Loại đơn vị"), choices=options(UNIT_KINDS))
    parent = SelectField(_l("Đơn vị cấp trên"), choices=[], validate_choice=False)
    province = text_field(_l("Tỉnh"), "province")
    abbreviation = text_field(_l("Ký hiệu (trên số quyết định)"), "abbreviation")
    authority_level = SelectField(_l("Thẩm quyền khen thưởng của thủ trưởng"), choices=options(AUTHORITY_LEVELS))


class RenameUnitForm(Form):
    name = text_field(_l("Tên mới"), "name")
    short_name = text_field(_l("Tên viết tắt mới"), "short_name")
    effective_on = DateField(_l("Có hiệu lực từ ngày"), validators=[Optional()],
                             description=_l("Để trống: có hiệu lực từ hôm nay."))
    reason = reason_field(_l("Căn cứ (quyết định đổi tên)"))


class MergeUnitForm(Form):
    successor = SelectField(_l("Sáp nhập vào đơn vị"), choices=[])
    reason = reason_field(_l("Căn cứ (quyết định sáp nhập)"))


class PersonForm(Form):
    key = text_field(_l("Mã cán bộ"), "key")
    full_name = text_field(_l("Họ và tên"), "full_name")
    gender = SelectField(_l("Giới tính"), choices=options(GENDERS))
    unit = SelectField(_l("Đơn vị"), choices=[])
    position = text_field(_l("Chức vụ"), "position")
    citizen_id = StringField(_l("Số CCCD (nếu có)"), validators=[
        Optional(), Regexp(r"^\d{12}$", message=_l("Số căn cước công dân (CCCD) phải gồm đúng 12 chữ số.")),
    ])
    born_on = DateField(_l("Ngày sinh (nếu có)"), validators=[Optional()])


class TransferForm(Form):
    unit = SelectField(_l("Chuyển đến đơn vị"), choices=[])
    position = text_field(_l("Chức vụ mới"), "position")
    reason = reason_field(_l("Căn cứ (quyết định điều động)"))


class LeftForm(Form):
    reason = reason_field(_l("Lý do (nghỉ hưu, thôi việc…)"))


class GrantForm(Form):
    role = SelectField(_l("Vai trò"), choices=[])
    scope = SelectField(_l("Phạm vi"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Lý do"), validators=[Optional(), Length(max=2000)])


class ClusterForm(Form):
    key = text_field(_l("Mã cụm"), "key")
    name = text_field(_l("Tên cụm"), "name")


class MembershipForm(Form):
    unit = SelectField(_l("Đơn vị"), choices=[])
    change = SelectField(_l("Thay đổi"), choices=options(MEMBERSHIP))
    on = DateField(_l("Từ ngày"), validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("Căn cứ"), validators=[Optional(), Length(max=2000)])


class HeadForm(Form):
    year = IntegerField(_l("Năm"), validators=[DataRequired(REQUIRED), NumberRange(2000, 2100)])
    head = SelectField(_l("Cụm trưởng"), choices=[])
    deputy = SelectField(_l("Cụm phó"), choices=[], validate_choice=False)


def json_object(form: Form, field: TextAreaField) -> None:
    """The overlay is a JSON object (its keys and values are checked by the rule set)."""
    try:
        field.parsed = json.loads(field.data or "")
    except ValueError as error:
        raise ValidationError(_l("Không đọc được JSON: %(error)s", error=str(error))) from None
    if not isinstance(field.parsed, dict):
        raise ValidationError(_l("Quy định bổ sung phải là một đối tượng JSON {…}."))


class OverlayForm(Form):
    scope = SelectField(_l("Áp dụng cho"), choices=options(OVERLAY_SCOPES))
    target = SelectField(_l("Đơn vị hoặc phong trào"), choices=[])
    overlay = TextAreaField(_l("Quy định bổ sung (JSON)"), validators=[DataRequired(REQUIRED), json_object],
                            description=_l('Ví dụ: {"basis": "Quyết định 12/QĐ-UBND", "posting_days": 10}'))
    reason = reason_field()
    preview = SubmitField(_l("Xem trước thay đổi"))
    publish = SubmitField(_l("Công bố"))


class AccountForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=64)])
    person = SelectField(_l("Người dùng tài khoản"), choices=[])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED), Length(min=8, max=200)])


class PasswordForm(Form):
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(REQUIRED), Length(min=8, max=200)])


class TokenForm(Form):
    person = SelectField(_l("Người giữ mã"), choices=[])
    role = SelectField(_l("Vai trò"), choices=[])
    read_only = BooleanField(_l("Chỉ đọc"))
    label = StringField(_l("Dùng cho"), validators=[Optional(), Length(max=200)])
    scopes = MultiCheckboxField(_l("Dữ liệu cá nhân được đọc (chỉ hệ thống tích hợp)"), choices=options((s, s) for s in SCOPES))
