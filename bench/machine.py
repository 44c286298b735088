"""What the figures were measured on: CPU, memory, Python, SQLite, PostgreSQL, library versions, load."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib.metadata import version
from pathlib import Path

LIBRARIES = ("eventsourcing", "SQLAlchemy", "psycopg", "Flask", "gunicorn", "SpiffWorkflow")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def postgres_version(url: str | None) -> str:
    if not url:
        return "not measured"
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as error:
        return f"unreachable ({error.__class__.__name__})"


def library_versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - an optional library that is not installed
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def describe(pg_url: str | None) -> list[tuple[str, str]]:
    return [
        ("CPU", f"{cpu_model()} × {os.cpu_count()}"),
        ("memory", f"{memory_gib():.1f} GiB"),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", postgres_version(pg_url)),
        ("libraries", library_versions()),
    ]
