"""Load the demo: the organisation, both seed campaigns in full as history, and the current year's
campaign in progress on today's date (adapters/demo/live.py).

Everything goes through the application service at simulated business times, in the order it
happened (2023 cluster programme, 2025 Điện Biên campaign, the March 2025 merger, awards in 2026, then
the clock's own year). Running it twice changes nothing: each phase is skipped when its last fact is
already in the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from uuid import UUID

from adapters.demo.people import demo_organisation, demo_people, load_campaign
from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from domain.application import Thidua
from domain.campaign import Campaign
from domain.clock import local_date
from domain.organisation import Person, Unit
from domain.values import Actor, Role

SYSTEM = Actor.system()
VIETNAM = timezone(timedelta(hours=7))
DEPARTMENT_ROLES = {"secretariat", "signer", "council_member"}
GLOBAL_ROLES = {"admin", "auditor"}


class Demo:
    """Keys to ids, and the simulated clock."""

    def __init__(self, app: Thidua) -> None:
        self.app = app
        self.units = {u["key"]: u for u in demo_organisation()["units"]}
        self.people = {p["key"]: p for p in demo_people()}

    def at(self, *when: int) -> None:
        """Set business time (Vietnam civil time)."""
        moment = datetime(*when, tzinfo=VIETNAM).astimezone(timezone.utc)
        self.app.clock = lambda: moment

    @staticmethod
    def unit(key: str) -> UUID:
        return Unit.create_id(key)

    @staticmethod
    def person(key: str) -> UUID:
        return Person.create_id(key)

    def department_of(self, unit_key: str) -> str:
        unit = self.units[unit_key]
        return unit_key if unit["kind"] in ("department", "ministry", "province") else unit["parent_key"]

    def holders(self, role: str, unit_key: str | None = None) -> list[str]:
        return [k for k, p in self.people.items() if role in p["roles"] and (unit_key is None or p["unit_key"] == unit_key)]


@contextmanager
def simulated_time(app: Thidua) -> Iterator[Demo]:
    clock, on_saved = app.clock, app.on_saved
    app.on_saved = None  # the caller catches the read models up once at the end
    try:
        yield Demo(app)
    finally:
        app.clock, app.on_saved = clock, on_saved


def load_demo(app: Thidua) -> str:
    """Load what is missing of the demo and say what was done."""
    from adapters.demo.activity import CLUSTER_DONE, DIENBIEN_DONE, cluster_year, dienbien_year
    from adapters.demo.bonus import BONUS_DONE, bonus_year
    from adapters.demo.live import LIVE_DONE, live_key, live_year

    today = local_date(app.clock())
    done = [f"rule sets published: {ensure_shipped_rules(app)}"]
    with simulated_time(app) as demo:
        if Unit.create_id("stttt-dienbien") not in app.repository:
            register_organisation(demo)
            done.append(f"organisation: {len(demo.units)} units, {len(demo.people)} people")
        for key, year_of_activity, done_already in (
            ("cum2-2023", cluster_year, CLUSTER_DONE), ("dienbien-2025", dienbien_year, DIENBIEN_DONE),
        ):
            if Campaign.create_id(key) not in app.repository:
                draft_campaign(demo, load_campaign(key))
                done.append(f"campaign {key} drafted and launched")
            if not done_already(app):
                year_of_activity(demo)
                done.append(f"campaign {key}: a year of activity")
        if not BONUS_DONE(app):
            bonus_year(demo)
            done.append("bonus fund 2025 of the Trung tâm CNTT&TT (Decree 73/2024)")
        if not LIVE_DONE(app, today):
            live_year(demo, today)
            done.append(f"campaign {live_key(today.year)}: in progress on {today:%d/%m/%Y}")
    return "; ".join(done) if len(done) > 1 else "demo already loaded: nothing to do"


def register_organisation(demo: Demo) -> None:
    """Units as of 2023 (successors come with the 2025 merger), clusters, people and their records."""
    app, org = demo.app, demo_organisation()
    demo.at(2023, 1, 3, 8)
    successors = {s["into_key"] for s in org["successions"]}
    for unit in org["units"]:
        if unit["key"] not in successors:
            register_unit(demo, unit)
    for cluster in org["clusters"]:
        cluster_id = app.form_cluster(SYSTEM, c.FormCluster(cluster["key"], demo.units[cluster["key"]]["name"]))
        for m in cluster["memberships"]:
            if m["from"] <= "2023-01-01":
                app.change_cluster_membership(SYSTEM, c.ChangeClusterMembership(
                    cluster_id, demo.unit(m["unit_key"]), True, date.fromisoformat(m["from"]), m.get("note", ""),
                ))
        for head in cluster["heads"]:
            if head["year"] == 2023:
                deputy = demo.unit(head["deputy_unit_key"]) if head.get("deputy_unit_key") else None
                app.assign_cluster_head(SYSTEM, c.AssignClusterHead(cluster_id, demo.unit(head["head_unit_key"]), 2023, deputy))
    for person in demo.people.values():
        register_person(demo, person)


def register_unit(demo: Demo, unit: dict) -> None:
    level = "province" if unit["kind"] in ("ministry", "province") else "unit_head"
    demo.app.register_unit(SYSTEM, c.RegisterUnit(
        key=unit["key"], name=unit["name"], short_name=unit["short_name"], kind=unit["kind"],
        province=unit.get("province") or "", abbreviation=unit.get("abbreviation") or "",
        parent_id=demo.unit(unit["parent_key"]) if unit.get("parent_key") else None, authority_level=level,
    ))


def register_person(demo: Demo, p: dict) -> None:
    app = demo.app
    person_id = app.register_person(SYSTEM, c.RegisterPerson(p["key"], p["full_name"], p["gender"], demo.unit(p["unit_key"]), p["position"]))
    for role in p["roles"]:
        app.grant_role(SYSTEM, c.GrantRole(person_id, role, role_scope(demo, role, p["unit_key"]), "Phân công nhiệm vụ"))
        if role == "unit_clerk" and p["unit_key"].endswith("-vp"):
            department = demo.unit(demo.department_of(p["unit_key"]))
            app.grant_role(SYSTEM, c.GrantRole(person_id, role, department, "Văn phòng Sở làm công tác thi đua của Sở"))
    for rating in p["ratings"]:
        app.record_rating(SYSTEM, c.RecordRating(person_id, rating["year"], rating["rating"]))
    for award in p["awards"]:
        app.record_prior_award(SYSTEM, c.RecordPriorAward(
            person_id, award["year"], award["code"], award["award_type"], award["decision_number"],
            date.fromisoformat(award["decided_on"]),
        ))
    for initiative in p["initiatives"]:
        app.recognise_initiative(SYSTEM, c.RecogniseInitiative(person_id, initiative["title"], initiative["year"], initiative["level"]))
    for d in p["disciplines"]:
        app.record_discipline(SYSTEM, c.RecordDiscipline(
            person_id, d["year"], d["level"], date.fromisoformat(d["until"]) if d.get("until") else None, d["reason"],
        ))
    for i, proceeding in enumerate(p["pending_proceedings"]):
        app.open_proceeding(SYSTEM, c.OpenProceeding(person_id, f"{p['key']}-{i}", proceeding["kind"], proceeding["description"]))


def role_scope(demo: Demo, role: str, unit_key: str) -> UUID | None:
    if role in GLOBAL_ROLES:
        return None
    if role in DEPARTMENT_ROLES:
        return demo.unit(demo.department_of(unit_key))
    return demo.unit(unit_key)


def draft_campaign(demo: Demo, data: dict) -> UUID:
    """A seed document as a structured campaign: every theme, motto, basis, content item and target."""
    app = demo.app
    organiser = organiser_of(demo, data["issuer_unit_key"])
    issued = date.fromisoformat(data["document"].get("issued_on_assumed") or data["period"]["start"])
    demo.at(issued.year, issued.month, issued.day, 8)
    campaign_id = app.draft_campaign(organiser, c.DraftCampaign(
        key=data["key"], issuer_id=demo.unit(data["issuer_unit_key"]), scope=data["scope"],
        cluster_id=app_cluster(data), theme=data["theme"], form=data["form"],
        period_start=date.fromisoformat(data["period"]["start"]), period_end=date.fromisoformat(data["period"]["end"]),
        mottos=data["mottos"], summary_arrangement=data["period"].get("summary_arrangement") or "",
        legal_bases=data["legal_bases"] + data.get("other_references", []), preamble=data["preamble"],
        document={**data["document"], "sections": data.get("sections", [])}, notes=data["notes"],
    ))
    for item in data["content_items"]:
        app.add_content_item(organiser, c.AddContentItem(campaign_id, item))
    for target in data["targets"] + [criterion_target(x) for x in data.get("criteria", [])]:
        app.set_target(organiser, c.SetTarget(campaign_id, target))
    if data["scope"] != "cluster":
        for key in data["participants"]:
            if demo.units.get(key, {}).get("kind") in ("division", "centre"):
                app.invite_participant(organiser, c.InviteParticipant(campaign_id, demo.unit(key)))
    app.launch_campaign(organiser, c.LaunchCampaign(campaign_id, issued))
    return campaign_id


def app_cluster(data: dict) -> UUID | None:
    from domain.organisation import Cluster

    return Cluster.create_id(data["cluster_key"]) if data.get("cluster_key") else None


def criterion_target(criterion: dict) -> dict:
    """A cluster covenant criterion becomes a scored target (its indicator is what units report)."""
    return {
        "code": criterion["code"], "description": criterion["indicator"], "metric": criterion["metric"],
        "unit": criterion.get("unit"), "value": criterion["value"], "direction": criterion["direction"],
        "applies_to": "units", "weight": criterion["weight"], "measure": "report",
        "content_item": criterion["content_item"], "heading": criterion["heading"], "derived": True,
        "note": criterion.get("note"),
    }


def organiser_of(demo: Demo, unit_key: str) -> Actor:
    """The issuer's secretariat acts for it (the system when the issuer has no such person)."""
    for key in demo.holders("secretariat"):
        if demo.department_of(demo.people[key]["unit_key"]) == unit_key:
            return Actor(demo.person(key), Role.SECRETARIAT)
    return SYSTEM
