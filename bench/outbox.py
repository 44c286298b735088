"""E-mails per second through the reminder outbox (issue #21): N rows written, then sent by one `Sender` to a
local aiosmtpd server (claim with a lease, SMTP, mark sent, each row its own transactions), on SQLite or
PostgreSQL. `python -m bench.outbox [N] [database URL]`."""

from __future__ import annotations

import socket
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from uuid import uuid4

from aiosmtpd.controller import Controller

from adapters.bootstrap import bootstrap
from adapters.config import SmtpSettings, load_settings
from adapters.mail import Sender
from adapters.outbox import Outbox, mail_outbox, stamp


class Counting:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802 - aiosmtpd's hook
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(n: int, database_url: str, folder: Path) -> dict:
    container = bootstrap(load_settings({}, database_url=database_url, instance_path=folder, environment="test"))
    outbox = Outbox(container.app.recorder, container.projector.engine)
    now = stamp(datetime.now(timezone.utc))
    with container.projector.engine.begin() as conn:
        conn.execute(mail_outbox.insert(), [dict(
            row_id=str(uuid4()), message_id=f"<{i}@bench>", person_id=str(uuid4()), email=f"p{i}@so-a.gov.vn",
            subject="[Thi đua] Sắp đến hạn: Hồ sơ đề nghị LDTT (hạn 29/12/2025)", body="Kính gửi đồng chí …\n" * 8,
            digest=0, created_at=now, send_after=now, attempts=0,
        ) for i in range(n)])
    handler, port = Counting(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sender = Sender(outbox, SmtpSettings(host="127.0.0.1", port=port))
        started, sent = time.perf_counter(), 0
        while sent < n:
            sent += sender.tick(limit=100)[0]
        elapsed = time.perf_counter() - started
    finally:
        controller.stop()
        container.close()
    return {"store": database_url.split(":")[0], "messages": handler.count, "seconds": round(elapsed, 2),
            "per_second": round(handler.count / elapsed, 1)}


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tmp}/bench.sqlite"
        print(measure(count, url, Path(tmp)))
