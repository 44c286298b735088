"""Administration pages (admin role only): units, people and their roles. Every change is a command of the
application service (the domain decides); these pages only collect the values and show the outcome.

A page with several forms posts each to its own route; a form with errors comes back on its page.
Clusters and rule overlays are in ui_admin_rules.py, accounts and API tokens in ui_admin_access.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain import commands as c
from domain.values import Role
from projections import queries
from projections.queries.search import possible_duplicates_of
from web.auth import role_required
from web.context import read_conn, services
from web.pages.forms import SelectChoice, options
from web.pages.forms_admin import GrantForm, LeftForm, MergeUnitForm, PersonForm, RenameUnitForm, TransferForm, UnitForm
from web.pages.choices import unit_choices
from web.pages.common import execute_form, or_404, parse_uuid, render_page, ui_blueprint
from web.pages.labels import role_label

bp = ui_blueprint("admin", __name__)


@bp.before_request
@role_required(Role.ADMIN)
def admins_only() -> None:
    """Every page here is the administrator's (others get 403, strangers the sign-in page)."""


@bp.get("/admin")
def index() -> str:
    return render_page("admin/index.html")


def active_units() -> list[dict]:
    return [u for u in queries.list_units(read_conn()) if u["successor_id"] is None]


def unit_options(blank: str | None = None, without: UUID | None = None) -> list[SelectChoice]:
    """Active units to choose from (but `without`), after a blank choice when `blank` labels one."""
    units = [u for u in active_units() if u["unit_id"] != without]
    return (options([("", blank)]) if blank is not None else []) + unit_choices(units)


def role_choices() -> list[SelectChoice]:
    return options((r.value, role_label(r)) for r in Role if r is not Role.SYSTEM)


def submit(form: Any, command: Callable[[], Any], method: Callable[..., Any], success: str,
           target: str | Callable[[Any], str], page: Callable[[], str]) -> str | Response:
    """A valid form's command run through the service (then PRG to `target`); else `page()` again, with
    the form's errors or the domain's refusal."""
    if form.validate_on_submit():
        done = execute_form(method, command(), success, target)
        if done is not None:
            return done
    return page()


# --- units --------------------------------------------------------------------------------------


@bp.route("/admin/units", methods=["GET", "POST"])
def units() -> str | Response:
    """Every unit (merged ones with their successor), and the form to register one."""
    form = UnitForm()
    form.parent.choices = unit_options(_("(không có)"))
    return submit(
        form, lambda: c.RegisterUnit(
            key=form.key.data, name=form.name.data, short_name=form.short_name.data, kind=form.kind.data,
            province=form.province.data, abbreviation=form.abbreviation.data,
            parent_id=parse_uuid(form.parent.data), authority_level=form.authority_level.data,
        ),
        services().register_unit, _("Đã đăng ký đơn vị."), unit_url, lambda: units_page(form),
    )


def units_page(form: UnitForm) -> str:
    all_units = queries.list_units(read_conn())
    names = {u["unit_id"]: u["name"] for u in all_units}
    return render_page("admin/units.html", units=all_units, names=names, form=form)


def unit_url(unit_id: UUID) -> str:
    return url_for(".unit", unit_id=unit_id)


def unit_page(unit_id: UUID, rename: RenameUnitForm | None = None, merge: MergeUnitForm | None = None) -> str:
    found = or_404(queries.get_unit(read_conn(), unit_id))
    rename = rename or RenameUnitForm(prefix="rename", data={"name": found["name"], "short_name": found["short_name"]})
    successor = queries.get_unit(read_conn(), found["successor_id"]) if found["successor_id"] else None
    return render_page(
        "admin/unit.html", unit=found, rename=rename, merge=merge or merge_form(unit_id), successor=successor,
        people=queries.list_people(read_conn(), unit_id),
    )


def merge_form(unit_id: UUID) -> MergeUnitForm:
    form = MergeUnitForm(prefix="merge")
    form.successor.choices = unit_options(without=unit_id)
    return form


@bp.get("/admin/units/<uuid:unit_id>")
def unit(unit_id: UUID) -> str:
    """A unit: its people; rename it (from a date) or merge it into its successor."""
    return unit_page(unit_id)


@bp.post("/admin/units/<uuid:unit_id>/rename")
def rename_unit(unit_id: UUID) -> str | Response:
    form = RenameUnitForm(prefix="rename")
    return submit(
        form, lambda: c.RenameUnit(
            unit_id, form.name.data, form.short_name.data, form.reason.data, form.effective_on.data,
        ),
        services().rename_unit, _("Đã đổi tên đơn vị."), unit_url(unit_id), lambda: unit_page(unit_id, rename=form),
    )


@bp.post("/admin/units/<uuid:unit_id>/merge")
def merge_unit(unit_id: UUID) -> str | Response:
    form = merge_form(unit_id)
    return submit(
        form, lambda: c.MergeUnit(unit_id, UUID(form.successor.data), form.reason.data),
        services().merge_unit, _("Đã sáp nhập đơn vị."), unit_url(unit_id), lambda: unit_page(unit_id, merge=form),
    )


# --- people and their roles ---------------------------------------------------------------------


@bp.route("/admin/people", methods=["GET", "POST"])
def people() -> str | Response:
    """People (of one unit when `?unit=` names it), and the form to register a person."""
    form = PersonForm()
    form.unit.choices = unit_options()
    return submit(
        form, lambda: c.RegisterPerson(
            form.key.data, form.full_name.data, form.gender.data, UUID(form.unit.data), form.position.data,
            form.citizen_id.data or None, form.born_on.data,
        ),
        services().register_person, _("Đã đăng ký cán bộ."), person_url, lambda: people_page(form),
    )


def people_page(form: PersonForm) -> str:
    unit_id = parse_uuid(request.args.get("unit"))
    listed = queries.list_people(read_conn(), unit_id)
    return render_page("admin/people.html", people=listed, form=form, units=active_units(), unit_id=unit_id)


def person_url(person_id: UUID) -> str:
    return url_for(".person", person_id=person_id)


def person_page(person_id: UUID, **forms: Any) -> str:
    found = or_404(queries.get_person(read_conn(), person_id))
    transfer = forms.get("transfer") or TransferForm(prefix="transfer", data={"position": found["position"]})
    transfer.unit.choices = unit_options(without=found["unit_id"])
    scopes = {u["unit_id"]: u["name"] for u in queries.list_units(read_conn())}
    return render_page(
        "admin/person.html", person=found, transfer=transfer, left=forms.get("left") or LeftForm(prefix="left"),
        grant=forms.get("grant") or grant_form(), scopes=scopes, duplicates=possible_duplicates_of(read_conn(), person_id),
    )


def grant_form(prefix: str = "grant") -> GrantForm:
    form = GrantForm(prefix=prefix)
    form.role.choices = role_choices()
    form.scope.choices = unit_options(_("Mọi đơn vị"))
    return form


@bp.get("/admin/people/<uuid:person_id>")
def person(person_id: UUID) -> str:
    """A person: transfer, record their leaving, grant and revoke roles (with the unit they hold it for)."""
    return person_page(person_id)


@bp.post("/admin/people/<uuid:person_id>/transfer")
def transfer_person(person_id: UUID) -> str | Response:
    form = TransferForm(prefix="transfer")
    form.unit.choices = unit_options()
    return submit(
        form, lambda: c.TransferPerson(person_id, UUID(form.unit.data), form.position.data, form.reason.data),
        services().transfer_person, _("Đã điều chuyển cán bộ."), person_url(person_id),
        lambda: person_page(person_id, transfer=form),
    )


@bp.post("/admin/people/<uuid:person_id>/left")
def person_left(person_id: UUID) -> str | Response:
    form = LeftForm(prefix="left")
    return submit(
        form, lambda: c.RecordPersonLeft(person_id, form.reason.data),
        services().record_person_left, _("Đã ghi nhận cán bộ nghỉ."), person_url(person_id),
        lambda: person_page(person_id, left=form),
    )


@bp.post("/admin/people/<uuid:person_id>/roles")
def grant_role(person_id: UUID) -> str | Response:
    form = grant_form()
    return submit(
        form, lambda: c.GrantRole(person_id, form.role.data, parse_uuid(form.scope.data), form.reason.data or ""),
        services().grant_role, _("Đã giao vai trò."), person_url(person_id), lambda: person_page(person_id, grant=form),
    )


@bp.post("/admin/people/<uuid:person_id>/roles/revoke")
def revoke_role(person_id: UUID) -> str | Response:
    form = grant_form("revoke")
    return submit(
        form, lambda: c.RevokeRole(person_id, form.role.data, parse_uuid(form.scope.data), form.reason.data or ""),
        services().revoke_role, _("Đã thu hồi vai trò."), person_url(person_id), lambda: person_page(person_id),
    )


from web.pages import admin_access as ui_admin_access  # noqa: E402,F401 - their routes join this blueprint
from web.pages import admin_rules as ui_admin_rules  # noqa: E402,F401 - their routes join this blueprint
from web.pages import admin_holidays as ui_admin_holidays  # noqa: E402,F401 - their routes join this blueprint
from web.pages import admin_import as ui_admin_import  # noqa: E402,F401 - their routes join this blueprint
from web.pages import webhooks as ui_webhooks  # noqa: E402,F401 - their routes join this blueprint
from web.pages import outbox as ui_outbox  # noqa: E402,F401 - their routes join this blueprint
from web.pages import contacts as ui_contacts  # noqa: E402,F401 - their routes join this blueprint
