"""Campaign target attainment: reported targets from the participants' latest values, ledger targets
(e.g. "95% of staff Lao động tiên tiến") from the decided awards and ratings against the population."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean
from uuid import UUID

from sqlalchemy import Connection, select

from domain.rules.errors import RuleSetError
from domain.rules.targets import evaluate_target
from projections.campaigns import campaigns
from projections.history import annual_ratings, award_history
from projections.organisation import people, units
from projections.queries.campaigns import attainment, campaign_target_rows, latest_values, target_measure
from projections.standings import participations

INDIVIDUALS, COLLECTIVES = "individuals", "collectives"
SUBJECTS = {
    "individuals": (INDIVIDUALS,), "collectives": (COLLECTIVES,), "units": (COLLECTIVES,),
    "units_and_individuals": (INDIVIDUALS, COLLECTIVES),
}


@dataclass(frozen=True)
class Ledger:
    """What the ledger says about a campaign's year: who is in scope, their awards and ratings."""

    subjects: dict[str, set[UUID]]
    awards: dict[UUID, list[tuple[str, str]]]  # subject -> [(code, award type)] in the year, not revoked
    ratings: dict[UUID, str]  # subject -> rating of the year


def get_target_attainment(conn: Connection, campaign_id: UUID) -> list[dict]:
    """Each target of a campaign with its measured value, whether it is met, and what it was measured on."""
    campaign = conn.execute(select(campaigns).where(campaigns.c.campaign_id == campaign_id)).mappings().first()
    if campaign is None:
        return []
    values = latest_values(conn, campaign_id)
    ledger = load_ledger(conn, campaign_id, campaign["period_end"].year)
    result = []
    for target in campaign_target_rows(conn, campaign_id):
        measure = target_measure(target["details"])
        measured = ledger_value(target["details"], ledger) if measure == "ledger" else reported_value(target, values)
        result.append({
            "code": target["code"], "description": target["description"], "metric": target["metric"],
            "unit": target["unit"], "target": target["value"], "direction": target["direction"],
            "weight": target["weight"], "measure": measure, "derived": bool(target["details"].get("derived")), **measured,
        })
    return result


def reported_value(target: Mapping, values: dict[UUID, dict[str, float]]) -> dict:
    """Mean of the participants' latest values (a total for counts); met when the aggregate meets the target."""
    reported = [v[target["code"]] for v in values.values() if target["code"] in v]
    if not reported:
        return {"value": None, "met": False, "reported": 0, "population": None, "achieved": None, "measurable": True}
    value = sum(reported) if target["metric"] == "count" else fmean(reported)
    return {"value": round(value, 2), "met": attainment(target, value) == 1.0, "reported": len(reported),
            "population": None, "achieved": None, "measurable": True}


def ledger_value(target: Mapping, ledger: Ledger) -> dict:
    """Achieved / population from awards and ratings of the campaign year (domain.rules.targets decides)."""
    population = set().union(*(ledger.subjects[k] for k in SUBJECTS.get(target.get("applies_to"), (INDIVIDUALS, COLLECTIVES))))
    population, criteria = narrowed(target, population, ledger)
    unmeasurable = {"value": None, "met": False, "reported": None, "population": len(population), "achieved": None,
                    "measurable": False}
    if not criteria:
        return unmeasurable
    if target.get("award_type") and target.get("metric") == "count":
        achieved = sum(1 for s in population for _code, kind in ledger.awards.get(s, []) if kind == target["award_type"])
    else:
        achieved = sum(1 for s in population if all(test(s) for test in criteria))
    try:
        result = evaluate_target(target, len(population), achieved)
    except RuleSetError:
        return unmeasurable
    value = float(result.value) if result.value is not None else None
    return {"value": value, "met": result.met, "reported": None, "population": len(population), "achieved": achieved,
            "measurable": True}


def narrowed(target: Mapping, population: set[UUID], ledger: Ledger) -> tuple[set[UUID], list]:
    """Apply the target's base ("collectives_with_TLDTT", "rated_HTXSNV") and list its remaining criteria."""
    def awarded(codes: set[str]):
        return lambda s: any(code in codes for code, _kind in ledger.awards.get(s, []))

    def rated(code: str):
        return lambda s: ledger.ratings.get(s) == code

    base = target.get("base") or ""
    criteria = {
        "title": awarded({target["title_code"]}) if target.get("title_code") else None,
        "forms": awarded(set(target["form_codes"])) if target.get("form_codes") else None,
        "rating": rated(target["rating_code"]) if target.get("rating_code") else None,
        "award_type": (lambda s: True) if target.get("award_type") else None,
    }
    if "_with_" in base:
        population = {s for s in population if awarded({base.rpartition("_with_")[2]})(s)}
    elif base.startswith("rated_"):
        population = {s for s in population if rated(base.removeprefix("rated_"))(s)}
        if criteria["rating"] is not None and target["rating_code"] == base.removeprefix("rated_"):
            criteria["rating"] = None
    return population, [test for test in criteria.values() if test is not None]


def load_ledger(conn: Connection, campaign_id: UUID, year: int) -> Ledger:
    """Participating units (and the units under them), their active staff, and the year's awards and ratings."""
    joined = conn.execute(select(participations.c.participant_id, participations.c.participant_kind).where(
        participations.c.campaign_id == campaign_id, participations.c.status != "withdrawn",
    )).all()
    collectives = {p for p, kind in joined if kind == "unit"}
    scope = with_descendants(conn, collectives)
    staff = set(conn.execute(select(people.c.person_id).where(people.c.unit_id.in_(scope), people.c.active)).scalars())
    staff |= {p for p, kind in joined if kind == "person"}
    awards: dict[UUID, list[tuple[str, str]]] = {}
    for subject, code, kind in conn.execute(select(award_history.c.subject_id, award_history.c.code, award_history.c.award_type)
                                            .where(award_history.c.year == year, ~award_history.c.revoked)):
        awards.setdefault(subject, []).append((code, kind))
    ratings = dict(conn.execute(select(annual_ratings.c.subject_id, annual_ratings.c.rating).where(annual_ratings.c.year == year)).all())
    return Ledger({INDIVIDUALS: staff, COLLECTIVES: collectives}, awards, ratings)


def with_descendants(conn: Connection, roots: set[UUID]) -> set[UUID]:
    children: dict[UUID, list[UUID]] = {}
    for unit_id, parent_id in conn.execute(select(units.c.unit_id, units.c.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, pending = set(roots), list(roots)
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found
