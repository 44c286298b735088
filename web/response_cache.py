"""Answers of read-model GETs kept per worker and served again, before Flask, until the read models move.

A read of the read models is a function of the URL (scheme, host, path and query), the read models' state
(every projection's tracked position, `adapters.read_model_state`, or the `?as_of=` position), who asks
(the token's person, role and scopes) and the local date (ages and overdue flags). `KeptAnswers`, a WSGI
middleware around the Flask app, computes that key for every cookie-less API GET, answers from the
cache when it holds the key (recording the token's use, `304` to a matching `If-None-Match`), and
otherwise lets Flask answer. A view marked `@cached_read` lets its answer be kept, whole with the
headers every hook added, only when it is a 200 without cookies and the read models did not move while
it was computed. Anything else (a bad token, a bad `as_of`, a browser's cookie, a write) goes to Flask
as usual. Entries are bounded by their total size (least recently used go first).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, NamedTuple, TypeVar

from cachetools import LRUCache
from flask import request
from werkzeug import Request
from werkzeug.http import unquote_etag

from domain.clock import local_date
from domain.exceptions import InvalidCommandError
from web.api.base import bearer
from web.context import container, position_named

F = TypeVar("F", bound=Callable[..., Any])
ENTRY_OVERHEAD = 512  # bytes counted for an entry's key and headers besides its body
KEY = "thidua.answer_key"  # environ: the key this request's answer would be kept under
KEEP = "thidua.keep_answer"  # environ: set by a @cached_read view whose answer may be kept
UNCONDITIONAL = frozenset({"content-length", "content-type"})  # not sent with a 304


class AnswerKey(NamedTuple):
    scheme: str
    host: str
    path: str  # with the query
    state: Hashable  # every projection's position, or ("as_of", position)
    actor: Hashable  # the token's reader (person, role, its units and scopes), or None
    day: object  # the local date


@dataclass(frozen=True)
class Answer:
    """A kept response, exactly as Flask sent it."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def etag(self) -> str | None:
        value = next((v for k, v in self.headers if k.lower() == "etag"), None)
        return unquote_etag(value)[0] if value else None

    def serve(self, asked: Request, start_response: Callable) -> tuple[int, Iterable[bytes]]:
        """Send it (or a 304 when the client holds it); returns the status sent and the body."""
        etag = self.etag
        if etag is not None and asked.if_none_match.contains_weak(etag):
            start_response("304 NOT MODIFIED", [(k, v) for k, v in self.headers if k.lower() not in UNCONDITIONAL])
            return 304, []
        start_response(self.status, list(self.headers))
        return int(self.status[:3]), [self.body]


class ResponseCache:
    """At most `max_bytes` of answers; safe to share between a worker's threads."""

    def __init__(self, max_bytes: int) -> None:
        self._entries: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=lambda a: len(a.body) + ENTRY_OVERHEAD)
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            return self._entries.get(key)

    def keep(self, key: Hashable, answer: Answer) -> None:
        if len(answer.body) + ENTRY_OVERHEAD <= self._entries.maxsize:
            with self._lock:
                self._entries[key] = answer


class KeptAnswers:
    """WSGI middleware: kept answers served before Flask; Flask's answers kept when their view allows."""

    def __init__(self, wsgi_app: Callable, cache: ResponseCache, world: Any, access: Any, tokens: Any) -> None:
        self.wsgi_app = wsgi_app
        self.cache = cache
        self.world = world  # adapters.bootstrap.Container
        self.access = access  # adapters.access.Access
        self.tokens = tokens  # adapters.tokens.TokenStore

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ["REQUEST_METHOD"] != "GET" or "HTTP_COOKIE" in environ or not path.startswith("/api/"):
            return self.wsgi_app(environ, start_response)
        asked = Request(environ)
        holder = None
        if "HTTP_AUTHORIZATION" in environ:
            secret = bearer(environ["HTTP_AUTHORIZATION"])
            holder = self.access.holder(secret) if secret else None
            if holder is None or not holder.holds_role:
                return self.wsgi_app(environ, start_response)  # Flask answers the 401
        try:
            position = position_named(self.world.app, asked.args.get("as_of", ""))
        except InvalidCommandError:
            return self.wsgi_app(environ, start_response)  # Flask answers the 400
        state = ("as_of", position) if position is not None else self.world.read_models_state()
        actor = holder.reader if holder is not None else None  # who reads, with the token's scopes
        key = AnswerKey(asked.scheme, asked.host, asked.full_path, state, actor, local_date(self.world.app.now()))
        kept = self.cache.get(key)
        if kept is None:
            environ[KEY] = key
            return self._computed(environ, start_response, key)
        status, body = kept.serve(asked, start_response)
        if holder is not None:
            self.tokens.record_use(holder.token.token_id, "GET", asked.full_path.rstrip("?"), status)
        return body

    def _computed(self, environ: dict, start_response: Callable, key: AnswerKey) -> Iterable[bytes]:
        sent: list = []

        def noting(status: str, headers: list, exc_info: Any = None) -> Callable:
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, noting)
        if not environ.get(KEEP) or not sent or not sent[0].startswith("200 ") or any(
            name.lower() == "set-cookie" for name, _value in sent[1]
        ):
            return body
        try:
            data = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        self.cache.keep(key, Answer(sent[0], tuple(sent[1]), data))
        return [data]


def cached_read(view: F) -> F:
    """Let the view's answer be kept when it is a 200 and the read models did not move while it was computed."""

    @wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Any:
        key: AnswerKey | None = request.environ.get(KEY)
        response = view(*args, **kwargs)
        if key is not None and response.status_code == 200 and (
            key.state[:1] == ("as_of",) or container().read_models_state() == key.state
        ):
            request.environ[KEEP] = True
        return response

    return answer  # type: ignore[return-value]
