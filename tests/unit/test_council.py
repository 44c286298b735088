from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from domain.ballot.group import random_scalar
from domain.ballot.trustees import KDF, public_share
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
    session.name_trustees([{"person_id": str(MEMBERS[0]), "role": "council_member"}], "00" * 16, KDF, "quy chế", AT)
    session.register_trustee_key(MEMBERS[0], *public_share(session.id, MEMBERS[0], random_scalar()), MEMBERS[0], "council_member", AT)
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


def test_ballot_box_holds_encrypted_ballots_without_voters_and_is_decrypted_once():
    box = BallotBox(session_id=uuid4())
    box.deposit_encrypted("ballot-1")
    box.deposit_encrypted("ballot-2")

    assert (box.ballot_count, box.counted) == (2, False)
    box.record_decryption({"trustee": "shares"})
    assert box.counted
    with pytest.raises(VotingError):
        box.record_decryption({"trustee": "shares"})
    with pytest.raises(VotingError):
        box.deposit_encrypted("late")
    events = box.collect_events()
    assert all("voter" not in str(vars(e)) and "by" not in vars(e) for e in events)


def test_a_box_sealed_before_encrypted_ballots_still_loads_and_counts_its_opened_ballots():
    box = BallotBox(session_id=uuid4())
    box._deposited("gAAAA-sealed")  # the former events: EnvelopeDeposited, then Unsealed at closing
    box._unsealed([{str(N1): "yes", str(N2): "no"}, {str(N1): "yes"}])

    assert [type(e).__name__ for e in box.collect_events()] == ["Opened", "EnvelopeDeposited", "Unsealed"]
    assert (box.ballot_count, box.counted) == (1, True)
    assert box.counts(N1) == {"yes": 2, "no": 0, "abstain": 0}
