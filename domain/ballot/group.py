"""The ristretto255 group (RFC 9496) from libsodium, through `rbcl`'s bindings: no group arithmetic here.

Points and scalars are their 32-byte canonical encodings. Every point read from outside is checked with
`point()`, which refuses a non-canonical or invalid encoding.
"""

from __future__ import annotations

import hashlib

import rbcl

SIZE = 32
IDENTITY = bytes(SIZE)
ONE = (1).to_bytes(SIZE, "little")
ZERO = bytes(SIZE)


class GroupError(ValueError):
    """An encoding that is not a ristretto255 point or a reduced scalar."""


def point(data: bytes) -> bytes:
    """A point read from outside: canonical and valid, or GroupError."""
    if len(data) != SIZE or not rbcl.crypto_core_ristretto255_is_valid_point(data):
        raise GroupError("not a ristretto255 point")
    return data


def scalar(data: bytes) -> bytes:
    """A scalar read from outside: reduced modulo the group order, or GroupError."""
    if len(data) != SIZE or rbcl.crypto_core_ristretto255_scalar_reduce(data + bytes(SIZE)) != data:
        raise GroupError("not a reduced scalar")
    return data


def base(k: bytes) -> bytes:
    """k·G."""
    return rbcl.crypto_scalarmult_ristretto255_base_allow_scalar_zero(k)


def mul(k: bytes, p: bytes) -> bytes:
    """k·P."""
    return rbcl.crypto_scalarmult_ristretto255_allow_scalar_zero(k, p)


def add(p: bytes, q: bytes) -> bytes:
    return rbcl.crypto_core_ristretto255_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return rbcl.crypto_core_ristretto255_sub(p, q)


def total(points: list[bytes]) -> bytes:
    acc = IDENTITY
    for p in points:
        acc = add(acc, p)
    return acc


def s_add(a: bytes, b: bytes) -> bytes:
    return rbcl.crypto_core_ristretto255_scalar_add(a, b)


def s_sub(a: bytes, b: bytes) -> bytes:
    return rbcl.crypto_core_ristretto255_scalar_sub(a, b)


def s_mul(a: bytes, b: bytes) -> bytes:
    return rbcl.crypto_core_ristretto255_scalar_mul(a, b)


def s_int(n: int) -> bytes:
    """A small non-negative integer as a scalar."""
    return n.to_bytes(SIZE, "little")


def random_scalar() -> bytes:
    return rbcl.crypto_core_ristretto255_scalar_random()


def reduce64(data: bytes) -> bytes:
    """A 64-byte string (a hash, a key derivation's output) reduced to a scalar."""
    return rbcl.crypto_core_ristretto255_scalar_reduce(data)


def hash_to_scalar(*parts: bytes) -> bytes:
    """SHA-512 over a length-prefixed encoding of `parts`, reduced modulo the group order."""
    h = hashlib.sha512()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return reduce64(h.digest())
