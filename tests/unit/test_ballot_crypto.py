"""The ballot's cryptography: ristretto255 against RFC 9496's vectors, the proofs, the homomorphic tally."""

from uuid import uuid4

import pytest

from domain.ballot import ballots as b
from domain.ballot import group as g
from domain.ballot import proofs, trustees

# RFC 9496 Appendix A.1: multiples of the generator, 0..15.
MULTIPLES = """
0000000000000000000000000000000000000000000000000000000000000000
e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76
6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919
94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259
da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57
e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e
f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403
44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d
903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c
02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031
20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f
bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42
e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460
aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f
46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e
e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e
""".split()

# RFC 9496 Appendix A.2: non-canonical field encodings and negative field elements.
INVALID = """
00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
0100000000000000000000000000000000000000000000000000000000000000
01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
""".split()


def test_the_group_gives_rfc_9496_multiples_of_the_generator():
    assert [g.base(g.s_int(k)).hex() for k in range(16)] == MULTIPLES
    acc = g.IDENTITY
    for expected in MULTIPLES:
        assert acc.hex() == expected
        acc = g.add(acc, g.base(g.ONE))


@pytest.mark.parametrize("encoding", INVALID)
def test_the_group_refuses_rfc_9496_invalid_encodings(encoding):
    with pytest.raises(g.GroupError):
        g.point(bytes.fromhex(encoding))


def keys(n: int = 2) -> tuple[list[bytes], bytes]:
    secrets_ = [g.random_scalar() for _ in range(n)]
    return secrets_, g.total([g.base(s) for s in secrets_])


def test_a_bit_proof_holds_for_0_and_1_and_for_nothing_else():
    _s, key = keys()
    context = (b"s", b"i", b"yes")
    for bit in (0, 1):
        r = g.random_scalar()
        alpha, beta = g.base(r), g.add(g.base(g.s_int(bit)), g.mul(r, key))
        proof = proofs.prove_bit(alpha, beta, key, r, bit, context)
        assert proofs.check_bit(alpha, beta, key, proof, context)
        assert not proofs.check_bit(alpha, beta, key, proof, (b"s", b"i", b"no"))
    r = g.random_scalar()
    alpha, beta = g.base(r), g.add(g.base(g.s_int(2)), g.mul(r, key))
    assert not proofs.check_bit(alpha, beta, key, proofs.prove_bit(alpha, beta, key, r, 1, context), context)


def test_a_trustee_share_is_derived_from_the_passphrase_and_proved():
    session, trustee, salt = uuid4(), uuid4(), trustees.new_salt()
    secret = trustees.derive_secret("một cụm mật khẩu dài", salt, trustees.KDF)
    assert secret == trustees.derive_secret("một cụm mật khẩu dài", salt, trustees.KDF)
    public, proof = trustees.public_share(session, trustee, secret)
    assert trustees.check_share(session, trustee, public, proof)
    assert not trustees.check_share(uuid4(), trustee, public, proof)


def test_ballots_of_every_choice_have_one_length_and_only_their_sum_is_decrypted():
    session, agenda = uuid4(), [uuid4(), uuid4()]
    secrets_, key = keys()
    votes = [{str(agenda[0]): c, str(agenda[1]): d} for c, d in
             [("yes", "no"), ("no", "abstain"), ("abstain", "yes"), ("yes", "yes")]]
    cast = [b.encrypt_ballot(session, agenda, key, v) for v in votes]
    assert len({len(x) for x in cast}) == 1
    assert all(b.check_ballot(session, agenda, key, x) for x in cast)
    assert not b.check_ballot(uuid4(), agenda, key, cast[0])
    sums = b.homomorphic_sums(agenda, cast)
    trustee_ids = [uuid4(), uuid4()]
    partials = [b.partial_decryption(session, t, s, sums) for t, s in zip(trustee_ids, secrets_)]
    assert all(b.check_partial(session, t, g.base(s), sums, p) for t, s, p in zip(trustee_ids, secrets_, partials))
    assert not b.check_partial(session, trustee_ids[0], g.base(secrets_[1]), sums, partials[0])
    assert b.decrypt_totals(agenda, sums, partials, 4) == {
        str(agenda[0]): {"yes": 2, "no": 1, "abstain": 1}, str(agenda[1]): {"yes": 2, "no": 1, "abstain": 1},
    }
