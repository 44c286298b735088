"""No copy of the stored data links a member to a choice (issue #17): the SQLite database and its WAL (or a
PostgreSQL dump) are copied at every step of a session (open, each ballot, close, tally) and attacked with
every key-like value they hold, with and without the server's secret; every ballot has one length."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from datetime import date

import pytest

from domain import commands as c
from domain.ballot import group as g
from domain.ballot.trustees import derive_secret
from domain.council import BallotBox
from domain.values import Actor, Role
from tests.ballot_support import passphrase, passphrases, register_trustees
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container, to_posted

CHOICES = ["yes", "no", "abstain", "yes", "no"]
B64 = re.compile(rb"[A-Za-z0-9+/_-]{43}=")  # standard or URL-safe base64 of 32 bytes
HEX = re.compile(rb"[0-9a-fA-F]{64}")


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock)
    yield built
    built.close()


def copy_store(url: str, tmp_path, step: str) -> bytes:
    """The store as it is now, as one attacker's copy: every SQLite file (database, WAL, shared memory), or a
    PostgreSQL dump with its binary columns decoded."""
    if not url.startswith("sqlite"):
        dump = subprocess.run(["pg_dump", url.replace("+psycopg", "")], capture_output=True, check=True).stdout
        return dump + b"".join(bytes.fromhex(m.decode()) for m in re.findall(rb"\\x([0-9a-f]+)", dump))
    target = tmp_path / f"copy-{step}"
    target.mkdir()
    data = b""
    for f in sorted(tmp_path.glob("*.sqlite*")):
        shutil.copy(f, target / f.name)
        data += (target / f.name).read_bytes()
    return data


def candidates(copy: bytes, server_secret: str) -> set[bytes]:
    """Every 32-byte value the copy holds in base64 or hex, reduced to a scalar, and the server's secret's."""
    raw = {base64.b64decode(m.replace(b"-", b"+").replace(b"_", b"/")) for m in B64.findall(copy)}
    raw |= {bytes.fromhex(m.decode()) for m in HEX.findall(copy)}
    found = {g.reduce64(r + bytes(32)) for r in raw if len(r) == 32}
    return found | {g.reduce64(hashlib.sha512(server_secret.encode()).digest()), g.reduce64(server_secret.encode().ljust(64, b"\0")[:64])}


def opens(x: bytes, ballot: str) -> bool:
    """Whether `x` decrypts the ballot's first yes-bit to 0 or 1 (a key that opens single ballots)."""
    data = base64.b64decode(ballot)
    return g.sub(data[32:64], g.mul(x, data[:32])) in {g.IDENTITY, g.base(g.ONE)}


def test_no_copy_at_any_step_links_a_member_to_a_choice(container, database_url, clock, tmp_path):
    app = container.app
    clock.set(2025, 1, 2, 9)
    world = build_world(app)
    launch_campaign(world)
    n = to_posted(world, clock, world.staff[0])
    clock.set(2026, 1, 6, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], [n], date(2026, 1, 6)))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    copies = {"open": copy_store(database_url, tmp_path, "open")}
    for i, (member, choice) in enumerate(zip(world.members, CHOICES)):
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): choice}))
        copies[f"ballot-{i}"] = copy_store(database_url, tmp_path, f"ballot-{i}")
    app.close_session(world.as_secretary, c.CloseSession(session))
    copies["close"] = copy_store(database_url, tmp_path, "close")
    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    copies["tally"] = copy_store(database_url, tmp_path, "tally")

    ballots = app.repository.get(BallotBox.create_id(session)).encrypted
    assert len(ballots) == 5 and len({len(b) for b in ballots}) == 1
    stored = app.repository.get(session)
    shares = [derive_secret(passphrase(t), stored.key_salt, stored.kdf) for t in stored.trustee_ids]
    joint_secret = g.s_add(*shares)
    assert all(opens(joint_secret, b) for b in ballots)  # the attack works with the trustees' secrets...
    for step, copy in copies.items():
        for secret in [*(passphrase(t).encode() for t in stored.trustee_ids), *shares, joint_secret]:
            for form in (secret, base64.b64encode(secret), secret.hex().encode()):
                assert form not in copy, f"{step}: a trustee's secret is in the copy"
        keys = candidates(copy, container.settings.secret_key)
        assert len(keys) > 10, step  # the copy does hold key-like values: the public shares, ballots, proofs
        assert not [b for b in ballots if any(opens(x, b) for x in keys)], f"{step}: a ballot opens"  # ...not these
