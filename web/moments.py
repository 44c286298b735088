"""A moment in the ledger's history as a request names it: an event position or an ISO timestamp."""

from __future__ import annotations

from datetime import datetime

from marshmallow import ValidationError, fields

from domain.clock import VIETNAM

MOMENT_HELP = "Cần một vị trí sự kiện (số) hoặc một thời điểm ISO 8601."


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


class MomentField(fields.String):
    """`parse_moment` as a marshmallow field."""

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return parse_moment(super()._deserialize(value, attr, data, **kwargs))
        except ValueError as error:
            raise ValidationError(str(error)) from None
