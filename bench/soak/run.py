"""One soak run: recreate the database, load the world, start the projection worker and gunicorn, drive the
locust workload headless, stop it, let the worker catch up, and check everything (bench.soak.checks)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bench.http import request
from bench.ledger import PG_ADMIN_URL, open_store
from bench.machine import load_average
from bench.processes import BIN, environment, gunicorn, worker
from bench.soak import checks
from bench.soak.world import World, prepare, recreate_database

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
STOP_TIMEOUT = 60  # seconds locust lets a user finish the command it is sending


@dataclass(frozen=True)
class Options:
    folder: Path  # logs, the plan, locust's results
    minutes: float = 10
    users: int = 24  # one writer per office, the others read
    offices: int = 6
    staff: int = 100  # people per office; the eligible ones are nominated three per council round
    web_workers: int = 3
    spawn_rate: float = 4
    admin_url: str = PG_ADMIN_URL
    database: str = "thidua_soak"
    converge_timeout: float = 120

    @property
    def readers(self) -> int:
        return self.users - self.offices


@dataclass
class Outcome:
    """The figures of a run and what its checks found."""

    options: Options
    started_at: datetime
    load_before: str  # the machine's load average when the run started (the machine is shared)
    prepared_in: float
    baseline: int
    locust_exit: int
    results: dict  # what the locustfile wrote when the load stopped: requests, failures, commands, events
    ledger: Counter[str]
    largest_lag: int
    lag_samples: int
    converged_in: float | None
    worker_alive: bool
    head: int = 0
    rebuild_differences: list[str] = field(default_factory=list)
    rebuild_took: float = 0.0
    verified: bool = False
    verify_output: str = ""
    log_errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> dict:
        return self.results.get("total", {"requests": 0, "failures": 0, "rps": 0.0})

    @property
    def accepted(self) -> dict[str, int]:
        return self.results.get("accepted", {})

    @property
    def skipped_positions(self) -> int:
        """Positions the ledger's numbering skipped: inserts rolled back after taking a number."""
        return self.head - self.baseline - sum(self.ledger.values())

    @property
    def expected_events(self) -> Counter[str]:
        return Counter(self.results.get("events", {}))

    def checks(self) -> list[tuple[str, bool, str]]:
        """(check, passed, detail) for each thing that must hold."""
        failed, exceptions = self.total["failures"], self.results.get("exceptions", [])
        expected, found = self.expected_events, self.ledger
        differ = sorted(k for k in expected.keys() | found.keys() if expected[k] != found[k])
        return [
            ("zero failed requests", bool(self.results) and failed == 0 and not exceptions and self.locust_exit == 0,
             f"{failed} failed of {self.total['requests']:,}; {len(exceptions)} workload errors; "
             f"locust exit code {self.locust_exit}"),
            ("ledger events = events of the accepted commands", bool(self.results) and not differ,
             f"{sum(found.values()):,} new events, {sum(expected.values()):,} expected"
             + (f"; differ: {', '.join(f'{k} {found[k]} vs {expected[k]}' for k in differ)}" if differ else "")),
            ("read models converge", self.converged_in is not None and self.worker_alive,
             f"worker {'running' if self.worker_alive else 'DIED'}; "
             + (f"at the ledger's head #{self.head} {self.converged_in:.2f} s after the load stopped"
                if self.converged_in is not None else "did not reach the head")),
            ("read models = a rebuild from zero", not self.rebuild_differences,
             "identical, row for row" if not self.rebuild_differences else f"differ: {', '.join(self.rebuild_differences)}"),
            ("`thidua verify` is clean", self.verified, self.verify_output.splitlines()[0] if self.verify_output else ""),
            ("no error in the server logs", not self.log_errors,
             "none" if not self.log_errors else f"{len(self.log_errors)} lines, first: {self.log_errors[0]}"),
        ]

    @property
    def ok(self) -> bool:
        return all(passed for _name, passed, _detail in self.checks())


def soak(options: Options) -> Outcome:
    """Run the whole soak; the database is left in place for inspection (the next run recreates it)."""
    options.folder.mkdir(parents=True, exist_ok=True)
    started_at, started, load_before = datetime.now(timezone.utc), time.monotonic(), load_average()
    url = recreate_database(options.admin_url, options.database)
    world = prepare(url, options.folder, offices=options.offices, staff=options.staff)
    prepared_in = time.monotonic() - started
    env = environment(url, options.folder)
    observer = open_store(url, options.folder, synchronous=False)
    try:
        with worker(url, options.folder) as projection_worker:
            with gunicorn("web:create_app()", env, options.folder, workers=options.web_workers) as host:
                warm_up(host, options.web_workers)
                with checks.LagSampler(observer) as sampler:
                    locust_exit = run_locust(host, world, options)
                converged_in = checks.converge(observer, options.converge_timeout)
            worker_alive = projection_worker.poll() is None
        folder = options.folder
        outcome = Outcome(
            options=options, started_at=started_at, load_before=load_before, prepared_in=prepared_in, baseline=world.baseline,
            locust_exit=locust_exit, results=read_results(folder / "results.json"),
            ledger=checks.events_after(observer, world.baseline),
            largest_lag=sampler.largest, lag_samples=sampler.samples, converged_in=converged_in,
            worker_alive=worker_alive, head=checks.head(observer),
        )
        outcome.rebuild_differences, outcome.rebuild_took = checks.rebuild_differences(observer)
    finally:
        observer.close()
    outcome.verified, outcome.verify_output = checks.verify(BIN / "thidua", env)
    outcome.log_errors = checks.logged_errors(options.folder / "gunicorn.log", options.folder / "worker.log")
    return outcome


def warm_up(host: str, workers: int, timeout: float = 180) -> None:
    """Wait until every gunicorn worker has built the app: rounds of concurrent reads until one round is fast."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        with ThreadPoolExecutor(workers * 2) as pool:
            statuses = list(pool.map(lambda _n: answered(host, "/api/v1/openapi.json"), range(workers * 4)))
        if all(s == 200 for s in statuses) and time.monotonic() - started < 1:
            return
    raise TimeoutError(f"gunicorn on {host} did not answer quickly within {timeout:.0f} s")


def answered(host: str, path: str) -> int:
    """The status of a GET, or 0 when none came in time (a worker still starting); an error when nothing
    listens any more (gunicorn gave up: its log says why)."""
    try:
        return request(host, "GET", path, {})
    except ConnectionRefusedError:
        raise RuntimeError(f"gunicorn on {host} stopped; see gunicorn.log") from None
    except OSError:
        return 0


def run_locust(host: str, world: World, options: Options) -> int:
    """locust headless for `options.minutes`; its exit code (non-zero when a request failed)."""
    folder = options.folder
    command = [
        str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host", f"http://{host}",
        "--users", str(options.users), "--spawn-rate", str(options.spawn_rate),
        "--run-time", f"{round(options.minutes * 60)}s", "--stop-timeout", str(STOP_TIMEOUT),
        "--only-summary", "--loglevel", "WARNING",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOAK_PLAN": str(world.plan), "SOAK_RESULTS": str(folder / "results.json")}
    with (folder / "locust.log").open("ab") as log:
        done = subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                              timeout=options.minutes * 60 + STOP_TIMEOUT + 120)
    return done.returncode


def read_results(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}
