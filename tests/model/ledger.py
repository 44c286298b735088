"""The model's view of the ledger: every recorded event in order, decoded, read incrementally."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.application import Thidua


@dataclass
class Recorded:
    """One event with its ledger position and its kind (`Nomination.StageApproved`, ...)."""

    position: int
    kind: str
    event: Any

    @property
    def originator_id(self) -> UUID:
        return self.event.originator_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)


@dataclass
class LedgerView:
    """Events of the application's ledger by position and by aggregate, read past the last position seen."""

    app: Thidua
    events: list[Recorded] = field(default_factory=list)
    by_aggregate: dict[UUID, list[Recorded]] = field(default_factory=lambda: defaultdict(list))

    @property
    def position(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def refresh(self) -> list[Recorded]:
        """Read what was recorded since the last call; return the new events."""
        start = self.events[-1].position + 1 if self.events else 1
        new = []
        while True:
            batch = self.app.recorder.select_notifications(start, 500)
            for notification in batch:
                event = self.app.mapper.to_domain_event(notification)
                recorded = Recorded(notification.id, type(event).__qualname__, event)
                new.append(recorded)
                self.by_aggregate[event.originator_id].append(recorded)
            if len(batch) < 500:
                break
            start = batch[-1].id + 1
        self.events += new
        return new

    def of(self, aggregate_id: UUID, *kinds: str) -> list[Recorded]:
        """The aggregate's events, only those of the given kinds when any are named."""
        return [e for e in self.by_aggregate.get(aggregate_id, []) if not kinds or e.kind in kinds]

    def all_of(self, *kinds: str) -> list[Recorded]:
        return [e for e in self.events if e.kind in kinds]
