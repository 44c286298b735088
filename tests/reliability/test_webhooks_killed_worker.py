"""Issue #21: a webhook worker SIGKILLed while its endpoint holds a delivery, then restarted: the receiver
sees every event the subscriber may see, each under its own webhook-id, and a duplicate only with the id it
had (so a receiver that keeps the ids it has seen gets each event exactly once). Both stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from domain.webhooks import webhook_id
from web.cli.main import main as cli
from tests.integration.test_webhooks_delivery import DOSSIER_TYPES, nominate, office, subscribe  # noqa: F401 - the fixture

THIDUA = str(Path(sys.executable).parent / "thidua")


def environment(container) -> dict[str, str]:
    settings = container.settings
    return {"THIDUA_DATABASE_URL": settings.database_url, "THIDUA_INSTANCE": str(settings.instance_path),
            "THIDUA_ENV": "test", "THIDUA_WEBHOOK_LEASE": "1"}


def test_a_worker_killed_mid_send_loses_nothing_and_resends_only_the_same_id(office):  # noqa: F811
    container, world, admin, hooks, receiver = office
    subscription_id = subscribe(hooks, admin, receiver, world.division)
    nominate(world)
    receiver.stall_next = True

    first = subprocess.Popen([THIDUA, "webhooks", "deliver", "--interval", "0.2"], env={**os.environ, **environment(container)},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert receiver.stalled.wait(60), first.communicate(timeout=5)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)
    receiver.release.set()
    time.sleep(1.2)  # the killed worker's lease runs out
    second = CliRunner(env=environment(container)).invoke(cli, ["webhooks", "deliver", "--once"])  # restarted (in this process)

    ids = [message_id for message_id, _body in receiver.received]
    assert second.exit_code == 0 and "delivered 3" in second.output, second.output
    assert list(receiver.unique()) == [webhook_id(subscription_id, p) for p in sorted(body["data"]["position"] for body in receiver.unique().values())]
    assert [body["type"] for body in receiver.unique().values()] == DOSSIER_TYPES
    assert Counter(ids) == {ids[0]: 2, **{i: 1 for i in ids[1:] if i != ids[0]}}
