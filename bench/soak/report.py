"""SOAK.md: what ran, whether each check held, then the figures (requests, latency per endpoint, commands
accepted, events written, projection lag and convergence)."""

from __future__ import annotations

from bench.machine import describe, load_average
from bench.soak.expectations import described
from bench.soak.run import Outcome


def endpoint_rows(outcome: Outcome) -> list[str]:
    rows = ["| endpoint | requests | failed | req/s | p50 ms | p95 ms | p99 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    endpoints = [(f"`{e['name']}`", e) for e in outcome.results.get("endpoints", [])] + [("**all**", outcome.total)]
    for name, e in endpoints:
        rows.append(f"| {name} | {e['requests']:,} | {e['failures']:,} | {e['rps']:.2f} "
                    f"| {e['p50']:,} | {e['p95']:,} | {e['p99']:,} | {e['max']:,.0f} |")
    return rows


def command_rows(outcome: Outcome) -> list[str]:
    accepted, events, ledger = outcome.accepted, outcome.expected_events, outcome.ledger
    rows = ["| command | accepted |", "| --- | ---: |"]
    rows += [f"| `{name}` | {count:,} |" for name, count in sorted(accepted.items())]
    rows += [f"| **all commands** | **{sum(accepted.values()):,}** |", "",
             "| event | expected from the accepted commands | in the ledger |", "| --- | ---: | ---: |"]
    rows += [f"| `{name}` | {events[name]:,} | {ledger[name]:,} |" for name in sorted(events.keys() | ledger.keys())]
    rows.append(f"| **all events** | **{sum(events.values()):,}** | **{sum(ledger.values()):,}** |")
    return rows


def problems(outcome: Outcome) -> list[str]:
    """The failed requests and the errors of the workload's own code, if any."""
    failures = [f"`{f['name']}` ×{f['occurrences']}: {f['error'][:200]}" for f in outcome.results.get("failures", [])]
    errors = [f"×{e['count']}: {e['message'][:200]}" for e in outcome.results.get("exceptions", [])]
    return [f"{label}: " + "; ".join(found) + "\n" for label, found in (("Failures", failures), ("Workload errors", errors)) if found]


def render(outcome: Outcome, command: str) -> str:
    o, total = outcome.options, outcome.total
    refused = outcome.results.get("refused", {})
    verdict = "**passed**" if outcome.ok else "**FAILED**"
    lines = [
        "# Load and soak test",
        "",
        f"Reproduce: `{command}` (PostgreSQL at 127.0.0.1:5432; the database `{o.database}` is dropped and recreated). "
        f"Run {outcome.started_at:%Y-%m-%d %H:%M} UTC: {verdict}.",
        "",
        f"**Setup.** {o.minutes:g} min of load from locust ({o.users} users: {o.offices} office writers, {o.readers} readers, "
        f"each waiting 0.5–1.5 s between tasks) against gunicorn with {o.web_workers} sync workers and one `thidua worker` "
        f"(LISTEN/NOTIFY), all on this machine (`THIDUA_ENV=test`, plain HTTP on 127.0.0.1). The world (bench.generator): a province committee and {o.offices} offices "
        f"of {o.staff} people, a campaign launched this year, this year's ratings; {outcome.baseline:,} events, loaded "
        f"and projected in {outcome.prepared_in:.0f} s before the load.",
        "",
        "**Workload.** Readers: standings, participants, campaign, pipeline, nominations, inbox (clerk, head, "
        "secretary or checker tokens), decisions, council results, public postings, the OpenAPI document, and the "
        "event feed followed with its cursor (each page checked in order). Writers, one per office, one command per "
        "task through the JSON command API: the unit's sign-up and approval; then rounds of a progress report and "
        "its approval, and three dossiers (a person's sign-up and approval, nomination, submission, unit approval, "
        "dossier check by the province's Ban Thi đua), their public posting, a council session (convened, attendance, "
        "a secret ballot from each member, closed, tallied). Decisions are not drafted under load: a decision needs "
        "the public posting period to be over, which takes days.",
        "",
        f"**Expected refusals.** Every fourth round a writer re-sends its unit's sign-up (a double submission): the "
        f"only accepted answer is 409, and it must write nothing. {sum(refused.values()):,} such requests were "
        "answered 409; they count as successes in the tables below and add no event to the expectation. "
        "Any other status (5xx, another 4xx, a connection error) is a failure.",
        "",
        "## Checks",
        "",
        "| check | result | detail |",
        "| --- | :---: | --- |",
        *[f"| {name} | {'pass' if passed else '**FAIL**'} | {detail} |" for name, passed, detail in outcome.checks()],
        "",
        "## Requests",
        "",
        f"{total['requests']:,} requests, {total['failures']:,} failed, "
        f"{total['rps']:.1f} requests/s on average over the run. Latency is measured by locust "
        "from the request's start (p50/p95/p99 rounded by locust's histogram).",
        "",
        *endpoint_rows(outcome),
        "",
        *problems(outcome),
        "## Commands and events",
        "",
        "What each accepted command must write (its definition in `domain/services`; `bench/soak/expectations.py`):",
        "",
        *described(),
        "",
        *command_rows(outcome),
        "",
        "## Read models",
        "",
        f"- Largest projection lag seen during the load (sampled every second, {outcome.lag_samples} samples): "
        f"{outcome.largest_lag:,} events.",
        f"- After the load stopped, the worker's tracking position reached the ledger's head (#{outcome.head:,}) in "
        + (f"{outcome.converged_in:.2f} s." if outcome.converged_in is not None else "— (not reached)."),
        f"- Positions the ledger's numbering skipped: {outcome.skipped_positions:,} (an insert refused by the store, "
        "such as a duplicate sign-up, rolls back after taking its number from the sequence; the feed's cursor "
        "steps over the gap).",
        f"- Rebuild of every read model from zero: {outcome.rebuild_took:.1f} s; "
        + ("identical to the incrementally maintained tables, row for row."
           if not outcome.rebuild_differences else f"tables that differ: {', '.join(outcome.rebuild_differences)}."),
        f"- `thidua verify`: {outcome.verify_output.replace(chr(10), ' ')}",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in describe(o.admin_url)],
        f"| load average (1 / 5 / 15 min) before and after the run | {outcome.load_before}; {load_average()} |",
        "",
    ]
    return "\n".join(lines)
