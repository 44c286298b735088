"""A catch-up's decoder: what the library's mapper (`Mapper.to_domain_event`) makes of a stored event, for a
ledger of JSON without cipher or compression, in about half its time. The same transcodings decode the same
values, but a UUID is made from its 32 hex digits without `UUID.__init__`'s clean-up, dates and datetimes by
`fromisoformat` directly, and the JSON scanner is called without the decoder's checks around it. Whatever it
cannot read its way (another form of state, an unknown value type, stray text) goes to the mapper, which
decodes it or raises its own error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from json import JSONDecoder
from typing import Any
from uuid import UUID, SafeUUID

from eventsourcing.persistence import (
    DatetimeAsISO, JSONTranscoder, Mapper, UUIDAsHex, find_id_convertor, str_to_uuid_convertor,
)
from eventsourcing.utils import resolve_topic

from domain.transcodings import DateAsISO

_new = object.__new__
_set = object.__setattr__
UNKNOWN = SafeUUID.unknown


def uuid_of(digits: str) -> UUID:
    """The UUID of 32 hex digits (as `UUIDAsHex` stores it), equal to `UUID(digits)`; other forms go to `UUID`."""
    if len(digits) != 32:
        return UUID(digits)
    made = _new(UUID)
    _set(made, "int", int(digits, 16))
    _set(made, "is_safe", UNKNOWN)
    return made


FASTER: dict[type, Callable[[Any], Any]] = {DatetimeAsISO: datetime.fromisoformat, DateAsISO: date.fromisoformat}
SHARED = 4096  # ids a decoder keeps for the events to come (a rebuild's batch of 2,000 events names ~600)


class Decoder:
    """`to_domain_event` for the rows a catch-up reads (`id`, `originator_id`, `originator_version`, `topic`,
    `state`), equal to the mapper's."""

    def __init__(self, mapper: Mapper) -> None:
        self.mapper = mapper
        transcoder = mapper.transcoder
        self.plain = isinstance(transcoder, JSONTranscoder) and not mapper.cipher and not mapper.compressor
        names = transcoder.names if self.plain else {}
        self.values = {name: self._uuid if type(t) is UUIDAsHex else FASTER.get(type(t), t.decode) for name, t in names.items()}
        self.uuids: dict[str, UUID] = {}
        self.scan = JSONDecoder(object_hook=self._value).scan_once
        self.classes: dict[tuple[str, type], tuple[type, int, Callable[[Any], Any] | None]] = {}

    def __call__(self, stored: Any) -> Any:
        if not self.plain:
            return self.mapper.to_domain_event(stored)
        try:
            text = stored.state.decode("utf8")
            state, end = self.scan(text, 0)
            if end != len(text) or state.__class__ is not dict:
                raise ValueError("not one JSON object")
        except Exception:  # noqa: BLE001 - the mapper decodes it or says why not
            return self.mapper.to_domain_event(stored)
        originator_id = stored.originator_id
        cls, version, convert = self._class(stored.topic, originator_id.__class__)
        state["originator_id"] = originator_id if convert is None else convert(originator_id)
        state["originator_version"] = stored.originator_version
        since = state.pop("class_version", 1)
        while since < version:
            getattr(cls, f"upcast_v{since}_v{since + 1}")(state)
            since += 1
        event = _new(cls)
        _set(event, "__dict__", state)
        return event

    def _value(self, found: dict) -> Any:
        if len(found) == 2 and "_type_" in found and "_data_" in found:
            return self.values[found["_type_"]](found["_data_"])
        return found

    def _uuid(self, digits: str) -> UUID:
        """The UUID of these digits, the one made for the last events that named it (ids repeat: a province-year's
        events name 9,666 different ones 189,000 times); equal ids held by one object also compare at once."""
        made = self.uuids.get(digits)
        if made is None:
            if len(self.uuids) >= SHARED:
                self.uuids.clear()
            made = self.uuids[digits] = uuid_of(digits)
        return made

    def _class(self, topic: str, id_type: type) -> tuple[type, int, Callable[[Any], Any] | None]:
        known = self.classes.get((topic, id_type))
        if known is None:
            cls = resolve_topic(topic)
            convert = self._uuid if find_id_convertor(cls, id_type) is str_to_uuid_convertor else None
            known = self.classes[topic, id_type] = (cls, getattr(cls, "class_version", 1), convert)
        return known
