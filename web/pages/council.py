"""Council sessions (phiên họp Hội đồng TĐKT): convene, attendance, a secret ballot page for each member
(it never shows how anyone voted), close, and tally with the thresholds shown."""

from __future__ import annotations

from uuid import UUID

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

from domain.exceptions import DomainError

from domain import commands as c
from domain.rules.council import required_count
from domain.values import Role, Stage
from projections import queries
from web.auth import acting_role, current_actor, role_required
from web.context import read_conn, services
from web.pages.forms import AttendanceForm, ConveneForm, Form, TallyForm, ballot_form, options
from web.pages.choices import (
    nomination_choices, people_choices, role_holders, unit_choices, units_for,
)
from web.pages.common import act, execute, execute_form, flash_error, or_404, render_page, today, ui_blueprint
from web.pages.labels import CHOICE_LABELS, title_label
from web.pages.paging import PAGE_SIZE, Paging, asked_page, past_the_end, paging

bp = ui_blueprint("council", __name__)


@bp.get("/council")
@login_required
def index() -> str | Response:
    page = asked_page()
    sessions, total = queries.list_council_sessions(read_conn(), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    shown = Paging(page, total)
    return past_the_end(shown) or render_page("council/index.html", sessions=sessions, paging=shown, role=acting_role())


def council_members(unit_ids: set[UUID]) -> list[dict]:
    return role_holders(Role.COUNCIL_MEMBER, unit_ids)


@bp.route("/council/new", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def convene() -> str | Response:
    """Convene a session on posted dossiers, with the members and the chair."""
    units = units_for(Role.SECRETARIAT)
    members = council_members({u["unit_id"] for u in units})
    posted, _total = queries.list_nominations(read_conn(), stage=Stage.POSTED.value, limit=500)
    form = ConveneForm(data={
        "meeting_on": today(), "members": [str(p["person_id"]) for p in members],
        "agenda": [str(n["nomination_id"]) for n in posted], "council_unit": str(units[-1]["unit_id"]) if units else "",
    })
    form.council_unit.choices = unit_choices(units)
    form.members.choices = form.chair.choices = people_choices(members)
    form.agenda.choices = nomination_choices(posted)
    if form.validate_on_submit():
        cmd = c.ConveneSession(
            UUID(form.council_unit.data), form.name.data.strip(), [UUID(m) for m in form.members.data],
            UUID(form.chair.data), [UUID(n) for n in form.agenda.data], form.meeting_on.data,
        )
        response = execute_form(services().convene_session, cmd, _("Đã triệu tập phiên họp."),
                                lambda session_id: url_for(".session", session_id=session_id))
        if response is not None:
            return response
    return render_page("council/convene.html", form=form), 422 if form.errors else 200


def session_or_404(session_id: UUID) -> dict:
    return or_404(queries.get_council_session(read_conn(), session_id))


def agenda_of(session: dict, rules: dict) -> list[dict]:
    """The dossiers on the agenda with their nominee, title and the threshold the tally applies to the title."""
    agenda = []
    for nomination_id in session["agenda"]:
        n = or_404(queries.get_nomination(read_conn(), UUID(str(nomination_id))))
        threshold = rules["thresholds"][n["nomination_id"]]
        agenda.append({
            "nomination_id": n["nomination_id"], "nominee_name": n["nominee_name"], "unit_name": n["unit_name"],
            "title": title_label(n["title_code"]),
            "threshold": threshold, "required": required_count(threshold, session["members_count"]),
            "label": f"{n['nominee_name']} — {title_label(n['title_code'])}",
        })
    return agenda


def session_with_agenda(session_id: UUID) -> tuple[dict, dict, list[dict]]:
    """The session, the rules its tally applies (with the campaign's and the province's overlays), its agenda."""
    found = session_or_404(session_id)
    rules = services().get_session_rules(session_id)
    return found, rules, agenda_of(found, rules)


@bp.get("/council/<uuid:session_id>")
@login_required
def session(session_id: UUID) -> str:
    """The session: agenda with thresholds, attendance, the trustees' keys and, once tallied, the counts per
    dossier with the tracking code of every counted ballot."""
    found, rules, agenda = session_with_agenda(session_id)
    role, forms, trustees = acting_role(), {}, services().get_trustees(session_id)
    me = current_actor().person_id
    if any(t["person_id"] == me and not t["registered"] for t in trustees) and found["status"] == "convened":
        forms["trustee_key"] = TrusteeKeyForm(prefix="key")
    if role is Role.SECRETARIAT and found["status"] == "convened":
        forms["attendance"] = attendance_form(found)
    if role is Role.SECRETARIAT and found["status"] == "closed":
        forms["tally"] = tally_form(agenda, trustees)
    receipts = counted_receipts(session_id) if trustees and found["status"] == "tallied" else []
    agenda_paging = paging(len(agenda))
    return render_page("council/session.html", s=found, agenda=agenda, agenda_page=agenda_paging.rows(agenda),
                       agenda_paging=agenda_paging, forms=forms, role=role, trustees=trustees,
                       receipts=receipts, names=person_names(trustees),
                       quorum=rules["quorum"], quorum_required=rules["quorum_required"])


def counted_receipts(session_id: UUID) -> list[str]:
    """The tracking code of every counted ballot, in an order that says nothing about who cast it."""
    return sorted(b["tracking_code"] for b in services().get_tally_proof(session_id)["ballots"])


class TrusteeKeyForm(Form):
    passphrase = PasswordField(_l("Cụm mật khẩu của bạn (ít nhất 12 ký tự)"), validators=[DataRequired()],
                               description=_l("Nhớ kỹ: cần nhập lại khi kiểm phiếu; hệ thống không lưu và không khôi phục được."))


def person_names(trustees: list[dict]) -> dict:
    return {t["person_id"]: (queries.get_person(read_conn(), t["person_id"]) or {}).get("full_name", "") for t in trustees}


def attendance_form(session: dict) -> AttendanceForm:
    form = AttendanceForm(prefix="attendance")
    form.present.choices = people_choices(council_members({session["council_unit_id"]}))
    return form


def tally_form(agenda: list[dict], trustees: list[dict]) -> TallyForm:
    """The chair's picks, and a passphrase field for each trustee, typed by the trustee at the meeting."""

    class Tally(TallyForm):
        trustees_absent = BooleanField(_l("Có người giữ khoá vắng mặt: ghi nhận phiên họp không kiểm được phiếu"))

    names = person_names(trustees)
    for t in trustees:
        setattr(Tally, f"k_{t['person_id'].hex}", PasswordField(_("Cụm mật khẩu của %(name)s", name=names[t["person_id"]])))
    form = Tally(prefix="tally")
    form.chair_picks.choices = options((str(a["nomination_id"]), a["label"]) for a in agenda)
    return form


@bp.post("/council/<uuid:session_id>/attendance")
@role_required(Role.SECRETARIAT)
def attendance(session_id: UUID) -> Response:
    form = attendance_form(session_or_404(session_id))
    if not form.validate_on_submit():
        abort(400)
    cmd = c.RecordAttendance(session_id, [UUID(p) for p in form.present.data or []])
    return act(services().record_attendance, cmd, _("Đã ghi nhận thành viên có mặt."),
               url_for(".session", session_id=session_id))


@bp.route("/council/<uuid:session_id>/ballot", methods=["GET", "POST"])
@role_required(Role.COUNCIL_MEMBER)
def ballot(session_id: UUID) -> str | Response:
    """A member's own secret ballot: one choice per dossier; nobody's choices are shown here or anywhere."""
    found, _rules, agenda = session_with_agenda(session_id)
    form = ballot_form(agenda, options(CHOICE_LABELS.items()))
    if form.validate_on_submit():
        choices = {str(item["nomination_id"]): form[f"n_{item['nomination_id'].hex}"].data for item in agenda}
        try:
            receipt = execute(services().cast_ballot, c.CastBallot(session_id, choices, form.written.data))
        except DomainError as error:
            flash_error(error)
        else:
            flash(_("Đã bỏ phiếu kín. Mã kiểm tra phiếu của bạn: %(code)s — ghi lại để đối chiếu với danh sách phiếu "
                    "được kiểm sau phiên họp. Mã không cho biết bạn đã chọn gì.", code=receipt.tracking_code), "success")
            return redirect(url_for(".session", session_id=session_id), 303)
    return render_page("council/ballot.html", s=found, agenda=agenda, form=form), 422 if form.errors else 200


@bp.post("/council/<uuid:session_id>/trustee-key")
@role_required(Role.COUNCIL_MEMBER, Role.SECRETARIAT)
def trustee_key(session_id: UUID) -> Response:
    """A trustee types a passphrase; only the public share it gives is kept."""
    form = TrusteeKeyForm(prefix="key")
    if not form.validate_on_submit():
        abort(400)
    return act(services().register_trustee_key, c.RegisterTrusteeKey(session_id, form.passphrase.data),
               _("Đã đăng ký khoá kiểm phiếu."), url_for(".session", session_id=session_id))


@bp.post("/council/<uuid:session_id>/close")
@role_required(Role.SECRETARIAT)
def close(session_id: UUID) -> Response:
    return act(services().close_session, c.CloseSession(session_id), _("Đã đóng phiên họp; có thể kiểm phiếu."),
               url_for(".session", session_id=session_id))


@bp.post("/council/<uuid:session_id>/tally")
@role_required(Role.SECRETARIAT)
def tally(session_id: UUID) -> Response:
    trustees = services().get_trustees(session_id)
    form = tally_form(session_with_agenda(session_id)[2], trustees)
    if not form.validate_on_submit():
        abort(400)
    passphrases = {str(t["person_id"]): form[f"k_{t['person_id'].hex}"].data or "" for t in trustees}
    cmd = c.TallySession(session_id, [UUID(p) for p in form.chair_picks.data or []], passphrases, form.trustees_absent.data)
    return act(services().tally_session, cmd, _("Đã kiểm phiếu."), url_for(".session", session_id=session_id))
