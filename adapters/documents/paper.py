"""A printed paper of the emulation office (tờ trình, báo cáo, biên bản, phiếu bầu, danh sách): the shared
letterhead, a title, sections of paragraphs and tables, the signatures and the recipients. Each paperwork
module says what a document holds; this one prints any of them as PDF (WeasyPrint) or DOCX (docx.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from adapters.documents.layout import Letterhead, Signature
from adapters.documents.render import render_pdf


@dataclass(frozen=True)
class Grid:
    """A ruled table: column headings, then rows of text; `widths` in percent (optional)."""

    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[int] = ()


@dataclass(frozen=True)
class Section:
    heading: str = ""
    paragraphs: Sequence[str] = ()
    grid: Grid | None = None
    closing: Sequence[str] = ()  # paragraphs after the table


@dataclass(frozen=True)
class Paper:
    head: Letterhead
    title: str  # "TỜ TRÌNH", "BIÊN BẢN KIỂM PHIẾU"
    stem: str  # the file name without extension, ASCII
    subject: str = ""  # "Về việc đề nghị khen thưởng …"
    form: str = ""  # the statutory form it follows, printed top right ("Mẫu số 01 …")
    addressee: str = ""  # "Kính gửi: …"
    sections: Sequence[Section] = ()
    signatures: Sequence[Signature] = ()
    recipients: Sequence[str] = field(default_factory=tuple)


def paper_pdf(paper: Paper) -> bytes:
    return render_pdf("paper.html", paper=paper)
