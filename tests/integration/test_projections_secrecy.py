"""Secret ballot in the read models: counts from the tally only; nothing links a voter to a choice."""

import pytest
from sqlalchemy import func, select

from adapters.ballot_keys import ballot_keys
from domain.exceptions import VotingError

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
    assert not [p.name for p in all_projections() if BallotBox.EnvelopeDeposited in p.handlers]


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


def test_once_the_box_is_opened_not_even_the_whole_ledger_links_a_voter_to_a_choice(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app)
    launch_campaign(world)
    nomination = to_posted(world, clock, world.staff[0])
    session = vote(world, clock, [nomination])
    app = container.app
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 10**6)]

    carrying_choices = [e for e in events if f"'{nomination}': 'no'" in repr(vars(e))]  # a ballot's mark
    envelopes = app.repository.get(BallotBox.create_id(session)).envelopes

    assert [type(e).__qualname__ for e in carrying_choices] == ["BallotBox.Unsealed"]
    assert not {"by", "voter_id"} & set(vars(carrying_choices[0]))
    with pytest.raises(VotingError):  # the session's key was destroyed when the box was opened
        app.ballot_seals.open_all(session, envelopes)
    with container.projector.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ballot_keys)).scalar() == 0
