"""The read policy (domain.rules.read_access) asked for the request's reader: an API token's holder, or
the signed-in person in the role they act in. Refusals are 403 with the policy's Vietnamese message;
lists keep only the rows the reader may see. Reaches are read from the present read models."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from flask import abort as page_abort
from flask import g, request
from flask_login import current_user
from flask_smorest import abort

from domain.rules.read_access import NOBODY, Kind, Reader, may_read, may_read_file, reads_any, refusal
from projections.queries.evidence import cited_by_a_report, citing_dossiers
from projections.queries.reach import reach_of
from web.auth import acting_role, role_scopes
from web.context import live_conn, read_conn

Window = Callable[[int | None, int], tuple[list[dict], int]]  # (limit, offset) -> (rows, total)
ReadableWindow = Callable[[Reader, int, int], tuple[list[dict], int]]  # the same, only the rows a reader may see


def current_reader() -> Reader:
    """The API token's reader, or on the pages the signed-in person acting in their chosen role."""
    if request.path.startswith("/api/"):
        return g.get("token_reader") or Reader()
    if not current_user.is_authenticated:
        return Reader()
    role = acting_role()
    return Reader(current_user.person_id, role, tuple(role_scopes(role)) if role else ())


def require(kind: Kind, item_id: UUID) -> None:
    """Refuse (403) a reader who may not see this item's data of `kind`."""
    reader = current_reader()
    if kind is Kind.PUBLIC or reader.sees_everything:
        return
    if not may_read(reader, kind, reach_of(live_conn(), [item_id]).get(item_id, NOBODY)):
        if request.path.startswith("/api/"):
            abort(403, message=refusal(kind))
        page_abort(403, description=refusal(kind))


def require_file(sha256: str) -> None:
    """Refuse (403) a signed-in reader who may not read what cites this evidence file."""
    conn, reader = live_conn(), current_reader()
    reaches = list(reach_of(conn, citing_dossiers(conn, sha256)).values())
    if not may_read_file(reader, reaches, cited_by_a_report(conn, sha256)):
        page_abort(403, description=refusal(Kind.DOSSIERS))


def visible_window(
    window: Window, kind: Kind, key: str, limit: int, offset: int, *, public: Callable[[dict], bool] | None = None,
    readable: ReadableWindow | None = None,
) -> tuple[list[dict], int]:
    """A page of the rows whose item (`row[key]`) the reader may see data of `kind` about, or that are
    `public`, and how many there are (paged by the query for those who see everything, and by `readable`,
    which applies the policy in SQL, when the rows are the present ones whose reaches it reads)."""
    reader = current_reader()
    if reader.sees_everything:
        return window(limit, offset)
    if readable is not None and read_conn() is live_conn():
        return readable(reader, limit, offset)
    if public is None and not reads_any(reader, kind):
        return [], 0
    rows = window(None, 0)[0]
    shown = {row[key] for row in rows if public is not None and public(row)}
    asked = {row[key] for row in rows} - shown if reads_any(reader, kind) else set()
    reaches = reach_of(live_conn(), asked)
    rows = [row for row in rows if row[key] in shown or may_read(reader, kind, reaches.get(row[key], NOBODY))]
    return rows[offset:offset + limit], len(rows)
