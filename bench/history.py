"""History length: loading (cold, no cache) a campaign with 1,000 events against one with 10, on SQLite.

The campaigns are written through the application's commands on the store itself, so the store holds the
snapshots the application takes by itself (`Thidua.snapshotting_intervals`). A campaign whose targets were
amended many times keeps a state of bounded size, so the figure isolates the length of the history; the
worst case is a campaign with the most events a load replays after its last snapshot. A unit with 1,000
members is measured too: its state itself grows, and units are not snapshotted.
"""

from __future__ import annotations

import time
from datetime import date
from uuid import UUID

from adapters.event_store import event_store_env
from bench.context import Bench
from bench.generator import SYSTEM, ProvinceYear, Shape
from bench.ledger import copy_events, generate, open_store
from bench.measure import figure
from domain import commands as c
from domain.application import Thidua
from domain.campaign import Campaign

SUITE = "history length"
INTERVAL = Thidua.snapshotting_intervals.get(Campaign)  # None when campaigns are not snapshotted
SAMPLE = 0.3  # seconds of loads per figure and run


def long_and_short(app: Thidua, long: int) -> dict[str, UUID]:
    """Campaigns of 10 and `long` events (and of the most events after a snapshot near `long`), units of 10
    and `long` events."""
    province = ProvinceYear(app, shape=Shape(units=1, staff=10), province="hist")
    province.organisation()
    organiser = province.secretariat[0]
    lengths = {"short": 10, "long": long} | ({"worst": long // INTERVAL * INTERVAL + INTERVAL - 1} if INTERVAL else {})
    found = {}
    for name, length in lengths.items():
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


def loads_per_second(app: Thidua, aggregate_id: UUID) -> float:
    """Cold loads for at least SAMPLE seconds (a few milliseconds of loads are too short to time here)."""
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < SAMPLE:
        app.repository.get(aggregate_id)
        count += 1
    return count / elapsed


def run(bench: Bench) -> None:
    long = 1000
    url = bench.fresh("sqlite", "history")
    container = open_store(url, bench.folder, synchronous=False)
    try:
        copy_events(generate(bench.seed, 0), container.app)  # the shipped rule sets
        ids = long_and_short(container.app, long)
    finally:
        container.close()
    app = Thidua(env={**event_store_env(container.settings), "AGGREGATE_CACHE_MAXSIZE": ""})  # cold: no cache
    try:
        measure(bench, app, ids, "long", "campaign, as configured", "campaign", 1.0 / 2.0)
        if INTERVAL:
            measure(bench, app, ids, "worst", f"campaign, as configured, {INTERVAL - 1} events after the last snapshot",
                    "campaign", 1.0 / 2.0)
        measure(bench, app, ids, "long", "unit with 1,000 members (its state grows too)", "unit", None)
    finally:
        app.close()


def measure(bench: Bench, app: Thidua, ids: dict[str, UUID], which: str, name: str, kind: str,
            target: float | None) -> None:
    """Loads per second of the long history ÷ of the short one, each run timing both in turn: the inverse of
    the cost ratio (target ≥ ½)."""
    short_id, long_id = ids[f"{kind}-short"], ids[f"{kind}-{which}"]
    length = len(list(app.events.get(long_id)))
    pairs = [(loads_per_second(app, short_id), loads_per_second(app, long_id)) for _run in range(bench.runs)]
    short, lengthy = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    bench.figures.append(figure(
        SUITE, f"{length:,} events vs 10 events: {name}", lengthy, short, "loads/s", "the same with 10 events", target,
    ))
