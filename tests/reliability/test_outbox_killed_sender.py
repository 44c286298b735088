"""Issue #21: `thidua remind` SIGKILLed while the SMTP server (aiosmtpd) holds its answer to one e-mail, then
another sender after the lease: every row is sent and marked, each e-mail under its own Message-ID, and the one
the server had accepted from the killed sender comes again only with the Message-ID it had (a receiver that
keeps the Message-IDs it has seen gets each e-mail exactly once). Both stores."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from adapters.config import SmtpSettings
from adapters.mail import LEASE, Sender
from adapters.outbox import Outbox, mail_outbox, stamp
from adapters.rulebook import ensure_shipped_rules
from domain.clock import utc_now
from tests.integration.ledger_store import open_store

THIDUA = str(Path(sys.executable).parent / "thidua")
WRITTEN = datetime(2025, 12, 24, 2, tzinfo=timezone.utc)
HELD = "<row-2@thidua.test>"  # the server holds its answer to this one until the sender is killed


class Stalling:
    """Keeps every e-mail's Message-ID as it arrives, and holds the answer to HELD once, until `release`."""

    def __init__(self) -> None:
        self.accepted: list[str] = []
        self.stalled, self.release = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802 - aiosmtpd's hook
        message_id = next(line.split(b":", 1)[1].strip().decode() for line in envelope.content.splitlines()
                          if line.lower().startswith(b"message-id:"))
        self.accepted.append(message_id)  # the server has it: the sender may die before hearing so
        if message_id == HELD and not self.stalled.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 OK"


@pytest.fixture
def server():
    handler = Stalling()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    handler.release.set()
    controller.stop()


def test_a_sender_killed_mid_send_loses_nothing_and_resends_only_under_the_same_message_id(database_url, tmp_path, server):
    handler, port = server
    container = open_store(database_url, tmp_path, utc_now, synchronous=True)
    ensure_shipped_rules(container.app)
    outbox = Outbox(container.app.recorder, container.projector.engine, domain="thidua.test")
    with outbox.engine.begin() as conn:
        conn.execute(mail_outbox.insert(), [dict(
            row_id=f"row-{i}", message_id=f"<row-{i}@thidua.test>", person_id="p", email=f"can-bo-{i}@so-a.gov.vn",
            subject=f"[Thi đua] Nhắc việc {i}", body="…", digest=0, created_at=stamp(WRITTEN),
            send_after=stamp(WRITTEN + timedelta(seconds=i)), attempts=0,
        ) for i in range(5)])
    env = {**os.environ, "THIDUA_DATABASE_URL": container.settings.database_url, "THIDUA_INSTANCE": str(tmp_path),
           "THIDUA_ENV": "test", "THIDUA_SMTP_HOST": "127.0.0.1", "THIDUA_SMTP_PORT": str(port)}

    killed = subprocess.Popen([THIDUA, "remind", "--interval", "0.2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert handler.stalled.wait(60), killed.communicate(timeout=5)
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=10)
    handler.release.set()
    after_lease = Sender(outbox, SmtpSettings(host="127.0.0.1", port=port), lambda: utc_now() + LEASE + timedelta(seconds=1))
    resent = after_lease.tick()
    rows = {r["row_id"]: r for r in outbox.rows()}
    container.close()

    assert killed.returncode == -signal.SIGKILL
    assert Counter(handler.accepted) == {**{f"<row-{i}@thidua.test>": 1 for i in range(5)}, HELD: 2}
    assert handler.accepted[:3] == ["<row-0@thidua.test>", "<row-1@thidua.test>", HELD]  # the killed sender's
    assert resent == (3, 0)  # the held one again, and the two it had claimed but not reached
    assert all(r["sent_at"] is not None for r in rows.values())
    assert [rows[f"row-{i}"]["attempts"] for i in range(5)] == [1, 1, 2, 2, 2]
