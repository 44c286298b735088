"""The retired `ballot_keys` table: until the encrypted ballot (docs/ballot.md), each open council session's
key sat there, and with it a copy of the database could open that session's sealed envelopes. Start-up
drops it, so no store keeps such a key; a session sealed that way and never opened is no longer counted."""

from __future__ import annotations

from sqlalchemy import Engine, text


def drop_retired_keys(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS ballot_keys"))
