"""The trustees of a session's secret ballot in tests: each registers a key share from a passphrase after
convening, and types it again at the tally (docs/ballot.md)."""

from __future__ import annotations

from uuid import UUID

from domain import commands as c
from domain.values import Actor, Role


def passphrase(trustee_id: UUID | str) -> str:
    return f"cụm mật khẩu của người giữ khoá {trustee_id}"


def trustees(app, session_id: UUID) -> list[Actor]:
    return [Actor(UUID(t["person_id"]), Role(t["role"])) for t in app.repository.get(session_id).trustees]


def register_trustees(app, session_id: UUID) -> None:
    for trustee in trustees(app, session_id):
        app.register_trustee_key(trustee, c.RegisterTrusteeKey(session_id, passphrase(trustee.person_id)))


def passphrases(app, session_id: UUID) -> dict[str, str]:
    return {str(t.person_id): passphrase(t.person_id) for t in trustees(app, session_id)}
