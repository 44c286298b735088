"""HTTP under gunicorn (2 sync workers) on 127.0.0.1: a realistic mix of computed reads (bench/read_mix.py:
standings of the campaigns and their pages, the decision list with filters, the inbox and the nomination
list of askers of different roles and units) with the response cache off, as the main figure, and on, as a
second; each read alone with the cache off; and an approval through the API, read models included.

Throughput is a closed loop of 8 client threads cycling through the mix, compared with a trivial Flask
endpoint served the same way by the same client. The three servers (trivial, cache off, cache on) run
side by side, idle but for the one measured, and rounds take them in turns. Every store's servers stay up
until the approvals, which take the stores in turns (one by one), then each store alone (8 clients at once).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from bench.concurrent import raw_postgres_inserts, raw_sqlite_inserts, sqlite_path, together
from bench.context import Bench
from bench.fsync import described, fsync_latency, store_folder
from bench.ledger import open_store
from bench.measure import figure, median, percentile
from bench.processes import Served, environment, gunicorn, worker
from bench.read_mix import Read, read_mix

SUITE = "HTTP"
ROOT = Path(__file__).resolve().parents[1]
TRIVIAL = [Read("trivial", "/ping")]
CLIENTS = 8
EVENT_BYTES = 600
APPROVAL_P50 = {}  # kind -> p50 seconds of an approval through the API (PostgreSQL's judged against SQLite's)
APPROVAL_TURNS = 8  # one-by-one approvals: the stores take turns this many times


def request(host: str, method: str, path: str, headers: dict[str, str], body: bytes | None = None) -> int:
    name, port = host.split(":")
    conn = http.client.HTTPConnection(name, int(port), timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def answering(host: Served, read: Read, timeout: float = 300.0) -> None:
    """Wait until the server answers `read` (its workers booted, the store opened)."""
    deadline, status = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            status = request(host, "GET", read.path, read.header_dict)
        except OSError as error:
            status = error
        if status == 200:
            return
        time.sleep(0.5)
    raise RuntimeError(f"GET {read.path}: {status} after {timeout:.0f} s")


def throughput(host: Served, reads: list[Read], seconds: float) -> tuple[float, float]:
    """Requests per second of 8 client threads, each cycling through `reads` from its own place, and requests
    per CPU second of the server's processes (a figure a busy machine moves less); a request answered with
    anything but 200 stops the run (the mix must be read as a reader reads it)."""
    done, failed, deadline = [0] * CLIENTS, [], time.monotonic() + seconds
    cpu = host.cpu_seconds()

    def loop(slot: int) -> None:
        position = slot * len(reads) // CLIENTS
        while time.monotonic() < deadline and not failed:
            read = reads[position % len(reads)]
            status = request(host, "GET", read.path, read.header_dict)
            if status != 200:
                failed.append(f"GET {read.path} answered {status}")
            done[slot] += 1
            position += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise RuntimeError(failed[0])
    return sum(done) / seconds, sum(done) / (host.cpu_seconds() - cpu)


def run(bench: Bench) -> None:
    seconds = 3 if bench.quick else 4
    with ExitStack() as servers:
        commanded = [(kind, *reading(bench, kind, seconds, servers)) for kind in bench.kinds()]
        approving(bench, [(kind, off, approvals[:len(approvals) // 4]) for kind, off, approvals in commanded])
        for kind, off, approvals in commanded:
            approving_together(bench, kind, off, approvals[len(approvals) // 4:])


def reading(bench: Bench, kind: str, seconds: float, servers: ExitStack) -> tuple[Served, list[tuple[str, dict[str, str], bytes]]]:
    """The computed reads of one store's servers (kept running in `servers`): its cache-off server, which also
    answers the approvals, and the approvals of its backlog."""
    url = bench.store(kind)
    env = {**environment(url, bench.folder), "PYTHONPATH": str(ROOT)}
    container = open_store(url, bench.folder, synchronous=False)
    try:
        mix = read_mix(container, bench.seed)
        approvals = approval_requests(bench, container)
    finally:
        container.close()
    if kind == "postgres":
        servers.enter_context(worker(url, bench.folder))
    trivial = servers.enter_context(gunicorn("bench.trivial:create_app()", env, bench.folder))
    off = servers.enter_context(gunicorn("web:create_app()", {**env, "THIDUA_RESPONSE_CACHE_MB": "0"}, bench.folder))
    on = servers.enter_context(gunicorn("web:create_app()", env, bench.folder))
    for host, some in ((trivial, TRIVIAL), (off, mix), (on, mix)):
        answering(host, some[0])  # gunicorn listens before its workers have booted
        throughput(host, some, 1.0)  # warm-up: imports, caches, connections
    computed_reads(bench, kind, mix, seconds, trivial, off, on)
    return off, approvals


def computed_reads(bench: Bench, kind: str, mix: list[Read], seconds: float, trivial: Served, off: Served, on: Served) -> None:
    base, computed, kept = bench.alternately(
        lambda _r: throughput(trivial, TRIVIAL, seconds), lambda _r: throughput(off, mix, seconds),
        lambda _r: throughput(on, mix, seconds),
    )
    askers = len({r.headers for r in mix if r.headers})
    shape = f"{len(mix)} reads: {', '.join(f'{sum(r.kind == k for r in mix)} {k}' for k in sorted({r.kind for r in mix}))}; {askers} askers"
    compare(bench, f"{kind}: computed reads, the mix with the response cache off ({shape}), 2 gunicorn workers", computed, base, 0.25)
    compare(bench, f"{kind}: the same mix with the response cache on (repeated reads kept)", kept, base, 0.5)
    for name in sorted({r.kind for r in mix}):
        alone = [r for r in mix if r.kind == name]
        ours, base_again = bench.alternately(lambda _r: throughput(off, alone, seconds / 2),
                                             lambda _r: throughput(trivial, TRIVIAL, seconds / 2))
        compare(bench, f"{kind}: {name} alone ({len(alone)} reads of the mix), cache off", ours, base_again, 0.25)


def compare(bench: Bench, name: str, ours: list[tuple[float, float]], base: list[tuple[float, float]], target: float) -> None:
    """Two figures: requests per second, and requests per CPU second of the server's processes."""
    baseline = "trivial Flask endpoint, same server and client"
    bench.figures.append(figure(SUITE, name, [o[0] for o in ours], [b[0] for b in base], "requests/s", baseline, target))
    bench.figures.append(figure(SUITE, f"{name}, per CPU second of the server", [o[1] for o in ours], [b[1] for b in base],
                                "requests/CPU s", baseline, target))


def approval_requests(bench: Bench, container) -> list[tuple[str, dict[str, str], bytes]]:  # type: ignore[no-untyped-def]
    """POSTs approving the backlog's waiting dossiers, each with a token of the dossier's unit head."""
    from adapters.tokens import TokenStore

    tokens, secrets = TokenStore.open(container.projector.engine), {}
    found = []
    for dossier in bench.backlog()[2]:
        if dossier.head.person_id not in secrets:
            secrets[dossier.head.person_id] = tokens.create(dossier.head.person_id, dossier.head.role, label="bench")[1]
        body = json.dumps({"stage": "unit_approved", "comment": "Đồng ý"}).encode()
        found.append((f"/api/v1/nominations/{dossier.nomination}/approvals",
                      {"Authorization": f"Bearer {secrets[dossier.head.person_id]}", "Content-Type": "application/json"}, body))
    return found


def approving_together(bench: Bench, kind: str, host: Served, approvals: list[tuple[str, dict[str, str], bytes]]) -> None:
    """8 clients approving at once through the API, against 8 client processes of raw one-row inserts."""
    shares = [approvals[i::CLIENTS] for i in range(CLIENTS)]
    statuses: set[int] = set()

    def client(share: list[tuple[str, dict[str, str], bytes]]) -> None:
        for path, headers, body in share:
            statuses.add(request(host, "POST", path, headers, body))

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ours = len(approvals) / (time.perf_counter() - started)
    fsync = fsync_latency(store_folder(kind, bench.folder))
    row = ("domain.nomination:Nomination.StageApproved", bytes(EVENT_BYTES))  # an approval's stored event, in size
    if kind == "sqlite":
        raw_url, raw = sqlite_path(bench.folder, "raw-together"), raw_sqlite_inserts
    else:
        raw_url, raw = bench.fresh("postgres", "rawtogether"), raw_postgres_inserts
    raw(raw_url, row, 0, prepared=raw(raw_url, row, 0, prepare=True))  # the table, before the clients race to it
    base = together(raw, [(raw_url, row, max(20, len(approvals) // CLIENTS))] * CLIENTS)
    bench.figures.append(figure(
        SUITE, f"{kind}: approvals through the API by {CLIENTS} clients at once, read models included, 2 gunicorn workers "
        f"({len(approvals)} approvals, answers {sorted(statuses)}; {described([fsync])})",
        [ours], [base], "commands/s", f"raw one-row inserts by {CLIENTS} client processes at once", None,
    ))


def approving(bench: Bench, stores: list[tuple[str, Served, list[tuple[str, dict[str, str], bytes]]]]) -> None:
    """Approvals one after another through the API (the answer comes once the inline read models reflect it), a
    few on each store in turns: a slower spell of the machine weighs on both stores' latencies alike."""
    latencies: dict[str, list[float]] = {kind: [] for kind, _host, _approvals in stores}
    statuses: dict[str, set[int]] = {kind: set() for kind, _host, _approvals in stores}
    for turn in range(APPROVAL_TURNS):
        for kind, host, approvals in stores:
            for path, headers, body in approvals[turn::APPROVAL_TURNS]:
                started = time.perf_counter()
                statuses[kind].add(request(host, "POST", path, headers, body))
                latencies[kind].append(time.perf_counter() - started)
    for kind, taken in latencies.items():
        APPROVAL_P50[kind] = median(taken)
        bench.note(SUITE, f"{kind}: an approval through the API, read models included",
                   f"p50 {median(taken) * 1000:.1f} ms, p90 {percentile(taken, 0.9) * 1000:.1f} ms, p99 "
                   f"{percentile(taken, 0.99) * 1000:.1f} ms over {len(taken)}, {APPROVAL_TURNS} turns of each store "
                   f"(answers {sorted(statuses[kind])})")
    if {"sqlite", "postgres"} <= APPROVAL_P50.keys():
        bench.figures.append(figure(SUITE, "an approval through the API, read models included: PostgreSQL p50 against SQLite p50 "
                                    f"(the stores in {APPROVAL_TURNS} alternating turns)",
                                    [APPROVAL_P50["postgres"]], [APPROVAL_P50["sqlite"]], "s", "the same on SQLite", 2.0,
                                    higher_is_better=False))
