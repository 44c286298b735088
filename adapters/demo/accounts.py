"""Demo accounts: one per person who holds a role in the demo (username = person key, e.g. "p001"),
plus a friendly alias per role. DEVELOPMENT ONLY: every demo account shares one known password."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import Engine

from adapters.accounts import AccountStore
from domain.organisation import Person
from projections import queries

DEMO_PASSWORD = "thidua-demo"
ALIASES = {  # alias -> person key; README "Demo accounts" lists them
    "quantri": "p046",  # admin
    "vanthu": "p027",  # unit clerk, Phòng Kế hoạch - Tài chính
    "truongphong": "p025",  # unit head, Phòng Kế hoạch - Tài chính (also a council member)
    "thuky": "p006",  # secretariat (Phó Chánh Văn phòng)
    "soanthao": "p012",  # secretariat who drafts the Sở's decisions (never checks the dossiers they list)
    "hoidong": "p003",  # council member (Phó Giám đốc Sở)
    "lanhdao": "p001",  # signer (Giám đốc Sở; also unit head and council chair)
    "kiemtoan": "p021",  # auditor (Thanh tra viên)
    "chutich": "ubnd-chairman",  # signer for the province (Chủ tịch UBND tỉnh)
}


def ensure_demo_accounts(writer: Engine, reader: Engine | None = None, hasher: PasswordHasher | None = None) -> str:
    """Create the demo accounts that are missing (running it twice changes nothing)."""
    store = AccountStore(writer, reader, hasher)
    created = 0
    with store.reader.connect() as conn:
        people = queries.list_people(conn)
        holders = {p["key"]: p["person_id"] for p in people if queries.person_grants(conn, p["person_id"])}
    wanted = {**holders, **{alias: Person.create_id(key) for alias, key in ALIASES.items() if key in holders}}
    for username, person_id in wanted.items():
        if store.get_account(username) is None:
            store.create_account(username, DEMO_PASSWORD, person_id)
            created += 1
    return f"demo accounts: {created} created, password «{DEMO_PASSWORD}» (development only)"
