from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from domain.ballot_seals import BallotSeals
from domain.council import BallotBox, CouncilSession
from domain.exceptions import StageOrderError, VotingError

AT = datetime(2026, 1, 10, 2, tzinfo=timezone.utc)
MEMBERS = [uuid4() for _ in range(5)]
N1, N2 = uuid4(), uuid4()


def convened() -> CouncilSession:
    session = CouncilSession(
        council_unit_id=uuid4(), name="Phiên họp xét khen thưởng năm 2025", members=MEMBERS, chair_id=MEMBERS[0],
        agenda=[N1, N2], nominees={str(N1): MEMBERS[4], str(N2): uuid4()}, meeting_on=date(2026, 1, 10),
        ruleset_version="v", by=uuid4(), role="secretariat", at=AT,
    )
    session.record_attendance(MEMBERS[:4], by=uuid4(), role="secretariat", at=AT)
    return session


def test_nobody_votes_twice():
    session = convened()
    session.check_ballot(MEMBERS[1], {str(N1): "yes"}, written=False)
    session.mark_voted(MEMBERS[1], False, AT)

    with pytest.raises(VotingError):
        session.check_ballot(MEMBERS[1], {str(N1): "no"}, written=False)


def test_only_members_of_this_session_vote():
    with pytest.raises(VotingError):
        convened().check_ballot(uuid4(), {str(N1): "yes"}, written=False)


def test_absent_member_votes_in_writing_and_present_member_in_the_room():
    session = convened()

    with pytest.raises(VotingError):
        session.check_ballot(MEMBERS[4], {str(N1): "abstain"}, written=False)
    with pytest.raises(VotingError):
        session.check_ballot(MEMBERS[1], {str(N1): "yes"}, written=True)
    session.check_ballot(MEMBERS[4], {str(N2): "yes"}, written=True)


def test_member_cannot_vote_for_themself():
    with pytest.raises(VotingError):
        convened().check_ballot(MEMBERS[4], {str(N1): "yes"}, written=True)


def test_ballot_only_on_the_agenda_with_known_choices():
    session = convened()

    with pytest.raises(VotingError):
        session.check_ballot(MEMBERS[1], {str(uuid4()): "yes"}, written=False)
    with pytest.raises(VotingError):
        session.check_ballot(MEMBERS[1], {str(N1): "maybe"}, written=False)


def test_no_ballot_after_close_and_tally_only_after_close():
    session = convened()
    with pytest.raises(StageOrderError):
        session.record_tally([], by=uuid4(), role="secretariat", at=AT, ruleset_version="v")

    session.close(by=uuid4(), role="secretariat", at=AT)

    with pytest.raises(VotingError):
        session.check_ballot(MEMBERS[1], {str(N1): "yes"}, written=False)


def sealed_box(ballots: list[dict[str, str]]) -> tuple[BallotBox, BallotSeals]:
    box, seals = BallotBox(session_id=uuid4()), BallotSeals()
    seals.prepare(box.session_id)
    for ballot in ballots:
        box.deposit(seals.seal(box.session_id, ballot))
    return box, seals


def test_ballot_box_holds_sealed_envelopes_without_voters_until_it_is_opened():
    box, seals = sealed_box([{str(N1): "yes", str(N2): "no"}, {str(N1): "yes"}])

    assert box.counts(N1) == {"yes": 0, "no": 0, "abstain": 0} and len(box.envelopes) == 2
    assert not any(str(N1) in envelope for envelope in box.envelopes)
    box.unseal(seals.open_all(box.session_id, box.envelopes))

    assert box.counts(N1) == {"yes": 2, "no": 0, "abstain": 0}
    assert box.counts(N2) == {"yes": 0, "no": 1, "abstain": 0}
    events = box.collect_events()
    assert all("voter" not in str(vars(e)) and "by" not in vars(e) for e in events)


def test_opening_shuffles_the_ballots_and_destroying_the_key_seals_the_envelopes_for_good():
    ballots = [{str(N1): choice} for choice in ["yes"] * 20 + ["no"] * 20]
    box, seals = sealed_box(ballots)

    orders = [seals.open_all(box.session_id, box.envelopes) for _ in range(3)]
    seals.destroy(box.session_id)

    assert all(sorted(o, key=str) == sorted(ballots, key=str) for o in orders)
    assert any(o != ballots for o in orders)  # each order of 40 ballots: 1 in 10^11 to be the cast order
    with pytest.raises(VotingError):
        seals.open_all(box.session_id, box.envelopes)
    with pytest.raises(VotingError):
        seals.seal(box.session_id, {str(N1): "yes"})


def test_a_box_opens_once_with_one_ballot_per_envelope():
    box, seals = sealed_box([{str(N1): "yes"}])

    with pytest.raises(VotingError):
        box.unseal([])
    box.unseal(seals.open_all(box.session_id, box.envelopes))
    with pytest.raises(VotingError):
        box.unseal([{str(N1): "yes"}])
    with pytest.raises(VotingError):
        box.deposit("late")
