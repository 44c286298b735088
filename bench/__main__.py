"""Run every benchmark and write bench/RESULTS.md: `python -m bench [--quick] [--only SUITE ...]`."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.context import Bench
from bench.ledger import PG_ADMIN_URL
from bench.machine import describe, load_average
from bench.report import render

SUITES = ("commands", "bulk", "rebuild", "history", "peer", "http", "memory", "audit", "import_xlsx")
HERE = Path(__file__).resolve().parent


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes and 2 runs: a smoke run of every suite")
    parser.add_argument("--only", nargs="+", choices=SUITES, help="run only these suites")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default=os.environ.get("THIDUA_BENCH_PG_URL", PG_ADMIN_URL),
                        help="PostgreSQL admin URL on 127.0.0.1 ('' to skip PostgreSQL)")
    parser.add_argument("--national", action="store_true", help="memory suite at one million events (slow)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--folder", type=Path, default=None,
                        help="where the run keeps its SQLite stores and files (e.g. /dev/shm: a tmpfs, fsync costs nothing); "
                             "a temporary folder by default")
    return parser.parse_args(argv)


def reachable(url: str) -> str | None:
    if not url:
        return None
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as error:
        print(f"PostgreSQL not reachable ({error}); PostgreSQL figures skipped", file=sys.stderr)
        return None
    return url


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    logging.basicConfig(level=logging.WARNING)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # still stop the servers, drop the databases
    started, load_before = time.perf_counter(), load_average()
    with tempfile.TemporaryDirectory(prefix="thidua-bench-", dir=args.folder) as folder:
        bench = Bench(Path(folder), args.quick, args.seed, reachable(args.pg), args.national)
        with bench.cleanup:
            for name in args.only or SUITES:
                print(f"[{time.perf_counter() - started:6.0f}s] {name} …", file=sys.stderr, flush=True)
                try:
                    importlib.import_module(f"bench.{name}").run(bench)
                except Exception as error:  # noqa: BLE001 - one failing suite must not lose the others
                    traceback.print_exc()
                    bench.note(name, "failed", f"{error.__class__.__name__}: {error}")
    elapsed = time.perf_counter() - started
    command = "python -m bench" + (" --quick" if args.quick else "") + (" --national" if args.national else "") + (
        f" --folder {args.folder}" if args.folder else "") + (f" --only {' '.join(args.only)}" if args.only else "")
    text = render(command, describe(bench.pg_admin), (load_before, load_average()), elapsed,
                  bench.figures, bench.notes, bench.runs)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
