"""HTTP reads under gunicorn (2 sync workers) on 127.0.0.1: standings, decision list and inbox.

Throughput (closed loop, `wrk` when installed, else Python threads) is compared with a trivial Flask
endpoint served the same way; latency p50/p99 is measured at a fixed request rate well below capacity.
Repeated reads are answered from each worker's kept answers, before Flask (web/response_cache.py), as they
are in service while nothing changes; a note gives each read's throughput with the cache off (every answer
computed, as the first read after a change is).
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from bench.context import Bench
from bench.ledger import open_store
from bench.measure import figure, median, percentile
from bench.processes import environment, gunicorn, worker
from domain.campaign import Campaign
from domain.values import Role

SUITE = "HTTP reads"
ROOT = Path(__file__).resolve().parents[1]
TRIVIAL = "/ping"
PACED_SECONDS = 8  # at a rate below every endpoint's capacity, so latency is not queueing


def request(host: str, path: str, headers: dict[str, str]) -> int:
    name, port = host.split(":")
    conn = http.client.HTTPConnection(name, int(port), timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def throughput(host: str, path: str, headers: dict[str, str], seconds: int) -> float:
    """Requests per second with 8 connections for `seconds` (bounded, loopback only)."""
    if shutil.which("wrk"):
        command = ["wrk", "-t2", "-c8", f"-d{seconds}s", *sum((["-H", f"{k}: {v}"] for k, v in headers.items()), [])]
        done = subprocess.run([*command, f"http://{host}{path}"], capture_output=True, text=True)
        found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
        if found is None or "Non-2xx" in done.stdout:
            raise RuntimeError(f"wrk on {path}: {done.stdout.strip() or done.stderr.strip()}")
        return float(found.group(1))
    done, deadline = [0] * 8, time.monotonic() + seconds

    def loop(slot: int) -> None:
        while time.monotonic() < deadline:
            request(host, path, headers)
            done[slot] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / seconds


def paced(host: str, path: str, headers: dict[str, str], per_second: int, seconds: int) -> list[float]:
    """Latencies (s) of requests sent at a fixed rate, each timed from its scheduled start."""
    latencies: list[float] = []
    start, lock = time.monotonic() + 0.1, threading.Lock()

    def send(at: float) -> None:
        time.sleep(max(0.0, at - time.monotonic()))
        request(host, path, headers)
        with lock:
            latencies.append(time.monotonic() - at)

    threads = [threading.Thread(target=send, args=(start + i / per_second,)) for i in range(per_second * seconds)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def endpoints(bench: Bench, url: str) -> list[tuple[str, str, dict[str, str]]]:
    """(name, path, headers): public standings and decisions; the inbox with a unit head's read-only token."""
    from adapters.tokens import TokenStore

    head = bench.backlog()[2][0].head
    container = open_store(url, bench.folder, synchronous=False)
    try:
        _token, secret = TokenStore.open(container.projector.engine).create(head.person_id, Role.UNIT_HEAD, read_only=True)
    finally:
        container.close()
    campaign = Campaign.create_id("p00-2025")
    return [
        ("standings", f"/api/v1/campaigns/{campaign}/standings", {}),
        ("decision list", "/api/v1/decisions", {}),
        ("inbox", "/api/v1/inbox", {"Authorization": f"Bearer {secret}"}),
    ]


def run(bench: Bench) -> None:
    """One server at a time (a booting server would take the cores from the one measured)."""
    seconds, per_second = (3, 10) if bench.quick else (4, 10)
    for kind in bench.kinds():
        url = bench.store(kind)
        env = {**environment(url, bench.folder), "PYTHONPATH": str(ROOT)}
        paths = endpoints(bench, url)
        with worker(url, bench.folder) if kind == "postgres" else ExitStack():
            with gunicorn("bench.trivial:create_app()", env, bench.folder) as trivial:
                request(trivial, TRIVIAL, {})
                base = [throughput(trivial, TRIVIAL, {}, seconds) for _ in range(bench.runs)]
                bench.note(SUITE, f"{kind}: trivial endpoint at {per_second} req/s",
                           latency(paced(trivial, TRIVIAL, {}, per_second, PACED_SECONDS)))
            with gunicorn("web:create_app()", env, bench.folder) as served:
                for name, path, headers in paths:
                    measure(bench, kind, served, (name, path, headers), base, seconds, per_second)
            with gunicorn("web:create_app()", {**env, "THIDUA_RESPONSE_CACHE_MB": "0"}, bench.folder) as uncached:
                for name, path, headers in paths:
                    warm_up(uncached, path, headers)
                    bench.note(SUITE, f"{kind}: {name} with the response cache off (every answer computed)",
                               f"{throughput(uncached, path, headers, seconds):,.0f} requests/s")


def warm_up(host: str, path: str, headers: dict[str, str]) -> None:
    for _ in range(20):
        request(host, path, headers)  # imports, caches, connections


def measure(bench: Bench, kind: str, served: str, endpoint: tuple, base: list[float], seconds: int, per_second: int) -> None:
    name, path, headers = endpoint
    status = request(served, path, headers)
    if status != 200:
        bench.note(SUITE, f"{kind}: {name}", f"not measured: GET {path} answered {status}")
        return
    warm_up(served, path, headers)
    ours = [throughput(served, path, headers, seconds) for _ in range(bench.runs)]
    bench.figures.append(figure(
        SUITE, f"{kind}: {name} ({path.split('?')[0]}), 2 gunicorn workers", ours, base, "requests/s",
        "trivial Flask endpoint, same server", 0.5,
    ))
    bench.note(SUITE, f"{kind}: {name} at {per_second} req/s",
               latency(paced(served, path, headers, per_second, PACED_SECONDS)))


def latency(values: list[float]) -> str:
    return (f"p50 {median(values) * 1000:.1f} ms, p99 {percentile(values, 0.99) * 1000:.1f} ms "
            f"over {len(values)} requests")
