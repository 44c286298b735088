"""Schemathesis over the whole OpenAPI document, in-process (WSGI), with API tokens.

Every operation gets a few seeded examples, valid and invalid, with generated ids and with ids of items
that exist (a campaign, a participation and its report, nominations, an objection, a council session,
a decision), sent with the token of one of the roles a fuzzing person holds everywhere; each answer must
not be a server error and must match the documented status codes, content type and body schema. Then a
short stateful run follows the links schemathesis infers between operations (an id a POST answers with,
used by the operations that take it). The store is this module's own: fuzzing writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from domain.values import Role
from tests.builders import grant, person
from tests.conftest import MutableClock
from tests.e2e.api_support import ApiWorld, open_api_world, populate_scene

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 5  # per operation and generation mode
FUZZ = settings(
    max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)  # no shrinking: a failure is reported as found
FUZZING_ROLES = (Role.ADMIN, Role.SECRETARIAT, Role.UNIT_CLERK, Role.UNIT_HEAD, Role.SIGNER, Role.COUNCIL_MEMBER, Role.AUDITOR)


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiWorld]:
    with open_api_world(tmp_path_factory.mktemp("fuzz"), MutableClock(datetime.now(timezone.utc)), staff=6) as world:
        yield world


@pytest.fixture(scope="module")
def known_ids(fuzz_world: ApiWorld) -> dict[str, str]:
    """Items in every state a path can name: the id each path parameter gets when it is not generated."""
    return populate_scene(fuzz_world)


@pytest.fixture(scope="module")
def tokens(fuzz_world: ApiWorld) -> list[dict[str, str]]:
    """Bearer headers of one person who holds every role everywhere, one per role."""
    app = fuzz_world.world.app
    fuzzer = person(app, "fuzzer", "Người kiểm thử", fuzz_world.world.department)
    for role in FUZZING_ROLES:
        grant(app, fuzzer, role, None)
    fuzz_world.container.projector.catch_up()
    return [fuzz_world.token(fuzzer, role) for role in FUZZING_ROLES]


@pytest.fixture(scope="module")
def api_schema(fuzz_world: ApiWorld):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_world.client.application)


def cases(operation, mode: GenerationMode, known_ids: dict[str, str]) -> st.SearchStrategy:  # type: ignore[no-untyped-def]
    """Generated ids, or the ids of existing items for the path parameters that name one."""
    names = [p.name for p in operation.path_parameters]
    generated = operation.as_strategy(generation_mode=mode)
    if not names or any(n not in known_ids for n in names):
        return generated
    return st.one_of(generated, operation.as_strategy(generation_mode=mode, path_parameters={n: known_ids[n] for n in names}))


def test_every_operation_answers_as_documented(api_schema, known_ids: dict[str, str], tokens: list[dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    sent: list[int] = []
    failures: dict[str, Any] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:
        for mode in GenerationMode:
            @FUZZ
            @given(case=cases(operation, mode, known_ids), headers=st.sampled_from(tokens))
            def fuzz(case, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
                response = case.call(headers=headers)
                sent.append(response.status_code)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                fuzz()
            except Exception as failure:  # noqa: BLE001 - every operation is fuzzed, then all failures are shown
                failures[f"{operation.label} ({mode})"] = failure

    print(f"\n{len(operations)} operations, {len(sent)} requests, {len(failures)} failing")
    assert not failures, "\n\n".join(f"{label}:\n{failure}" for label, failure in failures.items())



def test_stateful_runs_follow_the_links_between_operations(api_schema, tokens: list[dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Scenarios chain operations through the links schemathesis infers (ids answered, then used), as an administrator."""
    headers, sent = tokens[0], []

    class Workflow(api_schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            sent.append(case.operation.label)
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):  # type: ignore[no-untyped-def]
            case.validate_response(response, checks=CHECKS, headers=headers)

    Workflow.run(settings=settings(FUZZ, max_examples=10, stateful_step_count=6))

    print(f"\n{api_schema.statistic.transitions.total} links, {len(sent)} requests over {len(set(sent))} operations")
    assert api_schema.statistic.transitions.total > 0 and sent


@pytest.mark.parametrize(("path", "body"), [
    ("/people/{person_id}/departures", {"reason": "Nghỉ hưu"}),
    ("/records/{subject_id}/prior-awards", {"year": 2020, "code": "LDTT", "award_type": "regular", "decision_number": "9/QĐ", "decided_on": "2020-12-20"}),
])
def test_a_repeated_command_is_refused_and_the_read_models_keep_up(fuzz_world: ApiWorld, known_ids: dict[str, str], tokens, path: str, body: dict) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzzing: a second departure crashed the unit's member list; a second identical prior award
    was recorded and then broke the award history read model (unique row) for every later write."""
    url = "/api/v1" + path.format(**{**known_ids, "person_id": fuzz_world.world.staff[5], "subject_id": fuzz_world.world.staff[5]})

    first, again = (fuzz_world.client.post(url, json=body, headers=tokens[0]) for _ in range(2))

    assert first.status_code == 200 and again.status_code in (409, 422), again.get_json()
    assert fuzz_world.openapi.check(again)["message"]
    assert fuzz_world.client.post("/api/v1/units", json={"key": f"sau-{path[1:4]}", "name": "Đơn vị", "short_name": "ĐV", "kind": "division", "province": "A", "abbreviation": "DV"}, headers=tokens[0]).status_code == 201


@pytest.mark.parametrize("query", ["/nominations?page=99999999999999999999", "/decisions?year=99999999999999999999", "/events?after=99999999999999999999"])
def test_numbers_past_what_the_database_stores_are_refused(fuzz_world: ApiWorld, tokens, query: str) -> None:  # type: ignore[no-untyped-def]
    response = fuzz_world.client.get("/api/v1" + query, headers=tokens[0])

    assert response.status_code == 422 and fuzz_world.openapi.check(response)["errors"]
