"""A moment in the ledger's history as a request names it: an event position or an ISO timestamp
(`as_of`, the recording clock), or a business date (`on`, the clock of the events' own time)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from marshmallow import ValidationError, fields

from domain.clock import VIETNAM

MAX_POSITION = 2**63 - 1  # the largest integer SQLite and PostgreSQL (bigint) store: a bound for positions
MOMENT_HELP = "Cần một vị trí sự kiện (số) hoặc một thời điểm ISO 8601."
DATE_HELP = "Cần một ngày dạng 2025-06-30 hoặc 30/06/2025."


def parse_moment(text: str) -> int | datetime:
    """An event position (digits, at most MAX_POSITION) or an aware instant that has a UTC time; a time
    without zone is Vietnam's civil time."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        if int(text) > MAX_POSITION:
            raise ValueError(MOMENT_HELP)
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
        moment.astimezone(timezone.utc)  # 0001-01-01 in Vietnam has none
    except (ValueError, OverflowError):
        raise ValueError(MOMENT_HELP) from None
    return moment


def parse_business_date(text: str) -> date:
    """A civil date, ISO (2025-06-30) or as Vietnamese write it (30/06/2025)."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(DATE_HELP)


class MomentField(fields.String):
    """`parse_moment` as a marshmallow field."""

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return parse_moment(super()._deserialize(value, attr, data, **kwargs))
        except ValueError as error:
            raise ValidationError(str(error)) from None
