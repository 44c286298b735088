"""`thidua remind`: issue the deadline reminders due at the business clock and send the outbox's e-mails
(`--once`, or every `--interval` seconds); `thidua remind contact`: a person's address and preference."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click

from adapters.mail import Sender
from adapters.outbox import MODES, Outbox
from adapters.outbox_reminders import scan
from domain.reminders import Due
from web.cli.main import _container, main
from web.cli.tokens import load_person
from web.pages.unsubscribe import unsubscribe_token

PAGES = {"appraisal": "/nominations/{}", "objection": "/nominations/{}", "session": "/council/{}"}  # others: the inbox


@contextmanager
def outbox_of() -> Iterator[tuple[object, Outbox]]:
    container = _container()
    try:
        yield container, Outbox(container.app.recorder, container.projector.engine)
    finally:
        container.close()


def run_once(container, outbox: Outbox) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Issue what is due, then send until the outbox holds nothing due: (issued, sent, put back)."""
    settings = container.settings

    def item_link(due: Due) -> str:
        return settings.public_url + PAGES.get(due.kind, "/inbox").format(due.item_id)

    def unsubscribe(person):  # type: ignore[no-untyped-def]
        return f"{settings.public_url}/unsubscribe/{unsubscribe_token(settings.secret_key, person)}"

    issued = scan(container, outbox, settings.reminder_lead_days, item_link, unsubscribe)
    sent = failed = 0
    if settings.smtp.host:
        sender = Sender(outbox, settings.smtp)
        while True:
            done, put_back = sender.tick()
            sent, failed = sent + done, failed + put_back
            if not done:
                break
    return issued, sent, failed


@main.group(invoke_without_command=True)
@click.option("--once", is_flag=True, help="scan and send once, then exit")
@click.option("--interval", default=60.0, show_default=True, type=float, help="seconds between scans")
@click.pass_context
def remind(ctx: click.Context, once: bool, interval: float) -> None:
    """Deadline reminders by e-mail (THIDUA_SMTP_HOST…; without a host they wait in the outbox)."""
    if ctx.invoked_subcommand is not None:
        return
    log = logging.getLogger("thidua.remind")
    with outbox_of() as (container, outbox):
        while True:
            issued, sent, failed = run_once(container, outbox)
            click.echo(f"issued {issued} reminders, sent {sent} e-mails, {failed} to try again")
            if once:
                return
            log.debug("next scan in %.0f s", interval)
            time.sleep(interval)


@remind.command("contact")
@click.argument("person")
@click.argument("email")
@click.option("--mode", type=click.Choice(MODES), default="each", show_default=True,
              help="each reminder, a daily digest at 07:00, or none")
def contact(person: str, email: str, mode: str) -> None:
    """Set PERSON's (id or key) e-mail address and how reminders reach them."""
    with outbox_of() as (container, outbox):
        found = load_person(container.app, person)  # type: ignore[attr-defined]
        try:
            outbox.set_contact(found.id, email, mode)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
        click.echo(f"{found.full_name}: {email} ({mode})")
