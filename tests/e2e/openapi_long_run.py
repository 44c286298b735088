"""The long schemathesis run, outside CI: rounds of every phase under the three roles of tests/e2e/openapi_run.py
(the coverage phase's boundary values in the first round only, then new seeds for fuzzing and stateful walks)
on one fresh store, until the time is up (a run under way stops then); prints requests per role and failures by kind, and exits 1 on any.

    nice -n 10 .venv/bin/python -m tests.e2e.openapi_long_run --minutes 25
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from itertools import count
from pathlib import Path

from tests.e2e.openapi_run import PHASES, ROLES, Tally, fuzz_world, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=25.0)
    parser.add_argument("--examples", type=int, default=10, help="examples per operation and phase")
    parser.add_argument("--scenarios", type=int, default=40, help="stateful walks per round and role")
    parser.add_argument("--steps", type=int, default=12, help="linked calls per walk at most")
    args = parser.parse_args(argv)
    deadline, tallies = time.monotonic() + args.minutes * 60, {role: Tally() for role in ROLES}
    share = max(int(args.minutes * 60 / 4), 1)  # no run takes more than a quarter of the time: every role gets its turn
    with tempfile.TemporaryDirectory() as directory, fuzz_world(Path(directory)) as world:
        for seed in count(1):
            for role in ROLES:
                left = int(deadline - time.monotonic())
                if left <= 0:
                    break
                phases = PHASES if seed == 1 else ("fuzzing", "stateful")
                tally = run(world, role, examples=args.examples, scenarios=args.scenarios, steps=args.steps, seed=seed,
                            phases=phases, seconds=min(left, share))
                tallies[role].add(tally)
                print(f"round {seed}, {role}: {tally.report()}", flush=True)
            else:
                continue
            break
    total = Tally()
    for role, tally in tallies.items():
        total.add(tally)
        print(f"{role}: {tally.requests} requests {dict(tally.by_phase)}, failures {dict(tally.failures) or 0}, engine errors {len(tally.errors)}")
    print(f"all roles, {seed} rounds: {total.report()}")
    return 1 if total.failures or total.errors else 0


if __name__ == "__main__":
    sys.exit(main())
