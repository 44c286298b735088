"""Standings read model: who takes part in each campaign, their progress reports, and the latest value
per target (corrections applied), from which queries derive scores and ranks."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, Float, String, Table, Uuid

from domain.participation import Participation
from projections.base import Projection, Writes, handles
from projections.common import plain, utc
from projections.tables import metadata

participations = Table(
    "participations",
    metadata,
    Column("participation_id", Uuid, primary_key=True),
    Column("campaign_id", Uuid, nullable=False, index=True),
    Column("participant_id", Uuid, nullable=False),
    Column("participant_kind", String(10), nullable=False),
    Column("unit_id", Uuid, nullable=False),
    Column("registered_titles", JSON, nullable=False),
    Column("status", String(20), nullable=False),  # signed_up | approved | withdrawn
    Column("signed_up_at", DateTime, nullable=False),
    Column("approved_at", DateTime),
    Column("position", BigInteger, nullable=False),
)

progress_reports = Table(
    "progress_reports",
    metadata,
    Column("participation_id", Uuid, primary_key=True),
    Column("report_id", String(64), primary_key=True),
    Column("period_label", String(64), nullable=False),
    Column("period_end", Date, nullable=False),
    Column("report_values", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("final", Boolean, nullable=False),
    Column("approved", Boolean, nullable=False),
    Column("corrections", BigInteger, nullable=False),
    Column("reported_at", DateTime, nullable=False),
)

standing_values = Table(
    "standing_values",
    metadata,
    Column("participation_id", Uuid, primary_key=True),
    Column("code", String(64), primary_key=True),
    Column("value", Float, nullable=False),
    Column("report_id", String(64), nullable=False),
    Column("period_end", Date, nullable=False),
)


class StandingsProjection(Projection):
    name = "standings"
    tables = (participations, progress_reports, standing_values)

    @handles(Participation.SignedUp)
    def signed_up(self, conn: Writes, e: Participation.SignedUp, position: int) -> None:
        conn.insert(
            participations, participation_id=e.originator_id, campaign_id=e.campaign_id, participant_id=e.participant_id,
            participant_kind=e.participant_kind, unit_id=e.unit_id, registered_titles=list(e.registered_titles),
            status="signed_up", signed_up_at=utc(e.at), approved_at=None, position=position,
        )

    @handles(Participation.SignUpApproved)
    def approved(self, conn: Writes, e: Participation.SignUpApproved, position: int) -> None:
        self._touch(conn, e, position, status="approved", approved_at=utc(e.at))

    @handles(Participation.ParticipationWithdrawn)
    def withdrawn(self, conn: Writes, e: Participation.ParticipationWithdrawn, position: int) -> None:
        self._touch(conn, e, position, status="withdrawn")

    @handles(Participation.ProgressReported)
    def reported(self, conn: Writes, e: Participation.ProgressReported, position: int) -> None:
        conn.insert(
            progress_reports, participation_id=e.originator_id, report_id=e.report_id, period_label=e.period_label,
            period_end=e.period_end, report_values=dict(e.values), evidence=plain(e.evidence), final=e.final,
            approved=False, corrections=0, reported_at=utc(e.at),
        )
        self._refresh_values(conn, e, e.period_end, position)

    @handles(Participation.ReportCorrected)
    def corrected(self, conn: Writes, e: Participation.ReportCorrected, position: int) -> None:
        key = {"participation_id": e.originator_id, "report_id": e.report_id}
        row = conn.get(progress_reports, key)
        conn.update(
            progress_reports, key, report_values={**row["report_values"], **e.values},
            evidence=row["evidence"] + plain(e.evidence), approved=False, corrections=row["corrections"] + 1,
        )
        self._refresh_values(conn, e, row["period_end"], position)

    @handles(Participation.ReportApproved)
    def report_approved(self, conn: Writes, e: Participation.ReportApproved, position: int) -> None:
        conn.update(progress_reports, {"participation_id": e.originator_id, "report_id": e.report_id}, approved=True)
        self._touch(conn, e, position)

    def _refresh_values(self, conn: Writes, e: Any, period_end: date, position: int) -> None:
        """Latest value per target: from the report with the latest (period, report id) that carries it, so
        a value reported or corrected in this report replaces the standing one unless a later report holds it."""
        for code, value in e.values.items():
            key = {"participation_id": e.originator_id, "code": code}
            standing = conn.get(standing_values, key)
            if standing is None or (standing["period_end"], standing["report_id"]) <= (period_end, e.report_id):
                conn.upsert(standing_values, **key, value=float(value), report_id=e.report_id, period_end=period_end)
        self._touch(conn, e, position)

    @staticmethod
    def _touch(conn: Writes, e: object, position: int, **values: object) -> None:
        conn.update(participations, e.originator_id, position=position, **values)
