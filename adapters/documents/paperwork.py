"""What the web app uses (through the app's extensions) to print the paperwork: each paper as PDF or DOCX.

The pages and the API gather read-model rows; the paperwork_* modules say what each paper holds; this one
picks the format and names the file.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.documents import paperwork_council, paperwork_dossier, paperwork_lists
from adapters.documents.docx import paper_docx
from adapters.documents.paper import Paper, paper_pdf
from adapters.documents.statistics_sheet import statistics_export
from adapters.exports import Export

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS: dict[str, tuple[str, Callable[[Paper], bytes]]] = {"pdf": ("application/pdf", paper_pdf), "docx": (DOCX, paper_docx)}
PAPERS: dict[str, Callable[..., Paper]] = {
    "submission": paperwork_dossier.submission,
    "achievement_report": paperwork_dossier.achievement_report,
    "ballot": paperwork_council.ballot,
    "minutes": paperwork_council.minutes,
    "tally_record": paperwork_council.tally_record,
    "posting_list": paperwork_lists.posting_list,
    "annual_report": paperwork_lists.annual_report,
}


class Paperwork:
    def render(self, paper: str, fmt: str, **facts: object) -> Export:
        """`paper` names one of PAPERS, `fmt` one of FORMATS ("pdf", "docx"); `facts` are its read-model rows."""
        built = PAPERS[paper](**facts)
        mimetype, printer = FORMATS[fmt]
        return Export(printer(built), mimetype, f"{built.stem}.{fmt}")

    def statistics(self, stats: dict, issuer_name: str, fmt: str) -> Export:
        """The yearly statistics as a spreadsheet, `fmt` "xlsx" or "csv"."""
        return statistics_export(stats, issuer_name, fmt)
