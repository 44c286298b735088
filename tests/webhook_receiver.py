"""A real HTTP receiver for webhook tests: http.server in a thread on 127.0.0.1 (port 0), verifying each
delivery with the `standardwebhooks` library and keeping the webhook-ids it has seen (a receiver that dedups)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Receiver:
    """What arrived: every verified delivery in order (`received`, duplicates included) and the refusals;
    `answer` is the status it replies with. With `stall_next`, the next delivery is kept, then its answer
    held back until `release` is set (`stalled` says it arrived): a sender killed mid-send."""

    def __init__(self) -> None:
        self.secrets: list[str] = []  # a delivery verifies under one of them (one per subscriber)
        self.answer = 204
        self.received: list[tuple[str, dict]] = []
        self.refused: list[str] = []
        self.arrivals: list[tuple[dict[str, str], bytes]] = []  # every delivery's headers and body, verified or not
        self.lock = threading.Lock()
        self.url = ""
        self.stall_next = False
        self.stalled, self.release = threading.Event(), threading.Event()

    def unique(self) -> dict[str, dict]:
        """Each webhook-id once, with its payload (what a deduplicating receiver keeps)."""
        with self.lock:
            return {message_id: body for message_id, body in self.received}

    def verified(self, body: bytes, headers: dict[str, str]) -> dict | None:
        errors = []
        for secret in list(self.secrets):
            try:
                return Webhook(secret).verify(body, headers)
            except WebhookVerificationError as error:
                errors.append(str(error))
        with self.lock:
            self.refused.append("; ".join(errors) or "no secret")
        return None

    def accept(self, headers: dict[str, str], body: bytes) -> int:
        with self.lock:
            self.arrivals.append((headers, body))
        payload = self.verified(body, headers)
        if payload is None:
            return 400
        if self.answer < 300:
            with self.lock:
                self.received.append((headers["webhook-id"], payload))
                stall, self.stall_next = self.stall_next, False
            if stall:
                self.stalled.set()
                self.release.wait(30)
        return self.answer


@contextmanager
def receiving() -> Iterator[Receiver]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's hook
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            status = receiver.accept({k.lower(): v for k, v in self.headers.items()}, body)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/thidua"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()


def types(receiver: Receiver) -> list[str]:
    return [body["type"] for body in receiver.unique().values()]
