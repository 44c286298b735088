"""A realistic mix of computed reads for the HTTP suite: standings of many campaigns and their pages, the
decision list with filters, and the inbox and the nomination list of askers holding tokens of different
roles and units, with filters and pages. The same seed gives the same mix."""

from __future__ import annotations

import random
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from adapters.bootstrap import Container
from adapters.tokens import TokenStore
from domain.values import Role
from projections.campaigns import campaigns
from projections.inbox import inbox_items
from projections.organisation import person_roles
from projections.pipeline import nominations

ASKING_ROLES = (Role.UNIT_HEAD, Role.UNIT_CLERK, Role.SECRETARIAT, Role.COUNCIL_MEMBER, Role.SIGNER, Role.ADMIN)
ASKERS_PER_ROLE = 4


@dataclass(frozen=True)
class Read:
    """One GET of the mix: which read it is, its path with the query, and its headers (a token or none)."""

    kind: str  # standings | decisions | inbox | nominations
    path: str
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def header_dict(self) -> dict[str, str]:
        return dict(self.headers)


def askers(container: Container, rng: random.Random) -> list[tuple[Role, dict[str, str]]]:
    """Read-only tokens for a few holders of each role, as (role, headers): half of them hold it for a unit
    or issuer something waits for, the others anywhere (most of whom find their inbox empty)."""
    with container.read_engine.connect() as conn:
        holders = conn.execute(select(person_roles.c.person_id, person_roles.c.role, person_roles.c.scope_key).order_by(
            person_roles.c.role, person_roles.c.person_id, person_roles.c.scope_key)).all()
        waiting = conn.execute(select(inbox_items.c.waiting_role, inbox_items.c.unit_id, inbox_items.c.issuer_id)).all()
    busy = {(role, str(scope)) for role, unit, issuer in waiting for scope in (unit, issuer) if scope is not None}
    tokens = TokenStore.open(container.projector.engine)
    found = []
    for role in ASKING_ROLES:
        people = sorted({person for person, held, _scope in holders if held == role.value})
        engaged = sorted({person for person, held, scope in holders if held == role.value and (held, scope) in busy})
        chosen = rng.sample(engaged, min(ASKERS_PER_ROLE // 2, len(engaged)))
        chosen += rng.sample(sorted(set(people) - set(chosen)), min(ASKERS_PER_ROLE - len(chosen), len(people) - len(chosen)))
        for person in chosen:
            _token, secret = tokens.create(person, role, read_only=True, label="bench")
            found.append((role, {"Authorization": f"Bearer {secret}"}))
    return found


def read_mix(container: Container, seed: int = 1) -> list[Read]:
    """Every read of the mix once, in a shuffled order (the suite cycles through it)."""
    rng = random.Random(seed)
    with container.read_engine.connect() as conn:
        campaign_ids = list(conn.execute(select(campaigns.c.campaign_id).order_by(campaigns.c.key)).scalars())
        stages = sorted(set(conn.execute(select(nominations.c.stage)).scalars()))
        unit_ids = sorted(set(conn.execute(select(nominations.c.unit_id)).scalars()))
    who = askers(container, rng)
    reads = [Read("standings", f"/api/v1/campaigns/{c}/standings{q}")
             for c in rng.sample(campaign_ids, min(12, len(campaign_ids)))
             for q in ("", "?page=2&page_size=20", "?page_size=10")]
    deciders = [h for role, h in who if role in (Role.SECRETARIAT, Role.ADMIN)][:2]
    reads += [Read("decisions", f"/api/v1/decisions{q}", tuple(h.items()))
              for q in ("", "?page=2&page_size=10", "?status=signed", "?year=2025") for h in ({}, *deciders)]
    reads += [Read("inbox", f"/api/v1/inbox{q}", tuple(h.items()))
              for _role, h in who for q in ("", "?page_size=20")]
    filters = ["", "?page=2&page_size=20", *(f"?stage={s}" for s in rng.sample(stages, min(2, len(stages)))),
               *(f"?unit_id={u}" for u in rng.sample(unit_ids, min(2, len(unit_ids))))]
    reads += [Read("nominations", f"/api/v1/nominations{q}", tuple(h.items()))
              for _role, h in who for q in rng.sample(filters, 2)]
    rng.shuffle(reads)
    return reads
