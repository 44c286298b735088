"""What a `thidua` command says when it cannot go on: one or two lines naming the setting and the cause, in
Vietnamese (English with `--lang en`); the traceback only with `--debug`."""

from __future__ import annotations

import os
import sys

import click
import eventsourcing.persistence as es
import psycopg
import sqlalchemy.exc as sa_exc
from sqlalchemy.engine import make_url

from adapters.config import ConfigurationError
from domain.exceptions import DomainError, StoreUnavailableError

UNREACHABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, psycopg.OperationalError, es.OperationalError)
CAUSES = {  # what the database driver says -> (vi, en)
    "Connection refused": ("máy chủ từ chối kết nối (máy chủ có đang chạy, đúng cổng chưa?)",
                           "the server refused the connection (is it running, on that port?)"),
    "password authentication failed": ("sai tên người dùng hoặc mật khẩu", "wrong user name or password"),
    "does not exist": ("cơ sở dữ liệu hoặc người dùng không tồn tại", "the database or the user does not exist"),
    "translate host name": ("không tìm thấy máy chủ theo tên", "the host name is not known"),
    "timeout expired": ("máy chủ không trả lời kịp", "the server did not answer in time"),
    "unable to open database file": ("không mở được tệp SQLite (thư mục có tồn tại và ghi được không?)",
                                     "the SQLite file cannot be opened (does its folder exist, may it be written?)"),
}
MESSAGES = {
    "setting": ("Lỗi cấu hình {setting}: {cause}", "Bad setting {setting}: {cause}"),
    "unreachable": ("Không kết nối được cơ sở dữ liệu THIDUA_DATABASE_URL={url}: {cause}.",
                    "Cannot connect to the database THIDUA_DATABASE_URL={url}: {cause}."),
    "unexpected": ("Lỗi không mong đợi: {cause}", "Unexpected error: {cause}"),
    "details": ("Chạy lại với --debug để xem chi tiết.", "Run again with --debug for the details."),
}


class CommandError(click.ClickException):
    """Ends a command with its explanation alone (exit status 1): no "Error:" prefix in another language."""

    def show(self, file: object = None) -> None:
        click.echo(self.format_message(), file=file or sys.stderr)


def say(key: str, lang: str, **values: str) -> str:
    vi, en = MESSAGES[key]
    return (en if lang == "en" else vi).format(**values)


def explain(error: Exception, lang: str) -> str:
    """One or two lines for an error that ended a command."""
    if isinstance(error, ConfigurationError):
        return say("setting", lang, setting=error.setting, cause=error.en if lang == "en" else error.vi)
    if isinstance(error, UNREACHABLE) and (unwritable := StoreUnavailableError.of(error)) is not None:
        error = unwritable
    if isinstance(error, DomainError):
        return error.message
    cause = first_line(error)
    if isinstance(error, UNREACHABLE):
        known = next((pair for sign, pair in CAUSES.items() if sign in str(error)), None)
        said = f"{known[1 if lang == 'en' else 0]} («{cause}»)" if known else cause
        return say("unreachable", lang, url=database_url(lang), cause=said)
    return say("unexpected", lang, cause=f"{type(error).__name__}: {cause}") + "\n" + say("details", lang)


def first_line(error: Exception) -> str:
    """The cause as the library states it, without its wrapper's prefix and its hints."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def database_url(lang: str) -> str:
    """THIDUA_DATABASE_URL as set (its password hidden), or the default SQLite file."""
    value = os.environ.get("THIDUA_DATABASE_URL", "")
    if "://" not in value:
        return value or ("(the default SQLite file)" if lang == "en" else "(tệp SQLite mặc định)")
    try:
        return make_url(value).render_as_string(hide_password=True)
    except sa_exc.ArgumentError:
        return value.split("://", 1)[0] + "://…"
