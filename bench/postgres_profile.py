"""The approval loop of `bench.commands` on each store, for CPU per approval in alternating rounds and where
that CPU goes: `python -m bench.postgres_profile [--rounds N] [--count N] [--kinds sqlite postgres] [--top N]`.
The profile samples the main thread's stack as the process's CPU time passes (`ITIMER_PROF`: every 0.5 ms asked,
every scheduler tick in practice), so waits for the server cost nothing in it, unlike in a wall-clock profiler.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType

from bench.commands import approvals, approve_each
from bench.context import Bench
from bench.generator import Shape
from bench.ledger import PG_ADMIN_URL

INTERVAL = 0.0005
HERE = Path(__file__).resolve().parent.parent  # the project's files are named from here


class Samples:
    """Inclusive and own sample counts per function while `sampling()`."""

    def __init__(self) -> None:
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        self.total = 0

    def _sample(self, _signum: int, frame: FrameType | None) -> None:
        self.total += 1
        names = []
        while frame is not None:
            code = frame.f_code
            names.append(f"{code.co_filename.rsplit('site-packages/', 1)[-1].removeprefix(f'{HERE}/')}:{code.co_name}")
            frame = frame.f_back
        if names:
            self.own[names[0]] += 1
        self.inclusive.update(set(names))

    @contextmanager
    def sampling(self) -> Iterator[None]:
        previous = signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, previous)

    def show(self, top: int) -> None:
        for title, counts in (("inclusive", self.inclusive), ("own", self.own)):
            print(f"  -- {title} (% of {self.total} samples)")
            for name, count in counts.most_common(top):
                print(f"  {100 * count / self.total:5.1f}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kinds", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=40, help="approvals per round")
    parser.add_argument("--top", type=int, default=0, help="show the profile's first N functions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/dev/shm") as folder, ExitStack() as stack:
        bench = Bench(Path(folder), pg_admin=PG_ADMIN_URL)
        stack.enter_context(bench.cleanup)
        shape = Shape(units=2, staff=2 * (args.rounds * args.count + 60))
        opened = {kind: stack.enter_context(approvals(bench, kind, shape)) for kind in args.kinds}
        queues = {kind: iter(waiting) for kind, (_c, waiting) in opened.items()}
        for kind, (container, _w) in opened.items():
            approve_each(container, queues[kind], 10)  # warm-up: caches, prepared statements
        cpu: dict[str, list[float]] = {kind: [] for kind in args.kinds}
        own: dict[str, list[float]] = {kind: [] for kind in args.kinds}  # the main thread's alone
        samples = {kind: Samples() for kind in args.kinds}
        for _ in range(args.rounds):
            for kind, (container, _w) in opened.items():
                with samples[kind].sampling() if args.top else ExitStack():
                    started, thread = time.process_time(), time.thread_time()
                    approve_each(container, queues[kind], args.count)
                    cpu[kind].append((time.process_time() - started) * 1000 / args.count)
                    own[kind].append((time.thread_time() - thread) * 1000 / args.count)
        for kind, values in cpu.items():
            print(f"{kind}: {statistics.median(values):.3f} ms CPU per approval (median; "
                  f"{min(values):.3f}-{max(values):.3f}; rounds {', '.join(f'{v:.3f}' for v in values)}); "
                  f"the main thread's {statistics.median(own[kind]):.3f} ms")
            if args.top:
                samples[kind].show(args.top)


if __name__ == "__main__":
    main()
