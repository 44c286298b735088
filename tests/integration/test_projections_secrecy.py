"""Secret ballot in the read models: counts from the tally only; nothing links a voter to a choice."""

import re

import pytest
from sqlalchemy import inspect

from domain.council import BallotBox
from projections import queries
from projections.council import council_results
from projections.registry import all_projections
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container, table_rows, to_posted, vote


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock)
    yield built
    built.close()


def test_no_read_model_reads_the_ballot_box_choices():
    ballots = {BallotBox.BallotDeposited, BallotBox.EnvelopeDeposited}
    assert not [p.name for p in all_projections() if ballots & set(p.handlers)]


def test_council_counts_come_from_the_tally_and_the_audit_says_only_that_members_voted(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app)
    launch_campaign(world)
    session = vote(world, clock, [to_posted(world, clock, world.staff[0])])

    with container.read_engine.connect() as conn:
        result = queries.get_council_session(conn, session)["results"][0]
        trail = queries.audit_trail(conn, session)
    rows = table_rows(container.read_engine)

    assert (result["yes"], result["no"], result["abstain"], result["passed"]) == (4, 1, 0, True)
    assert [e["summary"] for e in trail if e["event_type"] == "BallotCast"] == ["Thành viên Hội đồng đã bỏ phiếu kín"] * 5
    assert all("EnvelopeDeposited" not in repr(row) for table in rows.values() for row in table)
    assert len(rows[council_results.name]) == 1


def test_no_event_of_the_whole_ledger_carries_a_choice_and_no_key_table_is_left(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app)
    launch_campaign(world)
    session = vote(world, clock, [to_posted(world, clock, world.staff[0])])
    app = container.app
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 10**6)]

    carrying_choices = [e for e in events if re.search(r"': '(yes|no|abstain)'", repr(vars(e)))]  # a ballot's mark
    ballots = app.repository.get(BallotBox.create_id(session)).encrypted

    assert carrying_choices == [] and len(ballots) == 5 and len({len(b) for b in ballots}) == 1
    assert "ballot_keys" not in inspect(container.projector.engine).get_table_names()
