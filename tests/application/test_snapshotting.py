"""Campaign snapshots: the demo's two seed campaigns, restored from a snapshot at any version, are exactly
the campaign their events replay to (the cluster campaign with its signed covenant included)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from uuid import uuid4

import pytest
from eventsourcing.application import project_aggregate

from adapters.demo.loader import load_demo
from domain.application import Thidua
from domain.campaign import Campaign
from domain.exceptions import InvalidCommandError

SEED_CAMPAIGNS = ("cum2-2023", "dienbien-2025")


@pytest.fixture(scope="module")
def demo() -> Iterator[Thidua]:
    app = Thidua(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    load_demo(app)
    yield app
    app.close()


@pytest.mark.parametrize("key", SEED_CAMPAIGNS)
def test_a_snapshot_taken_at_any_version_restores_the_replayed_campaign(demo, key):
    events = list(demo.events.get(Campaign.create_id(key)))
    differing = []

    for version in range(1, len(events) + 1):
        replayed = project_aggregate(None, events[:version])
        stored = demo.mapper.to_stored_event(Campaign.Snapshot.take(replayed))
        restored = demo.mapper.to_domain_event(stored).mutate(None)
        if vars(restored) != vars(replayed):
            differing.append(version)

    assert differing == []


@pytest.mark.parametrize("key", SEED_CAMPAIGNS)
def test_the_application_snapshots_every_third_version_and_loads_the_same_campaign_from_them(demo, key):
    campaign_id = Campaign.create_id(key)
    events = list(demo.events.get(campaign_id))

    taken = [s.originator_version for s in demo.snapshots.recorder.select_events(campaign_id)]

    assert taken == list(range(3, len(events) + 1, 3))
    assert all(
        vars(demo.repository.get(campaign_id, version=version)) == vars(project_aggregate(None, events[:version]))
        for version in range(1, len(events) + 1)
    )


def test_the_cluster_campaign_snapshot_keeps_its_signed_covenant(demo):
    campaign_id = Campaign.create_id("cum2-2023")
    last = demo.snapshots.recorder.select_events(campaign_id, desc=True, limit=1)[0]

    restored = demo.mapper.to_domain_event(last).mutate(None)

    assert restored.scope == "cluster" and len(restored.covenant) >= 2
    assert set(restored.covenant) <= {str(unit) for unit in restored.invited}
    assert restored.covenant == demo.repository.get(campaign_id, version=last.originator_version).covenant


def test_a_target_code_is_text_so_that_a_snapshot_keys_targets_as_a_replay_does():
    who = {"by": uuid4(), "role": "secretariat", "at": datetime(2024, 12, 20, tzinfo=timezone.utc)}
    campaign = Campaign(
        key="c", issuer_id=uuid4(), scope="sector", cluster_id=None, form="regular", theme="Chủ đề", mottos=[],
        period_start=datetime(2025, 1, 1).date(), period_end=datetime(2025, 12, 31).date(), summary_arrangement="",
        legal_bases=[], preamble=[], document={}, notes=[], **who,
    )
    target = {"code": 95, "description": "95% LĐTT", "metric": "percent", "value": 95, "direction": "at_least"}

    with pytest.raises(InvalidCommandError):
        campaign.set_target(target, **who)
    campaign.set_target({**target, "code": "95"}, **who)
    assert list(campaign.targets) == ["95"]
