"""The library's mapper, handing back the events a thread has just encoded instead of decoding them again.

The inline read models (`adapters.ledger.inline`) decode a command's events in the transaction that records
them, from the very bytes this mapper made a moment before in the same thread: those come back as the event
they were made from. Every thidua event comes back equal through the JSON transcoder (text keys, lists, no
tuples), so a projection sees what a decode would give it. Anything else is decoded as the library does.
"""

from __future__ import annotations

import threading
from typing import Any

from eventsourcing.persistence import Mapper, StoredEvent

KEPT = 64  # encoded events a thread keeps (a command's are a few; a bulk copy's are not looked up)


class KeptMapper(Mapper):
    """The library's mapper, remembering per thread the last events it encoded (with their bytes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        kept = self._kept()
        if len(kept) >= KEPT:
            kept.clear()
        kept[id(stored.state)] = (stored.state, domain_event)  # the bytes held: their id is not reused meanwhile
        return stored

    def to_domain_event(self, stored_event: Any) -> Any:
        found = self._kept().get(id(stored_event.state))
        if found is not None and found[0] is stored_event.state:
            return found[1]
        return super().to_domain_event(stored_event)

    def _kept(self) -> dict[int, tuple[bytes, Any]]:
        try:
            return self._local.kept
        except AttributeError:
            self._local.kept = {}
            return self._local.kept
