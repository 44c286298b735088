"""Read-model answers kept per worker (web/response_cache.py): served again only while nothing they
depend on has changed — the read models, the asker, the URL, the date."""

from __future__ import annotations

import pytest

from adapters.read_model_state import ReadModelState
from domain import commands as c
from domain.values import Role
from projections import queries
from tests.builders import SYSTEM
from web.response_cache import ENTRY_OVERHEAD, Answer, ResponseCache

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
    monkeypatch.setattr(ReadModelState, "__call__", lambda _self: (("moving", next(states)),))
    path = f"/api/v1/campaigns/{w.world.campaign}/participants"

    w.client.get(path), w.client.get(path)

    assert len(calls) == 2


def test_a_kept_answer_still_records_the_token_use(w):
    head = w.token(w.world.head, Role.UNIT_HEAD)
    token_id = w.store.list()[-1].token_id
    first = w.client.get("/api/v1/inbox", headers=head)

    w.client.get("/api/v1/inbox", headers=head)
    w.client.get("/api/v1/inbox", headers={**head, "If-None-Match": first.headers["ETag"]})

    assert [(u["path"], u["status"]) for u in w.store.uses(token_id)] == [("/api/v1/inbox", 200)] * 2 + [("/api/v1/inbox", 304)]


def test_a_token_whose_person_lost_the_role_is_refused_even_for_a_kept_answer(w):
    head = w.token(w.world.head, Role.UNIT_HEAD)
    kept = w.client.get("/api/v1/inbox", headers=head)
    w.world.app.revoke_role(SYSTEM, c.RevokeRole(w.world.head, "unit_head", w.world.division))

    refused = w.client.get("/api/v1/inbox", headers=head)

    assert kept.status_code == 200 and refused.status_code == 401
    assert "không còn giữ vai trò" in refused.get_json()["message"]


def test_a_revoked_token_is_refused_even_for_a_kept_answer(w):
    head = w.token(w.world.head, Role.UNIT_HEAD)
    kept = w.client.get("/api/v1/inbox", headers=head)
    w.store.revoke(w.store.list()[-1].token_id)

    assert kept.status_code == 200 and w.client.get("/api/v1/inbox", headers=head).status_code == 401


def test_a_request_with_cookies_is_always_answered_afresh(w, monkeypatch):
    calls = counted(monkeypatch, "list_participants")
    path = f"/api/v1/campaigns/{w.world.campaign}/participants"
    w.client.set_cookie("lang", "en")

    w.client.get(path), w.client.get(path)

    assert len(calls) == 2


def test_a_bad_as_of_is_still_a_clear_error(w):
    w.client.get(f"/api/v1/campaigns/{w.world.campaign}")

    answer = w.client.get(f"/api/v1/campaigns/{w.world.campaign}", query_string={"as_of": "not-a-moment"})

    assert answer.status_code == 422 and answer.get_json()["message"]


def answer(body: bytes, etag: str) -> Answer:
    return Answer("200 OK", (("Content-Type", "application/json"), ("ETag", f'"{etag}"')), body)


def test_the_cache_holds_at_most_its_size_least_recently_used_going_first():
    cache = ResponseCache(max_bytes=2 * (100 + ENTRY_OVERHEAD))
    for key in ("a", "b", "c"):
        cache.keep(key, answer(b"x" * 100, key))
    cache.keep("huge", answer(b"x" * 10_000, "huge"))
    kept = {key: cache.get(key) for key in ("a", "b", "c", "huge")}

    assert kept["a"] is None and kept["huge"] is None
    assert kept["b"].body == b"x" * 100 and kept["c"].etag == "c"


def test_a_cache_of_size_zero_keeps_nothing():
    cache = ResponseCache(max_bytes=0)
    cache.keep("a", answer(b"{}", "a"))

    assert cache.get("a") is None
