"""A moment in the ledger's history as a request names it: an event position or an ISO timestamp
(`as_of`, the recording clock), or a business date (`on`, the clock of the events' own time)."""

from __future__ import annotations

from datetime import date, datetime

from marshmallow import ValidationError, fields

from domain.clock import VIETNAM

MOMENT_HELP = "Cần một vị trí sự kiện (số) hoặc một thời điểm ISO 8601."
DATE_HELP = "Cần một ngày dạng 2025-06-30 hoặc 30/06/2025."


def parse_moment(text: str) -> int | datetime:
    """An event position (digits) or an aware instant; a time without zone is Vietnam's civil time."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(MOMENT_HELP) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


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
