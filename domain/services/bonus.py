"""Commands on agency bonus funds (Decree 73/2024 Art. 4): open, allocate and pay by rating, ad hoc, lapse."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain import commands as c
from domain.bonus_fund import BonusFund
from domain.clock import local_date
from domain.exceptions import InvalidCommandError, RuleViolationError
from domain.organisation import Person, Unit
from domain.rulebook import RulebookOverlay
from domain.rules.bonus import BonusRegime, bonus_fund, bonus_regime, payment_window, periodic_shares
from domain.rules.ruleset import RuleSet
from domain.services.rulebook import RulebookService
from domain.values import Actor, Role

PREPARERS = (Role.UNIT_HEAD, Role.UNIT_CLERK, Role.SECRETARIAT)  # the agency's office prepares, its head decides
PAYERS = (Role.UNIT_HEAD,)
FUND = "quỹ tiền thưởng"
MAX_SALARY_FUND = 10**15  # đồng: far above any agency, far below what the read models can store


class BonusService(RulebookService):
    def open_bonus_fund(self, actor: Actor, cmd: c.OpenBonusFund) -> UUID:
        """Open a year's fund: the rule set's share (10%) of the salary fund, the agency's own levels."""
        self.authorise(actor, PREPARERS, cmd.unit_id)
        unit = self.load(cmd.unit_id, Unit, "đơn vị", read_only=True)
        covered = [unit.id, *self._divisions(unit, cmd.covered_unit_ids)]
        if not 0 < cmd.salary_fund <= MAX_SALARY_FUND or not cmd.rules_reference.strip():
            raise InvalidCommandError("Quỹ lương phải lớn hơn 0 và hợp lý; phải nêu quy chế tiền thưởng của cơ quan.")
        today = local_date(self.now())
        ruleset = self._agency_rules(self.ruleset_on(today), unit.id, cmd)
        regime = bonus_regime(ruleset)
        pay_from, pay_until = self._payable_window(cmd.year, today, regime)
        fund = BonusFund(
            unit_id=unit.id, year=cmd.year, covered_unit_ids=covered, salary_fund=cmd.salary_fund,
            fund_share=str(regime.fund_share.value), amount=bonus_fund(cmd.salary_fund, regime),
            rules_reference=cmd.rules_reference, levels=dict(regime.periodic_levels.value),
            levels_basis=regime.periodic_levels.article, pay_from=pay_from, pay_until=pay_until,
            ruleset_version=ruleset.version, article=regime.fund_share.article, reason=cmd.reason, **self.who(actor),
        )
        self.commit(fund, duplicate=f"Quỹ tiền thưởng năm {cmd.year} của đơn vị này đã được lập.")
        return fund.id

    @staticmethod
    def _payable_window(year: int, today: date, regime: BonusRegime) -> tuple[date, date]:
        """A fund is opened for a year under the regime (from 2024), not in the future, and not once it has lapsed."""
        window = payment_window(year, regime) if regime.effective_from.year <= year <= today.year else None
        if window is None or today > window[1]:
            raise RuleViolationError(
                f"Không lập được quỹ tiền thưởng năm {year}: chỉ lập cho một năm từ {regime.effective_from.year} "
                f"đến năm nay, khi quỹ chưa hết thời hạn chi ({regime.carry_over_until.article})."
            )
        return window

    def _divisions(self, unit: Unit, unit_ids: list[UUID]) -> list[UUID]:
        """The agency's own divisions paid from its fund (each a unit directly under it)."""
        divisions = [self.load(u, Unit, "đơn vị trực thuộc", read_only=True) for u in dict.fromkeys(unit_ids) if u != unit.id]
        if any(d.parent_id != unit.id for d in divisions):
            raise InvalidCommandError("Chỉ các đơn vị trực thuộc cơ quan mới được chi từ quỹ tiền thưởng của cơ quan.")
        return [d.id for d in divisions]

    def _agency_rules(self, ruleset: RuleSet, unit_id: UUID, cmd: c.OpenBonusFund) -> RuleSet:
        """The rule set with the agency's bonus rules: its published overlay, then the levels it states now."""
        overlay_id = RulebookOverlay.create_id("issuer", unit_id)
        if overlay_id in self._index(read_only=True).overlays:
            ruleset = self._with_overlays(ruleset, (overlay_id,))
        if cmd.levels:
            ruleset = ruleset.with_overlay({"basis": cmd.rules_reference, "bonus_periodic_levels": cmd.levels})
        return ruleset

    def allocate_periodic_bonus(self, actor: Actor, cmd: c.AllocatePeriodicBonus) -> int:
        """Share the periodic bonus among the agency's staff by their annual rating for the fund's year."""
        fund = self.load(cmd.fund_id, BonusFund, FUND)
        self.authorise(actor, PREPARERS, fund.unit_id)
        today = local_date(self.now())
        staff = self._staff(fund)
        pool = fund.amount - fund.ad_hoc_paid if cmd.amount is None else cmd.amount
        shares = periodic_shares(pool, {p.id: p.rating_for(fund.year) for p in staff}, fund.levels, fund.year)
        payments = [
            {"person_id": p.id, "person_name": p.full_name, "unit_id": p.unit_id, "rating": shares[p.id].rating,
             "level": shares[p.id].level, "amount": shares[p.id].amount, "reason": shares[p.id].reason}
            for p in staff
        ]
        fund.allocate_periodic(pool, payments, today, self._version(today), **self.who(actor))
        return self.commit(fund)

    def _staff(self, fund: BonusFund) -> list[Person]:
        """The people on the agency's payroll today: active members of the agency and its covered divisions."""
        units = [self.load(u, Unit, "đơn vị", read_only=True) for u in fund.covered_unit_ids]
        people = [self.load(p, Person, "cán bộ", read_only=True) for unit in units for p in unit.member_ids]
        return sorted((p for p in people if p.active), key=lambda p: p.key)

    def pay_periodic_bonus(self, actor: Actor, cmd: c.PayPeriodicBonus) -> int:
        fund = self.load(cmd.fund_id, BonusFund, FUND)
        self.authorise(actor, PAYERS, fund.unit_id)
        today = local_date(self.now())
        fund.pay_periodic(today, self._version(today), **self.who(actor))
        return self.commit(fund)

    def pay_ad_hoc_bonus(self, actor: Actor, cmd: c.PayAdHocBonus) -> int:
        """Pay a sudden-achievement bonus (thưởng đột xuất) to one person on the agency's staff."""
        fund = self.load(cmd.fund_id, BonusFund, FUND)
        self.authorise(actor, PAYERS, fund.unit_id)
        person = self.load(cmd.person_id, Person, "cán bộ", read_only=True)
        if person.unit_id not in fund.covered_unit_ids or not person.active:
            raise InvalidCommandError("Người được thưởng không thuộc cơ quan, đơn vị chi từ quỹ tiền thưởng này.")
        payment = {
            "person_id": person.id, "person_name": person.full_name, "unit_id": person.unit_id, "amount": cmd.amount,
        }
        today = local_date(self.now())
        fund.pay_ad_hoc(payment, today, self._version(today), reason=cmd.reason, **self.who(actor))
        return self.commit(fund)

    def lapse_bonus_fund(self, actor: Actor, cmd: c.LapseBonusFund) -> int:
        """Record that the unpaid balance lapses after 31 January of the next year (no carry-over)."""
        fund = self.load(cmd.fund_id, BonusFund, FUND)
        self.authorise(actor, PREPARERS, fund.unit_id)
        today = local_date(self.now())
        fund.lapse(today, self._version(today), **self.who(actor))
        return self.commit(fund)

    def _version(self, on: date) -> str:
        return self.ruleset_on(on).version
