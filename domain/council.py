"""Council session (phiên họp Hội đồng TĐKT): convened, attendance, secret ballots, closed, then tallied,
or found without quorum (it then decides nothing).

Secrecy: the session records only *that* a member voted (BallotCast, for "nobody votes twice");
what was chosen goes, sealed, to a separate BallotBox aggregate with no voter id, and is opened in
a random order only when the session closes (`domain.ballot_seals`). The feed, read models and
audit pages show ballots only as counts. Event class names are a persisted schema.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError, StageOrderError, VotingError
from domain.values import Choice, stable_id


class CouncilSession(Entity):
    """One meeting of an emulation council on an agenda of nominations."""

    @event("Convened")
    def __init__(
        self, council_unit_id: UUID, name: str, members: list[UUID], chair_id: UUID, agenda: list[UUID],
        nominees: dict[str, UUID], meeting_on: date, ruleset_version: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.council_unit_id = council_unit_id
        self.name = name
        self.members = members
        self.chair_id = chair_id
        self.agenda = agenda
        self.nominees = nominees  # nomination id (str) -> nominee id: a member never votes on themself
        self.meeting_on = meeting_on
        self.ruleset_version = ruleset_version
        self.present: list[UUID] = []
        self.voted: list[UUID] = []
        self.written: list[UUID] = []
        self.closed = False
        self.quorum_met: bool | None = None  # known once counted
        self.tally: list[dict] | None = None

    @property
    def ballot_box_id(self) -> UUID:
        return BallotBox.create_id(self.id)

    def record_attendance(self, present: list[UUID], by: UUID, role: str, at: datetime) -> None:
        self._ensure_open()
        strangers = [p for p in present if p not in self.members]
        if strangers:
            raise VotingError("Danh sách có mặt có người không phải thành viên Hội đồng.")
        self._attendance_recorded(present, by, role, at)

    @event("AttendanceRecorded")
    def _attendance_recorded(self, present: list[UUID], by: UUID, role: str, at: datetime) -> None:
        self.present = present

    def check_ballot(self, voter_id: UUID, choices: dict[str, str], written: bool) -> None:
        """A member votes once, on the agenda only, never on themself; absentees vote in writing."""
        self._ensure_open()
        if voter_id not in self.members:
            raise VotingError("Chỉ thành viên Hội đồng của phiên họp này mới được bỏ phiếu.")
        if voter_id in self.voted:
            raise VotingError("Thành viên đã bỏ phiếu trong phiên họp này.")
        if written == (voter_id in self.present):
            raise VotingError("Thành viên có mặt bỏ phiếu kín tại phiên họp; thành viên vắng mặt gửi phiếu bằng văn bản.")
        agenda = {str(n) for n in self.agenda}
        if set(choices) - agenda:
            raise VotingError("Phiếu có hồ sơ không thuộc chương trình phiên họp.")
        if any(c not in {x.value for x in Choice} for c in choices.values()):
            raise VotingError("Lựa chọn trên phiếu không hợp lệ.")
        for nomination_id, choice in choices.items():
            if self.nominees.get(nomination_id) == voter_id and choice != Choice.ABSTAIN.value:
                raise VotingError("Thành viên không được bỏ phiếu cho chính mình.")

    @event("BallotCast")
    def mark_voted(self, voter_id: UUID, written: bool, at: datetime) -> None:
        """Record only that the member voted; the choices go to the ballot box."""
        self.voted.append(voter_id)
        if written:
            self.written.append(voter_id)

    def close(self, by: UUID, role: str, at: datetime) -> None:
        self._ensure_open()
        self._closed(by, role, at)

    @event("Closed")
    def _closed(self, by: UUID, role: str, at: datetime) -> None:
        self.closed = True

    def record_tally(self, results: list[dict], by: UUID, role: str, at: datetime, ruleset_version: str) -> None:
        """The results of a quorate session (each with the rule set it was counted under)."""
        self._ensure_countable()
        self._tallied(results, by, role, at, ruleset_version)

    @event("Tallied")
    def _tallied(self, results: list[dict], by: UUID, role: str, at: datetime, ruleset_version: str) -> None:
        self.quorum_met = True
        self.tally = results

    def record_no_quorum(
        self, total_members: int, present: int, written: int, attending: int, required: int, article: str,
        message: str, ruleset_version: str, by: UUID, role: str, at: datetime,
    ) -> None:
        """A session without quorum decides nothing: it records only that it had none, its dossiers stay posted."""
        self._ensure_countable()
        self._quorum_not_met(
            total_members, present, written, attending, required, article, message, ruleset_version, by, role, at,
        )

    @event("QuorumNotMet")
    def _quorum_not_met(
        self, total_members: int, present: int, written: int, attending: int, required: int, article: str,
        message: str, ruleset_version: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.quorum_met = False

    def _ensure_countable(self) -> None:
        if not self.closed:
            raise StageOrderError("Chỉ kiểm phiếu sau khi đóng phiên họp.")
        if self.quorum_met is not None:
            raise StageOrderError("Phiên họp đã được kiểm phiếu.")

    def _ensure_open(self) -> None:
        if self.closed:
            raise VotingError("Phiên họp đã đóng.")


class BallotBox(Entity):
    """The ballots of one session, with no voter ids; id derived from the session.

    While voting is open it holds sealed envelopes (see `domain.ballot_seals`); at closing they are opened
    and the ballots recorded in a random order, so no ballot can be matched to the envelope next to its voter.
    """

    @staticmethod
    def create_id(session_id: UUID) -> UUID:
        return stable_id("ballot-box", session_id)

    @event("Opened")
    def __init__(self, session_id: UUID) -> None:
        self.session_id = session_id
        self.envelopes: list[str] = []
        self.ballots: list[dict[str, str]] = []
        self.unsealed = False

    def deposit(self, envelope: str) -> None:
        if self.unsealed:
            raise VotingError("Hòm phiếu đã được mở.")
        self._deposited(envelope)

    @event("EnvelopeDeposited")
    def _deposited(self, envelope: str) -> None:
        self.envelopes.append(envelope)

    def unseal(self, ballots: list[dict[str, str]]) -> None:
        """Record the opened ballots (shuffled by the opener); only once, and one ballot per envelope."""
        if self.unsealed:
            raise VotingError("Hòm phiếu đã được mở.")
        if len(ballots) != len(self.envelopes):
            raise VotingError("Số phiếu mở ra không bằng số phong bì trong hòm.")
        self._unsealed(ballots)

    @event("Unsealed")
    def _unsealed(self, ballots: list[dict[str, str]]) -> None:
        self.ballots = ballots
        self.unsealed = True

    def counts(self, nomination_id: UUID) -> dict[str, int]:
        key = str(nomination_id)
        counts = {c.value: 0 for c in Choice}
        for ballot in self.ballots:
            if key in ballot:
                counts[ballot[key]] += 1
        return counts


def check_members(members: list[UUID], chair_id: UUID, agenda: list[UUID]) -> None:
    if len(set(members)) != len(members) or not members:
        raise InvalidCommandError("Danh sách thành viên Hội đồng trống hoặc trùng lặp.")
    if chair_id not in members:
        raise InvalidCommandError("Chủ tịch Hội đồng phải là thành viên.")
    if not agenda:
        raise InvalidCommandError("Phiên họp cần có ít nhất một hồ sơ để xét.")
