"""Answers of read-model GETs kept per process and served again until the read models move.

A read of the read models is a function of the URL (path and query), the read models' state (every
projection's tracked position, `adapters.read_model_state`, or the `?as_of=` position), who asks (the token's person and role)
and the local date (ages and overdue flags). An answer is kept under exactly that key, and only
when the read models did not move while it was computed; a conditional GET whose ETag matches the
kept answer gets its 304. Entries are bounded by their total size (least recently used go first).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Hashable, TypeVar

from cachetools import LRUCache
from flask import Response, current_app, g, request

from domain.clock import local_date
from web.context import container, requested_position, services

F = TypeVar("F", bound=Callable[..., Any])
ENTRY_OVERHEAD = 512  # bytes counted for an entry's key and headers besides its body


@dataclass(frozen=True)
class Answer:
    """A kept response, as the view returned it (before the after-request hooks add their headers)."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str | None

    def respond(self) -> Response:
        if self.etag is not None and request.if_none_match.contains(self.etag):
            return Response(status=304, headers={"ETag": f'"{self.etag}"'})
        return Response(self.body, status=self.status, headers=list(self.headers))


class ResponseCache:
    """At most `max_bytes` of answers; safe to share between a worker's threads."""

    def __init__(self, max_bytes: int) -> None:
        self._entries: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=lambda a: len(a.body) + ENTRY_OVERHEAD)
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            return self._entries.get(key)

    def keep(self, key: Hashable, response: Response) -> None:
        body = response.get_data()
        answer = Answer(response.status_code, tuple(response.headers.items()), body, response.get_etag()[0])
        if len(body) + ENTRY_OVERHEAD <= self._entries.maxsize:
            with self._lock:
                self._entries[key] = answer


def cached_read(view: F) -> F:
    """Serve a read-model GET from the cache when nothing it depends on has changed."""

    @wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Any:
        cache: ResponseCache = current_app.extensions["thidua_responses"]
        actor = g.get("token_actor")
        position = requested_position()  # a fixed past; else the present state of every read model
        state = ("as_of", position) if position is not None else container().read_models_state()
        key = (request.full_path, state, actor, local_date(services().now()))
        kept = cache.get(key)
        if kept is not None:
            return kept.respond()
        response = view(*args, **kwargs)
        if response.status_code == 200 and (position is not None or container().read_models_state() == state):
            cache.keep(key, response)
        return response

    return answer  # type: ignore[return-value]
