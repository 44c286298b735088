"""The tally's proof: one document with everything needed to check a session's count without trusting the
server (the trustees' public shares, every encrypted ballot with its proofs, the sums, the partial decryptions
with theirs, the published totals), and the check itself (`thidua verify-tally`).
"""

from __future__ import annotations

from uuid import UUID

from domain.ballot import ballots as b
from domain.ballot import group as g
from domain.ballot.trustees import check_share


def tally_proof(session, box) -> dict:  # (CouncilSession, BallotBox)
    """The document for a session with encrypted ballots (the published results taken from its tally)."""
    key = session.joint_key
    return {
        "session_id": str(session.id),
        "agenda": [str(n) for n in session.agenda],
        "trustees": [
            {"trustee_id": str(t), "public_share": session.public_shares[t][0], "proof": session.public_shares[t][1]}
            for t in session.trustee_ids if t in session.public_shares
        ],
        "joint_key": b.b64(key) if key else None,
        "voters": len(session.voted),
        "ballots": sorted(({"tracking_code": b.tracking_code(x), "ballot": x} for x in box.encrypted),
                          key=lambda x: x["tracking_code"]),  # not in the order cast, which is the voters' order
        "sums": b.homomorphic_sums(session.agenda, box.encrypted).to_json(session.agenda),
        "partials": [{"trustee_id": t, "shares": p} for t, p in box.partials.items()],
        "totals": {str(r["nomination_id"]): {k: r[k] for k in ("yes", "no", "abstain")} for r in session.tally or []},
    }


def verify(doc: dict) -> list[str]:
    """What does not hold in the document (empty when the tally is proved)."""
    try:
        return _verify(doc)
    except (KeyError, TypeError, ValueError, g.GroupError) as error:
        return [f"malformed tally proof: {error!r}"]


def _verify(doc: dict) -> list[str]:
    session_id, agenda = UUID(doc["session_id"]), [UUID(n) for n in doc["agenda"]]
    failures = []
    shares = {t["trustee_id"]: b.unb64(t["public_share"]) for t in doc["trustees"]}
    for t in doc["trustees"]:
        if not check_share(session_id, UUID(t["trustee_id"]), shares[t["trustee_id"]], b.unb64(t["proof"])):
            failures.append(f"trustee {t['trustee_id']}: key share not proved")
    key = g.total(list(shares.values()))
    if doc["joint_key"] != b.b64(key):
        failures.append("joint key is not the sum of the trustees' shares")
    cast = [x["ballot"] for x in doc["ballots"]]
    failures += _check_ballots(session_id, agenda, key, doc["ballots"], doc["voters"])
    sums = b.homomorphic_sums(agenda, cast)
    if doc["sums"] != sums.to_json(agenda):
        failures.append("published sums are not the sums of the ballots")
    partials = {p["trustee_id"]: p["shares"] for p in doc["partials"]}
    if set(partials) != set(shares):
        return failures + ["partial decryptions do not come from exactly the trustees"]
    for trustee_id, partial in partials.items():
        if not b.check_partial(session_id, UUID(trustee_id), shares[trustee_id], sums, partial):
            failures.append(f"trustee {trustee_id}: partial decryption not proved")
    try:
        totals = b.decrypt_totals(agenda, sums, [partials[t] for t in shares], len(cast))
    except ValueError:
        return failures + ["a decrypted total is out of range"]
    if doc["totals"] != totals:
        failures.append(f"published totals {doc['totals']} differ from the decrypted {totals}")
    return failures


def _check_ballots(session_id: UUID, agenda: list[UUID], key: bytes, cast: list[dict], voters: int) -> list[str]:
    failures = []
    if len(cast) != voters:
        failures.append(f"{len(cast)} ballots for {voters} members who voted")
    if len({x["ballot"] for x in cast}) != len(cast):
        failures.append("a ballot appears twice")
    for x in cast:
        if b.tracking_code(x["ballot"]) != x["tracking_code"]:
            failures.append(f"ballot {x['tracking_code']}: tracking code does not match")
        if not b.check_ballot(session_id, agenda, key, x["ballot"]):
            failures.append(f"ballot {x['tracking_code']}: not well formed (proofs fail)")
    return failures
