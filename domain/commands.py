"""Commands: one frozen dataclass per use case, primitive fields only; the actor is passed beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

# --- organisation -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterUnit:
    key: str
    name: str
    short_name: str
    kind: str
    province: str
    abbreviation: str
    parent_id: UUID | None = None
    authority_level: str = "unit_head"


@dataclass(frozen=True)
class RenameUnit:
    unit_id: UUID
    name: str
    short_name: str
    reason: str
    effective_on: date | None = None  # the day the new name takes effect (None: the day it is recorded)


@dataclass(frozen=True)
class MergeUnit:
    unit_id: UUID
    successor_id: UUID
    reason: str


@dataclass(frozen=True)
class RegisterPerson:
    key: str
    full_name: str
    gender: str
    unit_id: UUID
    position: str
    citizen_id: str | None = None  # CCCD, 12 digits; with the birth date, recorded as the person's details
    born_on: date | None = None


@dataclass(frozen=True)
class TransferPerson:
    person_id: UUID
    unit_id: UUID
    position: str
    reason: str


@dataclass(frozen=True)
class RecordPersonLeft:
    person_id: UUID
    reason: str


@dataclass(frozen=True)
class GrantRole:
    person_id: UUID
    role: str
    scope_id: UUID | None = None
    reason: str = ""


@dataclass(frozen=True)
class RevokeRole:
    person_id: UUID
    role: str
    scope_id: UUID | None = None
    reason: str = ""


@dataclass(frozen=True)
class RecordRating:
    """Record an annual rating of a person or a unit (a later one for the same year corrects it)."""

    subject_id: UUID
    year: int
    rating: str
    reason: str = ""


@dataclass(frozen=True)
class RecordDiscipline:
    person_id: UUID
    year: int
    level: str
    until: date | None
    reason: str


@dataclass(frozen=True)
class OpenProceeding:
    subject_id: UUID
    proceeding_id: str
    kind: str
    reason: str


@dataclass(frozen=True)
class CloseProceeding:
    subject_id: UUID
    proceeding_id: str
    reason: str


@dataclass(frozen=True)
class RecogniseInitiative:
    person_id: UUID
    title: str
    year: int
    level: str


@dataclass(frozen=True)
class RecordPriorAward:
    """Import an award decided before the system was in use (the basis of title chains)."""

    subject_id: UUID
    year: int
    code: str
    award_type: str
    decision_number: str
    decided_on: date
    issuer: str = ""


@dataclass(frozen=True)
class FormCluster:
    key: str
    name: str


@dataclass(frozen=True)
class ChangeClusterMembership:
    cluster_id: UUID
    unit_id: UUID
    joined: bool
    on: date
    reason: str = ""


@dataclass(frozen=True)
class AssignClusterHead:
    cluster_id: UUID
    unit_id: UUID
    year: int
    deputy_id: UUID | None = None


# --- rulebook -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishRulebook:
    version: str
    effective_from: date
    effective_to: date | None
    legal_bases: list[str]
    rules: dict


@dataclass(frozen=True)
class RecordSalarySchedule:
    entries: list[dict]  # [{"from": "2024-07-01", "amount": 2340000, "source": "..."}]
    source: str


@dataclass(frozen=True)
class PublishOverlay:
    """A province- or campaign-level overlay of the rule set (quorum, quotas, shares)."""

    scope: str  # "issuer" | "campaign"
    scope_id: UUID
    overlay: dict
    reason: str


# --- campaigns and participation ------------------------------------------------------------


@dataclass(frozen=True)
class DraftCampaign:
    key: str
    issuer_id: UUID
    scope: str
    theme: str
    period_start: date
    period_end: date
    form: str = "regular"
    cluster_id: UUID | None = None
    mottos: list[dict] = field(default_factory=list)
    summary_arrangement: str = ""
    legal_bases: list[dict] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    document: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AddContentItem:
    campaign_id: UUID
    item: dict


@dataclass(frozen=True)
class SetTarget:
    campaign_id: UUID
    target: dict


@dataclass(frozen=True)
class AmendTarget:
    campaign_id: UUID
    code: str
    value: float
    reason: str


@dataclass(frozen=True)
class InviteParticipant:
    campaign_id: UUID
    participant_id: UUID


@dataclass(frozen=True)
class LaunchCampaign:
    campaign_id: UUID
    launched_on: date


@dataclass(frozen=True)
class SignCovenant:
    campaign_id: UUID
    unit_id: UUID


@dataclass(frozen=True)
class CloseCampaign:
    campaign_id: UUID
    summary: str


@dataclass(frozen=True)
class SignUp:
    campaign_id: UUID
    participant_id: UUID
    participant_kind: str  # "unit" | "person"
    registered_titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ApproveSignUp:
    participation_id: UUID


@dataclass(frozen=True)
class ReportProgress:
    participation_id: UUID
    period_label: str
    period_end: date
    values: dict[str, float]
    evidence: list[dict] = field(default_factory=list)
    final: bool = False


@dataclass(frozen=True)
class CorrectReport:
    participation_id: UUID
    report_id: str
    values: dict[str, float]
    reason: str
    evidence: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class ApproveReport:
    participation_id: UUID
    report_id: str


@dataclass(frozen=True)
class WithdrawParticipation:
    participation_id: UUID
    reason: str


# --- nominations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Nominate:
    campaign_id: UUID
    nominee_id: UUID
    nominee_kind: str  # "individual" | "collective"
    title_code: str
    achievements: str
    award_type: str = "regular"
    initiative_id: UUID | None = None
    evidence: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class ReviseDossier:
    nomination_id: UUID
    achievements: str
    initiative_id: UUID | None = None
    evidence: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class SubmitNomination:
    nomination_id: UUID
    comment: str = ""


@dataclass(frozen=True)
class ApproveStage:
    nomination_id: UUID
    stage: str
    comment: str = ""


@dataclass(frozen=True)
class ReturnNomination:
    nomination_id: UUID
    to_stage: str
    reason: str


@dataclass(frozen=True)
class WithdrawNomination:
    nomination_id: UUID
    reason: str


@dataclass(frozen=True)
class RejectNomination:
    nomination_id: UUID
    reason: str


@dataclass(frozen=True)
class PostPublicly:
    nomination_ids: list[UUID]
    until: date


@dataclass(frozen=True)
class RaiseObjection:
    nomination_id: UUID
    text: str


@dataclass(frozen=True)
class ResolveObjection:
    nomination_id: UUID
    objection_id: str
    upheld: bool
    resolution: str


# --- council and decisions -----------------------------------------------------------------


@dataclass(frozen=True)
class ConveneSession:
    council_unit_id: UUID
    name: str
    members: list[UUID]
    chair_id: UUID
    agenda: list[UUID]
    meeting_on: date


@dataclass(frozen=True)
class RecordAttendance:
    session_id: UUID
    present: list[UUID]


@dataclass(frozen=True)
class RegisterTrusteeKey:
    """A trustee of the session's ballot types a passphrase; only the public share it gives is kept."""

    session_id: UUID
    passphrase: str


@dataclass(frozen=True)
class CastBallot:
    session_id: UUID
    choices: dict[str, str]  # nomination id -> yes | no | abstain
    written: bool = False


@dataclass(frozen=True)
class CloseSession:
    session_id: UUID


@dataclass(frozen=True)
class TallySession:
    session_id: UUID
    chair_picks: list[UUID] = field(default_factory=list)  # the chair's choice for a tie at the last place
    passphrases: dict[str, str] = field(default_factory=dict)  # trustee id -> passphrase, typed at the meeting
    trustees_absent: bool = False  # confirms a missing trustee: the ballots then cannot be counted


@dataclass(frozen=True)
class DraftDecision:
    issuer_id: UUID
    number: str
    subject: str
    decision_date: date
    signer_id: UUID
    signer_title: str
    nomination_ids: list[UUID] = field(default_factory=list)
    kind: str = "award"
    target_decision_id: UUID | None = None
    reason: str = ""


@dataclass(frozen=True)
class SignDecision:
    decision_id: UUID


@dataclass(frozen=True)
class DiscardDecision:
    """Discard an unsigned draft decision with a reason; its dossiers go back to await a decision."""

    decision_id: UUID
    reason: str


# --- agency bonus fund (Decree 73/2024 Art. 4) ------------------------------------------------


@dataclass(frozen=True)
class OpenBonusFund:
    """Open an agency's bonus fund for a year from its salary fund (grade, step, post; no allowances)."""

    unit_id: UUID
    year: int
    salary_fund: int
    rules_reference: str  # the agency's quy chế tiền thưởng, e.g. "Quyết định 12/QĐ-TTCNTT ngày 05/01/2025"
    levels: dict[str, float] | None = None  # its periodic levels by rating; None: the agency's overlay or the rule set's
    covered_unit_ids: list[UUID] = field(default_factory=list)  # divisions paid from the agency's fund
    reason: str = ""


@dataclass(frozen=True)
class AllocatePeriodicBonus:
    fund_id: UUID
    amount: int | None = None  # the pool to share by rating; None: everything the fund has left


@dataclass(frozen=True)
class PayPeriodicBonus:
    fund_id: UUID


@dataclass(frozen=True)
class PayAdHocBonus:
    fund_id: UUID
    person_id: UUID
    amount: int
    reason: str


@dataclass(frozen=True)
class LapseBonusFund:
    fund_id: UUID


# --- evidence files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordEvidence:
    """Record a file uploaded for a unit (minh chứng), so that its reports and dossiers may cite it."""

    unit_id: UUID
    name: str
    sha256: str
    size: int
    content_type: str


@dataclass(frozen=True)
class DeclareHolidays:
    """A year's public holidays as declared by the administrator (replacing the shipped data for that year)."""

    year: int
    days_off: list[dict]  # [{"on": "2027-02-05", "name": "Giao thừa Tết Nguyên Đán"}], weekdays only
    working_days: list[dict]  # [{"on": "2027-02-20", "name": "Làm bù cho ngày 11/02/2027"}], Saturdays or Sundays
    basis: str
    reason: str
