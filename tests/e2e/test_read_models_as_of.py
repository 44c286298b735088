"""Read models as of an earlier moment (`?as_of=` on the API and the pages), against a history recorded
under freezegun: a sign-up and a first-quarter report on 1 March, a second-quarter report on 1 April."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

from domain.values import Role
from tests.conftest import accept_freezegun_values
from tests.e2e.api_support import open_api_world
from tests.e2e.ui_support import page_text

HANOI = timezone(timedelta(hours=7))
FIRST_REPORT = datetime(2027, 3, 1, 9, 0, tzinfo=HANOI)
SECOND_REPORT = datetime(2027, 4, 1, 9, 0, tzinfo=HANOI)
MINUTE = timedelta(minutes=1)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    with open_api_world(tmp_path_factory.mktemp("as-of"), clock_at_launch()) as world:
        accept_freezegun_values(world.container.app)
        clerk = (world.world.clerk, Role.UNIT_CLERK)

        def report(participation: str, label: str, end: str, value: int) -> None:
            answer = world.post(f"/participations/{participation}/reports", {
                "period_label": label, "period_end": end, "values": {"dvc-online": value}}, *clerk)
            assert answer.status_code == 201, answer.get_json()

        with freeze_time(FIRST_REPORT) as frozen:
            world.clock.set(2025, 4, 5, 9)  # business time: the first quarter is over
            participation = world.post(f"/campaigns/{world.world.campaign}/sign-ups", {
                "participant_id": str(world.world.division), "participant_kind": "unit"}, *clerk).get_json()["id"]
            report(participation, "2025-Q1", "2025-03-31", 55)
            first = world.container.app.recorder.max_notification_id()
            frozen.move_to(SECOND_REPORT)
            world.clock.set(2025, 7, 5, 9)
            report(participation, "2025-Q2", "2025-06-30", 70)
        yield world, first


def clock_at_launch():
    from tests.conftest import MutableClock

    return MutableClock(datetime(2025, 1, 2, 2, tzinfo=timezone.utc))


def standings(world, as_of: object = None) -> tuple[int, list]:
    query = {} if as_of is None else {"as_of": as_of}
    body = world.client.get(f"/api/v1/campaigns/{world.world.campaign}/standings", query_string=query).get_json()
    return body["as_of"], [(row["name"], {p["code"]: p["value"] for p in row["progress"]}) for row in body["items"]]


def test_the_api_answers_as_of_an_event_position_or_a_recorded_time(history):
    world, first = history
    head, now = standings(world)

    assert now == [("Phòng Công nghệ thông tin", {"dvc-online": 70.0})]
    assert standings(world, first) == (first, [("Phòng Công nghệ thông tin", {"dvc-online": 55.0})])
    assert standings(world, (FIRST_REPORT + MINUTE).isoformat()) == standings(world, first)
    assert standings(world, (SECOND_REPORT - MINUTE).strftime("%Y-%m-%dT%H:%M")) == standings(world, first)
    assert standings(world, head) == (head, now)


def test_before_the_first_sign_up_nobody_stood(history):
    world, _first = history

    position, rows = standings(world, (FIRST_REPORT - MINUTE).isoformat())

    assert rows == [] and position < world.container.app.position_of_moment(FIRST_REPORT)


@pytest.mark.parametrize(("as_of", "message"), [
    ("hôm qua", "Cần một vị trí sự kiện (số) hoặc một thời điểm ISO 8601."),
    ("999999999", "chưa có sự kiện #999999999"),
])
def test_a_moment_that_cannot_be_read_is_refused_with_a_reason(history, as_of, message):
    world, _first = history

    response = world.client.get(f"/api/v1/campaigns/{world.world.campaign}/standings?as_of={as_of}")

    assert response.status_code == 422 and message in response.get_json()["message"]


def test_the_document_offers_as_of_on_read_model_reads_only(history):
    world, _first = history
    paths = world.openapi.document["paths"]

    def offers(path: str) -> bool:
        return any(p.get("name") == "as_of" for p in paths[path]["get"].get("parameters", []))

    assert offers("/api/v1/campaigns/{campaign_id}/standings") and offers("/api/v1/decisions")
    assert not offers("/api/v1/events") and not offers("/api/v1/nominations/{nomination_id}/eligibility")


def test_a_page_as_of_a_position_says_so_and_links_back_to_the_present(history):
    world, first = history

    past = page_text(world.client.get(f"/campaigns/{world.world.campaign}?as_of={first}"))
    present = page_text(world.client.get(f"/campaigns/{world.world.campaign}"))

    assert f"Bạn đang xem dữ liệu như tại sự kiện số #{first}" in past and "Xem dữ liệu hiện tại" in past
    assert "55" in past and "Bạn đang xem dữ liệu như tại" not in present


def test_who_may_read_is_decided_by_the_present_even_when_reading_the_past(history):
    world, _first = history
    headers = world.token(world.world.clerk, Role.UNIT_CLERK)  # the clerk's role was granted after event #5

    response = world.client.get("/api/v1/inbox", query_string={"as_of": 5}, headers=headers)

    assert response.status_code == 200 and response.get_json()["as_of"] == 5
