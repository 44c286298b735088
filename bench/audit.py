"""The tamper-evident ledger's cost (`bench/audit_cost.py`), run as part of the whole suite; its lines
go to the notes of RESULTS.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.context import Bench

SUITE = "ledger (audit) cost"
ROOT = Path(__file__).resolve().parents[1]


def run(bench: Bench) -> None:
    sizes = ["--commands", "200", "--rounds", "2", "--events", "5000"] if bench.quick else \
        ["--commands", "500", "--rounds", "3", "--events", "20000"]
    out = subprocess.run([sys.executable, "-m", "bench.audit_cost", *sizes], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    for line in out.strip().splitlines()[1:]:
        bench.note(SUITE, "SQLite", line.strip())
