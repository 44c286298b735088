"""Nomination (đề nghị khen thưởng): a dossier for one nominee and one title or form, through every stage.

Stage order, returns to a named earlier stage, public posting with objections, the council's
result and the decision. Event class names are a persisted schema.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, same_person
from domain.clock import local_date
from domain.exceptions import InvalidCommandError, SeparationOfDutiesError, StageOrderError
from domain.values import RETURNABLE_STAGES, TERMINAL_STAGES, Stage, stable_id

APPROVAL_STEPS = {Stage.SUBMITTED: Stage.UNIT_APPROVED, Stage.UNIT_APPROVED: Stage.CHECKED}
PROPOSER, DRAFTER, SIGNER = "proposer", "drafter", "signer"  # with the approval stages: the capacities on a dossier
CAPACITY_NAMES = {
    PROPOSER: "người đề nghị", Stage.UNIT_APPROVED.value: "người duyệt cấp đơn vị",
    Stage.CHECKED.value: "người kiểm tra hồ sơ", DRAFTER: "người soạn thảo quyết định", SIGNER: "người ký quyết định",
}


class Nomination(Entity):
    """Id = uuid5(campaign, nominee, title, year, attempt): one open nomination per nominee/title/year."""

    @staticmethod
    def create_id(campaign_id: UUID, nominee_id: UUID, title_code: str, year: int, attempt: int) -> UUID:
        return stable_id("nomination", campaign_id, nominee_id, title_code, year, attempt)

    class Drafted(Entity.Created):
        """NominationDrafted. Version 2 records the rule-set version whose catalogue had the title."""

        class_version = 2
        campaign_id: UUID
        nominee_id: UUID
        nominee_kind: str
        unit_id: UUID
        title_code: str
        year: int
        attempt: int
        award_type: str
        achievements: str
        initiative_id: UUID | None
        evidence: list[dict]
        by: UUID
        role: str
        at: datetime
        ruleset_version: str

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["ruleset_version"] = ""  # recorded before the version was: unknown, never guessed

    @event(Drafted)
    def __init__(
        self, campaign_id: UUID, nominee_id: UUID, nominee_kind: str, unit_id: UUID, title_code: str,
        year: int, attempt: int, award_type: str, achievements: str, initiative_id: UUID | None,
        evidence: list[dict], by: UUID, role: str, at: datetime, ruleset_version: str,
    ) -> None:
        self.campaign_id = campaign_id
        self.nominee_id = nominee_id
        self.nominee_kind = nominee_kind
        self.unit_id = unit_id
        self.title_code = title_code
        self.year = year
        self.award_type = award_type
        self.achievements = achievements
        self.initiative_id = initiative_id
        self.evidence = evidence
        self.proposer_id = by
        self.capacities: dict[UUID, set[str]] = {by: {PROPOSER}}  # everyone who ever acted, and as what
        self.stage = Stage.DRAFTED
        self.approvers: dict[str, UUID] = {}
        self.returned_to: Stage | None = None
        self.received_on: date | None = None
        self.posted_until: date | None = None
        self.objections: dict[str, bool] = {}  # objection id -> still open
        self.council: dict | None = None
        self.decision_id: UUID | None = None

    @property
    def is_open(self) -> bool:
        return self.stage not in TERMINAL_STAGES

    @property
    def acted_by(self) -> set[UUID]:
        """Everyone who ever acted on this dossier: proposer, approvers (also of approvals a return undid), signer."""
        return set(self.capacities)

    def check_capacity(self, person: UUID, capacity: str) -> None:
        """Nobody acts on one dossier in two capacities over its whole history, returns included, and the
        nominee acts in none (DESIGN.md §4 rule 4)."""
        others = self.capacities.get(person, set()) - {capacity}
        if others or same_person(person, self.nominee_id):
            done = ", ".join(CAPACITY_NAMES[c] for c in sorted(others)) or "người được đề nghị"
            raise SeparationOfDutiesError(
                f"Một người không được tham gia hồ sơ với hai tư cách: người này đã là {done}, "
                f"không được làm {CAPACITY_NAMES[capacity]}."
            )

    def _acted(self, person: UUID, capacity: str) -> None:
        self.capacities.setdefault(person, set()).add(capacity)

    def _expect(self, *stages: Stage) -> None:
        if self.stage not in stages:
            names = ", ".join(f"«{s.name_vi}»" for s in stages)
            raise StageOrderError(f"Hồ sơ đang ở bước «{self.stage.name_vi}», thao tác này cần bước: {names}.")

    def revise(self, achievements: str, initiative_id: UUID | None, evidence: list[dict], by: UUID, role: str, at: datetime) -> None:
        """Revise the dossier while it is a draft (also after a return to the draft stage)."""
        self._expect(Stage.DRAFTED)
        self._revised(achievements, initiative_id, evidence, by, role, at)

    @event("DossierRevised")
    def _revised(self, achievements: str, initiative_id: UUID | None, evidence: list[dict], by: UUID, role: str, at: datetime) -> None:
        self.achievements = achievements
        self.initiative_id = initiative_id
        self.evidence = evidence

    def submit(
        self, by: UUID, role: str, at: datetime, ruleset_version: str, articles: list[str], comment: str = "",
    ) -> None:
        """Submit (or resubmit after a return to the draft stage) the dossier to the unit head, recording
        the rule-set version and the articles of the eligibility check that let it through."""
        self._expect(Stage.DRAFTED)
        if not self.achievements.strip():
            raise InvalidCommandError("Hồ sơ phải có báo cáo thành tích trước khi trình.")
        if self.returned_to is Stage.DRAFTED:
            self._resubmitted(by, role, at, comment, ruleset_version, articles)
        else:
            self._submitted(local_date(at), by, role, at, ruleset_version, articles)

    class Submitted(Entity.Event):
        """NominationSubmitted. Version 2 records the eligibility check's rule-set version and articles."""

        class_version = 2
        received_on: date
        by: UUID
        role: str
        at: datetime
        ruleset_version: str
        articles: list[str]

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state.update(ruleset_version="", articles=[])

    @event(Submitted)
    def _submitted(
        self, received_on: date, by: UUID, role: str, at: datetime, ruleset_version: str, articles: list[str],
    ) -> None:
        self.stage = Stage.SUBMITTED
        self.received_on = received_on

    class Resubmitted(Entity.Event):
        """NominationResubmitted. Version 2 records the eligibility check's rule-set version and articles."""

        class_version = 2
        by: UUID
        role: str
        at: datetime
        comment: str
        ruleset_version: str
        articles: list[str]

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state.update(ruleset_version="", articles=[])

    @event(Resubmitted)
    def _resubmitted(
        self, by: UUID, role: str, at: datetime, comment: str, ruleset_version: str, articles: list[str],
    ) -> None:
        self.stage = Stage.SUBMITTED
        self.returned_to = None

    def approve_stage(
        self, stage: Stage, by: UUID, role: str, at: datetime, comment: str, ruleset_version: str, due_on: date | None = None,
    ) -> None:
        """Approve the next stage; the proposer, the nominee and earlier approvers may not approve.
        `due_on`: when the next step is due under the rule set (the appraisal after the unit's approval)."""
        if APPROVAL_STEPS.get(self.stage) is not stage:
            raise StageOrderError(f"Không thể duyệt bước «{stage.name_vi}» khi hồ sơ đang ở bước «{self.stage.name_vi}».")
        self.check_capacity(by, stage.value)
        self._stage_approved(stage.value, by, role, at, comment, ruleset_version, due_on)

    @event("StageApproved")
    def _stage_approved(
        self, stage: str, by: UUID, role: str, at: datetime, comment: str, ruleset_version: str, due_on: date | None,
    ) -> None:
        self.stage = Stage(stage)
        self.approvers[stage] = by
        self._acted(by, stage)
        self.returned_to = None

    def return_to(self, stage: Stage, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Return the dossier to a named earlier stage, with a reason."""
        if not self.is_open or self.stage in (Stage.IN_DECISION, Stage.DRAFTED):
            raise StageOrderError("Hồ sơ ở bước này không thể trả lại.")
        if stage not in RETURNABLE_STAGES or stage.order >= self.stage.order:
            raise StageOrderError(f"Chỉ trả lại về một bước trước bước hiện tại «{self.stage.name_vi}».")
        if not reason.strip():
            raise InvalidCommandError("Trả lại hồ sơ phải nêu lý do.")
        self._returned(stage.value, by, role, at, reason)

    @event("Returned")
    def _returned(self, to_stage: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.stage = Stage(to_stage)
        self.returned_to = self.stage
        self.approvers = {s: p for s, p in self.approvers.items() if Stage(s).order <= self.stage.order}
        self.posted_until = None
        self.council = None

    def withdraw(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Only the proposer withdraws, and only before the decision lists it."""
        if not self.is_open or self.stage is Stage.IN_DECISION:
            raise StageOrderError("Hồ sơ đã vào quyết định hoặc đã kết thúc, không thể rút.")
        if by != self.proposer_id:
            raise SeparationOfDutiesError("Chỉ người đề nghị mới được rút hồ sơ.")
        self._withdrawn(by, role, at, reason)

    @event("Withdrawn")
    def _withdrawn(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.stage = Stage.WITHDRAWN

    def reject(self, by: UUID, role: str, at: datetime, reason: str, ruleset_version: str, articles: list[str]) -> None:
        if not self.is_open or self.stage is Stage.IN_DECISION:
            raise StageOrderError("Hồ sơ đã vào quyết định hoặc đã kết thúc.")
        if same_person(by, self.proposer_id) or same_person(by, self.nominee_id):
            raise SeparationOfDutiesError("Người đề nghị hoặc người được đề nghị không được quyết định từ chối hồ sơ.")
        if not reason.strip():
            raise InvalidCommandError("Từ chối hồ sơ phải nêu lý do.")
        self._rejected(by, role, at, reason, ruleset_version, articles)

    @event("Rejected")
    def _rejected(self, by: UUID, role: str, at: datetime, reason: str, ruleset_version: str, articles: list[str]) -> None:
        self.stage = Stage.REJECTED

    def post_publicly(self, until: date, by: UUID, role: str, at: datetime, ruleset_version: str) -> None:
        """Post the checked dossier publicly (công khai) until a date for objections."""
        self._expect(Stage.CHECKED)
        if until <= local_date(at):
            raise InvalidCommandError("Thời hạn công khai phải sau ngày đăng.")
        self._posted(local_date(at), until, by, role, at, ruleset_version)

    @event("PostedPublicly")
    def _posted(self, posted_on: date, until: date, by: UUID, role: str, at: datetime, ruleset_version: str) -> None:
        self.stage = Stage.POSTED
        self.posted_until = until

    def raise_objection(self, objection_id: str, text: str, by: UUID | None, at: datetime) -> None:
        """Anyone may object while the list is posted (the objector may stay anonymous)."""
        self._expect(Stage.POSTED, Stage.VOTED)
        if self.posted_until is None or local_date(at) > self.posted_until:
            raise StageOrderError("Thời hạn nhận ý kiến đã kết thúc.")
        if not text.strip():
            raise InvalidCommandError("Ý kiến phản ánh không được để trống.")
        self._objection_raised(objection_id, text, by, at)

    @event("ObjectionRaised")
    def _objection_raised(self, objection_id: str, text: str, by: UUID | None, at: datetime) -> None:
        self.objections[objection_id] = True

    def resolve_objection(self, objection_id: str, upheld: bool, by: UUID, role: str, at: datetime, resolution: str) -> None:
        if not self.objections.get(objection_id):
            raise InvalidCommandError("Không có ý kiến phản ánh đang chờ xử lý với mã này.")
        if upheld and (not self.is_open or self.stage is Stage.IN_DECISION):
            raise StageOrderError("Hồ sơ đã kết thúc hoặc đã vào quyết định; phản ánh đúng phải xử lý bằng quyết định hủy/sửa đổi.")
        if not resolution.strip():
            raise InvalidCommandError("Kết quả xử lý phản ánh phải có nội dung.")
        self._objection_resolved(objection_id, upheld, by, role, at, resolution)

    @event("ObjectionResolved")
    def _objection_resolved(self, objection_id: str, upheld: bool, by: UUID, role: str, at: datetime, resolution: str) -> None:
        self.objections[objection_id] = False
        if upheld:
            self.stage = Stage.REJECTED

    @property
    def open_objections(self) -> int:
        return sum(1 for still_open in self.objections.values() if still_open)

    def posting_cleared(self, on: date) -> bool:
        """The posting period has ended with no unresolved objection."""
        return self.posted_until is not None and on > self.posted_until and self.open_objections == 0

    def record_council_result(self, session_id: UUID, result: dict, at: datetime, ruleset_version: str) -> None:
        self._expect(Stage.POSTED)
        self._council_result_recorded(session_id, result, at, ruleset_version)

    @event("CouncilResultRecorded")
    def _council_result_recorded(self, session_id: UUID, result: dict, at: datetime, ruleset_version: str) -> None:
        self.council = {"session_id": session_id, **result}
        self.stage = Stage.VOTED if result["passed"] else Stage.NOT_AWARDED

    def add_to_decision(self, decision_id: UUID, by: UUID, role: str, at: datetime) -> None:
        """List the dossier in a draft decision; its drafter acts on the dossier in that capacity only."""
        self._expect(Stage.VOTED)
        self.check_capacity(by, DRAFTER)
        self._added_to_decision(decision_id, by, role, at)

    @event("AddedToDecision")
    def _added_to_decision(self, decision_id: UUID, by: UUID, role: str, at: datetime) -> None:
        self.stage = Stage.IN_DECISION
        self.decision_id = decision_id
        self._acted(by, DRAFTER)

    def release_from_decision(self, decision_id: UUID, by: UUID, role: str, at: datetime, reason: str) -> None:
        """The draft decision listing this dossier was discarded: back to the council's result, posting kept."""
        self._expect(Stage.IN_DECISION)
        if decision_id != self.decision_id:
            raise StageOrderError("Hồ sơ thuộc một quyết định khác.")
        self._released_from_decision(decision_id, by, role, at, reason)

    @event("ReleasedFromDecision")
    def _released_from_decision(self, decision_id: UUID, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.stage = Stage.VOTED
        self.decision_id = None

    def decide(self, decision_id: UUID, awarded: bool, amount: int, decided_on: date, by: UUID, role: str, at: datetime) -> None:
        self._expect(Stage.IN_DECISION)
        if decision_id != self.decision_id:
            raise StageOrderError("Hồ sơ thuộc một quyết định khác.")
        self.check_capacity(by, SIGNER)
        self._decided(decision_id, awarded, amount, decided_on, by, role, at)

    @event("Decided")
    def _decided(self, decision_id: UUID, awarded: bool, amount: int, decided_on: date, by: UUID, role: str, at: datetime) -> None:
        self.stage = Stage.DECIDED if awarded else Stage.NOT_AWARDED
        self._acted(by, SIGNER)
