"""Photograph the reminder pages for docs/reminders.md into docs/screenshots/reminders-*.png: the demo after one
reminder scan, its e-mails sent to a local aiosmtpd that refuses one address (a dead letter); the admin's
outbox and contacts pages and a person's own preference, at desktop width (half size, palette PNGs).

    .venv/bin/python -m tests.browser.reminder_screenshots
"""

from __future__ import annotations

import socket
import tempfile
from dataclasses import replace
from pathlib import Path

from aiosmtpd.controller import Controller
from playwright.sync_api import sync_playwright

from adapters.mail import Sender
from adapters.outbox_reminders import scan
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve_demo
from tests.browser.demo_accounts import DESKTOP, signed_in
from tests.browser.screenshots import FOLDER, small_png

REFUSED = "thuky@demo.thidua.example"  # its mailbox "does not exist": every e-mail to it is a dead letter
PAGES = {  # file -> (account, path)
    "reminders-outbox-dead": ("quantri", "/admin/outbox?status=dead"),
    "reminders-outbox-sent": ("quantri", "/admin/outbox?status=sent"),
    "reminders-contacts": ("quantri", "/admin/contacts"),
    "reminders-own-preference": ("vanthu", "/account/email"),
}


class Refusing:
    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: ANN001, N802 - aiosmtpd's hook
        if address == REFUSED:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
        return "250 OK"


def fill_outbox(served) -> str:  # type: ignore[no-untyped-def]
    """One scan at today's clock, then its e-mails sent (one try each) to a server refusing REFUSED."""
    container = served.ui.app.extensions["thidua"]
    outbox = served.ui.app.extensions["outbox"]
    issued = scan(container, outbox, 3, lambda d: f"{served.url}/inbox", lambda p: f"{served.url}/unsubscribe/…")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    settings = replace(container.settings.smtp, host="127.0.0.1", port=port, max_attempts=1)
    sent = dead = 0
    while True:
        done, failed = Sender(outbox, settings).tick()
        sent, dead = sent + done, dead + failed
        if not done and not failed:
            break
    controller.stop()
    return f"{issued} reminders issued, {sent} e-mails sent, {dead} dead"


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance, sync_playwright() as playwright:
        served = serve_demo(Path(instance))
        print(fill_outbox(served))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (username, path) in PAGES.items():
            context, page = signed_in(browser, served, username, DESKTOP)
            page.goto(served.url + path)
            (FOLDER / f"{name}.png").write_bytes(small_png(page.screenshot(full_page=False), 0.5))
            context.close()
        browser.close()
        served.close()
    print(f"{len(PAGES)} screenshots in {FOLDER}")


if __name__ == "__main__":
    main()
