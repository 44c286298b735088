"""Schemathesis over the whole OpenAPI document, in process, under three roles (tests/e2e/openapi_run.py): its
coverage, fuzzing and stateful phases (the stateful one walking the document's explicit links), with every
check that judges one answer against the document; then what fuzzing found, each as a test of its own.
The store is this module's own: fuzzing writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import postgres_database
from tests.e2e.api_support import ApiWorld
from tests.e2e.openapi_run import ROLES, FuzzWorld, fuzz_world, run
from web.api.links import LINKS

RUNS = {  # phases and sizes per role, within the CI budget: the coverage phase's boundary values once
    "admin": {"phases": ("coverage", "fuzzing", "stateful"), "examples": 2, "scenarios": 12, "steps": 8},
    "unit clerk": {"phases": ("fuzzing", "stateful"), "examples": 2, "scenarios": 10, "steps": 8},
    "integration": {"phases": ("fuzzing", "stateful"), "examples": 2, "scenarios": 10, "steps": 8},
}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzWorld]:
    with fuzz_world(tmp_path_factory.mktemp("fuzz")) as world:
        yield world


@pytest.fixture
def api(fuzzed: FuzzWorld) -> ApiWorld:
    return fuzzed.api


@pytest.fixture
def known_ids(fuzzed: FuzzWorld) -> dict[str, str]:
    return fuzzed.ids


@pytest.fixture
def tokens(fuzzed: FuzzWorld) -> list[dict[str, str]]:
    return [fuzzed.tokens[role] for role in ROLES]


@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_finds_nothing(fuzzed: FuzzWorld, role: str) -> None:
    tally = run(fuzzed, role, seed=20251205, **RUNS[role])

    print(f"\n{role}: {tally.report()}")
    assert not tally.failures and not tally.errors, tally.report()
    assert tally.links >= sum(len(targets) for targets in LINKS.values()) and tally.by_phase["stateful"] > 0


@pytest.mark.postgres
def test_schemathesis_finds_nothing_on_postgresql(tmp_path: Path) -> None:
    """The same engine, shorter, on a PostgreSQL store (its own integer bounds, errors and transactions)."""
    with contextmanager(postgres_database)() as url, fuzz_world(tmp_path, database_url=url) as world:
        tally = run(world, "admin", seed=20251205, phases=("fuzzing", "stateful"), examples=2, scenarios=10, steps=8)

    print(f"\nadmin on PostgreSQL: {tally.report()}")
    assert not tally.failures and not tally.errors, tally.report()
    assert tally.by_phase["stateful"] > 0


@pytest.mark.parametrize(("path", "body"), [
    ("/people/{person_id}/departures", {"reason": "Nghỉ hưu"}),
    ("/records/{subject_id}/prior-awards", {"year": 2020, "code": "LDTT", "award_type": "regular", "decision_number": "9/QĐ", "decided_on": "2020-12-20"}),
])
def test_a_repeated_command_is_refused_and_the_read_models_keep_up(api: ApiWorld, known_ids: dict[str, str], tokens, path: str, body: dict) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: a second departure crashed the unit's member list; a second identical prior award
    was recorded and then broke the award history read model (unique row) for every later write."""
    url = "/api/v1" + path.format(**{**known_ids, "person_id": api.world.staff[5], "subject_id": api.world.staff[5]})

    first, again = (api.client.post(url, json=body, headers=tokens[0]) for _ in range(2))

    assert first.status_code == 200 and again.status_code in (409, 422), again.get_json()
    assert api.openapi.check(again)["message"]
    assert api.client.post("/api/v1/units", json={"key": f"sau-{path[1:4]}", "name": "Đơn vị", "short_name": "ĐV", "kind": "division", "province": "A", "abbreviation": "DV"}, headers=tokens[0]).status_code == 201


@pytest.mark.parametrize("query", ["/nominations?page=99999999999999999999", "/decisions?year=99999999999999999999", "/events?after=99999999999999999999"])
def test_numbers_past_what_the_database_stores_are_refused(api: ApiWorld, tokens, query: str) -> None:  # type: ignore[no-untyped-def]
    response = api.client.get("/api/v1" + query, headers=tokens[0])

    assert response.status_code == 422 and api.openapi.check(response)["errors"]


@pytest.mark.parametrize("query", [
    "/campaigns?as_of=0001-01-01T00:00:00",  # no UTC time: year 1 in Vietnam's zone is before year 1 in UTC
    "/campaigns?as_of=99999999999999999999",
    "/audit/items/{nomination_id}?as_of=99999999999999999999",
    "/audit/diff?from=0&to=99999999999999999999",
    "/people/{person_id}?on=%0A",  # the long run: blanks were read as no date, though the document allows only ""
    "/council-sessions?as_of=%0B",
])
def test_moments_no_store_or_clock_can_hold_are_refused(api: ApiWorld, known_ids: dict[str, str], tokens, query: str) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: the first answered 500 (an overflow turning it to UTC), the last two too (past SQL's integers)."""
    response = api.client.get("/api/v1" + query.format(**known_ids), headers=tokens[0])

    assert response.status_code == 422 and api.openapi.check(response)["message"]


@pytest.mark.parametrize(("path", "allowed"), [("/campaigns", {"GET", "POST", "HEAD", "OPTIONS"}), ("/nominations/{nomination_id}/approvals", {"POST", "OPTIONS"})])
def test_a_method_no_operation_has_is_405_with_allow(api: ApiWorld, known_ids: dict[str, str], tokens, path: str, allowed: set[str]) -> None:  # type: ignore[no-untyped-def]
    """Found by schemathesis: the API's 405 lost werkzeug's Allow header (RFC 9110 requires it)."""
    response = api.client.delete("/api/v1" + path.format(**known_ids), headers=tokens[0])

    assert response.status_code == 405 and set(response.headers["Allow"].split(", ")) == allowed
    assert api.openapi.error(response)["status"] == 405


def test_every_operation_documents_each_error_it_can_answer_with(api: ApiWorld) -> None:
    """No catch-all `default`: the statuses of web.api.responses, with the Error body (401 with its challenge)."""
    document = api.client.get("/api/v1/openapi.json").get_json()
    operations = [(path, method, operation) for path, methods in document["paths"].items()
                  for method, operation in methods.items() if method in ("get", "post")]

    for path, method, operation in operations:
        documented = set(operation["responses"])
        assert "default" not in documented and {"400", "401", "422", "503"} <= documented, (method, path)
        assert method == "get" or {"403", "404", "409", "413"} <= documented, (method, path)
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], (method, path)
    public = [(path, method) for path, method, operation in operations if operation.get("security") == [{}, {"bearerAuth": []}]]
    assert ("/api/v1/campaigns", "get") in public and ("/api/v1/nominations/{nomination_id}/objections", "post") in public
    assert ("/api/v1/events", "get") not in public and document["security"] == [{"bearerAuth": []}]


def test_the_links_name_operations_of_the_document_and_their_parameters(api: ApiWorld) -> None:
    document = api.client.get("/api/v1/openapi.json").get_json()
    links = [(path, status, link) for path, methods in document["paths"].items() for method, operation in methods.items()
             if method in ("get", "post") for status, answer in operation["responses"].items() for link in answer.get("links", {}).values()]

    assert len(links) == sum(len(targets) for targets in LINKS.values())
    for source, status, link in links:
        target_path, method = link["operationRef"].removeprefix("#/paths/").replace("~1", "/").replace("~0", "~").rsplit("/", 1)
        target = document["paths"][target_path][method]
        names = {p["name"] for p in target.get("parameters", []) + document["paths"][target_path].get("parameters", []) if p.get("in") == "path"}
        assert set(link["parameters"]) <= names and status in ("200", "201"), (source, link)


@pytest.mark.parametrize(("path", "body"), [
    ("/rulebooks", {"version": "hong", "effective_from": "2025-01-01", "effective_to": None, "rules": {}, "legal_bases": []}),
    ("/salary-schedules", {"entries": [{}], "source": "Nghị định"}),
    ("/salary-schedules", {"entries": [{"effective_from": "2026-01-01", "amount": -5}], "source": "Nghị định"}),
])
def test_rules_that_reads_could_not_use_are_refused_when_published(api: ApiWorld, tokens, path: str, body: dict) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: an empty rule set or a salary period without a start date was recorded, and from then on
    every read of the rules answered 409 (the rule set) or 500 (the base salary), the paperwork PDFs with them."""
    response = api.client.post("/api/v1" + path, json=body, headers=tokens[0])

    assert response.status_code == 409 and api.openapi.check(response)["code"] == "ruleset_invalid"
    assert api.client.get("/api/v1/rulebook", headers=tokens[0]).status_code == 200


@pytest.mark.parametrize(("field", "value"), [("name", "Phòng\x07 A"), ("name", "Phòng\nA"), ("short_name", "P\u202eA"), ("province", "\x85")])
def test_a_text_the_domain_would_refuse_is_refused_for_its_field_as_the_document_says(api: ApiWorld, tokens, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    body = {"key": "phong-kiem-tra", "name": "Phòng A", "short_name": "PA", "kind": "division", "province": "A", "abbreviation": "PA", field: value}
    response = api.client.post("/api/v1/units", json=body, headers=tokens[0])

    assert response.status_code == 422 and list(api.openapi.check(response)["errors"]["json"]) == [field]
    pattern = api.client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["RegisterUnit"]["properties"][field]["pattern"]
    assert pattern.startswith("^[^")
