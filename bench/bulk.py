"""Bulk load: the generated province-year saved in batches into a fresh store, against the library's own
batched save (100 aggregates × 5 events per save) on the same kind of store."""

from __future__ import annotations

from eventsourcing.application import Application

from bench.context import Bench
from bench.ledger import PAGE, batched_dossiers, copy_events, open_store, plain_store_env
from bench.measure import figure, rate, timed

SUITE = "bulk load"


def run(bench: Bench) -> None:
    source = bench.ledger()
    count = source.recorder.max_notification_id()
    for kind in bench.kinds():
        def ours(r: int) -> float:
            container = open_store(bench.fresh(kind, f"bulk{r}"), bench.folder, synchronous=False)
            try:
                return rate(count, timed(lambda: copy_events(source, container.app)))
            finally:
                container.close()

        def baseline(r: int) -> float:
            app = Application(env=plain_store_env(bench.fresh(kind, f"batched{r}")))
            saves = max(1, count // PAGE)
            try:
                return rate(saves * PAGE, timed(lambda: [app.save(*batch) for batch in batched_dossiers(saves)]))
            finally:
                app.close()

        bench.figures.append(figure(
            SUITE, f"{kind}: province-year ({count:,} events), pages of {PAGE} events per save",
            *bench.alternately(ours, baseline), "events/s",
            "library batched save (100 aggregates × 5 events)", 0.5,
        ))
