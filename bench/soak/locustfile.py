"""The soak workload: readers of the public and integration API, and one writer per office who drives its
year through the JSON command API, a command per task: the unit's sign-up and its approval, progress
reports and their approval, then rounds of three dossiers (a person's sign-up, the nomination, its
submission, both approval stages), their public posting, and a council session on them with a secret
ballot from every member, closed and tallied.

Every writer counts the commands the server accepted and the events each must have written (from the
domain's definition of each command, `bench.soak.expectations`); when the run stops they go to SOAK_RESULTS
with the request figures, for the ledger check. Every few rounds a writer re-sends its unit's sign-up on
purpose: the only answer allowed is 409 (already signed up), counted apart, and it must write nothing. Any
other unexpected answer is a failure. SOAK_PLAN names the plan file written by `bench.soak.world`.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from itertools import count
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser
from locust.stats import StatsEntry

from bench.soak.expectations import CREATES, EACH, EVENTS

PLAN = json.loads(Path(os.environ["SOAK_PLAN"]).read_text())
API = "/api/v1"
CAMPAIGN = PLAN["campaign_id"]
TODAY = date.fromisoformat(PLAN["today"])
BATCH = 3  # dossiers per council session
DUPLICATE_EVERY = 4  # rounds between deliberate duplicate sign-ups

accepted: Counter[str] = Counter()
expected_events: Counter[str] = Counter()
refused: Counter[str] = Counter()
offices = iter(PLAN["offices"])


@events.test_stop.add_listener
def write_results(environment: Environment, **_kwargs: Any) -> None:
    """Once every user has finished its last task: the requests per endpoint, what failed, what was accepted
    and what the ledger must hold (locust's own CSV files are written on a timer and miss the last seconds)."""
    stats = environment.stats
    results = {
        "endpoints": [figures(entry) for entry in sorted(stats.entries.values(), key=lambda e: e.name)],
        "total": figures(stats.total),
        "failures": [{"name": e.name, "error": str(e.error), "occurrences": e.occurrences} for e in stats.errors.values()],
        "exceptions": [{"count": e["count"], "message": e["msg"]} for e in environment.runner.exceptions.values()],
        "accepted": accepted, "events": expected_events, "refused": refused,
    }
    Path(os.environ["SOAK_RESULTS"]).write_text(json.dumps(results, indent=1, sort_keys=True))


def figures(entry: StatsEntry) -> dict[str, Any]:
    """Requests, failures, rate and latency (ms, locust's rounded histogram) of one endpoint, or of all."""
    return {
        "name": entry.name, "requests": entry.num_requests, "failures": entry.num_failures, "rps": entry.total_rps,
        **{f"p{round(p * 100)}": entry.get_response_time_percentile(p) for p in (0.5, 0.95, 0.99)},
        "max": entry.max_response_time,
    }


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


class OfficeWriter(HttpUser):
    """One office's year; its clerk, head, secretary and council members and the province's dossier
    checkers each act with their own token."""

    fixed_count = len(PLAN["offices"])
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.office = next(offices)
        self.steps = self.year()

    @task
    def next_command(self) -> None:
        next(self.steps)

    def year(self) -> Iterator[None]:
        office, clerk, head = self.office, self.office["clerk"], self.office["head"]
        sign_up = {"participant_id": office["unit_id"], "participant_kind": "unit", "registered_titles": ["TLDTT"]}
        participation = yield from self.act("sign_up", f"/campaigns/{CAMPAIGN}/sign-ups", clerk, sign_up)
        yield from self.act("approve_sign_up", f"/participations/{participation}/approval", head, {})
        nominees = iter(office["nominees"])
        for round_ in count(1):
            report = yield from self.act("report_progress", f"/participations/{participation}/reports", clerk, {
                "period_label": f"{office['key']}-{round_}", "period_end": TODAY.isoformat(),
                "values": {code: round(random.uniform(60, 100), 1) for code in PLAN["targets"]},
            })
            yield from self.act("approve_report", f"/participations/{participation}/reports/{report}/approval", head, {})
            if round_ % DUPLICATE_EVERY == 0:
                yield from self.refused_duplicate(f"/campaigns/{CAMPAIGN}/sign-ups", clerk, sign_up)
            batch = [n for _, n in zip(range(BATCH), nominees)]
            if len(batch) == BATCH:
                yield from self.council_round(batch)

    def council_round(self, nominees: list[str]) -> Iterator[None]:
        office, clerk, head = self.office, self.office["clerk"], self.office["head"]
        dossiers = []
        for nominee in nominees:
            signed = yield from self.act("sign_up", f"/campaigns/{CAMPAIGN}/sign-ups", clerk, {
                "participant_id": nominee, "participant_kind": "person", "registered_titles": ["LDTT"],
            })
            yield from self.act("approve_sign_up", f"/participations/{signed}/approval", head, {})
            dossier = yield from self.act("nominate", "/nominations", clerk, {
                "campaign_id": CAMPAIGN, "nominee_id": nominee, "nominee_kind": "individual", "title_code": "LDTT",
                "achievements": f"Hoàn thành tốt nhiệm vụ năm {TODAY.year}.",
            })
            yield from self.act("submit_nomination", f"/nominations/{dossier}/submissions", clerk, {})
            yield from self.act("approve_stage", f"/nominations/{dossier}/approvals", head, {"stage": "unit_approved"})
            yield from self.act("approve_stage", f"/nominations/{dossier}/approvals", checker(), {"stage": "checked"})
            dossiers.append(dossier)
        until = TODAY + timedelta(days=PLAN["posting_days"])
        yield from self.act("post_publicly", "/postings", checker(), {"nomination_ids": dossiers, "until": until.isoformat()},
                            dossiers=len(dossiers))
        members = [m["person_id"] for m in office["members"]]
        session = yield from self.act("convene_session", "/council-sessions", office["secretary"], {
            "council_unit_id": office["unit_id"], "name": f"Hội đồng Thi đua - Khen thưởng {office['key']}",
            "chair_id": members[0], "members": members, "agenda": dossiers, "meeting_on": TODAY.isoformat(),
        })
        at = f"/council-sessions/{session}"
        yield from self.act("record_attendance", f"{at}/attendance", office["secretary"], {"present": members})
        for member in office["members"]:
            choices = {d: random.choice(("yes", "yes", "yes", "no")) for d in dossiers}
            yield from self.act("cast_ballot", f"{at}/ballots", member["token"], {"choices": choices})
        yield from self.act("close_session", f"{at}/closing", office["secretary"], {})
        yield from self.act("tally_session", f"{at}/tally", office["secretary"], {}, dossiers=len(dossiers))

    def act(self, command: str, path: str, token: str, body: dict, dossiers: int = 0) -> Iterator[None]:
        """Send one command and count what it wrote; the generator pauses after the request, so each task
        sends exactly one. Returns the new id for commands that create something."""
        answer = self.post(f"POST {command}", path, token, body, (201,) if command in CREATES else (200, 202))
        accepted[command] += 1
        for event, how_many in EVENTS[command].items():
            expected_events[event] += dossiers if how_many == EACH else how_many
        yield
        return answer.get("id")

    def refused_duplicate(self, path: str, token: str, body: dict) -> Iterator[None]:
        self.post("POST sign_up (again: 409 expected)", path, token, body, (409,))
        refused["sign_up again"] += 1
        yield

    def post(self, name: str, path: str, token: str, body: dict, expected: tuple[int, ...]) -> dict:
        """POST and check the status; an unexpected answer is a failure and ends this writer (its office's
        pipeline cannot go on without the step)."""
        with self.client.post(API + path, json=body, headers=bearer(token), name=name, catch_response=True) as response:
            if response.status_code in expected:
                response.success()
                return response.json()
            response.failure(f"{response.status_code}: {response.text[:300]}")
        raise StopUser()


def checker() -> str:
    return random.choice(PLAN["checkers"])


Check = Callable[[Any, Any], str | None]  # (user, JSON answer) -> a failure message or None


class Reader(HttpUser):
    """Standings, participants, the pipeline, nominations, inboxes, decisions, council results, postings,
    the OpenAPI document, and the event feed followed with its cursor."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.cursor = 0
        office = random.choice(PLAN["offices"])
        self.inbox_token = random.choice([office["head"], office["clerk"], office["secretary"], *PLAN["checkers"]])

    @task(4)
    def standings(self) -> None:
        self.get(f"/campaigns/{CAMPAIGN}/standings", "GET /campaigns/{id}/standings")

    @task(2)
    def participants(self) -> None:
        self.get(f"/campaigns/{CAMPAIGN}/participants?page_size=50", "GET /campaigns/{id}/participants")

    @task(1)
    def campaign(self) -> None:
        self.get(f"/campaigns/{CAMPAIGN}", "GET /campaigns/{id}")

    @task(3)
    def pipeline(self) -> None:
        self.get(f"/campaigns/{CAMPAIGN}/pipeline", "GET /campaigns/{id}/pipeline", PLAN["integration"])

    @task(2)
    def nominations(self) -> None:
        self.get("/nominations?page_size=50", "GET /nominations", PLAN["integration"])

    @task(3)
    def inbox(self) -> None:
        self.get("/inbox", "GET /inbox", self.inbox_token)

    @task(1)
    def decisions(self) -> None:
        self.get("/decisions", "GET /decisions")

    @task(1)
    def council_sessions(self) -> None:
        self.get("/council-sessions", "GET /council-sessions", PLAN["integration"])

    @task(1)
    def postings(self) -> None:
        self.get("/postings", "GET /postings")

    @task(1)
    def openapi(self) -> None:
        self.get("/openapi.json", "GET /openapi.json")

    @task(3)
    def event_feed(self) -> None:
        self.get(f"/events?after={self.cursor}&limit=200", "GET /events?after={cursor}", PLAN["integration"], follow_feed)

    def get(self, path: str, name: str, token: str | None = None, check: Check | None = None) -> None:
        with self.client.get(API + path, headers=bearer(token), name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:300]}")
                return
            problem = check(self, response.json()) if check else None
            if problem:
                response.failure(problem)
            else:
                response.success()


def follow_feed(reader: Reader, page: dict) -> str | None:
    """A feed page is in strictly increasing positions after the cursor, and `next` moves the cursor on."""
    positions = [item["position"] for item in page["items"]]
    if positions != sorted(set(positions)) or (positions and positions[0] <= reader.cursor):
        return f"feed out of order after #{reader.cursor}: {positions[:5]}…"
    if positions and page["next"] != positions[-1]:
        return f"feed cursor {page['next']} is not the last position {positions[-1]}"
    reader.cursor = page["next"]
    return None
