"""Council session (phiên họp Hội đồng TĐKT): convened, attendance, secret ballots, closed, then tallied,
or found without quorum (it then decides nothing).

Secrecy: the session records only *that* a member voted (BallotCast, for "nobody votes twice");
what was chosen goes, encrypted under the trustees' joint key, to a separate BallotBox aggregate with no
voter id. Only the sums of all ballots are ever decrypted, by every trustee together (`domain.ballot`,
docs/ballot.md). The feed, read models and audit pages show ballots only as counts. Event class names
are a persisted schema: sessions sealed with the former per-session key (EnvelopeDeposited, Unsealed)
still load and count.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.ballot import group
from domain.ballot.ballots import b64, unb64
from domain.ballot.trustees import check_share
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
        self.trustees: list[dict] = []  # {"person_id": str, "role": str}: who holds a share of the ballot's key
        self.key_salt = ""
        self.kdf: dict = {}
        self.public_shares: dict[UUID, tuple[str, str]] = {}  # trustee -> (public share, proof), base64
        self.not_counted = False

    def name_trustees(self, trustees: list[dict], salt: str, kdf: dict, article: str, at: datetime) -> None:
        """Who must register a key share before the ballot opens (and decrypt the totals after it closes)."""
        self._trustees_named(trustees, salt, kdf, article, at)

    @event("TrusteesNamed")
    def _trustees_named(self, trustees: list[dict], salt: str, kdf: dict, article: str, at: datetime) -> None:
        self.trustees = trustees
        self.key_salt = salt
        self.kdf = kdf

    @property
    def trustee_ids(self) -> list[UUID]:
        return [UUID(t["person_id"]) for t in self.trustees]

    def register_trustee_key(self, trustee_id: UUID, public_share: bytes, proof: bytes, by: UUID, role: str, at: datetime) -> None:
        """A trustee's public share, with the proof that its owner knows the secret behind it; once each."""
        self._ensure_open()
        if trustee_id not in self.trustee_ids:
            raise VotingError("Chỉ người giữ khoá kiểm phiếu của phiên họp mới đăng ký khoá.")
        if trustee_id in self.public_shares:
            raise VotingError("Người giữ khoá đã đăng ký khoá cho phiên họp này.")
        if self.voted:
            raise VotingError("Phiên họp đã có phiếu bầu; không thay đổi khoá kiểm phiếu được nữa.")
        if not check_share(self.id, trustee_id, public_share, proof):
            raise VotingError("Khoá kiểm phiếu không hợp lệ.")
        self._trustee_key_registered(trustee_id, b64(public_share), b64(proof), by, role, at)

    @event("TrusteeKeyRegistered")
    def _trustee_key_registered(self, trustee_id: UUID, public_share: str, proof: str, by: UUID, role: str, at: datetime) -> None:
        self.public_shares[trustee_id] = (public_share, proof)

    @property
    def joint_key(self) -> bytes | None:
        """The sum of the trustees' public shares, once every trustee has registered one."""
        if not self.trustees or set(self.trustee_ids) - set(self.public_shares):
            return None
        return group.total([unb64(self.public_shares[t][0]) for t in self.trustee_ids])

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
        """A member votes once, on the agenda only, never on themself; absentees vote in writing; the box
        opens once every trustee has registered a key share."""
        self._ensure_open()
        if self.joint_key is None:
            raise VotingError("Hòm phiếu chưa mở: còn chờ người giữ khoá kiểm phiếu đăng ký khoá.")
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

    def record_not_counted(
        self, missing: int, article: str, message: str, ruleset_version: str, by: UUID, role: str, at: datetime,
    ) -> None:
        """Without every trustee the ballots cannot be decrypted: like a session without quorum, the session
        decides nothing and its dossiers stay posted."""
        self._ensure_countable()
        self._ballots_not_counted(missing, article, message, ruleset_version, by, role, at)

    @event("BallotsNotCounted")
    def _ballots_not_counted(
        self, missing: int, article: str, message: str, ruleset_version: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.not_counted = True

    def _ensure_countable(self) -> None:
        if not self.closed:
            raise StageOrderError("Chỉ kiểm phiếu sau khi đóng phiên họp.")
        if self.quorum_met is not None or self.not_counted:
            raise StageOrderError("Phiên họp đã được kiểm phiếu.")

    def _ensure_open(self) -> None:
        if self.closed:
            raise VotingError("Phiên họp đã đóng.")


class BallotBox(Entity):
    """The ballots of one session, encrypted, with no voter ids; id derived from the session. At the tally it
    records the trustees' partial decryptions of the sums (never of one ballot).

    Boxes of sessions held before encrypted ballots kept sealed envelopes, opened at closing (EnvelopeDeposited,
    Unsealed): those events still load, and such a box is counted from its opened ballots.
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
        self.encrypted: list[str] = []
        self.partials: dict[str, str] = {}  # trustee id -> partial decryption (domain.ballot.ballots)

    @property
    def ballot_count(self) -> int:
        return len(self.encrypted) + len(self.envelopes)

    @property
    def counted(self) -> bool:
        """Whether the box was opened: its sums decrypted (or, formerly, its envelopes unsealed)."""
        return bool(self.partials) or self.unsealed

    def deposit_encrypted(self, ballot: str) -> None:
        if self.partials:
            raise VotingError("Hòm phiếu đã được kiểm.")
        self._ballot_deposited(ballot)

    @event("BallotDeposited")
    def _ballot_deposited(self, ballot: str) -> None:
        self.encrypted.append(ballot)

    def record_decryption(self, partials: dict[str, str]) -> None:
        """Every trustee's partial decryption of the sums, each with its proofs; once."""
        if self.partials:
            raise VotingError("Hòm phiếu đã được kiểm.")
        self._decrypted(partials)

    @event("Decrypted")
    def _decrypted(self, partials: dict[str, str]) -> None:
        self.partials = partials

    @event("EnvelopeDeposited")
    def _deposited(self, envelope: str) -> None:
        self.envelopes.append(envelope)

    @event("Unsealed")
    def _unsealed(self, ballots: list[dict[str, str]]) -> None:
        self.ballots = ballots
        self.unsealed = True

    def counts(self, nomination_id: UUID) -> dict[str, int]:
        """A formerly sealed box's counts, from its opened ballots."""
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
