"""Who may read whose personal data (Decree 13/2023/NĐ-CP; Personal Data Protection Law 2025): one rule
for the API, the event feed and the pages.

Public data (campaigns, standings, postings, decisions) is anyone's. Personal data comes in kinds
(`Kind`); a reader acts in one role, held for some units (or everywhere), and may read it when:
- admin and auditor: everything (the auditor changes nothing);
- unit head and clerk: data of their unit and of the units merged into it;
- secretariat and council member: the dossiers before their issuer and those nominees' facts needed
  for eligibility (ratings, discipline and proceedings);
- signer: the dossiers of the decisions they sign, and those nominees' facts;
- integration token: only the kinds its token's scopes name, within the units its role is held for.
Ballots are read by nobody: who voted is never linked to a choice.
An evidence file is read as what cites it (`may_read_file`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from uuid import UUID

from domain.values import Role


class Kind(str, enum.Enum):
    """What a read shows; every kind but PUBLIC is personal. The values are the integration token scopes."""

    PUBLIC = "public"
    DOSSIERS = "dossiers"  # nominations: achievements, evidence, objections, reasons, eligibility
    RATINGS = "ratings"  # annual ratings (and the award history shown with them)
    DISCIPLINE = "discipline"  # discipline and proceedings (complaints, investigations)
    PAYMENTS = "payments"  # bonus funds and each person's payments
    TRAILS = "trails"  # the audit trail of a person or unit
    BALLOTS = "ballots"  # who voted what: nobody
    INTEGRATIONS = "integrations"  # integrators' webhook endpoints and scopes: admin and auditor only

    @property
    def name_vi(self) -> str:
        return KIND_NAMES[self]


KIND_NAMES = {
    Kind.PUBLIC: "dữ liệu công khai", Kind.DOSSIERS: "hồ sơ đề nghị khen thưởng",
    Kind.RATINGS: "kết quả xếp loại hằng năm",
    Kind.DISCIPLINE: "kỷ luật và vụ việc", Kind.PAYMENTS: "tiền thưởng chi cho từng người",
    Kind.TRAILS: "nhật ký của cán bộ, đơn vị", Kind.BALLOTS: "phiếu bầu",
    Kind.INTEGRATIONS: "cấu hình hệ thống tích hợp (webhook)",
}
SCOPES = tuple(k.value for k in Kind if k not in (Kind.PUBLIC, Kind.BALLOTS, Kind.INTEGRATIONS))  # what a token may be granted
NOMINEE_FACTS = frozenset({Kind.DOSSIERS, Kind.RATINGS, Kind.DISCIPLINE})
EVERYTHING = frozenset({Role.ADMIN, Role.AUDITOR})
OWN_UNIT = frozenset({Role.UNIT_HEAD, Role.UNIT_CLERK})
REVIEWERS = frozenset({Role.SECRETARIAT, Role.COUNCIL_MEMBER})


@dataclass(frozen=True)
class Reader:
    """Who reads: the person, the role they act in, the units it is held for (None: everywhere), and for an
    integration token the kinds its scopes grant."""

    person_id: UUID | None = None
    role: Role | None = None
    units: tuple[UUID | None, ...] = ()
    kinds: frozenset[Kind] = frozenset()

    @property
    def sees_everything(self) -> bool:
        return self.role in EVERYTHING


@dataclass(frozen=True)
class Reach:
    """Whom a subject's data concerns: its unit and the units that took it over, the issuers whose
    secretariat or council it is before, and the signers of the decisions it is in."""

    units: frozenset[UUID] = frozenset()
    issuers: frozenset[UUID] = frozenset()
    signers: frozenset[UUID] = frozenset()


class _Every(frozenset):
    """Holds every unit and person: the reach of a subject tied to everyone."""

    def __contains__(self, _item: object) -> bool:
        return True


NOBODY, ANYONE = Reach(), Reach(_Every(), _Every(), _Every())


def may_read(reader: Reader, kind: Kind, reach: Reach) -> bool:
    """Whether `reader` may read data of `kind` about a subject with this `reach`."""
    if kind is Kind.PUBLIC:
        return True
    if kind is Kind.BALLOTS:
        return False
    if kind is Kind.INTEGRATIONS:
        return reader.role in EVERYTHING
    role = reader.role
    if role in EVERYTHING:
        return True
    if role in OWN_UNIT:
        return held_for(reader, reach.units)
    if role in REVIEWERS:
        return kind in NOMINEE_FACTS and held_for(reader, reach.issuers)
    if role is Role.SIGNER:
        return kind in NOMINEE_FACTS and reader.person_id in reach.signers
    if role is Role.INTEGRATION:
        return kind in reader.kinds and held_for(reader, reach.units)
    return False


def may_read_file(reader: Reader, citing_dossiers: list[Reach], cited_by_a_report: bool) -> bool:
    """An evidence file is read as what cites it: a progress report (shown to everyone signed in), else a
    dossier the reader may read; a file nothing cites only by those who read everything."""
    if reader.sees_everything or (cited_by_a_report and reader.role is not None):
        return True
    return any(may_read(reader, Kind.DOSSIERS, reach) for reach in citing_dossiers)


def reads_any(reader: Reader, kind: Kind) -> bool:
    """Whether the reader may read data of `kind` about anyone at all (lists skip their lookups otherwise)."""
    return may_read(reader, kind, ANYONE)


def held_for(reader: Reader, units: frozenset[UUID]) -> bool:
    """Whether the reader's role is held everywhere or for one of `units`."""
    return any(scope is None or scope in units for scope in reader.units)


def refusal(kind: Kind) -> str:
    """The Vietnamese message of a refused read."""
    return (f"Bạn không có quyền xem {kind.name_vi} này (Nghị định 13/2023/NĐ-CP: dữ liệu cá nhân chỉ được xử lý "
            "trong phạm vi cần thiết theo vai trò và đơn vị).")


PUBLISHED = frozenset({"signed", "amended", "revoked"})


def decision_kind(status: str) -> Kind:
    """A signed decision is public; a draft (or a discarded one) names awardees and money before anyone
    signed, and is read as their dossiers are: by the issuer's secretariat and council, its signer, the
    awardees' units, admin and auditor."""
    return Kind.PUBLIC if status in PUBLISHED else Kind.DOSSIERS


def published(decision: dict) -> bool:
    """Whether a decision (a row of the read models) is public."""
    return decision_kind(decision["status"]) is Kind.PUBLIC


def token_kinds(scopes: frozenset[str] | tuple[str, ...]) -> frozenset[Kind]:
    """The kinds an integration token's scopes grant (unknown scopes grant nothing)."""
    return frozenset(Kind(s) for s in scopes if s in SCOPES)


EVENT_KINDS = {  # events that carry personal data, by aggregate or by event name
    "Nomination": Kind.DOSSIERS,
    "BonusFund": Kind.PAYMENTS,
    "AnnualRatingRecorded": Kind.RATINGS,
    "DisciplineRecorded": Kind.DISCIPLINE,
    "PersonalDetailsRecorded": Kind.TRAILS,  # citizen ID, date of birth, ethnicity
    "ProceedingOpened": Kind.DISCIPLINE,
    "ProceedingClosed": Kind.DISCIPLINE,
    "BallotCast": Kind.BALLOTS,
    "EnvelopeDeposited": Kind.BALLOTS,
    "BallotDeposited": Kind.BALLOTS,
    "Reminder": Kind.DOSSIERS,  # names its recipient and the dossier or ballot it is about
    "WebhookSubscription": Kind.INTEGRATIONS,
}


def event_kind(event_class: type) -> Kind:
    """The kind of data an event carries (its class's qualified name, e.g. `Person.DisciplineRecorded`)."""
    aggregate, _, name = event_class.__qualname__.rpartition(".")
    return EVENT_KINDS.get(aggregate) or EVENT_KINDS.get(name) or Kind.PUBLIC


TRAIL_KINDS = {
    "Person": Kind.TRAILS, "Unit": Kind.TRAILS, "Record": Kind.TRAILS, "Nomination": Kind.DOSSIERS,
    "BonusFund": Kind.PAYMENTS, "Reminder": Kind.DOSSIERS, "WebhookSubscription": Kind.INTEGRATIONS,
}


def trail_kind(aggregate_type: str) -> Kind:
    """What an item's audit trail shows: a person's or unit's steps, a dossier, a fund; others are public."""
    return TRAIL_KINDS.get(aggregate_type, Kind.PUBLIC)
