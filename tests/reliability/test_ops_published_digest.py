"""`thidua verify` without a published digest says plainly that a cut tail cannot be detected; `thidua seal
--publish` puts the digest in a file or POSTs it to a URL of the operator's choice, and `thidua verify
--digest-from` reads it back and catches the cut."""

from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from tests.builders import build_world, launch_campaign
from tests.conftest import accept_freezegun_values
from web.cli.main import main

NO_DIGEST = "không thể phát hiện"


@pytest.fixture
def store(tmp_path, clock, monkeypatch):
    """A SQLite store with a launched campaign, named by the environment as `thidua` reads it."""
    settings = load_settings({}, instance_path=tmp_path, environment="test")
    container = bootstrap(settings, clock=clock)
    accept_freezegun_values(container.app)
    ensure_shipped_rules(container.app)
    clock.set(2025, 1, 2, 9)
    launch_campaign(build_world(container.app))
    container.close()
    monkeypatch.setenv("THIDUA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("THIDUA_INSTANCE", str(tmp_path))
    return settings


def thidua(*args: str, status: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == status, (result.output, result.exception)
    return result.output


def cut_tail(settings, keep: int) -> None:
    """What a careful attacker with SQL access does: the last events and their chain links deleted alike, and
    the snapshots (a cache of states, rebuilt on demand) with them."""
    with sqlite3.connect(settings.sqlite_path, isolation_level=None) as conn:
        conn.execute("DELETE FROM stored_snapshots")
        conn.execute("DELETE FROM stored_events WHERE rowid > ?", (keep,))
        conn.execute("DELETE FROM ledger_chain WHERE notification_id > ?", (keep,))


class Board(BaseHTTPRequestHandler):
    """A notice board on 127.0.0.1: keeps what is POSTed and GETs it back."""

    posted: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802
        self.posted.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(201)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.posted[-1])

    def log_message(self, *_args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def board():
    Board.posted = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Board)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/digest"
    server.shutdown()
    server.server_close()


def test_verify_without_a_digest_says_a_cut_tail_goes_unseen_and_how_to_publish_one(store):
    said = thidua("verify")

    assert "Sổ cái nguyên vẹn" in said and NO_DIGEST in said and "thidua seal --publish" in said
    assert "a cut tail (the last events deleted with their chain links) cannot be detected" in thidua("verify", "--lang", "en")
    assert NO_DIGEST not in thidua("verify", "--digest", thidua_digest())


def thidua_digest() -> str:
    return thidua("verify").split("Mã tổng (digest): ")[1].split()[0]


def test_a_digest_published_to_a_file_catches_a_cut_tail(store, tmp_path):
    published = tmp_path / "published" / "digest.json"
    published.parent.mkdir()
    sealed = thidua("seal", "--publish", str(published))
    record = json.loads(published.read_text(encoding="utf-8"))
    assert f"Mã tổng (digest): {record['digest']}" in sealed and record["position"] > 5 and record["at"]

    assert "khớp với sổ cái" in thidua("verify", "--digest-from", str(published))
    cut_tail(store, record["position"] - 3)

    assert "Sổ cái nguyên vẹn" in thidua("verify")  # the chain alone cannot tell
    assert "truncated" in thidua("verify", "--digest-from", str(published), status=1)


def test_a_digest_posted_to_a_url_is_read_back_from_it(store, board):
    thidua("seal", "--publish", board)
    record = json.loads(Board.posted[-1])

    assert "khớp với sổ cái" in thidua("verify", "--digest-from", board)
    cut_tail(store, record["position"] - 1)
    assert "truncated" in thidua("verify", "--digest-from", board, status=1)


def test_a_publication_that_cannot_be_read_is_one_clear_line(store, tmp_path):
    said = thidua("verify", "--digest-from", str(tmp_path / "missing.json"), status=1)

    assert len(said.strip().splitlines()) == 1 and "missing.json" in said
