"""Encrypted ballots and their homomorphic tally (exponential ElGamal over ristretto255, as in Helios and
ElectionGuard).

A ballot holds, for every agenda item in the session's order, an encrypted yes-bit and no-bit (abstain is
0, 0), each with a proof that it is 0 or 1, and a proof that yes + no is 0 or 1: every ballot has the same
length whatever was chosen. Only the sums over all ballots are ever decrypted.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from uuid import UUID

from domain.ballot import group as g
from domain.ballot import proofs

CT = 2 * g.SIZE                 # alpha, beta
BIT = CT + 128                  # a ciphertext and its 0-or-1 proof
ITEM = 2 * BIT + 128            # yes, no, and the one-choice proof
SHARE = g.SIZE + 64             # a partial decryption and its proof
BITS = {"yes": (1, 0), "no": (0, 1), "abstain": (0, 0)}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def item_context(session_id: UUID, item: UUID, part: bytes) -> tuple[bytes, ...]:
    return (session_id.bytes, item.bytes, part)


def encrypt_ballot(session_id: UUID, agenda: list[UUID], key: bytes, choices: dict[str, str]) -> str:
    """The ballot for `choices` (nomination id -> yes | no | abstain; an item left out is an abstention)."""
    return b64(b"".join(_encrypt_item(session_id, item, key, choices.get(str(item), "abstain")) for item in agenda))


def _encrypt_item(session_id: UUID, item: UUID, key: bytes, choice: str) -> bytes:
    parts, nonces = [], []
    for part, bit in zip((b"yes", b"no"), BITS[choice]):
        r = g.random_scalar()
        alpha, beta = g.base(r), g.add(g.base(g.s_int(bit)), g.mul(r, key))
        proof = proofs.prove_bit(alpha, beta, key, r, bit, item_context(session_id, item, part))
        parts.append(alpha + beta + proof)
        nonces.append(r)
    (alpha, beta) = _add_ct(parts[0][:CT], parts[1][:CT])
    one = proofs.prove_bit(alpha, beta, key, g.s_add(*nonces), sum(BITS[choice]), item_context(session_id, item, b"one"))
    return parts[0] + parts[1] + one


def _add_ct(x: bytes, y: bytes) -> tuple[bytes, bytes]:
    return g.add(x[:32], y[:32]), g.add(x[32:64], y[32:64])


def tracking_code(ballot: str) -> str:
    """The receipt shown to the member: a hash of the encrypted ballot, in groups of four."""
    digest = base64.b32encode(hashlib.sha256(unb64(ballot)).digest()).decode()[:20]
    return "-".join(digest[i:i + 4] for i in range(0, 20, 4))


def check_ballot(session_id: UUID, agenda: list[UUID], key: bytes, ballot: str) -> bool:
    """Whether the ballot is well formed: its length, and each item's three proofs."""
    try:
        data = unb64(ballot)
        if len(data) != ITEM * len(agenda):
            return False
        return all(_check_item(session_id, item, key, data[i * ITEM:(i + 1) * ITEM]) for i, item in enumerate(agenda))
    except (ValueError, g.GroupError):
        return False


def _check_item(session_id: UUID, item: UUID, key: bytes, data: bytes) -> bool:
    yes, no, one = data[:BIT], data[BIT:2 * BIT], data[2 * BIT:]
    alpha, beta = _add_ct(yes, no)
    return (
        _check_bit(session_id, item, key, yes, b"yes") and _check_bit(session_id, item, key, no, b"no")
        and proofs.check_bit(alpha, beta, key, one, item_context(session_id, item, b"one"))
    )


def _check_bit(session_id: UUID, item: UUID, key: bytes, data: bytes, part: bytes) -> bool:
    alpha, beta = g.point(data[:32]), g.point(data[32:64])
    return proofs.check_bit(alpha, beta, key, data[CT:], item_context(session_id, item, part))


@dataclass(frozen=True)
class Sums:
    """The homomorphic sums of all ballots: per item, the (alpha, beta) of the yes-bits and of the no-bits."""

    items: list[tuple[bytes, bytes, bytes, bytes]]  # alpha_yes, beta_yes, alpha_no, beta_no

    def alphas(self) -> list[bytes]:
        return [a for yes_a, _yb, no_a, _nb in self.items for a in (yes_a, no_a)]

    def betas(self) -> list[bytes]:
        return [b for _ya, yes_b, _na, no_b in self.items for b in (yes_b, no_b)]

    def to_json(self, agenda: list[UUID]) -> dict[str, dict[str, list[str]]]:
        return {str(item): {"yes": [b64(s[0]), b64(s[1])], "no": [b64(s[2]), b64(s[3])]} for item, s in zip(agenda, self.items)}


def homomorphic_sums(agenda: list[UUID], ballots: list[str]) -> Sums:
    decoded = [unb64(b) for b in ballots]
    items = []
    for i in range(len(agenda)):
        chunks = [d[i * ITEM:(i + 1) * ITEM] for d in decoded]
        items.append((
            g.total([c[0:32] for c in chunks]), g.total([c[32:64] for c in chunks]),
            g.total([c[BIT:BIT + 32] for c in chunks]), g.total([c[BIT + 32:BIT + 64] for c in chunks]),
        ))
    return Sums(items)


def decryption_context(session_id: UUID, trustee_id: UUID, index: int) -> tuple[bytes, ...]:
    return (session_id.bytes, trustee_id.bytes, index.to_bytes(4, "big"))


def partial_decryption(session_id: UUID, trustee_id: UUID, secret: bytes, sums: Sums) -> str:
    """A trustee's shares of the decryption of every sum, each with its Chaum-Pedersen proof."""
    public = g.base(secret)
    out = []
    for index, alpha in enumerate(sums.alphas()):
        share = g.mul(secret, alpha)
        out.append(share + proofs.prove_decryption(secret, public, alpha, share, decryption_context(session_id, trustee_id, index)))
    return b64(b"".join(out))


def check_partial(session_id: UUID, trustee_id: UUID, public: bytes, sums: Sums, partial: str) -> bool:
    try:
        data, alphas = unb64(partial), sums.alphas()
        if len(data) != SHARE * len(alphas):
            return False
        return all(
            proofs.check_decryption(
                data[i * SHARE + 32:(i + 1) * SHARE], public, alpha, g.point(data[i * SHARE:i * SHARE + 32]),
                decryption_context(session_id, trustee_id, i),
            )
            for i, alpha in enumerate(alphas)
        )
    except (ValueError, g.GroupError):
        return False


def decrypt_totals(agenda: list[UUID], sums: Sums, partials: list[str], ballots: int) -> dict[str, dict[str, int]]:
    """Yes, no and abstain per item: every trustee's shares combined, each small total t read from t·G by a
    table of 0..ballots; abstentions are the ballots less yes and no."""
    shares = [unb64(p) for p in partials]
    table = {g.base(g.s_int(t)): t for t in range(ballots + 1)}
    counts = []
    for index, beta in enumerate(sums.betas()):
        point = g.sub(beta, g.total([s[index * SHARE:index * SHARE + 32] for s in shares]))
        if point not in table:
            raise ValueError("a decrypted total is out of range")
        counts.append(table[point])
    return {
        str(item): {"yes": yes, "no": no, "abstain": ballots - yes - no}
        for item, yes, no in zip(agenda, counts[0::2], counts[1::2])
    }
