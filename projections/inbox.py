"""Inbox read model: what waits for whom (a role, for a unit or issuer, or one named person), since when
and until when. Unit roles act for the item's unit, issuer roles for its issuer (the campaign's, the
decision's, the council's). Queries filter it by a person's grants and add the age."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import BigInteger, Column, Date, DateTime, String, Table, Text, Uuid, delete

from domain.campaign import Campaign
from domain.council import CouncilSession
from domain.decision import AwardDecision
from domain.nomination import Nomination
from domain.participation import Participation
from domain.values import stable_id
from projections.base import Projection, Writes, handles
from projections.common import utc
from projections.tables import metadata

"""Appraisal (thẩm định) within 20 working days of a complete dossier: QĐ 638/QĐ-BNV (2025); ND 98/2023 Art. 32(2)."""

inbox_campaigns = Table(
    "inbox_campaigns",
    metadata,
    Column("campaign_id", Uuid, primary_key=True),
    Column("issuer_id", Uuid, nullable=False),
)

inbox_participations = Table(
    "inbox_participations",
    metadata,
    Column("participation_id", Uuid, primary_key=True),
    Column("campaign_id", Uuid, nullable=False),
    Column("unit_id", Uuid, nullable=False),
    Column("participant_id", Uuid, nullable=False),
)

inbox_items = Table(
    "inbox_items",
    metadata,
    Column("item_id", Uuid, primary_key=True),
    Column("item_kind", String(20), nullable=False),  # nomination | sign_up | report | report_due | decision | session | ballot
    Column("title", Text, nullable=False),
    Column("stage", String(20), nullable=False),
    Column("waiting_role", String(20)),  # NULL: open but waiting for nobody's inbox (listed in a draft decision)
    Column("person_id", Uuid),  # only this person (the signer named in a draft decision)
    Column("campaign_id", Uuid),
    Column("unit_id", Uuid, index=True),  # the scope of the unit roles
    Column("issuer_id", Uuid),  # the scope of the issuer roles
    Column("subject_id", Uuid),  # the nominee or the participant
    Column("parent_id", Uuid),  # a report's participation
    Column("title_code", String(20)),
    Column("note", Text),
    Column("since_at", DateTime, nullable=False),
    Column("deadline", Date),
    Column("position", BigInteger, nullable=False),
)

UNIT_STEPS = {"drafted": "unit_clerk", "submitted": "unit_head"}
ISSUER_ROLES = frozenset({"secretariat", "signer", "council_member"})
PARTICIPATION_KINDS = ("sign_up", "report", "report_due")
OBJECTION_NOTE = "Ý kiến phản ánh chờ giải quyết"


def scope_of(item: dict) -> UUID | None:
    """The unit whose role holders the item waits for."""
    return item["issuer_id"] if item["waiting_role"] in ISSUER_ROLES else item["unit_id"]


class InboxProjection(Projection):
    name = "inbox"
    tables = (inbox_campaigns, inbox_participations, inbox_items)

    @handles(Campaign.Drafted)
    def campaign_drafted(self, conn: Writes, e: Campaign.Drafted, position: int) -> None:
        conn.insert(inbox_campaigns, campaign_id=e.originator_id, issuer_id=e.issuer_id)

    @handles(Campaign.Closed)
    def campaign_closed(self, conn: Writes, e: Campaign.Closed, position: int) -> None:
        """A summarised campaign takes no more sign-ups or reports: nothing of them waits any longer."""
        conn.execute(delete(inbox_items).where(
            (inbox_items.c.campaign_id == e.originator_id) & inbox_items.c.item_kind.in_(PARTICIPATION_KINDS)
        ))

    @handles(Nomination.Drafted)
    def nomination_drafted(self, conn: Writes, e: Nomination.Drafted, position: int) -> None:
        issuer = conn.get(inbox_campaigns, e.campaign_id)["issuer_id"]
        conn.insert(
            inbox_items, item_id=e.originator_id, item_kind="nomination", title=f"Hồ sơ đề nghị {e.title_code}",
            stage="drafted", waiting_role="unit_clerk", campaign_id=e.campaign_id, unit_id=e.unit_id, issuer_id=issuer,
            subject_id=e.nominee_id, title_code=e.title_code, since_at=utc(e.at), position=position,
        )

    @handles(Nomination.Submitted, Nomination.Resubmitted)
    def submitted(self, conn: Writes, e: Nomination.Submitted, position: int) -> None:
        self._nomination_waits(conn, e, position, "submitted", deadline=None, note=None)

    @handles(Nomination.StageApproved)
    def stage_approved(self, conn: Writes, e: Nomination.StageApproved, position: int) -> None:
        """From the unit's approval the dossier is complete: the appraisal deadline starts then."""
        started = {"deadline": e.due_on} if e.stage == "unit_approved" else {}
        self._nomination_waits(conn, e, position, e.stage, note=None, **started)

    @handles(Nomination.Returned)
    def returned(self, conn: Writes, e: Nomination.Returned, position: int) -> None:
        cleared = {"deadline": None} if e.to_stage in UNIT_STEPS else {}
        self._nomination_waits(conn, e, position, e.to_stage, note=e.reason, **cleared)

    @handles(Nomination.PostedPublicly)
    def posted(self, conn: Writes, e: Nomination.PostedPublicly, position: int) -> None:
        self._nomination_waits(conn, e, position, "posted", note=f"Công khai đến {e.until:%d/%m/%Y}")

    @handles(Nomination.CouncilResultRecorded)
    def council_result(self, conn: Writes, e: Nomination.CouncilResultRecorded, position: int) -> None:
        if e.result["passed"]:
            self._nomination_waits(conn, e, position, "voted", note=None)
        else:
            self._done(conn, e.originator_id)

    @handles(Nomination.AddedToDecision)
    def added_to_decision(self, conn: Writes, e: Nomination.AddedToDecision, position: int) -> None:
        self._set(conn, e.originator_id, position, stage="in_decision", waiting_role=None, since_at=utc(e.at))

    @handles(Nomination.ReleasedFromDecision)
    def released_from_decision(self, conn: Writes, e: Nomination.ReleasedFromDecision, position: int) -> None:
        """Its draft decision was discarded: the dossier waits for the secretariat's next draft again."""
        self._nomination_waits(conn, e, position, "voted", note=f"Dự thảo quyết định bị hủy bỏ: {e.reason}")

    @handles(Nomination.ObjectionRaised)
    def objection_raised(self, conn: Writes, e: Nomination.ObjectionRaised, position: int) -> None:
        """The secretariat resolves it: the dossier's item says so until then."""
        self._set(conn, e.originator_id, position, note=f"{OBJECTION_NOTE}: {e.text}", since_at=utc(e.at))

    @handles(Nomination.ObjectionResolved)
    def objection_resolved(self, conn: Writes, e: Nomination.ObjectionResolved, position: int) -> None:
        if e.upheld:
            self._done(conn, e.originator_id)
        else:
            self._set(conn, e.originator_id, position, note=f"Ý kiến phản ánh đã được giải quyết: {e.resolution}")

    @handles(Nomination.Withdrawn, Nomination.Rejected, Nomination.Decided)
    def closed(self, conn: Writes, e: Nomination.Withdrawn, position: int) -> None:
        self._done(conn, e.originator_id)

    def _nomination_waits(self, conn: Writes, e: object, position: int, stage: str, **values: object) -> None:
        """Before the unit approves, the unit's clerk or head; from then on, the campaign issuer's secretariat."""
        role = UNIT_STEPS.get(stage, "secretariat")
        self._set(conn, e.originator_id, position, stage=stage, waiting_role=role, since_at=utc(e.at), **values)

    @handles(Participation.SignedUp)
    def signed_up(self, conn: Writes, e: Participation.SignedUp, position: int) -> None:
        conn.insert(
            inbox_participations, participation_id=e.originator_id, campaign_id=e.campaign_id, unit_id=e.unit_id,
            participant_id=e.participant_id,
        )
        self._participation_waits(conn, e, e.originator_id, "sign_up", "Đăng ký thi đua", "signed_up", position)

    @handles(Participation.SignUpApproved)
    def sign_up_approved(self, conn: Writes, e: Participation.SignUpApproved, position: int) -> None:
        """From now on the unit's clerk owes progress reports, until the final one."""
        self._done(conn, e.originator_id)
        self._participation_waits(conn, e, report_due_item(e.originator_id), "report_due", "Báo cáo kết quả thi đua",
                                  "due", position, role="unit_clerk")

    @handles(Participation.ProgressReported)
    def reported(self, conn: Writes, e: Participation.ProgressReported, position: int) -> None:
        title = f"Báo cáo kết quả thi đua kỳ {e.period_label}"
        self._participation_waits(conn, e, report_item(e), "report", title, "reported", position)
        if e.final:
            self._done(conn, report_due_item(e.originator_id))
        elif conn.get(inbox_items, report_due_item(e.originator_id)) is not None:
            self._set(conn, report_due_item(e.originator_id), position, since_at=utc(e.at), note=f"Kỳ gần nhất đã báo cáo: {e.period_label}")

    @handles(Participation.ReportCorrected)
    def corrected(self, conn: Writes, e: Participation.ReportCorrected, position: int) -> None:
        self._done(conn, report_item(e))
        self._participation_waits(conn, e, report_item(e), "report", f"Báo cáo điều chỉnh kỳ {e.report_id}", "corrected", position)

    @handles(Participation.ReportApproved)
    def report_approved(self, conn: Writes, e: Participation.ReportApproved, position: int) -> None:
        self._done(conn, report_item(e))

    @handles(Participation.ParticipationWithdrawn)
    def withdrawn(self, conn: Writes, e: Participation.ParticipationWithdrawn, position: int) -> None:
        conn.execute(delete(inbox_items).where(
            (inbox_items.c.item_id == e.originator_id) | (inbox_items.c.parent_id == e.originator_id)
        ))

    def _participation_waits(
        self, conn: Writes, e: object, item_id: UUID, kind: str, title: str, stage: str, position: int, role: str = "unit_head",
    ) -> None:
        """Sign-ups and reports wait for the head of the participating unit, reports due for its clerk."""
        p = conn.get(inbox_participations, e.originator_id)
        conn.insert(
            inbox_items, item_id=item_id, item_kind=kind, title=title, stage=stage, waiting_role=role,
            campaign_id=p["campaign_id"], unit_id=p["unit_id"], subject_id=p["participant_id"], parent_id=e.originator_id,
            since_at=utc(e.at), position=position,
        )

    @handles(AwardDecision.Drafted)
    def decision_drafted(self, conn: Writes, e: AwardDecision.Drafted, position: int) -> None:
        conn.insert(
            inbox_items, item_id=e.originator_id, item_kind="decision", title=f"Quyết định số {e.number}: {e.subject}",
            stage="drafted", waiting_role="signer", issuer_id=e.issuer_id, person_id=e.signer_id,
            since_at=utc(e.at), position=position,
        )

    @handles(AwardDecision.Signed, AwardDecision.Discarded)
    def decision_signed(self, conn: Writes, e: AwardDecision.Signed | AwardDecision.Discarded, position: int) -> None:
        self._done(conn, e.originator_id)

    @handles(CouncilSession.Convened)
    def session_convened(self, conn: Writes, e: CouncilSession.Convened, position: int) -> None:
        conn.insert(
            inbox_items, item_id=e.originator_id, item_kind="session", title=e.name, stage="convened",
            waiting_role="secretariat", unit_id=e.council_unit_id, issuer_id=e.council_unit_id, deadline=e.meeting_on,
            since_at=utc(e.at), position=position,
        )
        self._ballots_wait(conn, e, position)

    @staticmethod
    def _ballots_wait(conn: Writes, e: CouncilSession.Convened, position: int) -> None:
        """Each member's ballot waits for that member until cast or the session closes."""
        for member in e.members:
            conn.insert(
                inbox_items, item_id=ballot_item(e.originator_id, member), item_kind="ballot", title=e.name, stage="open",
                waiting_role="council_member", person_id=member, unit_id=e.council_unit_id, issuer_id=e.council_unit_id,
                parent_id=e.originator_id, deadline=e.meeting_on, since_at=utc(e.at), position=position,
            )

    @handles(CouncilSession.BallotCast)
    def ballot_cast(self, conn: Writes, e: CouncilSession.BallotCast, position: int) -> None:
        self._done(conn, ballot_item(e.originator_id, e.voter_id))

    @handles(CouncilSession.Closed)
    def session_closed(self, conn: Writes, e: CouncilSession.Closed, position: int) -> None:
        self._set(conn, e.originator_id, position, stage="closed", since_at=utc(e.at))
        conn.execute(delete(inbox_items).where((inbox_items.c.parent_id == e.originator_id) & (inbox_items.c.item_kind == "ballot")))

    @handles(CouncilSession.Tallied, CouncilSession.QuorumNotMet)
    def session_counted(self, conn: Writes, e: CouncilSession.Tallied | CouncilSession.QuorumNotMet, position: int) -> None:
        """Counted, or found without quorum: the dossiers of the latter wait, still posted, for another session."""
        self._done(conn, e.originator_id)

    @staticmethod
    def _set(conn: Writes, item_id: UUID, position: int, **values: object) -> None:
        conn.update(inbox_items, item_id, position=position, **values)

    @staticmethod
    def _done(conn: Writes, item_id: UUID) -> None:
        conn.delete(inbox_items, item_id)


def ballot_item(session_id: UUID, member_id: UUID) -> UUID:
    return stable_id("ballot", session_id, member_id)


def report_due_item(participation_id: UUID) -> UUID:
    return stable_id("report-due", participation_id)


def report_item(e: object) -> UUID:
    """A progress report's inbox id, from its participation and report id."""
    return stable_id("report", e.originator_id, e.report_id)
