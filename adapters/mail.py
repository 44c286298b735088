"""Sending the outbox to an SMTP server with smtplib: claimed rows with a lease, each e-mail with its row's
Message-ID, a person's digest rows together in one e-mail; a refusal (451, a lost connection) puts the rows
back with an exponential back-off, capped, until a row's `max_attempts`-th refusal makes it a dead letter."""

from __future__ import annotations

import hashlib
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from adapters.config import SmtpSettings
from adapters.outbox import Claimed, Outbox
from domain.clock import utc_now

FIRST_RETRY = timedelta(minutes=1)  # after the first failure; doubled after each next one
LAST_RETRY = timedelta(hours=6)  # the back-off's cap
LEASE = timedelta(minutes=5)  # a claim held this long; a sender that dies lets it expire
# Headers unfolded up to RFC 5322's 998 characters: Python 3.11 folding a Vietnamese subject between two encoded
# words drops the space between them («Hội đồngTĐKT»), which the receiver cannot restore.
HEADERS = policy.SMTP.clone(max_line_length=998)


def back_off(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 1, 2, 4 … minutes, at most LAST_RETRY."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY)


def described(error: Exception) -> str:
    """A refusal as the server said it (code and text), else the error's kind and message: the row's last error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{to}: {code} {text.decode(errors='replace')}" for to, (code, text) in error.recipients.items())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    return f"{type(error).__name__}: {error}"


@dataclass(frozen=True)
class Envelope:
    """One e-mail to send: the rows it carries (one, or a person's digest)."""

    rows: tuple[Claimed, ...]
    message_id: str
    subject: str
    body: str


def envelopes(claimed: list[Claimed], domain: str) -> list[Envelope]:
    """One e-mail per row, one per person for the digest rows (its Message-ID from the rows it carries)."""
    single = [Envelope((r,), r.message_id, r.subject, r.body) for r in claimed if not r.digest]
    digests: dict[str, list[Claimed]] = {}
    for row in claimed:
        if row.digest:
            digests.setdefault(row.email, []).append(row)
    for rows in digests.values():
        carried = hashlib.sha256("|".join(sorted(r.row_id for r in rows)).encode()).hexdigest()[:32]
        body = "\n\n---\n\n".join(r.body for r in rows)
        single.append(Envelope(tuple(rows), f"<digest-{carried}@{domain}>", f"[Thi đua] Tổng hợp nhắc việc: {len(rows)} việc", body))
    return single


class Sender:
    """Send what is due in the outbox, once a tick."""

    def __init__(self, outbox: Outbox, smtp: SmtpSettings, clock: Callable[[], datetime] = utc_now) -> None:
        self.outbox = outbox
        self.smtp = smtp
        self.clock = clock

    def tick(self, limit: int = 100) -> tuple[int, int]:
        """Claim due rows, send them on one connection, mark each: (e-mails sent, e-mails put back)."""
        now = self.clock()
        claimed = self.outbox.claim(now, LEASE, limit)
        if not claimed:
            return 0, 0
        sent = failed = 0
        try:
            connection = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            self._put_back(claimed, error, now)
            return 0, len(claimed)
        with connection:
            for envelope in envelopes(claimed, self.outbox.domain):
                try:
                    connection.send_message(self._message(envelope, now))
                except (OSError, smtplib.SMTPException) as error:
                    self._put_back(list(envelope.rows), error, now)
                    failed += 1
                    continue
                self.outbox.mark_sent([r.row_id for r in envelope.rows], self.clock())
                sent += 1
        return sent, failed

    def _connect(self) -> smtplib.SMTP:
        connection = smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=30)
        if self.smtp.starttls:
            connection.starttls()
        if self.smtp.user:
            connection.login(self.smtp.user, self.smtp.password)
        return connection

    def _message(self, envelope: Envelope, now: datetime) -> EmailMessage:
        message = EmailMessage(policy=HEADERS)
        message["From"] = self.smtp.sender
        message["To"] = envelope.rows[0].email
        message["Subject"] = envelope.subject
        message["Message-ID"] = envelope.message_id
        message["Date"] = format_datetime(now)
        message.set_content(envelope.body)
        return message

    def _put_back(self, rows: list[Claimed], error: Exception, now: datetime) -> None:
        """Each row tried again after its back-off, or dead once refused `max_attempts` times."""
        reason = described(error)
        for row in rows:
            if row.attempts >= self.smtp.max_attempts:
                self.outbox.mark_dead([row.row_id], reason, now)
            else:
                self.outbox.retry_later([row.row_id], reason, now + back_off(row.attempts))
