"""The disk's fsync latency where a run keeps its stores, measured in the run: a slow disk pulls every
command ratio towards 1, so each command figure is reported with it (and judged on wall time only when it
is at most `FAST_FSYNC`)."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

FAST_FSYNC = 0.0002  # seconds: at or under this, a command's wall time is its own
SERVER_DISK = Path("/var/tmp")  # on the disk PostgreSQL's data directory is on (here, the root file system)


def store_folder(kind: str, folder: Path) -> Path:
    """Where a store of `kind` writes: SQLite's are in the run's folder (tmpfs with `--folder /dev/shm`);
    PostgreSQL writes to its own data directory on the disk whatever the run's folder is."""
    return folder if kind == "sqlite" else SERVER_DISK


def fsync_latency(folder: Path, count: int = 40) -> float:
    """Median seconds of writing 4 KiB at the end of a file in `folder` and fsyncing it."""
    path = folder / "fsync-probe"
    block = os.urandom(4096)
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for _ in range(count):
            os.write(fd, block)
            started = time.perf_counter()
            os.fsync(fd)
            times.append(time.perf_counter() - started)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    return statistics.median(times)


def wall_target(latencies: list[float], target: float) -> float | None:
    """A wall-time command target, judged only in a run whose fsync never exceeded 0.2 ms (issue #19);
    else None: the figure is reported, its verdict left to the CPU-time figure."""
    return target if max(latencies) <= FAST_FSYNC else None


def described(latencies: list[float]) -> str:
    """The run's fsync latencies as text, and whether wall-time command targets may be judged."""
    verdict = "wall-time targets judged" if max(latencies) <= FAST_FSYNC else "above 0.2 ms: judge on CPU time"
    return f"fsync {statistics.median(latencies) * 1000:.3f} ms (median; {min(latencies) * 1000:.3f}–{max(latencies) * 1000:.3f} ms over the rounds; {verdict})"
