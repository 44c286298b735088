"""Trustees (người giữ khoá kiểm phiếu): each one's secret share is derived, in the moment, from a passphrase
the trustee types (argon2id with the session's salt); only the public share is kept. The session's joint
key is the sum of the public shares, so every trustee is needed to decrypt (n-of-n).
"""

from __future__ import annotations

import secrets
from uuid import UUID

from argon2.low_level import Type, hash_secret_raw

from domain.ballot import group as g
from domain.ballot import proofs
from domain.ballot.ballots import b64
from domain.exceptions import VotingError
from domain.rules.ruleset import Param, RuleSet

KDF = {"name": "argon2id", "time_cost": 2, "memory_cost": 19456, "parallelism": 1}  # OWASP minimum; memory in KiB
MIN_PASSPHRASE = 12
TRUSTEES_ARTICLE = ("Quy chế hoạt động của Hội đồng TĐKT (quy định bổ sung của hệ thống): Chủ tịch Hội đồng và "
                    "người triệu tập phiên họp (Thư ký) cùng giữ khoá kiểm phiếu kín")


def trustee_roles(ruleset: RuleSet) -> Param:
    """Who holds the ballot's key shares: "chair" and/or "secretary" (the one who convenes)."""
    data = ruleset.section("council").get("ballot_trustees", {"value": ["chair", "secretary"], "article": TRUSTEES_ARTICLE})
    return Param.from_data(data)


def new_salt() -> str:
    return secrets.token_hex(16)


def derive_secret(passphrase: str, salt: str, kdf: dict) -> bytes:
    """The trustee's secret share: argon2id(passphrase, salt) reduced to a scalar; never stored."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise VotingError(f"Cụm mật khẩu của người giữ khoá cần ít nhất {MIN_PASSPHRASE} ký tự.")
    raw = hash_secret_raw(
        passphrase.encode(), bytes.fromhex(salt), time_cost=kdf["time_cost"], memory_cost=kdf["memory_cost"],
        parallelism=kdf["parallelism"], hash_len=64, type=Type.ID,
    )
    return g.reduce64(raw)


def key_context(session_id: UUID, trustee_id: UUID) -> tuple[bytes, ...]:
    return (session_id.bytes, trustee_id.bytes)


def public_share(session_id: UUID, trustee_id: UUID, secret: bytes) -> tuple[bytes, bytes]:
    """The public share and a proof that its owner knows the secret (no share can cancel another's)."""
    public = g.base(secret)
    return public, proofs.prove_knowledge(secret, public, key_context(session_id, trustee_id))


def opens(secret: bytes, public_share: str) -> bool:
    """Whether a secret share derived now is the one behind a registered public share (base64)."""
    return b64(g.base(secret)) == public_share


def check_share(session_id: UUID, trustee_id: UUID, public: bytes, proof: bytes) -> bool:
    try:
        return proofs.check_knowledge(proof, g.point(public), key_context(session_id, trustee_id))
    except g.GroupError:
        return False


MISSING_ARTICLE = ("Quy chế hoạt động của Hội đồng TĐKT (quy định bổ sung của hệ thống): thiếu người giữ khoá thì "
                   "không kiểm được phiếu kín, như phiên họp không đủ số lượng thành viên")


SEALED_MESSAGE = ("Hòm phiếu được niêm phong bằng khoá phiên họp trước khi có phiếu mã hoá và chưa được mở; khoá ấy "
                  "không còn nên không kiểm được phiếu: phiên họp không quyết định gì, các hồ sơ vẫn ở trạng thái "
                  "đã công khai để phiên họp sau xét.")


def missing_message(missing: int) -> str:
    return (f"Thiếu {missing} người giữ khoá kiểm phiếu: không giải mã được tổng số phiếu, phiên họp không quyết "
            f"định gì và các hồ sơ vẫn ở trạng thái đã công khai ({MISSING_ARTICLE}).")
