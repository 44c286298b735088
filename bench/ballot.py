"""The encrypted ballot's cost for a council of 25 members on 10 agenda items (docs/ballot.md):
`python -m bench.ballot` prints the time to encrypt one ballot (what a member waits for), to tally (the sums,
both trustees' key derivation and partial decryption with proofs, the totals) and to verify the whole tally."""

from __future__ import annotations

import random
import time
from uuid import uuid4

from domain.ballot import ballots as b
from domain.ballot import group as g
from domain.ballot import trustees as t
from domain.ballot.verify import verify

MEMBERS, ITEMS, TRUSTEES = 25, 10, 2


def main() -> None:
    session, agenda, salt = uuid4(), [uuid4() for _ in range(ITEMS)], t.new_salt()
    trustee_ids = [uuid4() for _ in range(TRUSTEES)]
    words = {i: f"cụm mật khẩu của người giữ khoá số {i}" for i in trustee_ids}
    shares = {i: t.public_share(session, i, t.derive_secret(words[i], salt, t.KDF)) for i in trustee_ids}
    key = g.total([public for public, _proof in shares.values()])
    rng = random.Random(17)

    started = time.perf_counter()
    cast = [b.encrypt_ballot(session, agenda, key, {str(n): rng.choice(list(b.BITS)) for n in agenda}) for _ in range(MEMBERS)]
    per_vote = (time.perf_counter() - started) / MEMBERS

    started = time.perf_counter()
    sums = b.homomorphic_sums(agenda, cast)
    partials = {str(i): b.partial_decryption(session, i, t.derive_secret(words[i], salt, t.KDF), sums) for i in trustee_ids}
    totals = b.decrypt_totals(agenda, sums, list(partials.values()), MEMBERS)
    tally = time.perf_counter() - started

    doc = {
        "session_id": str(session), "agenda": [str(n) for n in agenda], "voters": MEMBERS, "joint_key": b.b64(key),
        "trustees": [{"trustee_id": str(i), "public_share": b.b64(p), "proof": b.b64(q)} for i, (p, q) in shares.items()],
        "ballots": [{"tracking_code": b.tracking_code(x), "ballot": x} for x in cast], "sums": sums.to_json(agenda),
        "partials": [{"trustee_id": i, "shares": p} for i, p in partials.items()],
        "totals": totals,
    }
    started = time.perf_counter()
    assert verify(doc) == []
    checked = time.perf_counter() - started
    print(f"{MEMBERS} members, {ITEMS} items, {TRUSTEES} trustees; ballot {len(cast[0])} characters")
    print(f"vote: {per_vote * 1000:.0f} ms per ballot (encryption and proofs)")
    print(f"tally: {tally:.2f} s (sums, {TRUSTEES} key derivations, partial decryptions with proofs, totals)")
    print(f"verify-tally: {checked:.2f} s (every ballot's proofs, the sums, the decryptions, the totals)")


if __name__ == "__main__":
    main()
