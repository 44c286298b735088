"""Nomination pipeline read model: every dossier with its stage, posting, objections, council counts and
outcome, for lists and counts by stage, title and unit."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, String, Table, Text, Uuid, select

from domain.nomination import Nomination
from projections.base import Projection, Writes, handles
from projections.common import plain, utc
from projections.tables import metadata

nominations = Table(
    "nominations",
    metadata,
    Column("nomination_id", Uuid, primary_key=True),
    Column("campaign_id", Uuid, nullable=False, index=True),
    Column("nominee_id", Uuid, nullable=False, index=True),
    Column("nominee_kind", String(12), nullable=False),
    Column("unit_id", Uuid, nullable=False, index=True),  # a unit's list (unit roles read theirs)
    Column("title_code", String(20), nullable=False),
    Column("year", BigInteger, nullable=False),
    Column("attempt", BigInteger, nullable=False),
    Column("award_type", String(20), nullable=False),
    Column("achievements", Text, nullable=False),
    Column("initiative_id", Uuid),
    Column("evidence", JSON, nullable=False),
    Column("stage", String(20), nullable=False, index=True),
    Column("returned_to", String(20)),
    Column("return_reason", Text),
    Column("proposer_id", Uuid, nullable=False),
    Column("received_on", Date),
    Column("posted_on", Date),
    Column("posted_until", Date),
    Column("open_objections", BigInteger, nullable=False),
    Column("council_session_id", Uuid),
    Column("votes_yes", BigInteger),
    Column("votes_no", BigInteger),
    Column("votes_abstain", BigInteger),
    Column("required_yes", BigInteger),
    Column("passed", Boolean),
    Column("decision_id", Uuid),
    Column("amount", BigInteger),
    Column("decided_on", Date),
    Column("drafted_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("position", BigInteger, nullable=False),
)

nomination_objections = Table(
    "nomination_objections",
    metadata,
    Column("nomination_id", Uuid, primary_key=True),
    Column("objection_id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("raised_at", DateTime, nullable=False),
    Column("resolved", Boolean, nullable=False),
    Column("upheld", Boolean),
    Column("resolution", Text),
    Column("resolved_at", DateTime),
)

CLEARED_BY_RETURN = {
    "posted_on": None, "posted_until": None, "council_session_id": None, "votes_yes": None, "votes_no": None,
    "votes_abstain": None, "required_yes": None, "passed": None,
}


class NominationsProjection(Projection):
    name = "nominations"
    tables = (nominations, nomination_objections)

    @handles(Nomination.Drafted)
    def drafted(self, conn: Writes, e: Nomination.Drafted, position: int) -> None:
        conn.insert(
            nominations, nomination_id=e.originator_id, campaign_id=e.campaign_id, nominee_id=e.nominee_id,
            nominee_kind=e.nominee_kind, unit_id=e.unit_id, title_code=e.title_code, year=e.year, attempt=e.attempt,
            award_type=e.award_type, achievements=e.achievements, initiative_id=e.initiative_id,
            evidence=plain(e.evidence), stage="drafted", proposer_id=e.by, open_objections=0,
            drafted_at=utc(e.at), updated_at=utc(e.at), position=position,
        )

    @handles(Nomination.DossierRevised)
    def revised(self, conn: Writes, e: Nomination.DossierRevised, position: int) -> None:
        self._set(conn, e, position, achievements=e.achievements, initiative_id=e.initiative_id, evidence=plain(e.evidence))

    @handles(Nomination.Submitted)
    def submitted(self, conn: Writes, e: Nomination.Submitted, position: int) -> None:
        self._set(conn, e, position, stage="submitted", received_on=e.received_on)

    @handles(Nomination.Resubmitted)
    def resubmitted(self, conn: Writes, e: Nomination.Resubmitted, position: int) -> None:
        self._set(conn, e, position, stage="submitted", returned_to=None, return_reason=None)

    @handles(Nomination.StageApproved)
    def stage_approved(self, conn: Writes, e: Nomination.StageApproved, position: int) -> None:
        self._set(conn, e, position, stage=e.stage, returned_to=None, return_reason=None)

    @handles(Nomination.Returned)
    def returned(self, conn: Writes, e: Nomination.Returned, position: int) -> None:
        self._set(conn, e, position, stage=e.to_stage, returned_to=e.to_stage, return_reason=e.reason, **CLEARED_BY_RETURN)

    @handles(Nomination.Withdrawn)
    def withdrawn(self, conn: Writes, e: Nomination.Withdrawn, position: int) -> None:
        self._set(conn, e, position, stage="withdrawn")

    @handles(Nomination.Rejected)
    def rejected(self, conn: Writes, e: Nomination.Rejected, position: int) -> None:
        self._set(conn, e, position, stage="rejected")

    @handles(Nomination.PostedPublicly)
    def posted(self, conn: Writes, e: Nomination.PostedPublicly, position: int) -> None:
        self._set(conn, e, position, stage="posted", posted_on=e.posted_on, posted_until=e.until)

    @handles(Nomination.ObjectionRaised)
    def objection_raised(self, conn: Writes, e: Nomination.ObjectionRaised, position: int) -> None:
        conn.insert(
            nomination_objections, nomination_id=e.originator_id, objection_id=e.objection_id, text=e.text,
            raised_at=utc(e.at), resolved=False, upheld=None, resolution=None, resolved_at=None,
        )
        self._set(conn, e, position, open_objections=open_objections(conn, e.originator_id))

    @handles(Nomination.ObjectionResolved)
    def objection_resolved(self, conn: Writes, e: Nomination.ObjectionResolved, position: int) -> None:
        conn.update(
            nomination_objections, {"nomination_id": e.originator_id, "objection_id": e.objection_id},
            resolved=True, upheld=e.upheld, resolution=e.resolution, resolved_at=utc(e.at),
        )
        stage = {"stage": "rejected"} if e.upheld else {}
        self._set(conn, e, position, open_objections=open_objections(conn, e.originator_id), **stage)

    @handles(Nomination.CouncilResultRecorded)
    def council_result(self, conn: Writes, e: Nomination.CouncilResultRecorded, position: int) -> None:
        r = e.result
        self._set(
            conn, e, position, stage="voted" if r["passed"] else "not_awarded", council_session_id=e.session_id,
            votes_yes=r["yes"], votes_no=r["no"], votes_abstain=r["abstain"], required_yes=r["required_yes"],
            passed=r["passed"],
        )

    @handles(Nomination.AddedToDecision)
    def added_to_decision(self, conn: Writes, e: Nomination.AddedToDecision, position: int) -> None:
        self._set(conn, e, position, stage="in_decision", decision_id=e.decision_id)

    @handles(Nomination.ReleasedFromDecision)
    def released_from_decision(self, conn: Writes, e: Nomination.ReleasedFromDecision, position: int) -> None:
        self._set(conn, e, position, stage="voted", decision_id=None)

    @handles(Nomination.Decided)
    def decided(self, conn: Writes, e: Nomination.Decided, position: int) -> None:
        stage = "decided" if e.awarded else "not_awarded"
        self._set(conn, e, position, stage=stage, decision_id=e.decision_id, amount=e.amount, decided_on=e.decided_on)

    @staticmethod
    def _set(conn: Writes, e: object, position: int, **values: object) -> None:
        conn.update(nominations, e.originator_id, updated_at=utc(e.at), position=position, **values)


def open_objections(conn: Writes, nomination_id: object) -> int:
    query = select(nomination_objections.c.objection_id).where(
        nomination_objections.c.nomination_id == nomination_id, ~nomination_objections.c.resolved,
    )
    return len(conn.execute(query).all())
