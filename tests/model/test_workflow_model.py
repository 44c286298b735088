"""The workflow model run on the in-memory store, within CI's budget.

CI: `THIDUA_MODEL_EXAMPLES` (default 60) examples of up to `THIDUA_MODEL_STEPS` (default 100) steps each.
The long setting for local runs (docs/testing.md): THIDUA_MODEL_EXAMPLES=1000 THIDUA_MODEL_STEPS=100.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests.model.machine import WorkflowModel, popo_app

EXAMPLES = int(os.environ.get("THIDUA_MODEL_EXAMPLES", "60"))
STEPS = int(os.environ.get("THIDUA_MODEL_STEPS", "100"))


class InMemoryWorkflow(WorkflowModel):
    def make_app(self):  # type: ignore[no-untyped-def]
        return popo_app(self.clock)


TestInMemoryWorkflow = InMemoryWorkflow.TestCase
TestInMemoryWorkflow.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
