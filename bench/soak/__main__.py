"""`python -m bench.soak [--minutes 10] [--users 24]`: the load and soak test on PostgreSQL; writes
bench/SOAK.md and exits non-zero when any check fails (needs the `soak` extra: locust)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

from bench.ledger import PG_ADMIN_URL
from bench.soak.report import render
from bench.soak.run import Options, soak

HERE = Path(__file__).resolve().parent
DEFAULT = Options(folder=Path())


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=DEFAULT.minutes, help="how long the load runs")
    parser.add_argument("--users", type=int, default=DEFAULT.users, help="locust users: one writer per office, the rest read")
    parser.add_argument("--offices", type=int, default=DEFAULT.offices, help="offices, each driven by one writer")
    parser.add_argument("--staff", type=int, default=DEFAULT.staff, help="people per office")
    parser.add_argument("--web-workers", type=int, default=DEFAULT.web_workers, help="gunicorn worker processes")
    parser.add_argument("--pg", default=os.environ.get("THIDUA_BENCH_PG_URL", PG_ADMIN_URL), help="PostgreSQL admin URL")
    parser.add_argument("--database", default=DEFAULT.database, help="the database dropped and recreated for the run")
    parser.add_argument("--logs", type=Path, help="folder for the logs, the plan and the results (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=HERE.parent / "SOAK.md")
    args = parser.parse_args(argv)
    if args.users <= args.offices:
        parser.error("--users must be larger than --offices (one writer per office, the others read)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # still stop the servers
    with tempfile.TemporaryDirectory(prefix="thidua-soak-") as temporary:
        options = Options(
            folder=args.logs or Path(temporary), minutes=args.minutes, users=args.users, offices=args.offices,
            staff=args.staff, web_workers=args.web_workers, admin_url=args.pg, database=args.database,
        )
        outcome = soak(options)
    command = " ".join([".venv/bin/python -m bench.soak", *reproducing(sys.argv[1:] if argv is None else argv)])
    args.out.write_text(render(outcome, command))
    for name, passed, detail in outcome.checks():
        print(f"{'ok  ' if passed else 'FAIL'} {name}: {detail}")
    print(f"figures in {args.out}")
    return 0 if outcome.ok else 1


def reproducing(argv: list[str]) -> list[str]:
    """The arguments that shape the run (not where its logs and report go)."""
    kept, args = [], iter(argv)
    for arg in args:
        if arg in ("--logs", "--out"):
            next(args, None)
        elif not arg.startswith(("--logs=", "--out=")):
            kept.append(arg)
    return kept


if __name__ == "__main__":
    sys.exit(main())
