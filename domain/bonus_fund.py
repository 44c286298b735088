"""Agency bonus fund (quỹ tiền thưởng, Decree 73/2024 Art. 4): a ledger apart from the TĐKT fund.

One fund per agency unit and year: 10% of the salary fund excluding allowances, paid as the annual
periodic bonus by rating (the agency's own levels) and as ad-hoc bonuses (thưởng đột xuất); what is
unpaid by 31 January of the next year lapses. Event class names are a persisted schema.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError, RuleViolationError, SeparationOfDutiesError, StageOrderError
from domain.explanation import thousands
from domain.values import stable_id


class BonusFund(Entity):
    """Id = uuid5(unit, year): one fund per agency and year."""

    @staticmethod
    def create_id(unit_id: UUID, year: int) -> UUID:
        return stable_id("bonus-fund", unit_id, year)

    @event("Opened")
    def __init__(
        self, unit_id: UUID, year: int, covered_unit_ids: list[UUID], salary_fund: int, fund_share: str, amount: int,
        rules_reference: str, levels: dict[str, float], levels_basis: str, pay_from: date, pay_until: date,
        ruleset_version: str, article: str, reason: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.unit_id = unit_id
        self.year = year
        self.covered_unit_ids = covered_unit_ids
        self.amount = amount
        self.levels = levels
        self.pay_from = pay_from
        self.pay_until = pay_until
        self.article = article
        self.ad_hoc_paid = 0
        self.allocated = 0  # the periodic bonus allocated (reserved), paid or not
        self.allocated_by: UUID | None = None
        self.periodic_paid = False
        self.lapsed = False

    @property
    def paid(self) -> int:
        return self.ad_hoc_paid + (self.allocated if self.periodic_paid else 0)

    @property
    def balance(self) -> int:
        """What is neither paid nor reserved by the periodic allocation."""
        return self.amount - self.ad_hoc_paid - self.allocated

    @property
    def status(self) -> str:
        if self.lapsed:
            return "lapsed"
        if self.periodic_paid:
            return "paid"
        return "allocated" if self.allocated_by else "open"

    def _ensure_payable(self, on: date) -> None:
        """ND 73/2024 Art. 4: no payment before the fund's period, none after 31 January (no carry-over)."""
        if self.lapsed or on > self.pay_until:
            raise RuleViolationError(
                f"Quỹ tiền thưởng năm {self.year} không được chi sau ngày {self.pay_until:%d/%m/%Y}: "
                f"số chưa chi không được chuyển sang năm sau ({self.article})."
            )
        if on < self.pay_from:
            raise RuleViolationError(
                f"Quỹ tiền thưởng năm {self.year} chỉ được chi từ ngày {self.pay_from:%d/%m/%Y} ({self.article})."
            )

    def _ensure_within(self, amount: int, available: int) -> None:
        """Never spend more than the fund: 10% of the salary fund (ND 73/2024 Art. 4)."""
        if amount > available:
            raise RuleViolationError(
                f"Vượt quỹ tiền thưởng năm {self.year}: đề nghị chi {thousands(amount)} đồng, quỹ còn "
                f"{thousands(available)} đồng ({self.article})."
            )

    def allocate_periodic(
        self, pool: int, payments: list[dict], on: date, ruleset_version: str, by: UUID, role: str, at: datetime,
    ) -> None:
        """Allocate the periodic bonus by annual rating; a new allocation replaces an unpaid one."""
        if self.periodic_paid:
            raise StageOrderError("Tiền thưởng định kỳ của quỹ này đã được chi.")
        if pool <= 0:
            raise InvalidCommandError("Số tiền phân bổ phải lớn hơn 0.")
        self._ensure_payable(on)
        self._ensure_within(pool, self.amount - self.ad_hoc_paid)
        total = sum(p["amount"] for p in payments)
        self._periodic_allocated(pool, total, payments, ruleset_version, self.article, by, role, at)

    @event("PeriodicBonusAllocated")
    def _periodic_allocated(
        self, pool: int, total: int, payments: list[dict], ruleset_version: str, article: str,
        by: UUID, role: str, at: datetime,
    ) -> None:
        self.allocated = total
        self.allocated_by = by

    def pay_periodic(self, on: date, ruleset_version: str, by: UUID, role: str, at: datetime) -> None:
        """Pay the allocated periodic bonus; whoever allocated it may not approve the payment."""
        if self.allocated_by is None or self.periodic_paid:
            raise StageOrderError("Chưa có bảng phân bổ tiền thưởng định kỳ đang chờ chi.")
        if by == self.allocated_by:
            raise SeparationOfDutiesError("Người lập bảng phân bổ không được tự duyệt chi.")
        self._ensure_payable(on)
        self._periodic_paid(on, self.allocated, ruleset_version, self.article, by, role, at)

    @event("PeriodicBonusPaid")
    def _periodic_paid(
        self, paid_on: date, total: int, ruleset_version: str, article: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.periodic_paid = True

    def pay_ad_hoc(
        self, payment: dict, on: date, ruleset_version: str, by: UUID, role: str, at: datetime, reason: str,
    ) -> None:
        """Pay a bonus for a sudden achievement (thưởng đột xuất) from what the fund has left."""
        if payment["amount"] <= 0:
            raise InvalidCommandError("Số tiền thưởng phải lớn hơn 0.")
        if not reason.strip():
            raise InvalidCommandError("Thưởng đột xuất phải nêu thành tích được thưởng.")
        self._ensure_payable(on)
        self._ensure_within(payment["amount"], self.balance)
        self._ad_hoc_paid(payment, on, ruleset_version, self.article, by, role, at, reason)

    @event("AdHocBonusPaid")
    def _ad_hoc_paid(
        self, payment: dict, paid_on: date, ruleset_version: str, article: str, by: UUID, role: str, at: datetime,
        reason: str,
    ) -> None:
        self.ad_hoc_paid += payment["amount"]

    def lapse(self, on: date, ruleset_version: str, by: UUID, role: str, at: datetime) -> None:
        """After 31 January of the next year the unpaid balance lapses; the event records it."""
        if self.lapsed:
            raise StageOrderError("Quỹ tiền thưởng này đã kết thúc.")
        if on <= self.pay_until:
            raise RuleViolationError(
                f"Quỹ tiền thưởng năm {self.year} còn được chi đến hết ngày {self.pay_until:%d/%m/%Y} ({self.article})."
            )
        unpaid_allocation = 0 if self.periodic_paid else self.allocated
        self._lapsed(on, self.amount - self.paid, unpaid_allocation, ruleset_version, self.article, by, role, at)

    @event("Lapsed")
    def _lapsed(
        self, lapsed_on: date, remaining: int, unpaid_allocation: int, ruleset_version: str, article: str,
        by: UUID, role: str, at: datetime,
    ) -> None:
        self.lapsed = True
