"""Sealed ballot envelopes (phong bì phiếu kín): what a member chose is stored encrypted while voting is open.

Casting a ballot records, in one transaction, that the member voted (on the session) and a sealed envelope
(in the ballot box). The envelopes are opened only when the session closes: the box then records the
ballots in a random order and the session's key is destroyed. After that nobody, not even someone holding
the whole ledger, can match an envelope (which sits next to its voter) to the ballot it held.

The key lives outside the ledger for the voting period only; `adapters/ballot_keys.py` keeps it in the
database so every process can seal. This in-memory keeper serves a single process (tests, in-memory stores).
"""

from __future__ import annotations

import json
import secrets
from typing import Protocol
from uuid import UUID

from cryptography.fernet import Fernet, InvalidToken

from domain.exceptions import VotingError

NO_KEY = "Hòm phiếu của phiên họp chưa sẵn sàng hoặc đã được mở; không thể nhận hay mở phiếu."


class BallotKeys(Protocol):
    """Where the voting period's keys are kept: created at convening, destroyed after closing."""

    def create(self, session_id: UUID, key: bytes) -> None: ...

    def get(self, session_id: UUID) -> bytes | None: ...

    def destroy(self, session_id: UUID) -> None: ...


class MemoryBallotKeys:
    """Keys in this process's memory."""

    def __init__(self) -> None:
        self.keys: dict[UUID, bytes] = {}

    def create(self, session_id: UUID, key: bytes) -> None:
        self.keys.setdefault(session_id, key)

    def get(self, session_id: UUID) -> bytes | None:
        return self.keys.get(session_id)

    def destroy(self, session_id: UUID) -> None:
        self.keys.pop(session_id, None)


class BallotSeals:
    """Seals and opens the envelopes of a session with its own key (Fernet: AES-128-CBC with HMAC-SHA256)."""

    def __init__(self, keys: BallotKeys | None = None) -> None:
        self.keys = keys if keys is not None else MemoryBallotKeys()

    def prepare(self, session_id: UUID) -> None:
        self.keys.create(session_id, Fernet.generate_key())

    def seal(self, session_id: UUID, choices: dict[str, str]) -> str:
        return self._fernet(session_id).encrypt(json.dumps(choices, sort_keys=True).encode()).decode()

    def open_all(self, session_id: UUID, envelopes: list[str]) -> list[dict[str, str]]:
        """Every envelope's ballot, in a random order (so the order says nothing about who cast it)."""
        fernet = self._fernet(session_id)
        try:
            ballots = [json.loads(fernet.decrypt(e.encode())) for e in envelopes]
        except InvalidToken:
            raise VotingError("Phong bì phiếu không mở được bằng khoá của phiên họp.") from None
        secrets.SystemRandom().shuffle(ballots)
        return ballots

    def destroy(self, session_id: UUID) -> None:
        self.keys.destroy(session_id)

    def _fernet(self, session_id: UUID) -> Fernet:
        key = self.keys.get(session_id)
        if key is None:
            raise VotingError(NO_KEY)
        return Fernet(key)
