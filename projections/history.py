"""Award history read model: every title or form a person or unit received, across years (revocations
kept and marked), and their annual ratings: the record eligibility is read from."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, String, Table, Text, Uuid

from domain.organisation import Person, Record, Unit
from projections.base import Projection, Writes, handles
from projections.common import utc
from projections.tables import metadata

award_history = Table(
    "award_history",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("decision_id", Uuid, primary_key=True),
    Column("code", String(20), primary_key=True),
    Column("year", BigInteger, nullable=False),
    Column("award_type", String(20), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("initiative_id", Uuid),
    Column("recorded_at", DateTime, nullable=False),
    Column("revoked", Boolean, nullable=False),
    Column("revoked_at", DateTime),
    Column("revoked_reason", Text),
    Column("position", BigInteger, nullable=False),
)

annual_ratings = Table(
    "annual_ratings",
    metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("year", BigInteger, primary_key=True),
    Column("rating", String(10), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)


def record_events(name: str) -> tuple[type, ...]:
    """A Record event as stored (on Record) and as its subclasses define it (on Unit and Person)."""
    return tuple(getattr(kind, name) for kind in (Record, Unit, Person))


class AwardHistoryProjection(Projection):
    name = "history"
    tables = (award_history, annual_ratings)

    @handles(*record_events("AwardRecorded"))
    def award_recorded(self, conn: Writes, e: Record.AwardRecorded, position: int) -> None:
        """An award, or one recorded again after its revocation (the same row, valid again)."""
        conn.upsert(
            award_history, subject_id=e.originator_id, decision_id=e.decision_id, code=e.code, year=e.year,
            award_type=e.award_type, decided_on=e.decided_on, initiative_id=e.initiative_id, recorded_at=utc(e.at),
            revoked=False, revoked_at=None, revoked_reason=None, position=position,
        )

    @handles(*record_events("AwardRevoked"))
    def award_revoked(self, conn: Writes, e: Record.AwardRevoked, position: int) -> None:
        key = {"subject_id": e.originator_id, "decision_id": e.decision_id, "code": e.code}
        conn.update(award_history, key, revoked=True, revoked_at=utc(e.at), revoked_reason=e.reason, position=position)

    @handles(*record_events("AnnualRatingRecorded"))
    def rating_recorded(self, conn: Writes, e: Record.AnnualRatingRecorded, position: int) -> None:
        """A later rating for the same year corrects the earlier one."""
        conn.upsert(annual_ratings, subject_id=e.originator_id, year=e.year, rating=e.rating, recorded_at=utc(e.at))
