"""`thidua` errors (issue #18, scope 8): one or two lines in Vietnamese (English with --lang en) naming the setting
and the cause, the traceback only with --debug; no stray ./instance folder when the database is elsewhere."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from web.cli.main import main

REFUSED_PG = "postgresql://thidua:bi-mat@127.0.0.1:1/thidua"  # nothing listens on port 1


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    """An empty working folder: nothing may appear in it."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("THIDUA_INSTANCE", raising=False)
    return folder


def thidua(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), env=env)


def short(result) -> list[str]:
    """The output's lines, checked to be an error of at most two lines without a traceback."""
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and 1 <= len(lines) <= 2, result.output
    assert "Traceback" not in result.output
    return lines


def test_an_unreachable_database_is_named_with_its_cause_in_vietnamese(cwd):
    result = thidua("rebuild", THIDUA_DATABASE_URL=REFUSED_PG)

    text = " ".join(short(result))
    assert "THIDUA_DATABASE_URL" in text and "127.0.0.1:1" in text and "Không kết nối được" in text
    assert "từ chối kết nối" in text and "bi-mat" not in text  # the password is never printed


def test_the_same_in_english_with_lang_en(cwd):
    result = thidua("--lang", "en", "rebuild", THIDUA_DATABASE_URL=REFUSED_PG)

    text = " ".join(short(result))
    assert "Cannot connect to the database" in text and "THIDUA_DATABASE_URL" in text and "refused" in text
    assert "Không" not in text


def test_the_traceback_only_with_debug(cwd):
    result = thidua("--debug", "rebuild", THIDUA_DATABASE_URL=REFUSED_PG)

    assert result.exit_code == 1 and result.exception is not None and not isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(("env", "setting", "vi", "en"), [
    ({"THIDUA_DATABASE_URL": "mysql://db/thidua"}, "THIDUA_DATABASE_URL", "không hỗ trợ", "unsupported store"),
    ({"THIDUA_IDEMPOTENCY_TTL_HOURS": "mot-ngay"}, "THIDUA_IDEMPOTENCY_TTL_HOURS", "phải là một số", "must be a number"),
    ({"THIDUA_ENV": "production", "THIDUA_SECRET_KEY": ""}, "THIDUA_SECRET_KEY", "phải được đặt", "must be set"),
])
def test_a_bad_setting_is_named_in_either_language(cwd, env, setting, vi, en):
    said_vi = " ".join(short(thidua("rebuild", **env)))
    said_en = " ".join(short(thidua("--lang", "en", "rebuild", **env)))

    assert setting in said_vi and vi in said_vi
    assert setting in said_en and en in said_en


def test_a_sqlite_file_in_a_missing_folder_is_named_and_nothing_is_created(cwd, tmp_path):
    missing = tmp_path / "khong-co" / "thidua.sqlite"

    text = " ".join(short(thidua("rebuild", THIDUA_DATABASE_URL=str(missing))))

    assert "THIDUA_DATABASE_URL" in text and str(missing.parent) in text
    assert not missing.parent.exists() and list(cwd.iterdir()) == []


def test_serve_checks_the_store_before_starting_the_server(cwd, monkeypatch):
    from gunicorn.app.base import BaseApplication

    started = []
    monkeypatch.setattr(BaseApplication, "run", lambda self: started.append(self))

    text = " ".join(short(thidua("serve", THIDUA_DATABASE_URL=REFUSED_PG)))

    assert "THIDUA_DATABASE_URL" in text and started == []


def test_demo_with_the_database_elsewhere_creates_no_instance_folder(cwd, tmp_path, monkeypatch):
    import adapters.demo.accounts
    import adapters.demo.loader

    monkeypatch.setattr(adapters.demo.loader, "load_demo", lambda app: "demo loaded")
    monkeypatch.setattr(adapters.demo.accounts, "ensure_demo_accounts", lambda *engines: "accounts ready")
    elsewhere = tmp_path / "data"
    elsewhere.mkdir()

    result = thidua("demo", THIDUA_DATABASE_URL=str(elsewhere / "thidua.sqlite"))

    assert result.exit_code == 0, result.output
    assert list(cwd.iterdir()) == [] and (elsewhere / "thidua.sqlite").exists()
