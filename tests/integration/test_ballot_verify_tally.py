"""`thidua verify-tally SESSION` on a real store (issue #17): it passes on an honest session and fails when the
stored events are tampered with after the tally: a ballot added, removed or changed, the totals altered."""

from __future__ import annotations

import json
import sqlite3
from uuid import UUID

import pytest
from click.testing import CliRunner

from domain.ballot import ballots as b
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container, to_posted, vote
from web.cli.main import main

DEPOSITED, TALLIED = "%BallotBox.BallotDeposited", "%CouncilSession.Tallied"


@pytest.fixture
def tallied(tmp_path, clock):
    """A SQLite store with one tallied session (5 ballots), its path, the session id and its tally proof."""
    url = f"sqlite:///{tmp_path / 'thidua.sqlite'}"
    container = open_container(url, tmp_path, clock)
    try:
        clock.set(2025, 1, 2, 9)
        world = build_world(container.app)
        launch_campaign(world)
        session = vote(world, clock, [to_posted(world, clock, world.staff[0])])
        proof = container.app.get_tally_proof(session)
    finally:
        container.close()
    return url, tmp_path, session, proof


def verify_tally(url: str, instance, session) -> tuple[int, str]:
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE": str(instance), "THIDUA_ENV": "test"}
    result = CliRunner().invoke(main, ["verify-tally", str(session)], env=env)
    return result.exit_code, result.output


def tamper(path, sql: str, *args) -> None:
    with sqlite3.connect(path / "thidua.sqlite") as db:
        assert db.execute(sql, args).rowcount == 1


def first(path, topic: str) -> tuple[int, dict]:
    with sqlite3.connect(path / "thidua.sqlite") as db:
        rowid, state = db.execute("SELECT rowid, state FROM stored_events WHERE topic LIKE ? ORDER BY rowid", (topic,)).fetchone()
    return rowid, json.loads(state)


def a_fresh_ballot(proof: dict) -> str:
    """Another well-formed ballot under the session's key (abstaining on everything)."""
    return b.encrypt_ballot(UUID(proof["session_id"]), [UUID(n) for n in proof["agenda"]], b.unb64(proof["joint_key"]), {})


def test_verify_tally_passes_on_an_honest_session(tallied):
    url, path, session, _proof = tallied
    code, output = verify_tally(url, path, session)
    assert code == 0, output
    assert "5 phiếu mã hoá hợp lệ" in output


@pytest.mark.parametrize("tampering", ["ballot added", "ballot removed", "ballot changed", "totals altered"])
def test_verify_tally_fails_on_each_tampering_of_the_store(tallied, tampering):
    url, path, session, proof = tallied
    rowid, state = first(path, DEPOSITED)
    if tampering == "ballot added":
        with sqlite3.connect(path / "thidua.sqlite") as db:
            originator, version = db.execute(
                "SELECT originator_id, MAX(originator_version) FROM stored_events WHERE originator_id ="
                " (SELECT originator_id FROM stored_events WHERE rowid = ?)", (rowid,)).fetchone()
            db.execute("INSERT INTO stored_events (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
                       (originator, version + 1, db.execute("SELECT topic FROM stored_events WHERE rowid = ?", (rowid,)).fetchone()[0],
                        json.dumps({**state, "ballot": a_fresh_ballot(proof)}).encode()))
    elif tampering == "ballot removed":  # and the box's later events renumbered, so that it still loads
        with sqlite3.connect(path / "thidua.sqlite") as db:
            originator, version = db.execute("SELECT originator_id, originator_version FROM stored_events WHERE rowid = ?", (rowid,)).fetchone()
            db.execute("DELETE FROM stored_events WHERE rowid = ?", (rowid,))
            later = db.execute("SELECT rowid FROM stored_events WHERE originator_id = ? AND originator_version > ?"
                               " ORDER BY originator_version", (originator, version)).fetchall()
            for (row,) in later:
                db.execute("UPDATE stored_events SET originator_version = originator_version - 1 WHERE rowid = ?", (row,))
    elif tampering == "ballot changed":
        tamper(path, "UPDATE stored_events SET state = ? WHERE rowid = ?", json.dumps({**state, "ballot": a_fresh_ballot(proof)}).encode(), rowid)
    else:
        rowid, state = first(path, TALLIED)
        state["results"][0]["yes"] -= 1
        state["results"][0]["abstain"] += 1
        tamper(path, "UPDATE stored_events SET state = ? WHERE rowid = ?", json.dumps(state).encode(), rowid)

    code, output = verify_tally(url, path, session)

    assert code == 1 and "KIỂM PHIẾU KHÔNG KHỚP" in output, output


def test_verify_tally_checks_a_published_proof_without_the_store(tallied, tmp_path):
    url, path, session, proof = tallied
    published, altered = tmp_path / "proof.json", tmp_path / "altered.json"
    published.write_text(json.dumps(proof))
    altered.write_text(json.dumps({**proof, "voters": proof["voters"] + 1}))
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE": str(path), "THIDUA_ENV": "test"}

    honest = CliRunner().invoke(main, ["verify-tally", str(session), "--proof", str(published)], env=env)
    forged = CliRunner().invoke(main, ["verify-tally", str(session), "--proof", str(altered)], env=env)

    assert honest.exit_code == 0, honest.output
    assert forged.exit_code == 1 and "5 ballots for 6 members who voted" in forged.output
