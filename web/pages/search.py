"""The search page: what the search box on every page finds, grouped by kind, each with its link."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _

from projections.queries.search import search
from web.context import read_conn
from web.pages.common import render_page, title_label, ui_blueprint
from web.read_access import current_reader

bp = ui_blueprint("search", __name__)
QUERY_MAX = 200
KINDS = ("person", "unit", "nomination", "decision")


@bp.get("/search")
def results() -> str:
    query = request.args.get("q", "").strip()
    if len(query) > QUERY_MAX:
        abort(400, description=_("Từ khóa tìm kiếm dài quá %(n)d ký tự.", n=QUERY_MAX))
    rows = [labelled(row) for row in search(read_conn(), query, current_reader())] if query else []
    groups = [(kind, [row for row in rows if row["kind"] == kind]) for kind in KINDS]
    return render_page("search/results.html", query=query, groups=[(k, g) for k, g in groups if g], found=len(rows))


def labelled(row: dict) -> dict:
    """A dossier's title and year by the title's name, never its code."""
    if row["kind"] == "nomination":
        code, _space, year = row["detail"].partition(" ")
        return {**row, "detail": f"{title_label(code)} {year}"}
    return row
