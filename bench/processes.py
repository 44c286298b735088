"""Separate processes the benchmarks start and always stop: the projection worker and gunicorn servers,
bound to 127.0.0.1 only."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def environment(url: str, folder: Path) -> dict[str, str]:
    return {**os.environ, "THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE": str(folder), "THIDUA_ENV": "test"}


@contextmanager
def started(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def worker(url: str, folder: Path) -> Iterator[subprocess.Popen]:
    """`thidua worker`: the projection worker process (LISTEN/NOTIFY on PostgreSQL)."""
    command = [str(BIN / "thidua"), "worker", "--interval", "0.05"]
    with started(command, environment(url, folder), folder / "worker.log") as process:
        time.sleep(1.0)  # imports and LISTEN before the first command
        yield process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served(str):
    """A server's `host:port`, with the process id of its master (`cpu_seconds` counts its workers' CPU)."""

    pid: int

    def __new__(cls, host: str, pid: int) -> Served:
        served = super().__new__(cls, host)
        served.pid = pid
        return served

    def cpu_seconds(self) -> float:
        """CPU seconds (user and system) the master and its workers have used so far."""
        import psutil

        master = psutil.Process(self.pid)
        return sum(sum(p.cpu_times()[:2]) for p in (master, *master.children(recursive=True)))


@contextmanager
def gunicorn(app: str, env: dict[str, str], folder: Path, workers: int = 2) -> Iterator[Served]:
    """gunicorn serving `app` (a WSGI factory call such as 'web:create_app()') on 127.0.0.1."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--log-level", "warning", app]
    with started(command, env, folder / "gunicorn.log") as process:
        wait_until_listening(port)
        yield Served(f"127.0.0.1:{port}", process.pid)


def wait_until_listening(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")
