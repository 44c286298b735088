"""The event feed: a consumer that follows it from 0 in pages rebuilds the decision list the API serves."""

import pytest

pytest_plugins = ("tests.e2e.api_support",)
PAGE = 250


@pytest.fixture(scope="module")
def feed(demo_container) -> list[dict]:
    """Every event, read as an integrator would: from 0, a page at a time, following `next`."""
    from adapters.tokens import TokenStore
    from domain.organisation import Person
    from domain.values import Role
    from web import create_app

    _token, secret = TokenStore.open(demo_container.projector.engine).create(Person.create_id("p019"), Role.AUDITOR)
    client = create_app({"TESTING": True}, container=demo_container).test_client()
    events, after = [], 0
    while True:
        page = client.get(f"/api/v1/events?after={after}&limit={PAGE}", headers={"Authorization": f"Bearer {secret}"}).get_json()
        if not page["items"]:
            return events
        events += page["items"]
        after = page["next"]


def decisions_from(events: list[dict]) -> dict[str, dict]:
    """What a consumer keeps: each decision's number, status, awardees and paid total."""
    decisions: dict[str, dict] = {}
    for event in events:
        data, key = event["data"], event["aggregate_id"]
        if event["type"] == "DecisionDrafted":
            paid = {i["nomination_id"]: i["paid_amount"] for i in data["items"]}
            decisions[key] = {"number": data["number"], "status": "drafted", "paid": paid, "total": data["totals"]["amount"]}
        elif event["type"] in ("DecisionSigned", "DecisionAmended", "DecisionRevoked"):
            decisions[key]["status"] = event["type"].removeprefix("Decision").lower()
    return decisions


def served(client, headers: dict[str, str]) -> dict[str, dict]:
    decisions = {}
    for summary in client.get("/api/v1/decisions", headers=headers).get_json()["items"]:
        d = client.get(f"/api/v1/decisions/{summary['decision_id']}", headers=headers).get_json()
        paid = {i["nomination_id"]: i["paid_amount"] for i in d["items"]}
        decisions[d["decision_id"]] = {"number": d["number"], "status": d["status"], "paid": paid, "total": d["total_amount"]}
    return decisions


def test_feed_followed_from_zero_rebuilds_the_decision_list_the_api_serves(feed, client, bearer):
    assert decisions_from(feed) == served(client, bearer("p019", "auditor"))  # who reads drafts too


def test_feed_has_every_event_once_in_order(feed, demo_container):
    positions = [e["position"] for e in feed]

    assert positions == list(range(1, demo_container.app.recorder.max_notification_id() + 1))


def test_feed_never_links_a_voter_to_a_choice(feed):
    ballots = [e for e in feed if e["type"] in ("BallotCast", "BallotDeposited", "EnvelopeDeposited")]
    cast = [e for e in ballots if e["type"] == "BallotCast"]

    assert cast and len(ballots) == 2 * len(cast) and all(e["redacted"] and e["data"] == {} for e in ballots)
    assert not any("voter_id" in e["data"] or "choices" in e["data"] for e in feed)


def test_feed_pages_match_the_document_and_end_with_an_empty_page(client, openapi, bearer):
    headers = bearer("p019", "auditor")
    first = openapi.check(client.get("/api/v1/events?limit=5", headers=headers))

    last = openapi.check(client.get(f"/api/v1/events?after={first['head']}", headers=headers))

    assert [e["position"] for e in first["items"]] == [1, 2, 3, 4, 5] and first["next"] == 5
    assert last["items"] == [] and last["next"] == first["head"]
