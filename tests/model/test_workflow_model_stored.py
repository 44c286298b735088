"""The workflow model on the real stores, SQLite and PostgreSQL, with the read models kept after every command.

Besides the invariants checked after every step, each example ends by checking what only a real store shows:
the read models equal a rebuild from the ledger, the ledger verifies, and every signed decision's PDF printed
again from the recorded facts has the hash its signature recorded. Fewer examples than the in-memory run
(`THIDUA_STORED_MODEL_EXAMPLES`, default 4 per store; the long setting is in docs/testing.md).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from adapters.outbox import Outbox
from adapters.webhooks import Webhooks
from adapters.webhooks_delivery import Deliverer
from domain.decision import AwardDecision
from tests.conftest import postgres_database
from tests.integration.projections_support import open_container, table_rows
from tests.model.machine import WorkflowModel
from tests.webhook_receiver import receiving

EXAMPLES = int(os.environ.get("THIDUA_STORED_MODEL_EXAMPLES", "4"))
STEPS = int(os.environ.get("THIDUA_MODEL_STEPS", "100"))


def stored_workflow(kind: str) -> type[WorkflowModel]:
    """The model on a fresh store of `kind` for every example."""

    class StoredWorkflow(WorkflowModel):
        def make_app(self):  # type: ignore[no-untyped-def]
            self.folder = Path(tempfile.mkdtemp(prefix="thidua-model-"))
            self.database = postgres_database() if kind == "postgres" else None
            url = next(self.database) if self.database else f"sqlite:///{self.folder / 'thidua.sqlite'}"
            self.container = open_container(url, self.folder, self.clock)  # type: ignore[arg-type]
            self.outbox = Outbox(self.container.app.recorder, self.container.projector.engine)  # the reminder scan's
            self.receiving = receiving()
            hooks = Webhooks(self.container.app, self.container.projector.engine)
            deliverer = Deliverer(self.container.app, self.container.read_engine, hooks, self.container.inline.position)
            self.webhooks = (hooks, deliverer, self.receiving.__enter__())
            return self.container.app

        def teardown(self) -> None:
            try:
                if hasattr(self, "org"):
                    self.the_store_agrees()
            finally:
                self.receiving.__exit__(None, None, None)
                self.container.close()
                if self.database:
                    next(self.database, None)
                shutil.rmtree(self.folder, ignore_errors=True)

        def the_store_agrees(self) -> None:
            kept = table_rows(self.container.read_engine)
            self.container.projector.rebuild()
            assert table_rows(self.container.read_engine) == kept, "the read models differ from a rebuild"
            verification = self.app.verify_ledger()
            assert verification.ok, verification
            for decision_id in self.decisions:
                decision = self.app.repository.get(decision_id)
                assert isinstance(decision, AwardDecision)
                if decision.is_signed:
                    printed = hashlib.sha256(self.app.render_pdf(decision.document)).hexdigest()
                    assert printed == decision.pdf_sha256, f"decision {decision.number} prints other bytes than it signed"

    return StoredWorkflow


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_workflow_model_on_a_real_store(kind: str) -> None:
    run_state_machine_as_test(stored_workflow(kind), settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    ))
