"""Reminders of the workflow's deadlines (issue #21): a reminder to the people an item waits for, a few
working days before its deadline, and an escalation to the next person up once it is missed.

Each one is a ledger fact, `Reminder.Issued` (catalogue: ReminderIssued), whose id encodes (kind, item,
recipient, due date): the store itself refuses the same reminder twice, whoever scans and however often.
Kinds and who hears of them (`RECIPIENTS`, the one place for these rules): `appraisal` (a complete dossier
waiting for the issuer's secretariat, due `appraisal_working_days` after the unit approved it; escalated to the
issuer's signer), `objection` (a posted dossier with an objection unresolved, due by the posting's end; to the
secretariat, escalated to the signer), `ballot` (a council member's ballot in an open session, due on the
session's day; escalated to the council's chair), `session` (a convened session not closed yet, due on its
meeting day; to the council's secretariat, escalated to its chair) and `report` (a participating unit's final
progress report, due by the campaign's last day; to the unit's clerk, escalated to the unit's head).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.rules.working_days import WorkingCalendar
from domain.values import Role, stable_id

KIND_NAMES = {
    "appraisal": "Hạn thẩm định hồ sơ đề nghị khen thưởng",
    "objection": "Ý kiến phản ánh chờ giải quyết trước khi hết thời gian công khai",
    "ballot": "Phiếu biểu quyết của thành viên Hội đồng",
    "session": "Phiên họp Hội đồng Thi đua – Khen thưởng chưa kết thúc (điểm danh, biểu quyết, kết thúc phiên)",
    "report": "Báo cáo kết quả thi đua cuối kỳ của đơn vị tham gia",
}
DEFAULT_LEAD_WORKING_DAYS = 3
PERSON, CHAIR = "person", "chair"  # not a role: the person the item names, the council's chair
RECIPIENTS = {  # kind: (who is reminded before the due date, who hears of it once missed)
    "appraisal": (Role.SECRETARIAT.value, Role.SIGNER.value),
    "objection": (Role.SECRETARIAT.value, Role.SIGNER.value),
    "ballot": (PERSON, CHAIR),
    "session": (Role.SECRETARIAT.value, CHAIR),
    "report": (Role.UNIT_CLERK.value, Role.UNIT_HEAD.value),
}
ROLES = sorted({who for pair in RECIPIENTS.values() for who in pair} - {PERSON, CHAIR})  # roles held for a scope
Holders = Callable[[str, UUID | None], tuple[UUID, ...]]  # a role's holders for a unit or issuer


@dataclass(frozen=True)
class Deadline:
    """An item waiting until `due_on`, as the read models tell it: the unit or issuer whose roles act on it
    (`scope`), the person it names (a ballot's member) and its council's chair, when it has them."""

    kind: str
    item_id: UUID
    title: str
    due_on: date
    scope: UUID | None = None
    person: UUID | None = None
    chair: UUID | None = None


@dataclass(frozen=True)
class Waiting:
    """An item waiting for people (`waiting_for`) until `due_on`; `above` is who hears of it once missed."""

    kind: str
    item_id: UUID
    title: str
    due_on: date
    waiting_for: tuple[UUID, ...]
    above: tuple[UUID, ...]


@dataclass(frozen=True)
class Due:
    """A reminder to issue: to `recipient_id`, about `item_id` due on `due_on`; an escalation once missed."""

    kind: str
    item_id: UUID
    title: str
    recipient_id: UUID
    due_on: date
    escalation: bool

    @property
    def reminder_id(self) -> UUID:
        return Reminder.create_id(self.kind, self.item_id, self.recipient_id, self.due_on, self.escalation)


def waiting(deadline: Deadline, holders: Holders) -> Waiting:
    """Who a deadline waits for and who is above them, by its kind's rule (`RECIPIENTS`)."""
    def who(rule: str) -> tuple[UUID, ...]:
        named = {PERSON: deadline.person, CHAIR: deadline.chair}
        if rule in named:
            return (named[rule],) if named[rule] else ()
        return holders(rule, deadline.scope)

    before, after = RECIPIENTS[deadline.kind]
    return Waiting(deadline.kind, deadline.item_id, deadline.title, deadline.due_on, who(before), who(after))


def reminders_due(items: Iterable[Waiting], today: date, calendar: WorkingCalendar, lead_working_days: int) -> list[Due]:
    """What is due on `today`: a reminder when the deadline is within `lead_working_days` working days (and not
    past), an escalation to the people above once it is past."""
    due: list[Due] = []
    horizon = calendar.add_working_days(today, lead_working_days)
    for item in items:
        if item.due_on < today:
            due += [Due(item.kind, item.item_id, item.title, p, item.due_on, True) for p in item.above]
        elif item.due_on <= horizon:
            due += [Due(item.kind, item.item_id, item.title, p, item.due_on, False) for p in item.waiting_for]
    return due


class Reminder(Entity):
    """Id = uuid5(kind, item, recipient, due date, escalation): each reminder is issued once."""

    @staticmethod
    def create_id(kind: str, item_id: UUID, recipient_id: UUID, due_on: date, escalation: bool) -> UUID:
        return stable_id("reminder", kind, item_id, recipient_id, due_on.isoformat(), "escalation" if escalation else "before")

    @event("Issued")
    def __init__(
        self, kind: str, item_id: UUID, title: str, recipient_id: UUID, due_on: date, escalation: bool, at: datetime,
    ) -> None:
        self.kind = kind
        self.item_id = item_id
        self.title = title
        self.recipient_id = recipient_id
        self.due_on = due_on
        self.escalation = escalation


def issue(due: Due, at: datetime) -> Reminder:
    return Reminder(
        kind=due.kind, item_id=due.item_id, title=due.title, recipient_id=due.recipient_id, due_on=due.due_on,
        escalation=due.escalation, at=at,
    )
