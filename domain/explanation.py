"""How recorded facts read to an auditor: events and aggregates as plain values, ballots as counts only.

Used by the audit service to explain an award ("vì sao được khen"), to show an item as of a
moment and to list what changed between two moments.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.council import BallotBox, CouncilSession
from domain.decision import AwardDecision
from domain.nomination import Nomination
from domain.rules.ruleset import RuleSet

META = ("originator_id", "originator_version", "timestamp", "originator_topic")
WHO = ("by", "role", "at")
WHY = ("reason", "comment", "resolution")
SECRET_EVENTS = (BallotBox.BallotDeposited, BallotBox.EnvelopeDeposited)  # a ballot beside its voter is never shown


def plain(value: Any) -> Any:
    """JSON-ready primitives: ids and times as ISO text, enums as their value, dataclasses as dicts."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    return value


def step(event: Any, position: int | None = None) -> dict:
    """One recorded step: what happened, who, in which role, when, why, under which rule set."""
    fields = {k: v for k, v in vars(event).items() if k not in META}
    secret = isinstance(event, SECRET_EVENTS)
    return plain({
        "event": type(event).__name__, "item_kind": type(event).__qualname__.split(".")[0],
        "item_id": event.originator_id, "version": event.originator_version, "position": position,
        "recorded_at": event.timestamp, **{k: fields.get(k) for k in WHO},
        "reason": next((fields[k] for k in WHY if fields.get(k)), ""),
        "authority": {"role": fields.get("role"), "ruleset_version": fields.get("ruleset_version"),
                      "articles": fields.get("articles") or []},
        "details": {} if secret else {k: v for k, v in fields.items() if k not in WHO + WHY},
    })


def describe(aggregate: Any) -> dict:
    """An aggregate's state as plain values. A ballot box shows only how many ballots it holds: its state read
    after each ballot, next to who cast it, would tell who chose what; the session's tally has the counts."""
    if isinstance(aggregate, BallotBox):
        return plain({"session_id": aggregate.session_id, "ballot_count": aggregate.ballot_count, "unsealed": aggregate.counted})
    return plain({k: v for k, v in vars(aggregate).items() if not k.startswith("_")})


def council_of(session: CouncilSession, nomination_id: UUID) -> dict:
    """Composition, attendance and the tally for one candidate: counts only, never who chose what."""
    tally = next((r for r in session.tally or [] if r["nomination_id"] == nomination_id), None)
    return plain({
        "session_id": session.id, "name": session.name, "meeting_on": session.meeting_on,
        "members": session.members, "chair_id": session.chair_id, "present": session.present,
        "ballots_cast": len(session.voted), "written_ballots": len(session.written),
        "ruleset_version": session.ruleset_version,
        "tally": {k: v for k, v in (tally or {}).items() if k != "nomination_id"},
    })


def money_of(decision: AwardDecision, nomination_id: UUID) -> dict:
    """The amount as computed when the decision was drafted: coefficient × base salary, rounded up."""
    item = next(i for i in decision.items if i["nomination_id"] == nomination_id)
    keys = ("coefficient", "base_salary", "amount", "paid", "paid_amount", "article")
    return plain({
        **{k: item.get(k) for k in keys},
        "formula": f"{item['coefficient']} × {thousands(item['base_salary'])} đồng, làm tròn lên hàng chục nghìn đồng",
        "decision_totals": decision.totals,
    })


def thousands(amount: int) -> str:
    """Vietnamese digit grouping: 2.340.000."""
    return f"{amount:,}".replace(",", ".")


def rules_of(ruleset: RuleSet, nomination: Nomination, decision: AwardDecision, steps: list[dict]) -> dict:
    """The rule-set versions the steps were taken under and the articles the award rests on."""
    title = ruleset.title(nomination.title_code)
    versions = sorted({s["authority"]["ruleset_version"] for s in steps if s["authority"]["ruleset_version"]})
    articles = {
        "title": title.defined_in.article, "signers": title.signers.article, "posting": ruleset.posting_article,
        "vote": (nomination.council or {}).get("article"), "money": money_of(decision, nomination.id)["article"],
    }
    return {
        "decision_ruleset_version": decision.ruleset_version, "versions_applied": versions,
        "legal_bases": list(decision.legal_bases), "title": {"code": title.code, "name_vi": title.name_vi},
        "articles": {k: v for k, v in articles.items() if v},
    }


def posting_of(steps: list[dict]) -> dict:
    """The public posting (công khai) and every objection with how it was resolved."""
    posted = [s for s in steps if s["event"] == "PostedPublicly"]
    objections = [s for s in steps if s["event"] in ("ObjectionRaised", "ObjectionResolved")]
    return {"postings": posted, "objections": objections}
