"""CouncilSession and BallotBox: what mutation testing found untested (docs/mutation.md).

Who, in what role and when is recorded on every event; the facts a session without quorum records; the exact
refusals (strangers on the attendance list, counting out of turn); members lists empty or doubled. Ballots
themselves are left to their own tests while the encrypted ballot box is being built.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from domain.council import BallotBox, CouncilSession, check_members
from domain.exceptions import InvalidCommandError, StageOrderError, VotingError
from tests.unit.mutant_support import last_event, refused

AT = datetime(2025, 12, 15, 2, 0, tzinfo=timezone.utc)
CHAIR, MEMBER, ABSENT, NOMINEE_MEMBER, STRANGER, SECRETARY = (UUID(int=i) for i in range(1, 7))
NOMINATION, OTHER_NOMINATION = UUID(int=10), UUID(int=11)


def convened() -> CouncilSession:
    return CouncilSession(
        council_unit_id=UUID(int=99), name="Hội đồng TĐKT", members=[CHAIR, MEMBER, ABSENT, NOMINEE_MEMBER],
        chair_id=CHAIR, agenda=[NOMINATION, OTHER_NOMINATION], nominees={str(OTHER_NOMINATION): NOMINEE_MEMBER},
        meeting_on=date(2025, 12, 15), ruleset_version="v", by=SECRETARY, role="secretariat", at=AT,
    )


def attended() -> CouncilSession:
    session = convened()
    session.record_attendance([CHAIR, MEMBER, NOMINEE_MEMBER], by=SECRETARY, role="secretariat", at=AT)
    return session


def closed() -> CouncilSession:
    session = attended()
    session.close(by=CHAIR, role="council_member", at=AT)
    return session




def test_the_ballot_box_id_is_derived_from_the_session_as_stored():
    session = convened()
    assert session.ballot_box_id == BallotBox.create_id(session.id) == uuid5(
        NAMESPACE_URL, f"thidua:/ballot-box/{session.id}",
    )


def test_attendance_records_who_is_present_and_who_role_time():
    session = convened()
    session.record_attendance([CHAIR, MEMBER], by=SECRETARY, role="secretariat", at=AT)
    event = last_event(session)
    assert (event.present, event.by, event.role, event.at) == ([CHAIR, MEMBER], SECRETARY, "secretariat", AT)
    assert session.present == [CHAIR, MEMBER]


def test_a_stranger_on_the_attendance_list_is_refused_and_nothing_is_recorded():
    session = convened()
    refused(
        VotingError, "không phải thành viên Hội đồng",
        session.record_attendance, [CHAIR, STRANGER], by=SECRETARY, role="secretariat", at=AT,
    )
    assert session.present == [] and len(session.collect_events()) == 1


def test_a_ballot_records_only_that_the_member_voted_and_how_it_came():
    session = attended()
    session.mark_voted(MEMBER, False, AT)
    session.mark_voted(ABSENT, True, AT)
    event = last_event(session)
    assert (event.voter_id, event.written, event.at) == (ABSENT, True, AT)
    assert (session.voted, session.written) == ([MEMBER, ABSENT], [ABSENT])


def test_closing_records_who_role_time_and_ends_voting():
    session = attended()
    session.close(by=CHAIR, role="council_member", at=AT)
    event = last_event(session)
    assert (event.by, event.role, event.at) == (CHAIR, "council_member", AT)
    refused(VotingError, "Phiên họp đã đóng", session.close, by=CHAIR, role="council_member", at=AT)


def test_a_tally_records_the_results_who_role_time_and_rules():
    session, results = closed(), [{"nomination_id": str(NOMINATION), "passed": True}]
    session.record_tally(results, by=SECRETARY, role="secretariat", at=AT, ruleset_version="ND98")
    event = last_event(session)
    assert (event.results, event.by, event.role, event.at, event.ruleset_version) == (
        results, SECRETARY, "secretariat", AT, "ND98",
    )
    assert session.quorum_met is True and session.tally == results


def test_a_session_without_quorum_records_its_counts_article_message_rules_and_who_role_time():
    session = closed()
    session.record_no_quorum(
        total_members=9, present=4, written=1, attending=5, required=6, article="TT 25/2025 Art. 23",
        message="Không đủ số thành viên", ruleset_version="ND98", by=SECRETARY, role="secretariat", at=AT,
    )
    event = last_event(session)
    assert (event.total_members, event.present, event.written, event.attending, event.required) == (9, 4, 1, 5, 6)
    assert (event.article, event.message, event.ruleset_version) == (
        "TT 25/2025 Art. 23", "Không đủ số thành viên", "ND98",
    )
    assert (event.by, event.role, event.at) == (SECRETARY, "secretariat", AT)
    assert session.quorum_met is False


def test_counting_comes_after_closing_and_once():
    session = attended()
    refused(StageOrderError, "sau khi đóng phiên họp", session.record_tally, [], by=SECRETARY, role="s", at=AT, ruleset_version="v")
    session.close(by=CHAIR, role="council_member", at=AT)
    session.record_tally([], by=SECRETARY, role="s", at=AT, ruleset_version="v")
    refused(StageOrderError, "đã được kiểm phiếu", session.record_tally, [], by=SECRETARY, role="s", at=AT, ruleset_version="v")


@pytest.mark.parametrize(
    ("members", "chair", "agenda", "words"),
    [
        ([], CHAIR, [NOMINATION], "trống hoặc trùng lặp"),
        ([CHAIR, MEMBER, MEMBER], CHAIR, [NOMINATION], "trống hoặc trùng lặp"),
        ([MEMBER], CHAIR, [NOMINATION], "Chủ tịch Hội đồng phải là thành viên"),
        ([CHAIR, MEMBER], CHAIR, [], "ít nhất một hồ sơ"),
    ],
)
def test_check_members_refusals_say_why(members, chair, agenda, words):
    refused(InvalidCommandError, words, check_members, members, chair, agenda)
