"""Demo e-mail addresses for reminders: every person holding a role in the demo, at demo.thidua.example (a
reserved name that never receives mail), by their account's alias where they have one; the signers read the
morning digest. DEVELOPMENT ONLY, as the demo accounts."""

from __future__ import annotations

from sqlalchemy import Engine

from adapters.demo.accounts import ALIASES
from adapters.outbox import Outbox
from domain.organisation import Person
from projections import queries

DOMAIN = "demo.thidua.example"
DIGEST = ("lanhdao", "chutich")  # signers: one e-mail a morning


def ensure_demo_contacts(outbox: Outbox, reader: Engine) -> str:
    """Give an address to each role holder who has none (running it twice changes nothing)."""
    names = {Person.create_id(key): alias for alias, key in ALIASES.items()}
    kept = outbox.contacts()
    with reader.connect() as conn:
        holders = [p for p in queries.list_people(conn) if queries.person_grants(conn, p["person_id"])]
    added = 0
    for person in holders:
        if person["person_id"] not in kept:
            name = names.get(person["person_id"], person["key"])
            outbox.set_contact(person["person_id"], f"{name}@{DOMAIN}", "digest" if name in DIGEST else "each")
            added += 1
    return f"demo reminder addresses: {added} added (@{DOMAIN})"
