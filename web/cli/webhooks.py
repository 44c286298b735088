"""`thidua webhooks deliver`: send the subscribers' events to their endpoints (`--once`, or following the ledger);
`thidua webhooks list`: the subscriptions, their checkpoints and dead letters. Subscriptions are registered
on the administration page or through the API (docs/webhooks.md)."""

from __future__ import annotations

import logging
import time

import click

from adapters.webhooks import Webhooks
from adapters.webhooks_delivery import Deliverer, Policy
from web.cli.main import _container, main


@main.group()
def webhooks() -> None:
    """Webhooks for integrators (Standard Webhooks signatures)."""


@webhooks.command()
@click.option("--once", is_flag=True, help="send what is due, then exit")
@click.option("--interval", default=1.0, show_default=True, type=float, help="seconds between rounds when idle")
@click.option("--max-attempts", envvar="THIDUA_WEBHOOK_MAX_ATTEMPTS", default=8, show_default=True, type=click.IntRange(1, 100),
              help="failed attempts before an event becomes a dead letter")
@click.option("--backoff", envvar="THIDUA_WEBHOOK_BACKOFF", default=30.0, show_default=True, type=click.FloatRange(0.1),
              help="seconds before the first retry, doubled after each failure (up to 6 hours)")
@click.option("--lease", envvar="THIDUA_WEBHOOK_LEASE", default=60.0, show_default=True, type=click.FloatRange(0.1),
              help="seconds a worker holds a subscriber before another may take over")
@click.option("--timeout", envvar="THIDUA_WEBHOOK_TIMEOUT", default=10.0, show_default=True, type=click.FloatRange(0.1),
              help="seconds to wait for an endpoint's answer")
def deliver(once: bool, interval: float, max_attempts: int, backoff: float, lease: float, timeout: float) -> None:
    """Deliver each subscriber's events from its checkpoint; several workers may run (leases keep them apart)."""
    log = logging.getLogger("thidua.webhooks")
    container = _container()
    try:
        store = Webhooks(container.app, container.projector.engine)
        policy = Policy(max_attempts=max_attempts, backoff=backoff, lease=lease, timeout=timeout)
        deliverer = Deliverer(container.app, container.read_engine, store, container.inline.position, policy)
        while True:
            counts = deliverer.tick()
            if once:
                click.echo(f"delivered {counts.delivered}, {counts.failed} to try again, {counts.dead} dead letters")
                return
            if counts.delivered or counts.failed or counts.dead:
                log.info("delivered %d, %d to try again, %d dead letters", counts.delivered, counts.failed, counts.dead)
            else:
                time.sleep(interval)
    finally:
        container.close()


@webhooks.command("list")
def list_subscriptions() -> None:
    """Each subscription: its endpoint, state, checkpoint and dead letters."""
    container = _container()
    try:
        for s in Webhooks(container.app, container.projector.engine).listing():
            state = "deleted" if s["deleted"] else "paused" if s["paused"] else "active"
            click.echo(f"{s['subscription_id']}  {state:<7}  #{s['position']:<8} dead={s['dead_letters']:<4} {s['label']}  {s['endpoint']}")
    finally:
        container.close()
