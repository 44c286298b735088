"""The long setting of the workflow model, with figures: `python -m tests.model.long_run [EXAMPLES] [STEPS]`.

Runs the in-memory model (no shrinking, so a run's figures are of generation only) and prints, at the end or at the
first broken invariant, how many examples and steps ran, how long it took, and how often each command was done or
refused (and why), plus the events recorded: the evidence that the walk reached signatures, returns and tallies.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.model.test_workflow_model import InMemoryWorkflow

FIGURES: Counter[str] = Counter()


class Counted(InMemoryWorkflow):
    def teardown(self) -> None:
        FIGURES["examples"] += 1
        FIGURES.update(self.outcomes)
        FIGURES.update(f"event {e.kind}" for e in self.view.events if e.kind.split(".")[0] in WORKFLOW)
        super().teardown()


WORKFLOW = {"Nomination", "CouncilSession", "AwardDecision"}


def main(examples: int, steps: int) -> int:
    started = time.monotonic()
    failed = None
    try:
        run_state_machine_as_test(Counted, settings=settings(
            max_examples=examples, stateful_step_count=steps, deadline=None, phases=[Phase.generate],
            database=None, suppress_health_check=list(HealthCheck),
        ))
    except AssertionError as broken:  # an invariant: the run's figures are still worth printing
        failed = broken
    print(f"examples {FIGURES['examples']}, steps {FIGURES['steps']}, {time.monotonic() - started:.0f} s")
    for key, count in sorted(FIGURES.items()):
        if key not in ("examples", "steps"):
            print(f"{count:8d}  {key}")
    if failed is not None:
        print(f"BROKEN: {failed}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (1000, 100)))
