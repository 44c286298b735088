"""Every read resource of /api/v1 on the demo data, each answer checked against the OpenAPI document."""

import pytest

pytest_plugins = ("tests.e2e.api_support",)

SECRETARY, AUDITOR = ("p005", "secretariat"), ("p019", "auditor")


@pytest.fixture
def auditor(bearer):
    return bearer(*AUDITOR)


def ids(client) -> dict[str, str]:
    return {c["key"]: c["campaign_id"] for c in client.get("/api/v1/campaigns").get_json()["items"]}


def first_decision(client) -> dict:
    listed = client.get("/api/v1/decisions").get_json()["items"]
    return client.get(f"/api/v1/decisions/{listed[-1]['decision_id']}").get_json()


@pytest.mark.parametrize("resource", ["", "/participants", "/standings", "/targets"])
def test_campaign_resources_are_public_and_match_the_document(client, openapi, resource):
    response = client.get(f"/api/v1/campaigns/{ids(client)['dienbien-2025']}{resource}")

    assert response.status_code == 200
    assert openapi.check(response)["as_of"] == client.application.extensions["thidua"].projector.position()


def test_standings_rank_participants_by_weighted_score(client, openapi):
    body = openapi.check(client.get(f"/api/v1/campaigns/{ids(client)['cum2-2023']}/standings"))

    scores = [s["score"] for s in body["items"]]
    assert body["total"] == 7 and scores == sorted(scores, reverse=True)
    assert body["items"][0]["rank"] == 1 and body["items"][0]["cluster_id"] is not None
    assert {p["code"] for p in body["items"][0]["progress"]} >= {"cum2-buu-chinh", "cum2-vien-thong"}


def test_ledger_targets_are_measured_from_awards_against_the_population(client, openapi):
    body = openapi.check(client.get(f"/api/v1/campaigns/{ids(client)['dienbien-2025']}/targets?page_size=100"))

    ldtt = next(t for t in body["items"] if t["code"] == "ldtt-95")
    assert ldtt["measure"] == "ledger" and ldtt["population"] > ldtt["achieved"] > 0
    assert ldtt["value"] == pytest.approx(100 * ldtt["achieved"] / ldtt["population"], abs=0.01)


def test_nominations_filter_by_stage_and_show_the_dossier(client, openapi, auditor):
    listed = openapi.check(client.get("/api/v1/nominations?stage=decided&page_size=5", headers=auditor))
    one = openapi.check(client.get(f"/api/v1/nominations/{listed['items'][0]['nomination_id']}", headers=auditor))

    assert listed["total"] == 99 and len(listed["items"]) == 5
    assert one["stage"] == "decided" and one["amount"] > 0 and one["campaign_theme"]


def test_eligibility_lists_unmet_criteria_with_articles(client, openapi, auditor):
    drafted = client.get("/api/v1/nominations?stage=drafted", headers=auditor).get_json()["items"]

    verdicts = [openapi.check(client.get(f"/api/v1/nominations/{n['nomination_id']}/eligibility", headers=auditor)) for n in drafted]

    assert any(not v["eligible"] and all(u["article"] for u in v["unmet"]) for v in verdicts)


def test_pipeline_counts_by_stage_title_and_unit(client, openapi, auditor):
    body = openapi.check(client.get(f"/api/v1/campaigns/{ids(client)['dienbien-2025']}/pipeline?page_size=500", headers=auditor))

    assert sum(r["count"] for r in body["items"]) == 121  # with the CSTĐ tỉnh proposed in the live year (adapters/demo/live.py)
    assert body["items"][0]["stage"] == "drafted"


def test_council_sessions_show_counts_and_never_voters(client, openapi, auditor):
    listed = openapi.check(client.get("/api/v1/council-sessions?page_size=100", headers=auditor))
    january = next(s for s in listed["items"] if s["meeting_on"] == "2026-01-06")  # the 2025 history's first session
    session = client.get(f"/api/v1/council-sessions/{january['session_id']}", headers=auditor)
    body = openapi.check(session)

    assert body["members_count"] == 9 and body["present_count"] == 8 and body["written_count"] == 1
    assert all(r["yes"] + r["no"] + r["abstain"] <= body["members_count"] for r in body["results"])
    assert "voter" not in session.get_data(as_text=True) and "choices" not in session.get_data(as_text=True)


def test_decisions_are_public_with_money_per_item_and_totals(client, openapi):
    listed = openapi.check(client.get("/api/v1/decisions"))
    decision = openapi.check(client.get(f"/api/v1/decisions/{listed['items'][-1]['decision_id']}"))

    assert listed["total"] == 3 and decision["status"] == "signed"
    item = decision["items"][0]
    assert item["amount"] == 710_000 and item["coefficient"] == "0.3" and item["base_salary"] == 2_340_000
    assert sum(t["amount"] for t in decision["unit_totals"]) == decision["total_amount"] == sum(i["paid_amount"] for i in decision["items"])


def test_award_history_per_person_and_per_unit(client, openapi, auditor):
    item = first_decision(client)["items"][0]

    person = openapi.check(client.get(f"/api/v1/people/{item['nominee_id']}/awards", headers=auditor))
    unit = openapi.check(client.get(f"/api/v1/units/{item['unit_id']}/awards", headers=auditor))

    assert {"LDTT"} <= {a["code"] for a in person["awards"]} and {2022, 2023, 2024, 2025} <= {r["year"] for r in person["ratings"]}
    assert item["nominee_id"] in {a["subject_id"] for a in unit["awards"]}


@pytest.mark.parametrize("path", ["/api/v1/units", "/api/v1/people?page_size=10", "/api/v1/inbox"])
def test_directory_and_inbox_lists_match_the_document(client, openapi, bearer, path):
    body = openapi.check(client.get(path, headers=bearer(*SECRETARY)))

    assert body["total"] > 0


def test_a_person_shows_their_roles(client, openapi, auditor):
    people = client.get("/api/v1/people?page_size=500", headers=auditor).get_json()["items"]
    huyen = next(p for p in people if p["key"] == "p005")

    body = openapi.check(client.get(f"/api/v1/people/{huyen['person_id']}", headers=auditor))

    assert "secretariat" in {r["role"] for r in body["roles"]}


def test_inbox_shows_what_waits_for_the_secretariat_with_a_deadline(client, bearer):
    items = client.get("/api/v1/inbox", headers=bearer(*SECRETARY)).get_json()["items"]

    waiting = [i for i in items if i["stage"] == "unit_approved"]
    assert waiting and all(i["waiting_role"] == "secretariat" and i["deadline"] for i in waiting)


def test_audit_trail_says_who_did_what_in_which_role(client, openapi, auditor):
    nomination = first_decision(client)["items"][0]["nomination_id"]

    body = openapi.check(client.get(f"/api/v1/audit-trails/{nomination}", headers=auditor))

    assert [e["summary"] for e in body["entries"]][:2] == ["Lập hồ sơ đề nghị «Lao động tiên tiến»", "Trình hồ sơ lên thủ trưởng đơn vị"]
    assert body["entries"][0]["role_label"] == "Cán bộ thi đua của đơn vị" and body["entries"][0]["actor_name"]


@pytest.mark.parametrize(("on", "version"), [("2025-06-30", "ND98"), ("2025-07-01", "ND152")])
def test_rulebook_by_date(client, openapi, on, version):
    body = openapi.check(client.get(f"/api/v1/rulebook?as_of={on}"))

    assert body["version"].startswith(version) and body["rules"]["titles"]


def test_postings_are_public(client, openapi):
    assert openapi.check(client.get("/api/v1/postings"))["total"] > 0  # the live year's dossiers under posting


@pytest.mark.parametrize("path", [
    "/api/v1/nominations", "/api/v1/council-sessions", "/api/v1/events", "/api/v1/inbox", "/api/v1/units",
])
def test_private_reads_need_a_token(client, openapi, path):
    response = client.get(path)

    assert response.status_code == 401 and openapi.check(response)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_openapi_document_and_its_page_work_offline(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    script = client.get("/api/v1/swagger-ui/swagger-ui-bundle.js")

    assert "/api/v1/swagger-ui/swagger-ui-bundle.js" in page and "http" not in page.split("<body>")[0]
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.data
    script.close()
