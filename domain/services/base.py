"""The application service's shared plumbing: loading, saving, actor checks, error translation."""

from __future__ import annotations

import copy
import functools
import inspect
import random
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import ConnectionUnavailableError, IntegrityError, JSONTranscoder, Mapper, OperationalError

from domain.clock import Clock, utc_now
from domain.exceptions import (
    BusyError, ConflictError, DomainError, DuplicateError, NotFoundError, PermissionDeniedError, StoreUnavailableError,
)
from domain.mapper import KeptMapper
from domain.organisation import Person
from domain.text import clean_command
from domain.transcodings import TRANSCODINGS
from domain.values import SYSTEM_PERSON_ID, Actor, Role

T = TypeVar("T")

OnSaved = Callable[[int], None]
BUSY = "Hệ thống đang bận ghi dữ liệu khác; vui lòng thử lại sau giây lát."
CHANGED = "Dữ liệu vừa được người khác thay đổi; vui lòng tải lại và thử lại."
BUSY_ATTEMPTS = 3  # a command is run again from a fresh load when the store was busy, at most this often
UNCHANGEABLE = (str, int, float, Decimal, UUID, date, Enum, type(None))  # shared by a copy, not rebuilt


def retried_when_busy(command: Callable[..., T]) -> Callable[..., T]:
    """Run a command, its texts cleaned first (`domain.text`), and again when the store was too busy to take
    it (nothing was recorded: the transaction was rolled back); only the last attempt's BusyError reaches the caller.
    Each attempt looks at the ledger's end once (`CurrentRepository.one_look`)."""

    @functools.wraps(command)
    def run(self: Any, actor: Actor, cmd: Any) -> T:
        cmd = clean_command(cmd)
        for attempt in range(1, BUSY_ATTEMPTS):
            try:
                with self.repository.one_look():
                    return command(self, actor, cmd)
            except BusyError:
                time.sleep(random.uniform(0.02, 0.1) * attempt)  # noqa: S311 - jitter, not security
        with self.repository.one_look():
            return command(self, actor, cmd)

    return run


class ServiceBase(Application[UUID]):
    """Base of the Thidua application; command methods live in the mixins of `domain.services`."""

    name = "Thidua"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every command method of a service mixin, `(self, actor, cmd)`, takes clean text and is retried when
        the store is busy."""
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if inspect.isfunction(member) and list(inspect.signature(member).parameters)[:3] == ["self", "actor", "cmd"]:
                setattr(cls, name, retried_when_busy(member))

    def __init__(
        self, env: dict[str, str] | None = None, *, clock: Clock = utc_now, on_saved: OnSaved | None = None,
    ) -> None:
        super().__init__(env)
        self.clock = clock
        self.on_saved = on_saved

    def construct_mapper(self) -> Mapper[UUID]:
        """The library's mapper, handing back the events this thread has just encoded (`domain.mapper`)."""
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=KeptMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in TRANSCODINGS:
            transcoder.register(transcoding)

    def now(self) -> datetime:
        return self.clock()

    def who(self, actor: Actor) -> dict[str, object]:
        """The who/as-what/when fields every recorded step carries."""
        return {"by": actor.person_id, "role": actor.role.value, "at": self.now()}

    def load(self, aggregate_id: UUID, kind: type[T], label: str, version: int | None = None, *, read_only: bool = False) -> T:
        """Get an aggregate of a given class (as of `version`), or raise NotFoundError naming what was sought."""
        aggregate = self.find(aggregate_id, kind, version, read_only=read_only)
        if aggregate is None:
            raise NotFoundError(f"Không tìm thấy {label} «{aggregate_id}».")
        return aggregate

    def find(self, aggregate_id: UUID, kind: type[T], version: int | None = None, *, read_only: bool = False) -> T | None:
        """The aggregate of a given class, or None; a busy store is a BusyError, never a raw library error.

        `read_only` hands out the cached instance itself (no copy): only for aggregates the caller reads and
        never changes (a command's own aggregates are copies, `own_copy`, so a refused change leaves no trace).
        """
        try:
            aggregate = self.repository.get(aggregate_id, version=version, projector_func=replay, deepcopy_from_cache=not read_only)
        except AggregateNotFoundError:
            return None
        except (OperationalError, ConnectionUnavailableError) as error:
            raise unwritable_or_busy(error) from error
        return aggregate if isinstance(aggregate, kind) else None

    def commit(self, *aggregates: Any, duplicate: str | None = None) -> int:
        """Save atomically; a concurrent write becomes a ConflictError, never a lost update. Only a new
        aggregate whose id is already recorded is a DuplicateError (`duplicate` says what it is)."""
        new = [aggregate.id for aggregate in aggregates if is_new(aggregate)] if duplicate else []
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            if any(self.recorder.select_events(aggregate_id, limit=1) for aggregate_id in new):
                raise DuplicateError(duplicate) from None
            raise ConflictError(CHANGED) from None
        except (OperationalError, ConnectionUnavailableError) as error:
            raise unwritable_or_busy(error) from error
        position = recordings[-1].notification.id if recordings else self.recorder.max_notification_id() or 0
        if self.on_saved is not None:
            self.on_saved(position)
        return position

    def authorise(self, actor: Actor, roles: tuple[Role, ...], scope_id: UUID | None = None) -> Person | None:
        """Check the actor acts in one of `roles` and really holds it (globally or for `scope_id`)."""
        if actor.role is Role.SYSTEM and actor.person_id == SYSTEM_PERSON_ID:
            return None
        if actor.role not in roles:
            names = ", ".join(f"«{r.name_vi}»" for r in roles)
            raise PermissionDeniedError(f"Vai trò «{actor.role.name_vi}» không được thực hiện thao tác này (cần: {names}).")
        person = self.load(actor.person_id, Person, "người dùng", read_only=True)
        if not person.active or not any(person.holds(actor.role.value, s) for s in self.successors(scope_id)):
            raise PermissionDeniedError(f"Người dùng không giữ vai trò «{actor.role.name_vi}» cho mục này.")
        return person

    def successors(self, unit_id: UUID | None) -> Iterator[UUID | None]:
        """A unit, then the units it merged into (lazily): a successor acts for its predecessors."""
        yield unit_id
        for _hop in range(10):
            unit_id = getattr(self.find(unit_id, object, read_only=True), "successor_id", None) if unit_id else None
            if unit_id is None:
                return
            yield unit_id


def unwritable_or_busy(error: Exception) -> DomainError:
    """A store that cannot be written (read-only, full) is said so; anything else is a busy store, retried."""
    return StoreUnavailableError.of(error) or BusyError(BUSY)


def is_new(aggregate: Any) -> bool:
    """Whether the aggregate's pending events begin its history (it is created by this commit)."""
    pending = getattr(aggregate, "pending_events", None)
    return bool(pending) and pending[0].originator_version == 1


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's `project_aggregate` without its `assert isinstance(event, CanMutateProtocol)`: a
    runtime-checkable Protocol costs ~20 µs an event on Python 3.11, and every thidua event can mutate."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def own_copy(aggregate: T) -> T:
    """What the aggregate cache's `deepcopy` makes, for a command to change (a refused change leaves the
    cached instance as it was), without rebuilding the attributes that cannot change (ids, dates, text)."""
    copied = copy.copy(aggregate)
    memo: dict[int, Any] = {id(aggregate): copied}
    for name, value in vars(aggregate).items():
        if not isinstance(value, UNCHANGEABLE):
            vars(copied)[name] = copy.deepcopy(value, memo)
    return copied
