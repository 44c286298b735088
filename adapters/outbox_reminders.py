"""The reminder scan (`thidua remind`, once or every interval): what waits past or near its deadline at the
business clock, from the read models; who it waits for and which reminders are due (`domain.reminders`, the
rules); those not issued yet recorded as `Reminder.Issued` with their e-mails in the same transaction
(`adapters.outbox`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from uuid import UUID

from sqlalchemy import Connection, func, select

from adapters.bootstrap import Container
from adapters.outbox import Mail, Outbox
from domain.clock import VIETNAM, local_date
from domain.exceptions import BusyError, ConflictError, DuplicateError
from domain.reminders import KIND_NAMES, ROLES, Deadline, Due, Holders, issue, reminders_due, waiting
from domain.rules.deadlines import final_report_due
from projections.campaigns import campaigns
from projections.council import council_sessions
from projections.inbox import inbox_items
from projections.audit import title
from projections.organisation import people, person_roles, units
from projections.pipeline import nominations

DIGEST_HOUR = time(7, 0)  # a daily digest leaves at 07:00 in Vietnam
Links = Callable[[Due], str]  # the page of a reminder's item
Unsubscribe = Callable[[UUID], str]  # a person's unsubscribe page


def scan(container: Container, outbox: Outbox, lead_days: int, item_link: Links, unsubscribe: Unsubscribe) -> int:
    """Issue the reminders due now and not issued yet; how many were issued (0 when another scan won the race)."""
    app = container.app
    now = app.clock()
    with container.read_engine.connect() as conn:
        found = holders(conn)
        deadlines = appraisals(conn) + objections(conn) + ballots(conn) + sessions(conn) + reports(conn)
        names = {r.person_id: r.full_name for r in conn.execute(select(people.c.person_id, people.c.full_name))}
    items = [waiting(d, found) for d in deadlines]
    due = [d for d in reminders_due(items, local_date(now), app.working_calendar(), lead_days) if d.reminder_id not in app.repository]
    if not due:
        return 0
    contacts = outbox.contacts()
    mails = [
        mail_of(d, contacts[d.recipient_id][0], contacts[d.recipient_id][1] == "digest", names.get(d.recipient_id, ""),
                item_link(d), unsubscribe(d.recipient_id), now)
        for d in due if contacts.get(d.recipient_id, ("", "none"))[1] != "none"
    ]
    try:
        with outbox.written_with(mails, now):  # committed like any command: the asynchronous read models follow
            app.commit(*[issue(d, now) for d in due], duplicate="nhắc việc")
    except (DuplicateError, ConflictError) as refused:  # another scan issued them first (a busy store is not that)
        if isinstance(refused, BusyError):
            raise
        return 0
    return len(due)


DOSSIERS = (  # a waiting dossier with its nominee's name (a person's, or a unit's for a collective)
    select(inbox_items.c.item_id, inbox_items.c.issuer_id, inbox_items.c.title_code,
           func.coalesce(people.c.full_name, units.c.name).label("nominee"))
    .outerjoin(people, people.c.person_id == inbox_items.c.subject_id)
    .outerjoin(units, units.c.unit_id == inbox_items.c.subject_id)
)


def dossier_title(row) -> str:  # type: ignore[no-untyped-def]
    """«Hồ sơ đề nghị «Lao động tiên tiến» của Cán bộ 0»: names, not codes."""
    return f"Hồ sơ đề nghị {title(row.title_code)} của {row.nominee}"


def holders(conn: Connection) -> Holders:
    """The holders of the roles reminders go to, read once, by role and the scope they hold it for."""
    found: dict[tuple[str, str], list[UUID]] = {}
    rows = conn.execute(select(person_roles).where(person_roles.c.role.in_(ROLES)).order_by(person_roles.c.person_id))
    for row in rows:
        found.setdefault((row.role, row.scope_key), []).append(row.person_id)
    return lambda role, scope: tuple(found.get((role, str(scope)), ()))


def appraisals(conn: Connection) -> list[Deadline]:
    """Complete dossiers waiting for the issuer's secretariat, by their appraisal deadline."""
    rows = conn.execute(DOSSIERS.add_columns(inbox_items.c.deadline).where(
        inbox_items.c.item_kind == "nomination", inbox_items.c.stage == "unit_approved", inbox_items.c.deadline.is_not(None),
    ))
    return [Deadline("appraisal", r.item_id, dossier_title(r), r.deadline, r.issuer_id) for r in rows]


def objections(conn: Connection) -> list[Deadline]:
    """Posted dossiers with an objection unresolved, by the posting's end."""
    rows = conn.execute(
        DOSSIERS.add_columns(nominations.c.posted_until)
        .join(nominations, nominations.c.nomination_id == inbox_items.c.item_id)
        .where(nominations.c.stage == "posted", nominations.c.open_objections > 0, nominations.c.posted_until.is_not(None))
    )
    return [Deadline("objection", r.item_id, dossier_title(r), r.posted_until, r.issuer_id) for r in rows]


def ballots(conn: Connection) -> list[Deadline]:
    """Each member's ballot waiting in an open session, by its meeting day."""
    rows = conn.execute(
        select(inbox_items.c.item_id, inbox_items.c.title, inbox_items.c.person_id, council_sessions.c.meeting_on,
               council_sessions.c.chair_id)
        .join(council_sessions, council_sessions.c.session_id == inbox_items.c.parent_id)
        .where(inbox_items.c.item_kind == "ballot")
    )
    return [Deadline("ballot", r.item_id, r.title, r.meeting_on, person=r.person_id, chair=r.chair_id) for r in rows]


def sessions(conn: Connection) -> list[Deadline]:
    """Convened sessions not closed yet, by their meeting day."""
    rows = conn.execute(select(council_sessions).where(council_sessions.c.status == "convened"))
    return [
        Deadline("session", r.session_id, f"Phiên họp {r.name}", r.meeting_on, r.council_unit_id, chair=r.chair_id)
        for r in rows
    ]


def reports(conn: Connection) -> list[Deadline]:
    """Participating units owing their final progress report, by the campaign's last day."""
    rows = conn.execute(
        select(inbox_items.c.item_id, inbox_items.c.unit_id, campaigns.c.theme, campaigns.c.period_end, units.c.name)
        .join(campaigns, campaigns.c.campaign_id == inbox_items.c.campaign_id)
        .join(units, units.c.unit_id == inbox_items.c.unit_id)
        .where(inbox_items.c.item_kind == "report_due")
    )
    return [
        Deadline("report", r.item_id, f"Báo cáo kết quả phong trào «{r.theme}» của {r.name}", final_report_due(r.period_end), r.unit_id)
        for r in rows
    ]


def mail_of(due: Due, email: str, digest: bool, name: str, link: str, unsubscribe: str, now: datetime) -> Mail:
    """The e-mail of a reminder, in Vietnamese; a digest one waits for the next 07:00 in Vietnam."""
    what = KIND_NAMES[due.kind]
    if due.escalation:
        subject = f"[Thi đua] Quá hạn: {due.title} (hạn {due.due_on:%d/%m/%Y})"
        lead = f"Việc sau đã quá hạn ngày {due.due_on:%d/%m/%Y} mà chưa được xử lý; đồng chí là người phụ trách cấp trên."
    else:
        subject = f"[Thi đua] Sắp đến hạn: {due.title} (hạn {due.due_on:%d/%m/%Y})"
        lead = f"Việc sau đang chờ đồng chí xử lý, hạn ngày {due.due_on:%d/%m/%Y}."
    body = (
        f"Kính gửi đồng chí {name},\n\n{lead}\n\n{what}: {due.title}\nXem và xử lý: {link}\n\n"
        f"Không muốn nhận thư nhắc việc nữa: {unsubscribe}\n"
    )
    return Mail(due.reminder_id, due.recipient_id, email, subject, body, digest, next_digest(now) if digest else now)


def next_digest(now: datetime) -> datetime:
    """The next 07:00 in Vietnam after `now`."""
    local = now.astimezone(VIETNAM)
    at = datetime.combine(local.date(), DIGEST_HOUR, tzinfo=VIETNAM)
    return at if at > local else at + timedelta(days=1)
