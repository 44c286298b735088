"""Display names for the workflow vocabulary (roles, stages, choices), through Flask-Babel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from domain.values import Role, Stage

ROLE_LABELS = {
    Role.ADMIN: _l("Quản trị hệ thống"),
    Role.UNIT_CLERK: _l("Cán bộ thi đua của đơn vị"),
    Role.UNIT_HEAD: _l("Thủ trưởng đơn vị"),
    Role.SECRETARIAT: _l("Thường trực Hội đồng / Văn phòng"),
    Role.COUNCIL_MEMBER: _l("Thành viên Hội đồng TĐKT"),
    Role.SIGNER: _l("Người ký quyết định"),
    Role.AUDITOR: _l("Kiểm toán / thanh tra"),
    Role.INTEGRATION: _l("Hệ thống tích hợp"),
    Role.SYSTEM: _l("Hệ thống"),
}

STAGE_LABELS = {
    Stage.DRAFTED: _l("Dự thảo hồ sơ"),
    Stage.SUBMITTED: _l("Đã trình thủ trưởng"),
    Stage.UNIT_APPROVED: _l("Đơn vị đã duyệt"),
    Stage.CHECKED: _l("Đã thẩm định hồ sơ"),
    Stage.POSTED: _l("Đang công khai"),
    Stage.VOTED: _l("Hội đồng đã thông qua"),
    Stage.IN_DECISION: _l("Trong dự thảo quyết định"),
    Stage.DECIDED: _l("Đã có quyết định"),
    Stage.WITHDRAWN: _l("Đã rút"),
    Stage.REJECTED: _l("Bị từ chối"),
    Stage.NOT_AWARDED: _l("Không được khen thưởng"),
}

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
