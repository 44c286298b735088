"""The session's trustees in the aggregate: a key share once each, proved, before any ballot (issue #17)."""

from datetime import date
from uuid import uuid4

import pytest

from domain.ballot import group as g
from domain.ballot.trustees import KDF, public_share
from domain.council import CouncilSession
from domain.exceptions import VotingError
from tests.unit.test_council import AT, MEMBERS, N1


def named() -> CouncilSession:
    """A session with all members present whose trustees are the first two members, none registered yet."""
    session = CouncilSession(
        council_unit_id=uuid4(), name="Phiên họp", members=MEMBERS, chair_id=MEMBERS[0], agenda=[N1], nominees={},
        meeting_on=date(2026, 1, 10), ruleset_version="v", by=MEMBERS[1], role="secretariat", at=AT,
    )
    session.record_attendance(MEMBERS, by=MEMBERS[1], role="secretariat", at=AT)
    session.name_trustees([{"person_id": str(m), "role": "council_member"} for m in MEMBERS[:2]], "11" * 16, KDF, "quy chế", AT)
    return session


def register(session, trustee, secret=None):
    public, proof = public_share(session.id, trustee, secret or g.random_scalar())
    session.register_trustee_key(trustee, public, proof, trustee, "council_member", AT)


def test_the_box_opens_only_once_every_named_trustee_has_a_proved_share():
    session = named()
    register(session, MEMBERS[0])
    with pytest.raises(VotingError, match="còn chờ"):
        session.check_ballot(MEMBERS[2], {str(N1): "yes"}, written=False)
    register(session, MEMBERS[1])
    session.check_ballot(MEMBERS[2], {str(N1): "yes"}, written=False)


def test_a_share_is_refused_from_a_stranger_twice_unproved_or_after_a_ballot():
    session = named()
    register(session, MEMBERS[0])
    with pytest.raises(VotingError, match="Chỉ người giữ khoá"):
        register(session, MEMBERS[3])
    with pytest.raises(VotingError, match="đã đăng ký"):
        register(session, MEMBERS[0])
    public, _proof = public_share(session.id, MEMBERS[1], g.random_scalar())
    _other, forged = public_share(session.id, MEMBERS[1], g.random_scalar())
    with pytest.raises(VotingError, match="không hợp lệ"):
        session.register_trustee_key(MEMBERS[1], public, forged, MEMBERS[1], "council_member", AT)
    session.mark_voted(MEMBERS[2], False, AT)
    with pytest.raises(VotingError, match="đã có phiếu"):
        register(session, MEMBERS[1])
