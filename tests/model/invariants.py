"""The law's invariants as predicates over the ledger: each returns the violations it finds (empty: holds).

They read recorded events and aggregates only, never the code paths that wrote them, so a rule kept on one
path and forgotten on another shows up whichever path the model walked.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from uuid import UUID

from sqlalchemy import Connection

from domain.clock import local_date
from domain.council import CouncilSession
from domain.decision import AwardDecision
from domain.nomination import Nomination
from domain.rules.read_access import Kind, event_kind
from domain.values import TERMINAL_STAGES, Stage
from domain.webhooks import WebhookSubscription, webhook_id
from projections.common import event_type
from projections.queries.feed import readable_events
from tests.model.ledger import LedgerView, Recorded

SIGNED = "AwardDecision.Signed"
ROUNDING_UNIT = 10_000


def _base_salaries() -> list[tuple[date, date | None, int]]:
    """The base salary schedule, read from the shipped data (not through the code under test)."""
    text = resources.files("domain.rulesets").joinpath("base_salary.toml").read_text(encoding="utf-8")
    periods = tomllib.loads(text)["periods"]
    return [(p["effective_from"], p.get("effective_to"), int(p["amount"])) for p in periods]


BASE_SALARIES = _base_salaries()


def base_salary_on(on: date) -> int:
    as_date = [(date.fromisoformat(str(f)), date.fromisoformat(str(t)) if t else None, a) for f, t, a in BASE_SALARIES]
    return next(a for f, t, a in as_date if f <= on and (t is None or on <= t))


def signings(view: LedgerView) -> list[tuple[Recorded, AwardDecision]]:
    """Each signing event with its decision as drafted."""
    return [(s, view.app.repository.get(s.originator_id)) for s in view.all_of(SIGNED)]


def posting_before_signing(view: LedgerView) -> list[str]:
    """No decision is signed before the posting of every dossier it lists has ended with no open objection;
    its date is never after the signing; the signed date is the (Vietnamese civil) date of the signing."""
    problems = []
    for signing, decision in signings(view):
        signed_on = local_date(signing.at)
        if signing.signed_on != signed_on:
            problems.append(f"decision {decision.number}: signed_on {signing.signed_on} is not the signing day {signed_on}")
        if decision.decision_date > signed_on:
            problems.append(f"decision {decision.number}: dated {decision.decision_date}, signed on {signed_on}")
        for nomination_id in decision.nomination_ids:
            before = [e for e in view.of(nomination_id) if e.position < signing.position]
            postings = [e for e in before if e.kind == "Nomination.PostedPublicly"]
            if not postings or not postings[-1].until < signed_on:
                problems.append(f"decision {decision.number}: signed {signed_on} before the posting of {nomination_id} ended")
            raised = {e.objection_id for e in before if e.kind == "Nomination.ObjectionRaised"}
            resolved = {e.objection_id for e in before if e.kind == "Nomination.ObjectionResolved"}
            if raised - resolved:
                problems.append(f"decision {decision.number}: signed with an open objection on {nomination_id}")
    return problems


def capacities(view: LedgerView, nomination_id: UUID) -> dict[str, set[UUID]]:
    """Who acted on a dossier in which capacity, over its whole history (returns do not erase anything)."""
    acted: dict[str, set[UUID]] = defaultdict(set)
    for e in view.of(nomination_id):
        if e.kind == "Nomination.Drafted":
            acted["proposer"].add(e.by)
        elif e.kind == "Nomination.StageApproved":
            acted[e.stage].add(e.by)
        elif e.kind == "Nomination.AddedToDecision":
            for d in view.of(e.decision_id, "AwardDecision.Drafted", SIGNED):
                acted["drafter" if d.kind == "AwardDecision.Drafted" else "signer"].add(d.by)
    return acted


def separation_of_duties(view: LedgerView) -> list[str]:
    """Nobody acts on one dossier in two capacities; nobody approves, drafts or signs for themself."""
    problems = []
    for drafted in view.all_of("Nomination.Drafted"):
        acted = capacities(view, drafted.originator_id)
        owners: dict[UUID, str] = {}
        for capacity, people in acted.items():
            for person in people:
                if person in owners and owners[person] != capacity:
                    problems.append(f"{drafted.originator_id}: one person acted as {owners[person]} and {capacity}")
                owners.setdefault(person, capacity)
        deciders = set().union(*(acted[k] for k in acted if k != "proposer")) if acted else set()
        if drafted.nominee_id in deciders:
            problems.append(f"{drafted.originator_id}: the nominee approved, drafted or signed their own dossier")
    return problems


def money(view: LedgerView) -> list[str]:
    """Amount = coefficient × base salary on the decision date, rounded up to 10,000 VND; totals add up;
    titles of one person and one year are paid at most the highest title's amount."""
    problems = []
    for drafted in view.all_of("AwardDecision.Drafted"):
        base = base_salary_on(drafted.decision_date)
        paid = 0
        for item in drafted.items:
            exact = Decimal(item["coefficient"]) * base
            expected = math.ceil(exact / ROUNDING_UNIT) * ROUNDING_UNIT
            if item["base_salary"] != base or item["amount"] != expected:
                problems.append(f"decision {drafted.number}: {item['amount']} for {item['title_code']}, expected {expected}")
            paid += item["paid_amount"]
        if drafted.totals["amount"] != paid or sum(drafted.totals["per_unit"].values()) != paid:
            problems.append(f"decision {drafted.number}: totals {drafted.totals} do not add up to {paid}")
    titles: dict[tuple[UUID, int], list[dict]] = defaultdict(list)
    for _signing, decision in signings(view):
        if decision.revoked:
            continue
        ruleset = view.app.ruleset_named(decision.ruleset_version)
        for item in decision.items:
            if ruleset.title(item["title_code"]).is_title:
                titles[(item["nominee_id"], item["year"])].append(item)
    for (nominee, year), items in titles.items():
        if sum(i["paid_amount"] for i in items) > max(i["amount"] for i in items):
            problems.append(f"{nominee} is paid for more than one title of {year}")
    return problems


def council_results(view: LedgerView) -> list[str]:
    """A council result comes only from a quorate session, over the total membership, with the yes votes the
    rule set in force requires; a session without quorum decides nothing."""
    problems = []
    for e in view.all_of("Nomination.CouncilResultRecorded"):
        session = view.app.repository.get(e.session_id)
        assert isinstance(session, CouncilSession)
        result = e.result
        if result["total_members"] != len(session.members):
            problems.append(f"{e.originator_id}: threshold over {result['total_members']}, not the membership")
        if not result["quorum_met"]:
            problems.append(f"{e.originator_id}: a result recorded from a session without quorum")
        if result["passed"] and result["yes"] < result["required_yes"]:
            problems.append(f"{e.originator_id}: passed with {result['yes']} of {result['required_yes']} yes votes")
        required = math.ceil(Fraction(result["threshold"]) * len(session.members))
        if result["required_yes"] < required:
            problems.append(f"{e.originator_id}: requires {result['required_yes']} yes votes, the threshold needs {required}")
    return problems


def nothing_stuck(view: LedgerView) -> list[str]:
    """Every open dossier has a command some role may issue; a dossier in a decision can be signed or released."""
    problems = []
    for drafted in view.all_of("Nomination.Drafted"):
        nomination = view.app.repository.get(drafted.originator_id)
        assert isinstance(nomination, Nomination)
        if nomination.stage is Stage.IN_DECISION:
            decision = view.app.repository.get(nomination.decision_id)
            if decision.is_signed or decision.discarded:
                problems.append(f"{nomination.id}: held by a decision that is no longer a draft")
        elif nomination.stage not in TERMINAL_STAGES and nomination.stage.order < 0:
            problems.append(f"{nomination.id}: open in an unknown stage {nomination.stage}")
    return problems


def evidence_uploaded(view: LedgerView) -> list[str]:
    """Every file a dossier cites was uploaded for the dossier's unit before it was cited."""
    problems = []
    uploaded: dict[UUID, set[tuple]] = defaultdict(set)
    units: dict[UUID, UUID] = {}
    for e in view.events:
        if e.kind == "Evidence.Uploaded":
            uploaded[e.unit_id].add((e.name, e.sha256, e.size))
        elif e.kind in ("Nomination.Drafted", "Nomination.DossierRevised"):
            unit = units.setdefault(e.originator_id, getattr(e, "unit_id", None) or units.get(e.originator_id))
            for reference in e.evidence:
                if (reference["name"], reference["sha256"], reference["size"]) not in uploaded[unit]:
                    problems.append(f"{e.originator_id} cites {reference['name']}, never uploaded for its unit")
    return problems


def imports_once(view: LedgerView) -> list[str]:
    """A workbook (its SHA-256) is imported once: the same file again records nothing."""
    seen = Counter(e.sha256 for e in view.events if e.kind == "ImportedFile.ImportRecorded")
    return [f"workbook {sha[:12]} imported {n} times" for sha, n in seen.items() if n > 1]


def _shipped(name: str) -> dict:
    return tomllib.loads(resources.files("domain.rulesets").joinpath(name).read_text(encoding="utf-8"))


APPRAISAL_DAYS = {  # rule-set version -> working days for the appraisal, read from the shipped data
    data["version"]: int(data["deadlines"]["appraisal_working_days"]["value"])
    for data in map(_shipped, ("nd91_2017.toml", "nd98_2023.toml", "nd152_2025.toml"))
}


def _days(entries: list[dict]) -> set[date]:
    return {date.fromisoformat(str(entry["on"])) for entry in entries}


def appraisal_deadlines(view: LedgerView) -> list[str]:
    """A unit's approval records the appraisal due that many working days later: weekdays less the year's days
    off, plus its working weekend days, as the shipped holiday data or the year's declaration recorded before
    the approval says (counted here, not by the code under test)."""
    years = {y["year"]: (_days(y["days_off"]), _days(y["working_days"])) for y in _shipped("holidays_vn.toml")["years"]}
    problems = []
    for e in view.events:
        if e.kind == "HolidayCalendar.YearDeclared":
            years[e.year["year"]] = (_days(e.year["days_off"]), _days(e.year["working_days"]))
        elif e.kind == "Nomination.StageApproved" and e.stage == "unit_approved":
            day, left = local_date(e.at), APPRAISAL_DAYS[e.ruleset_version]
            while left:
                day += timedelta(days=1)
                off, worked = years.get(day.year, (set(), set()))
                left -= day in worked or (day.weekday() < 5 and day not in off)
            if e.due_on != day:
                problems.append(f"{e.originator_id}: appraisal due {e.due_on}, {APPRAISAL_DAYS[e.ruleset_version]} working days make {day}")
    return problems


ISSUED = "Reminder.Issued"


def reminders_once(view: LedgerView) -> list[str]:
    """Each reminder (kind, item, recipient, due date, escalation) is issued at most once; a reminder by its due
    date, an escalation only after it (the business date of its issue)."""
    problems = []
    issued = Counter((e.event.kind, e.item_id, e.recipient_id, e.due_on, e.escalation) for e in view.all_of(ISSUED))
    problems += [f"reminder {key} issued {n} times" for key, n in issued.items() if n > 1]
    for e in view.all_of(ISSUED):
        if e.escalation != (local_date(e.at) > e.due_on):
            problems.append(f"{e.event.kind} reminder to {e.recipient_id} issued on {local_date(e.at)} for {e.due_on}, escalation={e.escalation}")
    return problems


def mail_of_reminders(view: LedgerView, rows: list[dict], unsubscribed: dict[UUID, set[str]]) -> list[str]:
    """Every outbox row is the e-mail of exactly one issued reminder (its id, to its recipient), and none is
    written for a person after they unsubscribed (`unsubscribed`: person -> the rows there by then; the clock
    cannot tell a row written in the same second before the unsubscription from one written after it)."""
    issued = {e.originator_id: e for e in view.all_of(ISSUED)}
    problems = []
    for row in rows:
        reminder = issued.get(UUID(row["row_id"]))
        if reminder is None or str(reminder.recipient_id) != row["person_id"]:
            problems.append(f"outbox row {row['row_id']} is no issued reminder to {row['person_id']}")
        earlier = unsubscribed.get(UUID(row["person_id"]))
        if earlier is not None and row["row_id"] not in earlier:
            problems.append(f"outbox row {row['row_id']} written at {row['created_at']} for a person who had unsubscribed")
    return problems


def webhooks_in_scope(view: LedgerView, subscriptions: list[WebhookSubscription], received: list[tuple[str, dict]],
                      conn: Connection, fresh: int = 0) -> list[str]:
    """Every delivered webhook-id is one subscriber's id for one event, always with the same payload; and each
    delivery since `fresh` (judged right after the step that made it: a person's unit may change later) is of an
    event after the subscriber's start, of a type it asked for, that the event feed shows it unredacted (no ballot)."""
    problems, payloads, at = [], {}, {e.position: e for e in view.events}
    for number, (message_id, body) in enumerate(received):
        position = body["data"]["position"]
        owners = [s for s in subscriptions if webhook_id(s.id, position) == message_id]
        if len(owners) != 1 or position not in at:
            problems.append(f"webhook {message_id} is no subscriber's id for the event #{position}")
            continue
        if payloads.setdefault(message_id, body) != body:
            problems.append(f"webhook {message_id} was delivered with two payloads")
        subscriber, event = owners[0], at[position].event
        if number < fresh:
            continue
        if position <= subscriber.starts_after or event_type(type(event)) not in subscriber.event_types or body["type"] != event_type(type(event)):
            problems.append(f"webhook {message_id}: event #{position} ({body['type']}) is not one its subscriber asked for")
        if event_kind(type(event)) is Kind.BALLOTS or not readable_events(subscriber.reader(), conn, [event])(event):
            problems.append(f"webhook {message_id}: event #{position} ({body['type']}) is outside its subscriber's scope")
    return problems


INVARIANTS = (posting_before_signing, separation_of_duties, money, council_results, nothing_stuck, evidence_uploaded,
              imports_once, appraisal_deadlines, reminders_once)


def violations(view: LedgerView) -> list[str]:
    view.refresh()
    return [problem for invariant in INVARIANTS for problem in invariant(view)]
