from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

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


def test_ballot_box_counts_choices_without_voters():
    box = BallotBox(session_id=uuid4())
    box.deposit({str(N1): "yes", str(N2): "no"})
    box.deposit({str(N1): "yes"})

    assert box.counts(N1) == {"yes": 2, "no": 0, "abstain": 0}
    assert box.counts(N2) == {"yes": 0, "no": 1, "abstain": 0}
    deposited = [e for e in box.collect_events() if type(e).__name__ == "BallotDeposited"]
    assert all("voter" not in str(vars(e)) and "by" not in vars(e) for e in deposited)
