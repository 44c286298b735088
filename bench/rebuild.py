"""Rebuild: every read model dropped and rebuilt from the first event, against merely selecting and
decoding the same notifications with the library (pages of 500, `mapper.to_domain_event`)."""

from __future__ import annotations

from eventsourcing.application import Application

from bench.context import Bench
from bench.ledger import PAGE, open_store
from bench.measure import figure, rate, timed

SUITE = "rebuild"


def select_and_decode(app: Application) -> int:
    """The baseline: read every notification in pages and decode it into a domain event."""
    position, count = 0, 0
    while batch := app.recorder.select_notifications(position, PAGE, inclusive_of_start=False):
        for notification in batch:
            app.mapper.to_domain_event(notification)
        position, count = batch[-1].id, count + len(batch)
    return count


def run(bench: Bench) -> None:
    for kind in bench.kinds():
        container = open_store(bench.store(kind, built=False), bench.folder, synchronous=False)
        try:
            count = container.app.recorder.max_notification_id()
            ours, base = bench.alternately(
                lambda _r: rate(count, timed(container.projector.rebuild)),
                lambda _r: rate(count, timed(lambda: select_and_decode(container.app))),
            )
            bench.built(kind)
        finally:
            container.close()
        bench.figures.append(figure(
            SUITE, f"{kind}: all read models from zero, {count:,} events", ours, base, "events/s",
            "select + decode the same notifications", 0.5,
        ))
