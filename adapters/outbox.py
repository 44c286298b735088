"""The mail outbox (issue #21): e-mails written by the transaction that records the events causing them, sent
later by `adapters.mail.Sender`.

`mail_outbox` lives in the ledger's database. `written_with(rows)` has the next transaction that inserts
events also insert `rows` (`LedgerStore.commits_with`): a reminder and its e-mail are recorded together or
not at all. A row is claimed with a lease (`claim`) before it is sent, so two senders never hold the same
row at once; a sender that dies after claiming leaves the lease to expire and the row is claimed again.
Each row carries its Message-ID, so a row resent after a crash between the SMTP server's acceptance and
`mark_sent` is the same message to the receiver: at-least-once at the SMTP boundary, with an idempotent
Message-ID. A row refused `max_attempts` times is dead: it is no longer claimed until an admin requeues it
(who and when kept on the row); a person who unsubscribes has their rows not sent yet withdrawn the same way.
`mail_contacts` holds each person's address and preference (each reminder, a daily digest, or
none after unsubscribing): personal data outside the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from eventsourcing.persistence import StoredEvent
from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, Text, and_, func, inspect, or_, select, update

from adapters.database import schema_lock
from adapters.ledger.store import LedgerStore
from domain.clock import utc_now

MODES = ("each", "digest", "none")
metadata = MetaData()

mail_contacts = Table(
    "mail_contacts", metadata,
    Column("person_id", String(36), primary_key=True),
    Column("email", Text, nullable=False),
    Column("mode", String(10), nullable=False),  # each | digest | none
)

mail_outbox = Table(
    "mail_outbox", metadata,
    Column("row_id", String(36), primary_key=True),  # the reminder's id: one e-mail per reminder
    Column("message_id", Text, nullable=False),
    Column("person_id", String(36), nullable=False),
    Column("email", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("digest", Integer, nullable=False),  # 1: waits for the person's daily digest
    Column("created_at", String(32), nullable=False),  # instants as UTC ISO text, compared as text
    Column("send_after", String(32), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("lease_until", String(32)),
    Column("sent_at", String(32)),
    Column("last_error", Text),
    Column("dead_at", String(32)),  # refused max_attempts times: no longer claimed
    Column("requeued_by", String(36)),  # the admin who last put a dead row back, and when
    Column("requeued_at", String(32)),
)
LATER_COLUMNS = ("dead_at", "requeued_by", "requeued_at")  # added to outboxes made before dead letters
STATUSES = {  # a row's status, as a condition
    "pending": and_(mail_outbox.c.sent_at.is_(None), mail_outbox.c.dead_at.is_(None)),
    "sent": mail_outbox.c.sent_at.is_not(None),
    "dead": mail_outbox.c.dead_at.is_not(None),
}


def stamp(at: datetime) -> str:
    """An instant as UTC ISO text (which sorts as time does)."""
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Mail:
    """One e-mail to write with the events: its row id (the reminder's id) and content."""

    row_id: UUID
    person_id: UUID
    email: str
    subject: str
    body: str
    digest: bool
    send_after: datetime


@dataclass(frozen=True)
class Claimed:
    row_id: str
    message_id: str
    person_id: str
    email: str
    subject: str
    body: str
    digest: bool
    attempts: int


class Outbox:
    """Contacts, the rows written with events, claims with a lease, marks."""

    statuses = tuple(STATUSES)

    @staticmethod
    def checked_email(address: str) -> str:
        """The address as kept, or ValueError in Vietnamese (`checked_email`)."""
        return checked_email(address)

    def __init__(self, ledger: LedgerStore, engine: Engine, domain: str = "thidua.local") -> None:
        self.ledger = ledger
        self.engine = engine
        self.domain = domain
        with schema_lock(engine):  # gunicorn's workers start together
            metadata.create_all(engine)
            add_later_columns(engine)

    # contacts -----------------------------------------------------------------------------------------
    def set_contact(self, person_id: UUID, email: str, mode: str = "each") -> None:
        """Keep a person's address (checked, normalised; their e-mails waiting go there too) and mode; ValueError in
    Vietnamese when either is wrong."""
        if mode not in MODES:
            raise ValueError(f"Cách nhận thư không hợp lệ: «{mode}».")
        email = checked_email(email)
        with self.engine.begin() as conn:
            conn.execute(mail_contacts.delete().where(mail_contacts.c.person_id == str(person_id)))
            conn.execute(mail_contacts.insert().values(person_id=str(person_id), email=email, mode=mode))
            conn.execute(update(mail_outbox).where(*waiting_of(person_id)).values(email=email))  # a new address
            withdraw_if_none(conn, person_id, mode)

    def set_mode(self, person_id: UUID, mode: str) -> bool:
        """False when the person has no address here."""
        with self.engine.begin() as conn:
            done = conn.execute(update(mail_contacts).where(mail_contacts.c.person_id == str(person_id)).values(mode=mode))
            withdraw_if_none(conn, person_id, mode)
        return done.rowcount == 1

    def contact(self, person_id: UUID) -> tuple[str, str] | None:
        """A person's (address, mode), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(mail_contacts).where(mail_contacts.c.person_id == str(person_id))).first()
        return None if row is None else (row.email, row.mode)

    def contacts(self) -> dict[UUID, tuple[str, str]]:
        """Each person's (address, mode)."""
        with self.engine.connect() as conn:
            return {UUID(r.person_id): (r.email, r.mode) for r in conn.execute(select(mail_contacts))}

    # writing with the events ----------------------------------------------------------------------------
    @contextmanager
    def written_with(self, mails: Sequence[Mail], now: datetime) -> Iterator[None]:
        """Within the block, the next transaction that inserts events also inserts `mails`."""
        def write(curs: Any, positions: Sequence[int], events: Sequence[StoredEvent]) -> None:
            curs.executemany(self.ledger._sql(
                "INSERT INTO mail_outbox (row_id, message_id, person_id, email, subject, body, digest, created_at, "
                "send_after, attempts) VALUES (?,?,?,?,?,?,?,?,?,0)"
            ), [(
                str(m.row_id), f"<{m.row_id}@{self.domain}>", str(m.person_id), m.email, m.subject, m.body,
                int(m.digest), stamp(now), stamp(m.send_after),
            ) for m in mails])

        with self.ledger.commits_with(write):
            yield

    # sending --------------------------------------------------------------------------------------------
    def claim(self, now: datetime, lease: timedelta, limit: int = 100) -> list[Claimed]:
        """Rows due and not held by a live lease, held until `now + lease` by this caller alone: one update of
        the rows it selects (PostgreSQL: locked, skipping rows another sender is claiming; SQLite: one writer)."""
        t = mail_outbox.c
        free = and_(t.sent_at.is_(None), t.dead_at.is_(None), or_(t.lease_until.is_(None), t.lease_until < stamp(now)), t.send_after <= stamp(now))
        due = select(t.row_id).where(free).order_by(t.send_after, t.row_id).limit(limit).with_for_update(skip_locked=True)
        with self.engine.begin() as conn:
            rows = conn.execute(
                update(mail_outbox).where(t.row_id.in_(due.scalar_subquery()), free)
                .values(lease_until=stamp(now + lease), attempts=t.attempts + 1).returning(*mail_outbox.c)
            ).all()
        return [Claimed(r.row_id, r.message_id, r.person_id, r.email, r.subject, r.body, bool(r.digest), r.attempts)
                for r in sorted(rows, key=lambda r: (r.send_after, r.row_id))]

    def mark_sent(self, row_ids: Sequence[str], now: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(mail_outbox).where(mail_outbox.c.row_id.in_(row_ids)).values(
                sent_at=stamp(now), lease_until=None, last_error=None,
            ))

    def retry_later(self, row_ids: Sequence[str], error: str, after: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(mail_outbox).where(mail_outbox.c.row_id.in_(row_ids)).values(
                send_after=stamp(after), lease_until=None, last_error=error[:500],
            ))

    def mark_dead(self, row_ids: Sequence[str], error: str, now: datetime) -> None:
        """Rows refused too often: kept with their last error, no longer claimed."""
        with self.engine.begin() as conn:
            conn.execute(update(mail_outbox).where(mail_outbox.c.row_id.in_(row_ids)).values(
                dead_at=stamp(now), lease_until=None, last_error=error[:500],
            ))

    def requeue(self, row_id: str, by: UUID, now: datetime) -> bool:
        """A dead row sent again from `now` with a fresh count of attempts; who and when kept. False when the row
        is not dead (sent, pending, or unknown) or its person has unsubscribed."""
        t = mail_outbox.c
        unsubscribed = select(mail_contacts.c.person_id).where(mail_contacts.c.mode == "none")
        with self.engine.begin() as conn:
            done = conn.execute(update(mail_outbox).where(
                t.row_id == row_id, t.dead_at.is_not(None), t.person_id.not_in(unsubscribed.scalar_subquery()),
            ).values(
                dead_at=None, attempts=0, send_after=stamp(now), requeued_by=str(by), requeued_at=stamp(now),
            ))
        return done.rowcount == 1

    def rows(self, status: str | None = None, limit: int | None = None) -> list[dict]:
        """The rows, oldest first, or the newest `limit` of a status (pending, sent, dead)."""
        t = mail_outbox.c
        query = select(mail_outbox).order_by(t.created_at, t.row_id)
        if status is not None:
            query = query.where(STATUSES[status])
        if limit is not None:
            query = query.order_by(None).order_by(t.created_at.desc(), t.row_id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        """How many rows of each status."""
        with self.engine.connect() as conn:
            return {status: conn.execute(select(func.count()).where(where).select_from(mail_outbox)).scalar_one()
                    for status, where in STATUSES.items()}


WITHDRAWN = "Người nhận đã hủy nhận thư nhắc việc."


def withdraw_if_none(conn: Connection, person_id: UUID, mode: str) -> None:
    """A person who stops reminder e-mails gets none of those still waiting (a digest's, a retry's): their rows
    are withdrawn as dead letters that say why (but one a sender holds now, already on its way)."""
    if mode == "none":
        conn.execute(update(mail_outbox).where(*waiting_of(person_id)).values(dead_at=stamp(utc_now()), last_error=WITHDRAWN))


def waiting_of(person_id: UUID) -> tuple:
    """A person's rows not sent yet, nor dead, nor held by a sender now (already on their way)."""
    t = mail_outbox.c
    free = or_(t.lease_until.is_(None), t.lease_until < stamp(utc_now()))
    return t.person_id == str(person_id), t.sent_at.is_(None), t.dead_at.is_(None), free


def checked_email(address: str) -> str:
    """An address as it will be written to (its domain normalised), or ValueError in Vietnamese. Whether the
    domain receives mail is not asked (no network); an intranet's own domain (`.local`) is accepted."""
    try:
        return validate_email(address.strip(), check_deliverability=False, globally_deliverable=False).normalized
    except EmailNotValidError:
        raise ValueError(f"Địa chỉ thư điện tử «{address.strip()}» không hợp lệ: cần dạng ten@co-quan.gov.vn.") from None


def add_later_columns(engine: Engine) -> None:
    """An outbox made before dead letters gets their columns (nullable: its rows stay as they were)."""
    present = {c["name"] for c in inspect(engine).get_columns("mail_outbox")}
    with engine.begin() as conn:
        for name in LATER_COLUMNS:
            if name not in present:
                conn.exec_driver_sql(f"ALTER TABLE mail_outbox ADD COLUMN {name} VARCHAR({mail_outbox.c[name].type.length})")
