"""History length: loading (cold, no cache) a campaign with 1,000 events against one with 10, on SQLite.

A campaign whose targets were amended many times keeps a state of bounded size, so the figure isolates
the length of the history. A unit with 1,000 members is measured too: its state itself grows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from adapters.event_store import event_store_env
from bench.context import Bench
from bench.generator import SYSTEM, ProvinceYear, Shape
from bench.ledger import copy_events, generate, open_store
from bench.measure import figure, timed
from domain import commands as c
from domain.application import Thidua
from domain.campaign import Campaign

SUITE = "history length"
SNAPSHOT_INTERVAL = 5  # the interval proposed for Campaign (the line to add to domain/application.py)


def long_and_short(app: Thidua, long: int) -> dict[str, UUID]:
    """Two campaigns (10 and `long` events) and two units (10 and `long` events), through the commands."""
    province = ProvinceYear(app, shape=Shape(units=1, staff=10), province="hist")
    province.organisation()
    organiser = province.secretariat[0]
    found = {}
    for name, length in (("short", 10), ("long", long), ("worst", long + SNAPSHOT_INTERVAL - 1)):
        campaign = app.draft_campaign(organiser, c.DraftCampaign(
            f"hist-{name}", province.committee, "province", "Thi đua", date(2025, 1, 1), date(2025, 12, 31),
        ))
        app.set_target(organiser, c.SetTarget(campaign, {
            "code": "dvc", "description": "Dịch vụ công trực tuyến", "metric": "percent", "value": 80,
            "direction": "at_least", "applies_to": "units",
        }))
        for k in range(length - 2):
            app.amend_target(organiser, c.AmendTarget(campaign, "dvc", 80 + k % 10, "Điều chỉnh theo chỉ đạo"))
        found[f"campaign-{name}"] = campaign
        if name == "worst":
            continue
        unit = app.register_unit(SYSTEM, c.RegisterUnit(f"hist-unit-{name}", f"Đơn vị {name}", name, "division", "hist", "DV"))
        for k in range(length - 1):
            province.person(f"hist-{name}-{k}", unit, "Chuyên viên")
        found[f"unit-{name}"] = unit
    return found


def loads_per_second(app: Thidua, aggregate_id: UUID, count: int) -> float:
    return count / timed(lambda: [app.repository.get(aggregate_id) for _ in range(count)])


def cold(app_class: type[Thidua], env: dict[str, str]) -> Thidua:
    return app_class(env={**env, "AGGREGATE_CACHE_MAXSIZE": ""})


class SnapshottingCampaigns(Thidua):
    """The proposal, measured before it is adopted: a Campaign snapshot every SNAPSHOT_INTERVAL events."""

    name = "Thidua"
    snapshotting_intervals = {Campaign: SNAPSHOT_INTERVAL}


def run(bench: Bench) -> None:
    long = 1000
    source = generate(bench.seed, 0)
    ids = long_and_short(source, long)
    url = bench.fresh("sqlite", "history")
    container = open_store(url, bench.folder, synchronous=False)
    copy_events(source, container.app)
    container.close()
    env = event_store_env(container.settings)
    configured = Thidua.snapshotting_intervals.get(Campaign)
    variants: list[tuple[str, Callable[[], Any]]] = [("as configured", lambda: cold(Thidua, env))]
    if not configured:
        variants.append((f"with Campaign snapshots every {SNAPSHOT_INTERVAL} events (proposed)",
                         lambda: snapshotted(SnapshottingCampaigns, env, [i for k, i in ids.items() if k.startswith("campaign")])))
    for label, make in variants:
        app = make()
        try:
            measure(bench, app, ids, "long", f"campaign, {label}", "campaign", 1.0 / 2.0)
            if label != "as configured":
                measure(bench, app, ids, "worst", f"campaign, {label}, {SNAPSHOT_INTERVAL - 1} events after the last snapshot",
                        "campaign", 1.0 / 2.0)
            if label == "as configured":
                measure(bench, app, ids, "long", "unit with 1,000 members (its state grows too)", "unit", None)
        finally:
            app.close()


def snapshotted(app_class: type[Thidua], env: dict[str, str], campaigns: list[UUID]) -> Thidua:
    """A cold application whose store has the snapshots the proposed interval would have taken."""
    app = cold(app_class, env)
    for campaign in campaigns:
        for version in range(SNAPSHOT_INTERVAL, len(list(app.events.get(campaign))) + 1, SNAPSHOT_INTERVAL):
            app.take_snapshot(campaign, version=version)
    return app


def measure(bench: Bench, app: Thidua, ids: dict[str, UUID], which: str, name: str, kind: str,
            target: float | None) -> None:
    """Loads per second of the long history ÷ of the short one: the inverse of the cost ratio (target ≥ ½)."""
    length = len(list(app.events.get(ids[f"{kind}-{which}"])))
    short = bench.each_run(lambda _r: loads_per_second(app, ids[f"{kind}-short"], 200))
    lengthy = bench.each_run(lambda _r: loads_per_second(app, ids[f"{kind}-{which}"], 20))
    bench.figures.append(figure(
        SUITE, f"{length:,} events vs 10 events: {name}", lengthy, short, "loads/s", "the same with 10 events", target,
    ))
