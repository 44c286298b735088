"""Zero-knowledge proofs over ristretto255, as in Helios and ElectionGuard, made non-interactive by
Fiat-Shamir: each challenge is SHA-512 over a domain-separated, length-prefixed encoding of the context
(protocol label, session id, agenda item, joint public key) and of every point of the statement.

Proofs are kept compact, (challenges, responses), and the verifier recomputes the commitments.
"""

from __future__ import annotations

from domain.ballot import group as g

DOMAIN = b"thidua-ballot-v1"


def challenge(label: bytes, context: tuple[bytes, ...], *points: bytes) -> bytes:
    return g.hash_to_scalar(DOMAIN, label, *context, *points)


def prove_knowledge(secret: bytes, public: bytes, context: tuple[bytes, ...]) -> bytes:
    """Schnorr proof that the prover knows `secret` with public = secret·G (a trustee's key share)."""
    w = g.random_scalar()
    c = challenge(b"key", context, public, g.base(w))
    return c + g.s_add(w, g.s_mul(c, secret))


def check_knowledge(proof: bytes, public: bytes, context: tuple[bytes, ...]) -> bool:
    c, v = g.scalar(proof[:32]), g.scalar(proof[32:])
    return challenge(b"key", context, public, g.sub(g.base(v), g.mul(c, public))) == c


def prove_bit(
    alpha: bytes, beta: bytes, key: bytes, nonce: bytes, bit: int, context: tuple[bytes, ...],
) -> bytes:
    """Disjunctive Chaum-Pedersen (CDS) proof that (alpha, beta) encrypts 0 or 1 under `key`, without
    saying which: the real branch is proved, the other simulated. Returns c0 c1 v0 v1."""
    c, v = [g.ZERO, g.ZERO], [g.ZERO, g.ZERO]
    fake = 1 - bit
    c[fake], v[fake] = g.random_scalar(), g.random_scalar()
    commits = _bit_commitments(alpha, beta, key, fake, c[fake], v[fake])
    w = g.random_scalar()
    commits[bit] = (g.base(w), g.mul(w, key))
    total = challenge(b"bit", context, key, alpha, beta, *commits[0], *commits[1])
    c[bit] = g.s_sub(total, c[fake])
    v[bit] = g.s_add(w, g.s_mul(c[bit], nonce))
    return c[0] + c[1] + v[0] + v[1]


def check_bit(alpha: bytes, beta: bytes, key: bytes, proof: bytes, context: tuple[bytes, ...]) -> bool:
    c = [g.scalar(proof[0:32]), g.scalar(proof[32:64])]
    v = [g.scalar(proof[64:96]), g.scalar(proof[96:128])]
    a0 = _bit_commitments(alpha, beta, key, 0, c[0], v[0])[0]
    a1 = _bit_commitments(alpha, beta, key, 1, c[1], v[1])[1]
    return challenge(b"bit", context, key, alpha, beta, *a0, *a1) == g.s_add(c[0], c[1])


def _bit_commitments(
    alpha: bytes, beta: bytes, key: bytes, j: int, c: bytes, v: bytes,
) -> dict[int, tuple[bytes, bytes]]:
    """The commitments a branch `j` must have had: v·G - c·alpha and v·K - c·(beta - j·G)."""
    shifted = g.sub(beta, g.base(g.s_int(j)))
    return {j: (g.sub(g.base(v), g.mul(c, alpha)), g.sub(g.mul(v, key), g.mul(c, shifted)))}


def prove_decryption(secret: bytes, public: bytes, alpha: bytes, share: bytes, context: tuple[bytes, ...]) -> bytes:
    """Chaum-Pedersen proof that share = secret·alpha for the secret behind public = secret·G."""
    w = g.random_scalar()
    c = challenge(b"decrypt", context, public, alpha, share, g.base(w), g.mul(w, alpha))
    return c + g.s_add(w, g.s_mul(c, secret))


def check_decryption(proof: bytes, public: bytes, alpha: bytes, share: bytes, context: tuple[bytes, ...]) -> bool:
    c, v = g.scalar(proof[:32]), g.scalar(proof[32:])
    a = g.sub(g.base(v), g.mul(c, public))
    b = g.sub(g.mul(v, alpha), g.mul(c, share))
    return challenge(b"decrypt", context, public, alpha, share, a, b) == c
