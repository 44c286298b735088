"""Read-model answers kept per worker (web/response_cache.py): served again only while nothing they
depend on has changed — the read models, the asker, the URL, the date."""

from __future__ import annotations

import pytest
from flask import Flask, Response

from adapters.read_model_state import ReadModelState
from domain.values import Role
from projections import queries
from web.response_cache import ENTRY_OVERHEAD, ResponseCache

pytest_plugins = ("tests.e2e.api_support",)


@pytest.fixture
def w(api_world):
    api_world.clock.set(2025, 3, 2, 9)
    return api_world


def counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of a read function the views reach through `projections.queries`."""
    calls: list[int] = []
    original = getattr(queries, name)

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(queries, name, counting)
    return calls


def sign_up(w) -> None:
    answer = w.post(f"/campaigns/{w.world.campaign}/sign-ups", {
        "participant_id": str(w.world.division), "participant_kind": "unit"}, w.world.clerk, Role.UNIT_CLERK)
    assert answer.status_code == 201, answer.get_json()


def test_a_repeated_read_is_answered_again_until_the_read_models_move(w, monkeypatch):
    calls = counted(monkeypatch, "list_participants")
    path = f"/api/v1/campaigns/{w.world.campaign}/participants"

    first, again = w.client.get(path), w.client.get(path)
    sign_up(w)
    after = w.client.get(path)

    assert len(calls) == 2
    assert first.get_json() == again.get_json() and first.headers["ETag"] == again.headers["ETag"]
    assert first.get_json()["total"] == 0 and after.get_json()["total"] == 1
    assert after.get_json()["as_of"] > first.get_json()["as_of"]


def test_a_conditional_read_of_a_kept_answer_is_not_modified(w):
    path = f"/api/v1/campaigns/{w.world.campaign}"
    etag = w.client.get(path).headers["ETag"]

    answer = w.client.get(path, headers={"If-None-Match": etag})

    assert answer.status_code == 304 and answer.data == b"" and answer.headers["ETag"] == etag


def test_kept_answers_still_pass_through_the_security_headers(w):
    path = f"/api/v1/campaigns/{w.world.campaign}"
    w.client.get(path)

    kept = w.client.get(path)

    assert "Content-Security-Policy" in kept.headers and kept.headers["Content-Type"] == "application/json"


def test_each_token_holder_gets_their_own_inbox(w, monkeypatch):
    calls = counted(monkeypatch, "list_inbox")
    head, clerk = w.token(w.world.head, Role.UNIT_HEAD), w.token(w.world.clerk, Role.UNIT_CLERK)
    sign_up(w)

    for_head, for_clerk, head_again = (w.client.get("/api/v1/inbox", headers=h).get_json() for h in (head, clerk, head))

    assert len(calls) == 2
    assert [i["item_kind"] for i in for_head["items"]] == ["sign_up"] and for_clerk["items"] == []
    assert head_again == for_head


def test_the_inbox_is_answered_afresh_the_next_day(w, monkeypatch):
    calls = counted(monkeypatch, "list_inbox")
    head = w.token(w.world.head, Role.UNIT_HEAD)
    sign_up(w)

    today = w.client.get("/api/v1/inbox", headers=head).get_json()
    w.clock.advance(days=1)
    tomorrow = w.client.get("/api/v1/inbox", headers=head).get_json()

    assert len(calls) == 2 and [today["items"][0]["age_days"], tomorrow["items"][0]["age_days"]] == [0, 1]


def test_past_reads_are_kept_per_position(w, monkeypatch):
    sign_up(w)
    head = w.container.projector.position()
    calls = counted(monkeypatch, "list_participants")
    path = f"/api/v1/campaigns/{w.world.campaign}/participants"

    totals = [w.client.get(path, query_string={"as_of": position}).get_json()["total"] for position in (head - 1, head - 1, head)]

    assert len(calls) == 2 and totals == [0, 0, 1]


def test_an_answer_read_while_the_read_models_moved_is_not_kept(w, monkeypatch):
    calls = counted(monkeypatch, "list_participants")
    states = iter(range(1000))
    monkeypatch.setattr(ReadModelState, "__call__", lambda _self: next(states))
    path = f"/api/v1/campaigns/{w.world.campaign}/participants"

    w.client.get(path), w.client.get(path)

    assert len(calls) == 2


def test_the_cache_holds_at_most_its_size_least_recently_used_going_first():
    app = Flask(__name__)
    cache = ResponseCache(max_bytes=2 * (100 + ENTRY_OVERHEAD))
    with app.test_request_context("/"):
        for key in ("a", "b", "c"):
            cache.keep(key, Response(b"x" * 100, headers={"ETag": f'"{key}"'}))
        cache.keep("huge", Response(b"x" * 10_000))
        kept = {key: cache.get(key) for key in ("a", "b", "c", "huge")}

    assert kept["a"] is None and kept["huge"] is None
    assert kept["b"].body == b"x" * 100 and kept["c"].etag == "c"


def test_a_cache_of_size_zero_keeps_nothing():
    app = Flask(__name__)
    cache = ResponseCache(max_bytes=0)
    with app.test_request_context("/"):
        cache.keep("a", Response(b"{}"))

        assert cache.get("a") is None
