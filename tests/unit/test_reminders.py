"""Which reminders are due (domain.reminders): before a deadline counted in working days, an escalation after."""

from datetime import date
from uuid import uuid4

from domain.reminders import Deadline, Reminder, Waiting, reminders_due, waiting
from domain.rules.read_access import Kind, event_kind
from domain.calendar import shipped_calendar

SECRETARY, DRAFTER, SIGNER = uuid4(), uuid4(), uuid4()
DOSSIER = Waiting("appraisal", uuid4(), "Hồ sơ đề nghị LDTT", date(2025, 12, 29), (SECRETARY, DRAFTER), (SIGNER,))


def due_on(today: date, lead: int = 3) -> list[tuple[object, bool]]:
    return [(d.recipient_id, d.escalation) for d in reminders_due([DOSSIER], today, shipped_calendar(), lead)]


def test_the_reminder_comes_lead_working_days_before_and_the_escalation_the_day_after():
    assert due_on(date(2025, 12, 23)) == []  # 4 working days before
    assert due_on(date(2025, 12, 24)) == [(SECRETARY, False), (DRAFTER, False)]
    assert due_on(date(2025, 12, 29)) == [(SECRETARY, False), (DRAFTER, False)]  # the day itself is still in time
    assert due_on(date(2025, 12, 30)) == [(SIGNER, True)]


def test_working_days_skip_a_weekend_and_new_year():
    waiting = Waiting("ballot", uuid4(), "Phiên họp Hội đồng", date(2026, 1, 5), (SECRETARY,), (SIGNER,))  # a Monday
    assert [d.recipient_id for d in reminders_due([waiting], date(2025, 12, 31), shipped_calendar(), 1)] == []
    assert [d.recipient_id for d in reminders_due([waiting], date(2026, 1, 2), shipped_calendar(), 1)] == [SECRETARY]


def test_a_reminder_is_one_fact_per_kind_item_recipient_due_date_and_reads_as_a_dossier():
    first = Reminder.create_id("appraisal", DOSSIER.item_id, SECRETARY, DOSSIER.due_on, False)
    assert first == Reminder.create_id("appraisal", DOSSIER.item_id, SECRETARY, DOSSIER.due_on, False)
    assert first != Reminder.create_id("appraisal", DOSSIER.item_id, SECRETARY, DOSSIER.due_on, True)
    assert first != Reminder.create_id("appraisal", DOSSIER.item_id, SECRETARY, date(2025, 12, 30), False)
    assert event_kind(Reminder.Issued) is Kind.DOSSIERS


def test_who_hears_of_each_kind_is_the_domains_rule():
    held = {("secretariat", DOSSIER.item_id): (SECRETARY,), ("signer", DOSSIER.item_id): (SIGNER,), ("unit_clerk", DOSSIER.item_id): (DRAFTER,)}

    def holders(role, scope):
        return held.get((role, scope), ())

    def who(kind, **named):
        found = waiting(Deadline(kind, uuid4(), "…", date(2026, 1, 6), DOSSIER.item_id, **named), holders)
        return found.waiting_for, found.above

    member, chair = uuid4(), uuid4()
    assert who("appraisal") == who("objection") == ((SECRETARY,), (SIGNER,))
    assert who("ballot", person=member, chair=chair) == ((member,), (chair,))
    assert who("session", chair=chair) == ((SECRETARY,), (chair,))
    assert who("report") == ((DRAFTER,), ())  # the unit has no head on record: nobody to escalate to
