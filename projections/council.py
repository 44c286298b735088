"""Council sessions read model: composition counts, attendance and the tallied results, counts only; a session
without quorum has no results, only its status.

Secret ballot: no ballot event is read here. Who voted (BallotCast) and the encrypted ballots
(BallotDeposited, formerly the sealed EnvelopeDeposited) are never stored, not even side by side in time;
results come from the tally.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, String, Table, Text, Uuid

from domain.council import CouncilSession
from projections.base import Projection, Writes, handles
from projections.common import plain, utc
from projections.tables import metadata

council_sessions = Table(
    "council_sessions",
    metadata,
    Column("session_id", Uuid, primary_key=True),
    Column("council_unit_id", Uuid, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("meeting_on", Date, nullable=False),
    Column("chair_id", Uuid, nullable=False),
    Column("members_count", BigInteger, nullable=False),
    Column("agenda", JSON, nullable=False),
    Column("present_count", BigInteger, nullable=False),
    Column("written_count", BigInteger),
    Column("status", String(20), nullable=False),  # convened | closed | tallied | no_quorum | not_counted (decided nothing)
    Column("ruleset_version", String(40), nullable=False),
    Column("convened_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Column("tallied_at", DateTime),
    Column("position", BigInteger, nullable=False),
)

council_results = Table(
    "council_results",
    metadata,
    Column("session_id", Uuid, primary_key=True),
    Column("nomination_id", Uuid, primary_key=True),
    Column("yes", BigInteger, nullable=False),
    Column("no", BigInteger, nullable=False),
    Column("abstain", BigInteger, nullable=False),
    Column("required_yes", BigInteger, nullable=False),
    Column("threshold", String(20), nullable=False),
    Column("quorum_met", Boolean, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("beyond_quota", Boolean, nullable=False),
    Column("article", Text, nullable=False),
    Column("message", Text, nullable=False),
)

RESULT_FIELDS = ("yes", "no", "abstain", "required_yes", "threshold", "quorum_met", "passed", "beyond_quota", "article", "message")


class CouncilProjection(Projection):
    name = "council"
    tables = (council_sessions, council_results)

    @handles(CouncilSession.Convened)
    def convened(self, conn: Writes, e: CouncilSession.Convened, position: int) -> None:
        conn.insert(
            council_sessions, session_id=e.originator_id, council_unit_id=e.council_unit_id, name=e.name,
            meeting_on=e.meeting_on, chair_id=e.chair_id, members_count=len(e.members), agenda=plain(e.agenda),
            present_count=0, status="convened", ruleset_version=e.ruleset_version, convened_at=utc(e.at), position=position,
        )

    @handles(CouncilSession.AttendanceRecorded)
    def attendance(self, conn: Writes, e: CouncilSession.AttendanceRecorded, position: int) -> None:
        self._set(conn, e, position, present_count=len(e.present))

    @handles(CouncilSession.Closed)
    def closed(self, conn: Writes, e: CouncilSession.Closed, position: int) -> None:
        self._set(conn, e, position, status="closed", closed_at=utc(e.at))

    @handles(CouncilSession.Tallied)
    def tallied(self, conn: Writes, e: CouncilSession.Tallied, position: int) -> None:
        for r in e.results:
            conn.insert(council_results, session_id=e.originator_id, nomination_id=r["nomination_id"], **{k: r[k] for k in RESULT_FIELDS})
        written = e.results[0]["written"] if e.results else 0
        self._set(conn, e, position, status="tallied", tallied_at=utc(e.at), written_count=written)

    @handles(CouncilSession.QuorumNotMet)
    def quorum_not_met(self, conn: Writes, e: CouncilSession.QuorumNotMet, position: int) -> None:
        """No results: a session without quorum decides nothing; its dossiers stay posted for a later session."""
        self._set(conn, e, position, status="no_quorum", tallied_at=utc(e.at), written_count=e.written)

    @handles(CouncilSession.BallotsNotCounted)
    def not_counted(self, conn: Writes, e: CouncilSession.BallotsNotCounted, position: int) -> None:
        """No results: without every trustee the sums cannot be decrypted; the dossiers stay posted."""
        self._set(conn, e, position, status="not_counted", tallied_at=utc(e.at))

    @staticmethod
    def _set(conn: Writes, e: object, position: int, **values: object) -> None:
        conn.update(council_sessions, e.originator_id, position=position, **values)
