"""Value objects shared by the aggregates: roles, stages, ratings, the actor, history facts.

Titles and commendation forms are *codes* whose meaning lives in the rulebook catalogue
(data), never in code; only the workflow vocabulary is fixed here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5


class Role(str, enum.Enum):
    """What a person may do (DESIGN.md §1); `system` is the loader/CLI acting on its own."""

    ADMIN = "admin"  # quản trị hệ thống
    UNIT_CLERK = "unit_clerk"  # cán bộ thi đua của đơn vị
    UNIT_HEAD = "unit_head"  # thủ trưởng đơn vị
    SECRETARIAT = "secretariat"  # thường trực Hội đồng / Văn phòng
    COUNCIL_MEMBER = "council_member"  # thành viên Hội đồng TĐKT
    SIGNER = "signer"  # người ký quyết định
    AUDITOR = "auditor"  # kiểm toán / thanh tra
    INTEGRATION = "integration"  # hệ thống tích hợp
    SYSTEM = "system"  # the demo loader and administrative CLI

    @property
    def name_vi(self) -> str:
        return ROLE_NAMES[self]


class Rating(str, enum.Enum):
    """Annual civil-servant evaluation result (kết quả đánh giá, xếp loại)."""

    EXCELLENT = "HTXSNV"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "HTTNV"  # Hoàn thành tốt nhiệm vụ
    COMPLETED = "HTNV"  # Hoàn thành nhiệm vụ
    NOT_COMPLETED = "KHTNV"  # Không hoàn thành nhiệm vụ

    @property
    def rank(self) -> int:
        return _RATING_RANK[self]

    @property
    def name_vi(self) -> str:
        return RATING_NAMES[self]

    def at_least(self, other: Rating) -> bool:
        return self.rank >= other.rank


_RATING_RANK = {Rating.NOT_COMPLETED: 0, Rating.COMPLETED: 1, Rating.GOOD: 2, Rating.EXCELLENT: 3}
RATING_NAMES = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ", Rating.GOOD: "Hoàn thành tốt nhiệm vụ",
    Rating.COMPLETED: "Hoàn thành nhiệm vụ", Rating.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}


class Stage(str, enum.Enum):
    """Where a nomination stands (DESIGN.md §2); the order of the first eight is the approval path."""

    DRAFTED = "drafted"
    SUBMITTED = "submitted"
    UNIT_APPROVED = "unit_approved"
    CHECKED = "checked"  # dossier checked by the secretariat
    POSTED = "posted"  # posted publicly for objections
    VOTED = "voted"  # council passed it
    IN_DECISION = "in_decision"  # listed in a draft decision
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    NOT_AWARDED = "not_awarded"

    @property
    def order(self) -> int:
        return PIPELINE.index(self) if self in PIPELINE else -1

    @property
    def name_vi(self) -> str:
        return STAGE_NAMES[self]


ROLE_NAMES = {
    Role.ADMIN: "Quản trị hệ thống", Role.UNIT_CLERK: "Cán bộ thi đua của đơn vị", Role.UNIT_HEAD: "Thủ trưởng đơn vị",
    Role.SECRETARIAT: "Thường trực Hội đồng / Văn phòng", Role.COUNCIL_MEMBER: "Thành viên Hội đồng TĐKT",
    Role.SIGNER: "Người ký quyết định", Role.AUDITOR: "Kiểm toán / thanh tra", Role.INTEGRATION: "Hệ thống tích hợp",
    Role.SYSTEM: "Hệ thống",
}
STAGE_NAMES = {
    Stage.DRAFTED: "Dự thảo hồ sơ", Stage.SUBMITTED: "Đã trình thủ trưởng", Stage.UNIT_APPROVED: "Đơn vị đã duyệt",
    Stage.CHECKED: "Đã thẩm định hồ sơ", Stage.POSTED: "Đang công khai", Stage.VOTED: "Hội đồng đã thông qua",
    Stage.IN_DECISION: "Trong dự thảo quyết định", Stage.DECIDED: "Đã có quyết định", Stage.WITHDRAWN: "Đã rút",
    Stage.REJECTED: "Bị từ chối", Stage.NOT_AWARDED: "Không được khen thưởng",
}


def name_vi_of(kind: type[Role] | type[Rating] | type[Stage], code: str | None) -> str | None:
    """The Vietnamese name of a role, rating or stage by its code; a code the vocabulary does not know, as it is."""
    try:
        return kind(code).name_vi
    except ValueError:
        return code


PIPELINE = [
    Stage.DRAFTED,
    Stage.SUBMITTED,
    Stage.UNIT_APPROVED,
    Stage.CHECKED,
    Stage.POSTED,
    Stage.VOTED,
    Stage.IN_DECISION,
    Stage.DECIDED,
]
TERMINAL_STAGES = frozenset({Stage.DECIDED, Stage.WITHDRAWN, Stage.REJECTED, Stage.NOT_AWARDED})
RETURNABLE_STAGES = frozenset({Stage.DRAFTED, Stage.SUBMITTED, Stage.UNIT_APPROVED, Stage.CHECKED})


class Choice(str, enum.Enum):
    """A council member's choice on one candidate."""

    YES = "yes"  # đồng ý
    NO = "no"  # không đồng ý
    ABSTAIN = "abstain"  # không biểu quyết


class NomineeKind(str, enum.Enum):
    INDIVIDUAL = "individual"  # cá nhân
    COLLECTIVE = "collective"  # tập thể


class AwardType(str, enum.Enum):
    """Loại hình khen thưởng (Law Art. 8); thematic and ad hoc awards never feed title chains."""

    REGULAR = "regular"  # thường xuyên / công trạng
    THEMATIC = "thematic"  # theo chuyên đề
    AD_HOC = "ad_hoc"  # đột xuất


@dataclass(frozen=True)
class Actor:
    """Who acts: a person and the role they act in (every event records both)."""

    person_id: UUID
    role: Role

    @staticmethod
    def system() -> Actor:
        return Actor(SYSTEM_PERSON_ID, Role.SYSTEM)


SYSTEM_PERSON_ID = uuid5(NAMESPACE_URL, "thidua:/people/system")


def stable_id(*parts: object) -> UUID:
    """A deterministic id from its parts, so that the store itself refuses duplicates."""
    return uuid5(NAMESPACE_URL, "thidua:/" + "/".join(str(p) for p in parts))


@dataclass(frozen=True)
class AwardFact:
    """A title or form a person or unit received, as the ledger recorded it at signing."""

    year: int
    code: str
    award_type: AwardType
    decision_id: UUID
    decided_on: date


@dataclass(frozen=True)
class InitiativeFact:
    """A recognised initiative (sáng kiến) and the level that recognised it."""

    initiative_id: UUID
    title: str
    year: int
    level: str  # grassroots | provincial | national
    used_for: str | None = None  # the award code it already backed (single use)


@dataclass(frozen=True)
class DisciplineFact:
    year: int
    level: str  # khiển trách | cảnh cáo | ... (reprimand, warning, ...)
    until: date | None


@dataclass(frozen=True)
class NomineeHistory:
    """Everything eligibility needs about one nominee, read from the ledger's own aggregates."""

    kind: NomineeKind
    ratings: dict[int, Rating] = field(default_factory=dict)
    awards: tuple[AwardFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    disciplines: tuple[DisciplineFact, ...] = ()
    pending_proceedings: tuple[str, ...] = ()
    members: tuple[NomineeHistory, ...] = ()  # for collectives: each member's history
