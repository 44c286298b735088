"""Business time: Vietnam's civil date (UTC+7, no daylight saving) and an injectable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(tz=timezone.utc)


def local_date(at: datetime) -> date:
    """The civil date in Vietnam of an instant (deadlines and periods are civil dates)."""
    return at.astimezone(VIETNAM).date()
