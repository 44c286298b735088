"""The hash chain's arithmetic, independent of any database.

Each stored event gets a link: the sha256 of its stored state bytes, the previous link in the
whole notification order, and the previous link of the same aggregate, hashed together with the
event's identity and topic. The notification id is deliberately not hashed, so an export imported
into another store (other ids, gaps) keeps the same digest; the order is covered by the links.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from typing import NamedTuple

from domain.seal import ChainPoint

GENESIS = "0" * 64
_TIMESTAMP = re.compile(rb'"timestamp":\{"_type_":"datetime_iso","_data_":"([^"]+)"')


class Link(NamedTuple):
    """One row of `ledger_chain`: what the event was when it was stored, and its place in the chain."""

    position: int  # notification id
    originator_id: str  # uuid hex
    version: int
    topic: str
    state_hash: str
    prev_chain: str
    prev_aggregate: str
    chain_hash: str
    seq: int  # 1 for the first link: the number of events the chain covers up to here

    @property
    def identity(self) -> tuple[str, int]:
        return self.originator_id, self.version

    def point(self) -> ChainPoint:
        return ChainPoint(self.position, self.chain_hash, self.seq)


def state_hash(state: bytes) -> str:
    return hashlib.sha256(state).hexdigest()


def link_hash(prev_chain: str, prev_aggregate: str, originator_id: str, version: int, topic: str, state_digest: str) -> str:
    material = "\n".join((prev_chain, prev_aggregate, originator_id, str(version), topic, state_digest))
    return hashlib.sha256(material.encode()).hexdigest()


def make_link(
    position: int, originator_id: str, version: int, topic: str, state: bytes, prev: Link | None, prev_aggregate: str,
) -> Link:
    """The link of an event stored after `prev` (None for the first one)."""
    digest = state_hash(state)
    prev_chain = prev.chain_hash if prev else GENESIS
    chained = link_hash(prev_chain, prev_aggregate, originator_id, version, topic, digest)
    seq = (prev.seq if prev else 0) + 1
    return Link(position, originator_id, version, topic, digest, prev_chain, prev_aggregate, chained, seq)


def is_consistent(link: Link) -> bool:
    """Whether a link's own hash matches its recorded fields."""
    return link.chain_hash == link_hash(
        link.prev_chain, link.prev_aggregate, link.originator_id, link.version, link.topic, link.state_hash,
    )


def recorded_at(state: bytes) -> str | None:
    """The event's recorded timestamp (the library's `timestamp`) in the index's sortable UTC form."""
    found = _TIMESTAMP.search(state)
    if found is None:
        return None
    text = found.group(1).decode()
    if len(text) == 32 and text.endswith("+00:00"):  # already UTC with microseconds: the usual case
        return text[:26] + "Z"
    return index_time(datetime.fromisoformat(text))


def index_time(at: datetime) -> str:
    """Fixed-width UTC text, so that comparing strings compares instants."""
    if at.tzinfo is None:
        raise ValueError("a point in time needs a time zone")
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
