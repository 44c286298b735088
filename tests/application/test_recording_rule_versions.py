"""Every event that applied a rule records the rule-set version (and articles) it applied (issue #3 item 8);
events stored before a version was recorded still load, upcast with an empty version."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from domain import commands as c
from domain.nomination import Nomination
from tests.builders import World, build_world, launch_campaign


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    built = build_world(app)
    launch_campaign(built)
    clock.set(2025, 12, 1, 9)
    return built


def nominate_and_submit(w: World) -> Nomination:
    n = w.app.nominate(w.as_clerk, c.Nominate(w.campaign, w.staff[0], "individual", "LDTT", "Hoàn thành tốt nhiệm vụ."))
    w.app.submit_nomination(w.as_clerk, c.SubmitNomination(n))
    w.app.return_nomination(w.as_head, c.ReturnNomination(n, "drafted", "Bổ sung biên bản"))
    w.app.submit_nomination(w.as_clerk, c.SubmitNomination(n, "Đã bổ sung"))
    return n


def test_drafting_and_submitting_record_the_rule_set_and_the_eligibility_articles(world):
    events = list(world.app.events.get(nominate_and_submit(world)))

    drafted, submitted, resubmitted = events[0], events[1], events[3]
    assert drafted.ruleset_version == submitted.ruleset_version == resubmitted.ruleset_version == "ND152-2025/v1"
    assert "Điều 24 khoản 1 Luật TĐKT 2022" in submitted.articles  # LĐTT needs at least HTTNV
    assert submitted.articles == resubmitted.articles and len(set(submitted.articles)) == len(submitted.articles)


@pytest.mark.parametrize(("index", "removed"), [
    pytest.param(0, ("ruleset_version",), id="NominationDrafted"),
    pytest.param(1, ("ruleset_version", "articles"), id="NominationSubmitted"),
    pytest.param(3, ("ruleset_version", "articles"), id="NominationResubmitted"),
])
def test_events_stored_without_the_version_still_load(world, index, removed):
    app = world.app
    nomination = nominate_and_submit(world)
    stored = app.events.mapper.to_stored_event(list(app.events.get(nomination))[index])
    state = {k: v for k, v in json.loads(stored.state).items() if k not in (*removed, "class_version")}

    old = app.mapper.to_domain_event(replace(stored, state=json.dumps(state).encode()))

    assert old.ruleset_version == "" and getattr(old, "articles", []) == []
    assert type(old).__qualname__ == type(list(app.events.get(nomination))[index]).__qualname__
