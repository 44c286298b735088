"""What a computed API read does besides its own queries, kept cheap without changing its answer: the position
it reflects taken from the worker's read-model state, and the ETag from the body as sent (web.api.base)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from projections import queries
from tests.conftest import postgres_database
from tests.e2e.api_support import ApiWorld, open_api_world
from tests.e2e.test_response_cache import sign_up

AS_OF_QUERY = "min(projection_tracking.notification_id)"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request) -> Iterator[str | None]:
    if request.param == "postgres":
        yield from postgres_database()
    else:
        yield None


@pytest.fixture
def w(store_url, tmp_path, clock) -> Iterator[ApiWorld]:
    with open_api_world(tmp_path, clock, database_url=store_url) as world:
        clock.set(2025, 3, 2, 9)
        yield world
        world.store.write_uses()  # before the database goes


def statements(w: ApiWorld) -> list[str]:
    """Every statement the read models' engine runs from now on."""
    seen: list[str] = []
    event.listen(w.container.read_engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_a_page_says_the_position_its_read_models_reflect(w):
    path = f"/api/v1/campaigns/{w.world.campaign}/participants"
    before = w.client.get(path).get_json()["as_of"]
    sign_up(w)

    after = w.client.get(path).get_json()["as_of"]

    with w.container.read_engine.connect() as conn:
        assert after == queries.as_of(conn) > before


def test_a_page_takes_its_position_from_the_worker_while_nothing_changes(w):
    w.client.get("/api/v1/campaigns")
    seen = statements(w)

    answer = w.client.get("/api/v1/campaigns?page_size=5")

    assert answer.status_code == 200 and answer.get_json()["as_of"] > 0
    assert seen and not [s for s in seen if AS_OF_QUERY in s]


def test_an_answers_etag_is_the_hash_of_its_body(w):
    first = w.client.get("/api/v1/decisions")

    again = w.client.get("/api/v1/decisions", headers={"If-None-Match": first.headers["ETag"]})

    assert first.headers["ETag"] == f'"{hashlib.sha1(first.data).hexdigest()}"'
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize("read", ["standings", "participants", "targets"])
def test_a_campaigns_lists_answer_404_for_an_unknown_campaign(w, read):
    answer = w.client.get(f"/api/v1/campaigns/00000000-0000-0000-0000-000000000000/{read}")

    assert answer.status_code == 404 and answer.get_json()["message"] == "Không tìm thấy phong trào."
