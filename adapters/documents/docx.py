"""Any paper (paper.py) as a Word document: docxtpl fills the letterhead template (the ND 30/2020 header:
bodies, national name and motto, number, place and date), then python-docx appends the body (title,
sections, tables, signatures, recipients) after it.

The template is built here with python-docx, once per process, so no binary file is kept in the tree.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from adapters.documents.layout import Signature
from adapters.documents.paper import Paper

CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


@cache
def letterhead_template() -> bytes:
    """A4, margins of ND 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm), Times New Roman 13 pt,
    and the two-column header with Jinja tags."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    document.add_paragraph("{{ form }}").alignment = RIGHT
    table = document.add_table(rows=2, cols=2)
    left, right = table.rows[0].cells
    cell_lines(left, [("{{ head.parent_body|upper }}", False), ("{{ head.issuer_name|upper }}", True), ("———", False)])
    cell_lines(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True), ("———————", False)])
    number, day = table.rows[1].cells
    cell_lines(number, [("{% if head.number %}Số: {{ head.number }}{% endif %}", False)])
    cell_lines(day, [("{{ head.place_and_date }}", False)], italic=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cell_lines(cell, lines: Sequence[tuple[str, bool]], italic: bool = False) -> None:
    cell.paragraphs[0].text = ""
    for i, (text, bold) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic


def paper_docx(paper: Paper) -> bytes:
    template = DocxTemplate(io.BytesIO(letterhead_template()))
    template.render({"head": paper.head, "form": paper.form})
    filled = io.BytesIO()
    template.save(filled)
    document = Document(filled)
    add_body(document, paper)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_body(doc, paper: Paper) -> None:
    centered(doc, paper.title, bold=True, size=14)
    if paper.subject:
        centered(doc, paper.subject, bold=True)
    if paper.addressee:
        centered(doc, paper.addressee)
    for section in paper.sections:
        if section.heading:
            doc.add_paragraph().add_run(section.heading).bold = True
        for text in section.paragraphs:
            doc.add_paragraph(text).alignment = JUSTIFY
        if section.grid:
            add_grid(doc, section.grid.columns, section.grid.rows)
        for text in section.closing:
            doc.add_paragraph(text).alignment = JUSTIFY
    add_footer(doc, paper.recipients, paper.signatures)


def centered(doc, text: str, *, bold: bool = False, size: int = 0) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def add_grid(doc, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, columns, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)


def add_footer(doc, recipients: Sequence[str], signatures: Sequence[Signature]) -> None:
    table = doc.add_table(rows=1, cols=len(signatures) + bool(recipients))
    cells = list(table.rows[0].cells)
    if recipients:
        cell = cells.pop(0)
        cell.paragraphs[0].add_run("Nơi nhận:").bold = True
        for i, name in enumerate(recipients):
            cell.add_paragraph(f"- {name}{'.' if i == len(recipients) - 1 else ';'}")
    for cell, sign in zip(cells, signatures, strict=True):
        lines = [line for line in (sign.capacity, f"KT. {sign.deputy_of}" if sign.deputy_of else "", sign.position) if line]
        cell_lines(cell, [(line.upper(), True) for line in lines] + [("", False), ("", False), (sign.name, True)])
