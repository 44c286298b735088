"""The paperwork over the API, as the pages print it (web/pages/paperwork.py gathers the facts): a dossier's
submission and achievement report, a council session's blank ballot, minutes and vote-count record, the list
for public posting; PDF or Word."""

from __future__ import annotations

from uuid import UUID

from flask import Response, current_app
from marshmallow import Schema, fields

from web.api.base import BINARY, api_blueprint, download, public
from web.pages.paperwork import achievement_facts, council_facts, posting_facts, submission_facts

blp = api_blueprint("api_paperwork", "Giấy tờ in từ sổ cái: tờ trình, báo cáo thành tích, phiếu bầu, biên bản, danh sách công khai")
PAPER = {"200": {"description": "PDF hoặc Word (DOCX)", "content": {
    "application/pdf": {"schema": BINARY},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": BINARY},
}}}


class PostingListArgsSchema(Schema):
    issuer_id = fields.UUID(metadata={"description": "Cơ quan công khai; bỏ trống khi chỉ một cơ quan đang công khai"})


def paper(name: str, fmt: str, facts: dict) -> Response:
    return download(current_app.extensions["paperwork"].render(name, fmt, **facts))


@blp.route("/nominations/<uuid:nomination_id>/submission.<any(pdf, docx):fmt>")
@blp.doc(responses=PAPER)
def get_submission(nomination_id: UUID, fmt: str) -> Response:
    """Tờ trình (Mẫu số 01, Decree 152/2025): the unit's dossiers sent in the dossier's campaign.

    Personal data: read as the dossier (scope `dossiers`)."""
    return paper("submission", fmt, submission_facts(nomination_id))


@blp.route("/nominations/<uuid:nomination_id>/achievement-report.<any(pdf, docx):fmt>")
@blp.doc(responses=PAPER)
def get_achievement_report(nomination_id: UUID, fmt: str) -> Response:
    """Báo cáo thành tích of the nominee (Mẫu số 05 for an individual), with ratings and earlier awards.

    Personal data: read as the dossier (scope `dossiers`)."""
    return paper("achievement_report", fmt, achievement_facts(nomination_id))


@blp.route("/council-sessions/<uuid:session_id>/ballot.<any(pdf, docx):fmt>")
@blp.doc(responses=PAPER)
def get_printed_ballot(session_id: UUID, fmt: str) -> Response:
    """A blank ballot listing the candidates; never a cast vote."""
    return paper("ballot", fmt, council_facts(session_id, results=False))


@blp.route("/council-sessions/<uuid:session_id>/minutes.<any(pdf, docx):fmt>")
@blp.doc(responses=PAPER)
def get_minutes(session_id: UUID, fmt: str) -> Response:
    """Biên bản họp: attendance, the agenda and the tally's counts."""
    return paper("minutes", fmt, council_facts(session_id))


@blp.route("/council-sessions/<uuid:session_id>/tally-record.<any(pdf, docx):fmt>")
@blp.doc(responses=PAPER)
def get_tally_record(session_id: UUID, fmt: str) -> Response:
    """Biên bản kiểm phiếu: the counts per dossier as decrypted from the sums; no voter is linked to a choice."""
    facts = council_facts(session_id)
    facts.pop("candidates")
    return paper("tally_record", fmt, facts)


@blp.route("/postings/list.<any(pdf, docx):fmt>")
@public
@blp.arguments(PostingListArgsSchema, location="query")
@blp.doc(responses=PAPER)
def get_posting_list(args: dict, fmt: str) -> Response:
    """The list posted for objections today (public)."""
    return paper("posting_list", fmt, posting_facts(args.get("issuer_id")))
