"""Display names for the workflow vocabulary (roles, stages, choices) through Flask-Babel, and for titles and
forms from the rulebook: every page names them here, never by their codes."""

from __future__ import annotations

from collections.abc import Mapping

from flask import g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from domain.clock import local_date
from domain.values import Role, Stage
from web.context import services

# The names are the domain's (domain.values); Babel translates them (their msgids are in the catalogue).
ROLE_LABELS = {role: _l(role.name_vi) for role in Role}  # noqa: INT001 - msgids kept in messages.po
STAGE_LABELS = {stage: _l(stage.name_vi) for stage in Stage}  # noqa: INT001

ITEM_STAGE_LABELS = {  # inbox items other than dossiers: sign-ups, reports, decisions, council sessions
    "signed_up": _l("Chờ phê duyệt"), "reported": _l("Chờ phê duyệt"),
    "corrected": _l("Báo cáo điều chỉnh, chờ phê duyệt"),
    "drafted": _l("Dự thảo, chờ ký"), "convened": _l("Đang họp"), "closed": _l("Đã đóng, chờ kiểm phiếu"),
}

CHOICE_LABELS = {"yes": _l("Đồng ý"), "no": _l("Không đồng ý"), "abstain": _l("Không biểu quyết")}

CAMPAIGN_STATUS_LABELS = {"draft": _l("Dự thảo"), "launched": _l("Đang triển khai"), "closed": _l("Đã tổng kết")}

APPLIES_TO_LABELS = {
    "individuals": _l("Cá nhân"), "collectives": _l("Tập thể"), "units": _l("Đơn vị"),
    "units_and_individuals": _l("Đơn vị và cá nhân"), "agency": _l("Cơ quan"), "sector": _l("Toàn ngành"),
    "families": _l("Hộ gia đình"), "party_organisations": _l("Tổ chức đảng"),
    "plan_indicators": _l("Chỉ tiêu kế hoạch"),
}

KIND_LABELS = {"individual": _l("Cá nhân"), "collective": _l("Tập thể"), "unit": _l("Đơn vị"), "person": _l("Cá nhân")}


def role_label(role: object) -> str:
    return str(ROLE_LABELS.get(Role(str(getattr(role, "value", role))), role))


def item_stage_label(kind: str, stage: str) -> str:
    return stage_label(stage) if kind == "nomination" else str(ITEM_STAGE_LABELS.get(stage, stage))


def stage_label(stage: object) -> str:
    return str(STAGE_LABELS.get(Stage(str(getattr(stage, "value", stage))), stage))


def title_name(spec: Mapping) -> str:
    """A title's or form's name as its rule set writes it, in the reader's language."""
    return spec["name_en"] if str(get_locale()) == "en" else spec["name_vi"]


def title_label(code: str) -> str:
    """A title's or form's name by its code, from the rule set in force today (the rulebook is data in the
    ledger); a code no rule set in force knows is shown as it is."""
    if "titles" not in g:
        g.titles = services().get_ruleset(local_date(services().now()))["titles"]
    spec = g.titles.get(code)
    return code if spec is None else title_name(spec)
