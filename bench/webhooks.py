"""Webhook deliveries per second (issue #21): N public events recorded, then sent by one `Deliverer` to a local
HTTP receiver (http.server on 127.0.0.1) that checks each signature with `standardwebhooks`: reading the
notification log, the scope check, signing, one POST and one checkpoint transaction per event, on SQLite or
PostgreSQL. `python -m bench.webhooks [N] [database URL]`."""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from standardwebhooks.webhooks import Webhook

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from adapters.webhooks import Webhooks
from adapters.webhooks_delivery import Deliverer
from domain import commands as c
from domain.values import Actor


def receiver(secret: list[str], seen: set[str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's hook
            body = self.rfile.read(int(self.headers["content-length"]))
            Webhook(secret[0]).verify(body, {k.lower(): v for k, v in self.headers.items()})
            seen.add(self.headers["webhook-id"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(n: int, database_url: str, folder: Path) -> dict:
    container = bootstrap(load_settings({}, database_url=database_url, instance_path=folder, environment="test"))
    app, system = container.app, Actor.system()
    ensure_shipped_rules(app)
    unit = app.register_unit(system, c.RegisterUnit(key="so-a", name="Sở A", short_name="Sở A", kind="department", province="A", abbreviation="SA"))
    secret: list[str] = []
    seen: set[str] = set()
    server = receiver(secret, seen)
    try:
        hooks = Webhooks(app, container.projector.engine)
        _id, key = hooks.register(system, "Bench", f"http://127.0.0.1:{server.server_address[1]}/h", [], [], ["PersonRegistered"])
        secret.append(key)
        for i in range(n):
            app.register_person(system, c.RegisterPerson(key=f"p{i}", full_name=f"Cán bộ {i}", gender="f", unit_id=unit, position="Chuyên viên"))
        container.projector.catch_up()
        deliverer = Deliverer(app, container.read_engine, hooks, container.inline.position)
        started = time.perf_counter()
        while len(seen) < n:
            if not deliverer.tick().delivered:
                break
        elapsed = time.perf_counter() - started
    finally:
        server.shutdown()
        server.server_close()
        container.close()
    return {"store": database_url.split(":")[0], "deliveries": len(seen), "seconds": round(elapsed, 2),
            "per_second": round(len(seen) / elapsed, 1)}


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tmp}/bench.sqlite"
        print(measure(count, url, Path(tmp)))
