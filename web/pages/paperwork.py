"""The paperwork as downloads (PDF or Word), each from the read models: a dossier's submission (tờ trình)
and achievement report, a council session's ballot, minutes and vote-count record, the list for public
posting. The facts each paper needs are gathered here once, for these pages and the API alike."""

from __future__ import annotations

import io
from datetime import date
from uuid import UUID

from flask import abort, current_app, request, send_file
from flask_login import login_required
from werkzeug.wrappers import Response

from domain.rules.paperwork import SIGNATORY_ROLES, listed_in_submission, signatory
from domain.rules.read_access import Kind
from projections import queries
from web.context import read_conn
from web.pages.choices import role_holders, title_catalogue
from web.pages.common import today, ui_blueprint
from web.read_access import require, visible_window
from web.security import download_name

bp = ui_blueprint("paperwork", __name__)
FORMATS = "pdf, docx"  # werkzeug's any() converter takes this list


def paper_file(paper: str, fmt: str, **facts: object) -> Response:
    export = current_app.extensions["paperwork"].render(paper, fmt, **facts)
    return send_file(io.BytesIO(export.content), mimetype=export.mimetype, as_attachment=True,
                     download_name=download_name(export.filename))


def found(item: dict | None, message: str) -> dict:
    """The item, or 404 with a Vietnamese message (a page, or JSON under /api/)."""
    if item is None:
        abort(404, description=message)
    return item


def title_names(on: date) -> dict[str, str]:
    return {code: spec["name_vi"] for code, spec in title_catalogue(on).items()}


def unit_and_parent(unit_id: UUID) -> tuple[dict, dict | None]:
    conn = read_conn()
    unit = found(queries.get_unit(conn, unit_id), "Không tìm thấy cơ quan, đơn vị.")
    return unit, queries.get_unit(conn, unit["parent_id"]) if unit["parent_id"] else None


def unit_head(unit_id: UUID) -> dict | None:
    """Who signs for the unit (`domain.rules.paperwork.signatory`)."""
    return signatory({role: role_holders(role, {unit_id}) for role in SIGNATORY_ROLES})


def readable_dossier(nomination_id: UUID) -> dict:
    """The dossier, to those who may read it (403 otherwise); its papers show its nominee's facts too."""
    dossier = found(queries.get_nomination(read_conn(), nomination_id), "Không tìm thấy hồ sơ.")
    require(Kind.DOSSIERS, nomination_id)
    return dossier


def submission_facts(nomination_id: UUID) -> dict:
    """The unit's tờ trình in the dossier's campaign: every dossier of that unit it sent (that the reader may read:
    a signer reads only the dossiers of the decisions they sign)."""
    dossier = readable_dossier(nomination_id)
    conn = read_conn()
    unit, parent = unit_and_parent(dossier["unit_id"])
    rows = queries.list_nominations(conn, campaign_id=dossier["campaign_id"], unit_id=dossier["unit_id"], limit=1000)[0]
    sent = [n for n in rows if listed_in_submission(n["stage"], n["received_on"])]
    sent = visible_window(lambda _limit, _offset: (sent, len(sent)), Kind.DOSSIERS, "nomination_id", len(sent), 0)[0]
    day = max((n["received_on"] for n in sent), default=today())
    return {
        "unit": unit, "parent": parent, "campaign": found(queries.get_campaign(conn, dossier["campaign_id"]), "Không tìm thấy phong trào."),
        "nominations": sent, "titles": title_names(day), "head": unit_head(unit["unit_id"]), "day": day,
        "positions": {p["person_id"]: p["position"] for p in queries.list_people(conn, unit["unit_id"])},
    }


def achievement_facts(nomination_id: UUID) -> dict:
    """The nominee's report: the dossier's achievements with the nominee's ratings and awards (read as ratings too)."""
    dossier = readable_dossier(nomination_id)
    conn = read_conn()
    nominee = dossier["nominee_id"]
    require(Kind.RATINGS, nominee)
    unit, parent = unit_and_parent(dossier["unit_id"])
    day = dossier["received_on"] or today()
    titles = title_names(day)
    subject = queries.get_person(conn, nominee) or queries.get_unit(conn, nominee) or {}
    return {
        "nomination": dossier, "title_name": titles.get(dossier["title_code"], dossier["title_code"]), "subject": subject,
        "unit": unit, "parent": parent, "ratings": queries.ratings_of(conn, nominee),
        "history": queries.award_history(conn, nominee), "titles": titles, "day": day,
    }


def council_facts(session_id: UUID, *, results: bool = True) -> dict:
    """The session, its council and chair, the dossiers on its agenda; with `results`, the tally's counts."""
    conn = read_conn()
    session = found(queries.get_council_session(conn, session_id), "Không tìm thấy phiên họp.")
    council, parent = unit_and_parent(session["council_unit_id"])
    candidates = [queries.get_nomination(conn, UUID(str(n))) for n in session["agenda"]]
    facts = {
        "session": session, "council": council, "parent": parent, "titles": title_names(session["meeting_on"]),
        "candidates": sorted((c for c in candidates if c), key=lambda c: (c["unit_name"] or "", c["nominee_name"] or "")),
    }
    if results:
        facts.update(chair=queries.get_person(conn, session["chair_id"]) or {}, results=session["results"])
    return facts


def posting_facts(issuer_id: UUID | None) -> dict:
    """The dossiers open for objections today in the issuer's campaigns; without an issuer, in those of the
    only issuer with postings (404 when none is posted; 400 when several issuers post and none is named)."""
    conn, day = read_conn(), today()
    issuers = {c["campaign_id"]: c["issuer_id"] for c in queries.list_campaigns(conn, limit=10_000)[0]}
    postings = queries.list_public_postings(conn, on=day)
    posting = {issuers.get(p["campaign_id"]) for p in postings}
    if issuer_id is None:
        if not posting:
            abort(404, description="Hiện không có danh sách nào đang công khai.")
        if len(posting) > 1:
            abort(400, description="Có nhiều cơ quan đang công khai danh sách: hãy chọn cơ quan (tham số issuer).")
        issuer_id = posting.pop()
    office, parent = unit_and_parent(issuer_id)
    mine = [p for p in postings if issuers.get(p["campaign_id"]) == issuer_id]
    return {"office": office, "parent": parent, "postings": mine, "titles": title_names(day), "day": day}


@bp.get("/nominations/<uuid:nomination_id>/to-trinh.<any(" + FORMATS + "):fmt>")
@login_required
def submission(nomination_id: UUID, fmt: str) -> Response:
    """Tờ trình (Mẫu số 01): the unit's proposals in the dossier's campaign."""
    return paper_file("submission", fmt, **submission_facts(nomination_id))


@bp.get("/nominations/<uuid:nomination_id>/bao-cao-thanh-tich.<any(" + FORMATS + "):fmt>")
@login_required
def achievement_report(nomination_id: UUID, fmt: str) -> Response:
    """Báo cáo thành tích of the nominee (Mẫu số 05 for an individual)."""
    return paper_file("achievement_report", fmt, **achievement_facts(nomination_id))


@bp.get("/council/<uuid:session_id>/phieu-bau.<any(" + FORMATS + "):fmt>")
@login_required
def ballot(session_id: UUID, fmt: str) -> Response:
    """A blank ballot listing the candidates: never a cast vote."""
    return paper_file("ballot", fmt, **council_facts(session_id, results=False))


@bp.get("/council/<uuid:session_id>/bien-ban.<any(" + FORMATS + "):fmt>")
@login_required
def minutes(session_id: UUID, fmt: str) -> Response:
    return paper_file("minutes", fmt, **council_facts(session_id))


@bp.get("/council/<uuid:session_id>/bien-ban-kiem-phieu.<any(" + FORMATS + "):fmt>")
@login_required
def tally_record(session_id: UUID, fmt: str) -> Response:
    """The tally's counts per dossier; who voted what is kept nowhere."""
    facts = council_facts(session_id)
    facts.pop("candidates")
    return paper_file("tally_record", fmt, **facts)


@bp.get("/public/danh-sach-cong-khai.<any(" + FORMATS + "):fmt>")
def posting_list(fmt: str) -> Response:
    """The list posted for objections (public, like the postings page); ?issuer= names the posting office."""
    return paper_file("posting_list", fmt, **posting_facts(issuer_arg()))


def issuer_arg() -> UUID | None:
    """The ?issuer= argument; 400 for a malformed id."""
    asked = request.args.get("issuer")
    try:
        return UUID(asked) if asked else None
    except ValueError:
        abort(400, description="Mã cơ quan không hợp lệ.")
