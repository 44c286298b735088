"""Choices for the forms, from the read models and the rule set in force: titles, units, people, dossiers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from domain.values import Role
from projections import queries
from web.auth import role_scopes
from web.context import read_conn, services
from web.pages.forms import SelectChoice, options
from web.pages.common import today
from web.pages.labels import title_label, title_name


def title_catalogue(on: date | None = None) -> dict[str, dict]:
    """The titles and forms of the rule set in force, by code (the rulebook is data in the ledger)."""
    return services().get_ruleset(on or today())["titles"]


def title_choices(kinds: Iterable[str] = ("individual", "collective")) -> list[SelectChoice]:
    wanted = set(kinds)
    return options((code, title_name(spec)) for code, spec in title_catalogue().items() if wanted & set(spec["kinds"]))


def units_for(role: Role) -> list[dict]:
    """The units the person holds `role` for (every unit for a role held everywhere)."""
    scopes = set(role_scopes(role))
    units = queries.list_units(read_conn())
    return units if None in scopes else [u for u in units if u["unit_id"] in scopes]


def role_holders(role: Role, unit_ids: set[UUID]) -> list[dict]:
    """Active people holding `role` for one of the units (council members, signers)."""
    conn = read_conn()
    return [p for p in queries.list_people(conn) if p["active"] and any(
        held == role.value and scope in unit_ids for held, scope in queries.person_grants(conn, p["person_id"])
    )]


def people_choices(people: list[dict]) -> list[SelectChoice]:
    return options((str(p["person_id"]), f"{p['full_name']} — {p['position'] or ''}") for p in people)


def unit_choices(units: list[dict]) -> list[SelectChoice]:
    return options((str(u["unit_id"]), u["name"]) for u in units)


def nomination_choices(nominations: list[dict]) -> list[SelectChoice]:
    return options(
        (str(n["nomination_id"]), f"{n['nominee_name']} — {title_label(n['title_code'])} ({n['unit_name']})") for n in nominations
    )
