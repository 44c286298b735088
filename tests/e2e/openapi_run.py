"""Schemathesis' own engine (its examples, coverage, fuzzing and stateful phases) over the whole API, in
process, under three roles: an administrator, a unit clerk, and an integration token with every scope.

The store is a fresh one with the builders' world and an item of every kind (`populate_scene`); a path
parameter that names an item takes that item's id half of the time, a generated one otherwise. The
stateful phase follows the document's explicit links (web.api.links) and the ones schemathesis infers.
Used by the CI test (tests/e2e/test_openapi_fuzz.py) and the long run (tests/e2e/openapi_long_run.py).

Checks: every built-in one that judges a single answer against the document (CHECKS; NOT_CHECKED says why
not the others), with `positive_data_acceptance` read as `valid_request_accepted`: a schema-valid request may
still be refused by a rule about state or across fields (the domain's 422, a reused Idempotency-Key's 422,
403/404/409), but never for its shape (400, or a 422 naming fields), except for a free-form object's keys.
"""

from __future__ import annotations

import json
from traceback import format_exception
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema
from schemathesis.specs.openapi.checks import positive_data_acceptance

from domain.rules.read_access import SCOPES
from domain.values import Role
from tests.builders import grant, person
from tests.conftest import MutableClock
from tests.e2e.api_support import ApiWorld, open_api_world, populate_scene

CHECKS = (
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
    "response_headers_conformance", "negative_data_rejection", "valid_request_accepted", "missing_required_header",
    "unsupported_method", "allow_header_conformance", "use_after_free", "ensure_resource_availability",
)
NOT_CHECKED = (
    "positive_data_acceptance",  # as valid_request_accepted
    "ignored_auth",  # its probe fails on the WSGI transport (werkzeug takes no max_redirects); test_api_tokens tests 401s
    "object_level_authorization",  # needs two identities in one run: the read matrix (test_read_matrix) does this
)
PHASES = ("examples", "coverage", "fuzzing", "stateful")
ROLES = ("admin", "unit clerk", "integration")
PATH_IDS = (  # path parameters that name an item of the scene
    "campaign_id", "participation_id", "report_id", "nomination_id", "objection_id", "session_id", "decision_id",
    "unit_id", "person_id", "subject_id", "item_id", "cluster_id", "fund_id", "code", "proceeding_id", "fmt",
)


@schemathesis.check
def valid_request_accepted(ctx, response, case):  # type: ignore[no-untyped-def]
    """positive_data_acceptance, where a 422 that names no field (a rule of the domain, a reused key), or only keys
    of free-form objects (OpenAPI 3.0 cannot constrain property names: `propertyNames` is 3.1), is an answer."""
    if response.status_code == 422 and keys_at_most(error_body(response).get("errors", {}).get("json")):
        return None
    return positive_data_acceptance(ctx, response, case)


def keys_at_most(errors: object, depth: int = 0) -> bool:
    """Whether marshmallow's field errors (below `json`) are about nothing, or only about the keys of dictionaries
    ({"values": {"": {"key": [...]}}}: a field, one of its keys, then `key`)."""
    if errors is None:
        return True
    return isinstance(errors, dict) and all(name == "key" and depth >= 2 or keys_at_most(sub, depth + 1) for name, sub in errors.items())


def error_body(response) -> dict:  # type: ignore[no-untyped-def]
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@dataclass
class FuzzWorld:
    api: ApiWorld
    ids: dict[str, str]
    tokens: dict[str, dict[str, str]]  # role name -> Authorization header


@contextmanager
def fuzz_world(path: Path, database_url: str | None = None) -> Iterator[FuzzWorld]:
    """A fresh store (SQLite under `path`, or the empty database `database_url`) with its scene and a token per
    role: one person holding the administrator role everywhere, the division's clerk, and an integration token of
    the division with every scope."""
    with open_api_world(path, MutableClock(datetime.now(timezone.utc)), staff=6, database_url=database_url) as api:
        ids = populate_scene(api)
        w = api.world
        admin, integrator = (person(w.app, key, name, w.department) for key, name in (("quan-tri", "Quản trị"), ("tich-hop", "Hệ thống tích hợp")))
        grant(w.app, admin, Role.ADMIN, None)
        grant(w.app, integrator, Role.INTEGRATION, w.division)
        api.container.projector.catch_up()
        _token, secret = api.store.create(integrator, Role.INTEGRATION, scopes=SCOPES, label="fuzzing")
        tokens = {"admin": api.token(admin, Role.ADMIN), "unit clerk": api.token(w.clerk, Role.UNIT_CLERK),
                  "integration": {"Authorization": f"Bearer {secret}"}}
        try:
            yield FuzzWorld(api, ids, tokens)
        finally:
            api.store.write_uses()  # now, while the store is there (not at exit)


def config(
    world: FuzzWorld, role: str, *, examples: int, scenarios: int, steps: int, seed: int, phases: tuple[str, ...] = PHASES,
    seconds: int | None = None,
) -> SchemathesisConfig:
    """`examples` per operation and phase; `scenarios` walks of up to `steps` linked calls; at most `seconds` long
    if given. No NUL is generated:
    a key of a free-form object (a rule set's, a salary period's) cannot be constrained in OpenAPI 3.0
    (`propertyNames` is 3.1), and web.security refuses a NUL anywhere with 400."""
    return SchemathesisConfig.from_dict({
        "seed": seed,
        "cache": {"enabled": False},  # no .schemathesis/ left in the working directory; each run starts afresh
        **({"max-time": seconds} if seconds else {}),
        "headers": world.tokens[role],
        "generation": {"max-examples": examples, "deterministic": False, "allow-x00": False},
        "checks": {name: {"enabled": name in CHECKS} for name in (*CHECKS, *NOT_CHECKED)},
        "phases": {
            **{name: {"enabled": name in phases} for name in PHASES},
            "stateful": {"enabled": "stateful" in phases, "max-steps": steps, "generation": {"max-examples": scenarios}},
        },
        "dictionaries": {name: {"values": [world.ids[name]]} for name in PATH_IDS},
        "parameters": {f"path.{name}": {"dictionary": name, "probability": 0.5} for name in PATH_IDS},
    })


@dataclass
class Tally:
    """What one run sent and found."""

    requests: int = 0
    by_phase: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # check name -> failing answers
    examples: dict[str, str] = field(default_factory=dict)  # "check operation" -> the first failure, told
    errors: list[str] = field(default_factory=list)  # the engine's own errors (a server error raised in process, too)
    links: int = 0

    def add(self, other: Tally) -> None:
        self.requests += other.requests
        self.by_phase.update(other.by_phase)
        self.failures.update(other.failures)
        self.examples = {**other.examples, **self.examples}
        self.errors += other.errors
        self.links = max(self.links, other.links)

    def report(self) -> str:
        lines = [f"{self.requests} requests ({dict(self.by_phase)}), {self.links} links, failures: {dict(self.failures) or 0}, "
                 f"engine errors: {len(self.errors)}"]
        return "\n".join(lines + [f"- {label}: {told}" for label, told in self.examples.items()] + self.errors[:10])


def run(world: FuzzWorld, role: str, **settings: object) -> Tally:
    """One engine run under `role`."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", world.api.client.application, config=config(world, role, **settings))
    tally = Tally(links=schema.statistic.transitions.total)
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            record(tally, event)
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            tally.errors.append(f"{getattr(event, 'label', '')}: {event.value!r} {''.join(format_exception(event.value))[-1500:]}")
    return tally


def record(tally: Tally, event: events.ScenarioFinished) -> None:
    tally.requests += len(event.recorder.interactions)
    tally.by_phase[event.phase.value] += len(event.recorder.interactions)
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.failure_info is None:
                continue
            tally.failures[check.name] += 1
            label = f"{check.name} {event.label}"
            if label not in tally.examples:
                tally.examples[label] = told(check.failure_info.failure, event.recorder.interactions.get(case_id))


def told(failure, interaction) -> str:  # type: ignore[no-untyped-def]
    said = f"{failure.title}: {failure.message}".replace("\n", " ")[:400]
    if interaction is None or interaction.response is None:
        return said
    request, response = interaction.request, interaction.response
    return f"{said} | {request.method} {request.uri} {(request.body or b'')[:200]!r} -> {response.status_code} {(response.content or b'')[:300]!r}"
