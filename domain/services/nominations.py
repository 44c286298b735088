"""Commands on nominations: draft, submit, approve stages, return, withdraw, reject, post, objections."""

from __future__ import annotations

from collections.abc import Container
from uuid import UUID, uuid4

from domain import commands as c
from domain.campaign import Campaign
from domain.clock import local_date
from domain.exceptions import DuplicateError, InvalidCommandError, PermissionDeniedError, RuleViolationError
from domain.nomination import Nomination
from domain.organisation import Person, Unit
from domain.rules.deadlines import appraisal_due
from domain.services.evidence import EvidenceService
from domain.services.calendar import CalendarService
from domain.services.rulebook import RulebookService
from domain.values import Actor, AwardType, NomineeKind, Role, Stage

MAX_ATTEMPTS = 50
STAGE_ROLES = {Stage.UNIT_APPROVED: (Role.UNIT_HEAD,), Stage.CHECKED: (Role.SECRETARIAT,)}
RETURN_ROLES = (Role.UNIT_HEAD, Role.SECRETARIAT)
ANY_STAGE: Container[Stage] = frozenset(Stage)
NO_STAGE: Container[Stage] = frozenset()


class NominationService(RulebookService, EvidenceService, CalendarService):
    def nominate(self, actor: Actor, cmd: c.Nominate) -> UUID:
        """Draft a nomination dossier; one open nomination per nominee, title and year."""
        campaign = self.load(cmd.campaign_id, Campaign, "phong trào", read_only=True)
        kind = NomineeKind(cmd.nominee_kind)
        unit_id = self._nominee_unit(cmd.nominee_id, kind)
        self.authorise(actor, (Role.UNIT_CLERK,), unit_id)
        campaign.ensure_active(self.now())
        AwardType(cmd.award_type)
        ruleset = self.ruleset_on(local_date(self.now()), campaign=campaign)
        ruleset.title(cmd.title_code)
        attempt = self._free_attempt(campaign.id, cmd.nominee_id, cmd.title_code, campaign.year)
        nomination = Nomination(
            campaign_id=campaign.id, nominee_id=cmd.nominee_id, nominee_kind=kind.value, unit_id=unit_id,
            title_code=cmd.title_code, year=campaign.year, attempt=attempt, award_type=cmd.award_type,
            achievements=cmd.achievements, initiative_id=cmd.initiative_id, evidence=self.cited_evidence(unit_id, cmd.evidence),
            ruleset_version=ruleset.version, **self.who(actor),
        )
        self.commit(nomination, duplicate="Đã có hồ sơ đề nghị đang mở cho người/tập thể này với danh hiệu này trong năm.")
        return nomination.id

    def _free_attempt(self, campaign_id: UUID, nominee_id: UUID, code: str, year: int) -> int:
        """The first attempt number whose nomination does not exist; an open one blocks a new one."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            nomination_id = Nomination.create_id(campaign_id, nominee_id, code, year, attempt)
            existing = self.find(nomination_id, Nomination, read_only=True)
            if existing is None:
                return attempt
            if existing.is_open:
                raise DuplicateError("Đã có hồ sơ đề nghị đang mở cho người/tập thể này với danh hiệu này trong năm.")
        raise InvalidCommandError("Quá số lần đề nghị cho phép.")

    def _nominee_unit(self, nominee_id: UUID, kind: NomineeKind) -> UUID:
        if kind is NomineeKind.INDIVIDUAL:
            return self.load(nominee_id, Person, "người được đề nghị", read_only=True).unit_id
        return self.load(nominee_id, Unit, "tập thể được đề nghị", read_only=True).id

    def _nomination(
        self, actor: Actor, nomination_id: UUID, roles: tuple[Role, ...], unit_stages: Container[Stage],
    ) -> tuple[Nomination, Campaign]:
        """The nomination to change (a copy) and its campaign (to read), once the actor may act on it: for
        the nominating unit while the dossier is in one of `unit_stages`, else for the campaign's issuer."""
        nomination = self.load(nomination_id, Nomination, "hồ sơ đề nghị")
        campaign = self.campaign_of(nomination)
        self.authorise(actor, roles, nomination.unit_id if nomination.stage in unit_stages else campaign.issuer_id)
        campaign.ensure_active(self.now())
        return nomination, campaign

    def revise_dossier(self, actor: Actor, cmd: c.ReviseDossier) -> int:
        nomination, _campaign = self._nomination(actor, cmd.nomination_id, (Role.UNIT_CLERK,), ANY_STAGE)
        evidence = self.cited_evidence(nomination.unit_id, cmd.evidence, nomination.evidence)
        nomination.revise(cmd.achievements, cmd.initiative_id, evidence, **self.who(actor))
        return self.commit(nomination)

    def submit_nomination(self, actor: Actor, cmd: c.SubmitNomination) -> int:
        """Submit to the unit head; an ineligible nominee is refused with every unmet criterion."""
        nomination, campaign = self._nomination(actor, cmd.nomination_id, (Role.UNIT_CLERK,), ANY_STAGE)
        verdict = self.ensure_eligible(nomination, campaign)
        nomination.submit(
            ruleset_version=verdict.ruleset_version, articles=list(verdict.articles), comment=cmd.comment,
            **self.who(actor),
        )
        return self.commit(nomination)

    def approve_stage(self, actor: Actor, cmd: c.ApproveStage) -> int:
        """Approve the unit stage (unit head) or the dossier check (secretariat), eligibility re-checked."""
        stage = stage_named(cmd.stage)
        if stage not in STAGE_ROLES:
            raise InvalidCommandError(f"Bước «{cmd.stage}» không duyệt bằng thao tác này.")
        unit_stages = ANY_STAGE if stage is Stage.UNIT_APPROVED else NO_STAGE
        nomination, campaign = self._nomination(actor, cmd.nomination_id, STAGE_ROLES[stage], unit_stages)
        verdict = self.ensure_eligible(nomination, campaign)
        today = local_date(self.now())
        due = appraisal_due(self.ruleset_named(verdict.ruleset_version), today, self.working_calendar()) if stage is Stage.UNIT_APPROVED else None
        nomination.approve_stage(stage, comment=cmd.comment, ruleset_version=verdict.ruleset_version, due_on=due, **self.who(actor))
        return self.commit(nomination)

    def return_nomination(self, actor: Actor, cmd: c.ReturnNomination) -> int:
        nomination, _campaign = self._nomination(actor, cmd.nomination_id, RETURN_ROLES, (Stage.SUBMITTED,))
        nomination.return_to(stage_named(cmd.to_stage), reason=cmd.reason, **self.who(actor))
        return self.commit(nomination)

    def withdraw_nomination(self, actor: Actor, cmd: c.WithdrawNomination) -> int:
        nomination, _campaign = self._nomination(actor, cmd.nomination_id, (Role.UNIT_CLERK,), ANY_STAGE)
        nomination.withdraw(reason=cmd.reason, **self.who(actor))
        return self.commit(nomination)

    def reject_nomination(self, actor: Actor, cmd: c.RejectNomination) -> int:
        nomination, campaign = self._nomination(actor, cmd.nomination_id, RETURN_ROLES, (Stage.DRAFTED, Stage.SUBMITTED))
        verdict = self.assess(nomination, campaign)
        articles = [u.article for u in verdict.unmet]
        nomination.reject(reason=cmd.reason, ruleset_version=verdict.ruleset_version, articles=articles, **self.who(actor))
        return self.commit(nomination)

    def post_publicly(self, actor: Actor, cmd: c.PostPublicly) -> int:
        """Post checked dossiers publicly for at least the rule set's posting period."""
        if not cmd.nomination_ids:
            raise InvalidCommandError("Chọn ít nhất một hồ sơ để công khai.")
        loaded = [self._nomination(actor, n, (Role.SECRETARIAT,), NO_STAGE) for n in cmd.nomination_ids]
        today = local_date(self.now())
        for nomination, campaign in loaded:
            ruleset = self.ruleset_on(today, nomination.received_on, campaign)
            minimum = ruleset.posting_days(nomination.title_code)
            if (cmd.until - today).days < minimum:
                raise RuleViolationError(
                    f"Thời gian công khai tối thiểu là {minimum} ngày ({ruleset.posting_article}).",
                )
            nomination.post_publicly(cmd.until, ruleset_version=ruleset.version, **self.who(actor))
        return self.commit(*(nomination for nomination, _campaign in loaded))

    def raise_objection(self, actor: Actor | None, cmd: c.RaiseObjection) -> str:
        """Anyone, even without an account, may object while a dossier is posted (not as auditor or integration)."""
        if actor is not None and actor.role in (Role.AUDITOR, Role.INTEGRATION):
            raise PermissionDeniedError(f"Vai trò «{actor.role.name_vi}» chỉ được xem, không được thay đổi dữ liệu.")
        nomination = self.load(cmd.nomination_id, Nomination, "hồ sơ đề nghị")
        objection_id = uuid4().hex
        nomination.raise_objection(objection_id, cmd.text, actor.person_id if actor else None, at=self.now())
        self.commit(nomination)
        return objection_id

    def resolve_objection(self, actor: Actor, cmd: c.ResolveObjection) -> int:
        nomination, _campaign = self._nomination(actor, cmd.nomination_id, (Role.SECRETARIAT,), NO_STAGE)
        nomination.resolve_objection(cmd.objection_id, cmd.upheld, resolution=cmd.resolution, **self.who(actor))
        return self.commit(nomination)


def stage_named(value: str) -> Stage:
    """The stage a command names; an unknown one is bad input, not a crash."""
    try:
        return Stage(value)
    except ValueError:
        raise InvalidCommandError(f"Không có bước «{value}» trong quy trình hồ sơ.") from None
