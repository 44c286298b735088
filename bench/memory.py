"""Memory: the peak RSS of a rebuild must not grow with history. Each rebuild runs in its own process
(`python -m bench.memory URL`) on a store holding the first N events of a generated multi-province ledger.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.context import Bench
from bench.ledger import copy_events, generate, open_store
from bench.measure import figure, rate

SUITE = "memory"
ROOT = Path(__file__).resolve().parents[1]


def sizes(bench: Bench) -> tuple[int, int]:
    if bench.quick:
        return 5_000, 25_000
    return (100_000, 1_000_000) if bench.national else (20_000, 100_000)


def run(bench: Bench) -> None:
    small, large = sizes(bench)
    started = time.perf_counter()
    ledger = bench.ledger()
    per_province = ledger.recorder.max_notification_id()
    generate(bench.seed, -(-large // per_province), bench.shape, app=ledger)
    elapsed = time.perf_counter() - started
    bench.note(SUITE, "ledger", f"{ledger.recorder.max_notification_id():,} events in "
               f"{getattr(ledger, 'bench_provinces', 1)} province-years (generated in {elapsed:.0f} s)")
    peaks: dict[int, list[float]] = {small: [], large: []}
    for count in (small, large):
        url = bench.fresh("sqlite", f"memory{count}")
        container = open_store(url, bench.folder, synchronous=False)
        copy_events(ledger, container.app, stop=count)
        container.close()
        for _ in range(2 if bench.quick or count == small else 1):  # a peak barely varies; 1M takes minutes
            result = child(url)
            peaks[count].append(result["peak_mib"])
        bench.note(SUITE, f"rebuild of {count:,} events", f"peak RSS {result['peak_mib']:.0f} MiB (before the rebuild "
                   f"{result['start_mib']:.0f} MiB), {result['events_per_s']:,.0f} events/s")
    bench.figures.append(figure(
        SUITE, f"peak RSS of a rebuild, {large:,} events vs {small:,}", peaks[large], peaks[small], "MiB",
        f"the same at {small:,} events", 1.2, higher_is_better=False,
    ))


def child(url: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.memory", url], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def peak_mib() -> float:
    """This process's peak RSS since it started (VmHWM: unlike ru_maxrss, not inherited from the forking parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(url: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        container = open_store(url, Path(folder), synchronous=False)
        start = peak_mib()
        began = time.perf_counter()
        position = container.projector.rebuild()
        seconds = time.perf_counter() - began
        container.close()
    print(json.dumps({"start_mib": start, "peak_mib": peak_mib(), "events_per_s": rate(position, seconds)}))


if __name__ == "__main__":
    main(sys.argv[1])
