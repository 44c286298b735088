"""The rulebook in use: publishing rule sets and overlays, choosing the rule set by date, eligibility."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from uuid import UUID

from domain import commands as c
from domain.campaign import Campaign
from domain.clock import local_date
from domain.exceptions import NotFoundError, RuleViolationError
from domain.nomination import Nomination
from domain.organisation import Person, Unit
from domain.register import RulebookIndex
from domain.rulebook import Rulebook, RulebookOverlay
from domain.rules.eligibility import assess_eligibility
from domain.rules.ruleset import RuleSet, as_date, check_salary_schedule, salary_period_on, select_ruleset
from domain.rules.verdicts import Verdict
from domain.services.base import ServiceBase
from domain.values import Actor, AwardType, NomineeHistory, NomineeKind, Role

INDEX_ID = RulebookIndex.create_id()
OverlaysKey = tuple[str, tuple[UUID, ...]]  # a rule-set version and the overlays laid on it, in order


class RulebookService(ServiceBase):
    def publish_rulebook(self, actor: Actor, cmd: c.PublishRulebook) -> UUID:
        """Publish a full, versioned rule set; a published version is never changed, only superseded."""
        self.authorise(actor, (Role.ADMIN,))
        RuleSet.from_dict(cmd.rules)  # what every read of this version builds: refused now, not at each use
        index = self._index()
        rulebook = Rulebook(
            version=cmd.version, effective_from=cmd.effective_from, effective_to=cmd.effective_to,
            legal_bases=list(cmd.legal_bases), rules=cmd.rules, **self.who(actor),
        )
        index.list_version(cmd.version)
        self.commit(rulebook, index, duplicate=f"Bộ quy tắc «{cmd.version}» đã được công bố.")
        return rulebook.id

    def record_salary_schedule(self, actor: Actor, cmd: c.RecordSalarySchedule) -> int:
        self.authorise(actor, (Role.ADMIN,))
        check_salary_schedule(cmd.entries)
        index = self._index()
        index.record_salary_schedule(list(cmd.entries), source=cmd.source, **self.who(actor))
        return self.commit(index)

    def publish_overlay(self, actor: Actor, cmd: c.PublishOverlay) -> int:
        """Publish (or amend, with a reason) a province- or campaign-level overlay of the rule set."""
        self.authorise(actor, (Role.ADMIN, Role.SECRETARIAT))
        RuleSet.check_overlay(cmd.overlay)
        overlay_id = RulebookOverlay.create_id(cmd.scope, cmd.scope_id)
        index = self._index()
        if overlay_id in index.overlays:
            overlay = self.load(overlay_id, RulebookOverlay, "quy định bổ sung")
            overlay.amend(cmd.overlay, reason=cmd.reason, **self.who(actor))
            return self.commit(overlay)
        overlay = RulebookOverlay(scope=cmd.scope, scope_id=cmd.scope_id, overlay=cmd.overlay, reason=cmd.reason, **self.who(actor))
        index.list_overlay(overlay_id)
        return self.commit(overlay, index)

    def preview_overlay(self, overlay: dict, on: date) -> list[dict]:
        """What an overlay would change in the rule set in force on `on`: each changed value, before and after
        (checked as publishing checks it)."""
        RuleSet.check_overlay(overlay)
        ruleset = self.ruleset_on(on)
        before, after = flatten(ruleset.as_dict()), flatten(ruleset.with_overlay(overlay).as_dict())
        return [
            {"key": key, "before": before.get(key), "after": after.get(key)}
            for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)
        ]

    def list_overlays(self) -> list[dict]:
        """Every published overlay as it stands: what it refines (an issuer or a campaign), its values and why."""
        overlays = (self.load(o, RulebookOverlay, "quy định bổ sung", read_only=True) for o in self._index(read_only=True).overlays)
        return [
            {"scope": o.scope, "scope_id": o.scope_id, "overlay": o.overlay, "reason": o.reason, "version": o.version}
            for o in overlays
        ]

    def _index(self, *, read_only: bool = False) -> RulebookIndex:
        return self.find(INDEX_ID, RulebookIndex, read_only=read_only) or RulebookIndex()

    @cached_property
    def _published(self) -> dict[str, RuleSet]:
        """Rule sets by version, read and parsed once per process: a published version never changes."""
        return {}

    @cached_property
    def _overlaid(self) -> dict[OverlaysKey, tuple[tuple[int, ...], RuleSet]]:
        """Rule sets with overlays, built once per process and rebuilt when an overlay's version changes."""
        return {}

    def rulesets(self, index: RulebookIndex | None = None) -> list[RuleSet]:
        """Published rule sets (as the index lists them now)."""
        for version in (index or self._index(read_only=True)).versions:
            if version not in self._published:
                rulebook = self.load(Rulebook.create_id(version), Rulebook, "bộ quy tắc", read_only=True)
                self._published[version] = RuleSet.from_dict(rulebook.rules)
        return list(self._published.values())

    def ruleset_named(self, version: str) -> RuleSet:
        """A published rule set by its version (without overlays: the law's own numbers); the index is read
        only for a version this process has not read yet."""
        found = self._published.get(version) or next((r for r in self.rulesets() if r.version == version), None)
        if found is None:
            raise NotFoundError(f"Không tìm thấy bộ quy tắc «{version}».")
        return found

    def ruleset_on(self, on: date, received_on: date | None = None, campaign: Campaign | None = None) -> RuleSet:
        """The rule set governing a step on a date (with the transition for earlier dossiers), with the
        overlays of the campaign and its issuer."""
        index = self._index(read_only=True)
        rulesets = self.rulesets(index)
        if not rulesets:
            raise NotFoundError("Chưa có bộ quy tắc nào được công bố.")
        ruleset = select_ruleset(rulesets, on, received_on)
        if campaign is None or not index.overlays:
            return ruleset
        scopes = (("issuer", campaign.issuer_id), ("campaign", campaign.id))
        overlay_ids = tuple(o for o in (RulebookOverlay.create_id(*s) for s in scopes) if o in index.overlays)
        return self._with_overlays(ruleset, overlay_ids) if overlay_ids else ruleset

    def _with_overlays(self, ruleset: RuleSet, overlay_ids: tuple[UUID, ...]) -> RuleSet:
        """`ruleset` refined by the overlays in order (as chosen, for its date); reused while none of them
        has been amended."""
        overlays = [self.load(o, RulebookOverlay, "quy định bổ sung", read_only=True) for o in overlay_ids]
        key, versions = (ruleset.version, overlay_ids), tuple(o.version for o in overlays)
        built = self._overlaid.get(key)
        if built is None or built[0] != versions:
            overlaid = ruleset
            for overlay in overlays:
                overlaid = overlaid.with_overlay(overlay.overlay)
            built = self._overlaid[key] = (versions, overlaid)
        return built[1].chosen(ruleset.chosen_on, ruleset.via)

    def salary_schedule(self) -> list[dict]:
        index = self.find(INDEX_ID, RulebookIndex, read_only=True)
        return index.salary_schedule if index else []

    def base_salary_on(self, on: date) -> int:
        return int(self.salary_period_on(on)["amount"])

    def salary_period_on(self, on: date) -> dict:
        """The base salary in force on a date: its amount, the text that set it and its period."""
        schedule = self.salary_schedule()
        if not schedule:
            raise NotFoundError("Chưa có bảng lương cơ sở.")
        period = salary_period_on(schedule, on)
        end = period.get("effective_to")
        return {
            "amount": int(period["amount"]), "article": period["article"],
            "effective_from": as_date(period["effective_from"]), "effective_to": as_date(end) if end else None,
        }

    def history_of(self, nominee_id: UUID, kind: NomineeKind) -> NomineeHistory:
        """The nominee's record as the ledger holds it; for a collective, with each member's record."""
        if kind is NomineeKind.INDIVIDUAL:
            return person_history(self.load(nominee_id, Person, "người được đề nghị", read_only=True))
        unit = self.load(nominee_id, Unit, "tập thể được đề nghị", read_only=True)
        members = tuple(person_history(self.load(m, Person, "thành viên", read_only=True)) for m in unit.member_ids)
        return NomineeHistory(
            kind=kind, ratings={y: r for y, r in ((y, unit.rating_for(y)) for y in unit.ratings) if r},
            awards=tuple(unit.awards), pending_proceedings=tuple(unit.proceedings.values()), members=members,
        )

    def assess(self, nomination: Nomination, campaign: Campaign, on: date | None = None) -> Verdict:
        """Eligibility of a nomination (of `campaign`) under the rule set for its date, listing every unmet criterion."""
        on = on or local_date(self.now())
        ruleset = self.ruleset_on(on, nomination.received_on, campaign)
        history = self.history_of(nomination.nominee_id, NomineeKind(nomination.nominee_kind))
        return assess_eligibility(
            ruleset, nomination.title_code, history, nomination.year, AwardType(nomination.award_type), on,
        )

    def ensure_eligible(self, nomination: Nomination, campaign: Campaign) -> Verdict:
        """The verdict, when eligible; else refused, as held (tạm dừng xét) or as not eligible, with every reason."""
        verdict = self.assess(nomination, campaign)
        if not verdict.eligible:
            reasons = "; ".join(u.message_vi for u in verdict.unmet)
            raise RuleViolationError(
                reasons if verdict.held else "Không đủ điều kiện: " + reasons,
                details=[{"code": u.code, "message": u.message_vi, "article": u.article} for u in verdict.unmet],
            )
        return verdict

    def get_eligibility(self, nomination_id: UUID) -> dict:
        """A nomination's eligibility verdict (eligible, held or not eligible) with reasons (for people and the API)."""
        nomination = self.load(nomination_id, Nomination, "hồ sơ đề nghị", read_only=True)
        verdict = self.assess(nomination, self.campaign_of(nomination))
        return {
            "nomination_id": nomination.id, "title_code": nomination.title_code, "eligible": verdict.eligible,
            "held": verdict.held, "status": verdict.status, "ruleset_version": verdict.ruleset_version,
            "unmet": [{"code": u.code, "message": u.message_vi, "message_en": u.message_en, "article": u.article}
                      for u in verdict.unmet],
        }

    def campaign_of(self, nomination: Nomination) -> Campaign:
        """The nomination's campaign, to read (its rules, its issuer)."""
        return self.load(nomination.campaign_id, Campaign, "phong trào", read_only=True)

    def get_ruleset(self, on: date) -> dict:
        """The rule set in force on a date, as published."""
        return self.ruleset_on(on).as_dict()

    def get_rulebook(self, on: date) -> dict:
        """The rule set in force on a date as published, what a decision of that date cites, and the base
        salary in force (the other factor of every amount, ND 152 Art. 49(1))."""
        ruleset = self.ruleset_on(on)
        return {
            "on": on, "version": ruleset.version, "rules": ruleset.as_dict(), "legal_bases": list(ruleset.legal_bases),
            "base_salary": self.salary_period_on(on),
        }


def person_history(person: Person) -> NomineeHistory:
    return NomineeHistory(
        kind=NomineeKind.INDIVIDUAL,
        ratings={y: r for y, r in ((y, person.rating_for(y)) for y in person.ratings) if r},
        awards=tuple(person.awards), initiatives=tuple(person.initiatives), disciplines=tuple(person.disciplines),
        pending_proceedings=tuple(person.proceedings.values()),
    )



def flatten(data: object, prefix: str = "") -> dict[str, object]:
    """Nested rule-set data as dotted keys ("titles.CSTDCS.vote_threshold") to its leaf values."""
    if not isinstance(data, dict):
        return {prefix: data}
    flat: dict[str, object] = {}
    for key, value in data.items():
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat
