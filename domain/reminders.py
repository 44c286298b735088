"""Reminders of the workflow's deadlines (issue #21): a reminder to the people an item waits for, a few
working days before its deadline, and an escalation to the next person up once it is missed.

Each one is a ledger fact, `Reminder.Issued` (catalogue: ReminderIssued), whose id encodes (kind, item,
recipient, due date): the store itself refuses the same reminder twice, whoever scans and however often.
Kinds: `appraisal` (a complete dossier waiting for the issuer's secretariat, due `appraisal_working_days`
after the unit approved it; escalated to the issuer's signer), `objection` (a posted dossier with an objection
unresolved, due by the posting's end; to the secretariat, escalated to the signer) and `ballot` (a council
member's ballot in an open session, due on the session's day; escalated to the council's chair).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.rules.working_days import WorkingCalendar
from domain.values import stable_id

KIND_NAMES = {
    "appraisal": "Hạn thẩm định hồ sơ đề nghị khen thưởng",
    "objection": "Ý kiến phản ánh chờ giải quyết trước khi hết thời gian công khai",
    "ballot": "Phiếu biểu quyết của thành viên Hội đồng",
}
DEFAULT_LEAD_WORKING_DAYS = 3


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
