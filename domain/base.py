"""The project's aggregate base. Every recorded step carries `by` (person id), `role` and `at`
(business time); the library's own `timestamp` is the recorded time.

Event class names are a persisted schema: renaming one needs a registered topic alias.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate


class Entity(Aggregate):
    """Base for thidua aggregates."""


def same_person(a: UUID | None, b: UUID | None) -> bool:
    return a is not None and a == b
