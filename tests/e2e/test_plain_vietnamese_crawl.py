"""Issue #18 on the demo: every page every demo account (and a visitor) can reach by following links, and every
document those pages offer (decision PDFs, certificates, XLSX and CSV exports), names titles, stages, roles and
choices by their names, never by their codes, and shows no English developer text on Vietnamese pages.

Codes inside URLs and attributes are fine; only the visible text counts. The crawl follows links from the home
page, a few of each kind (the same template with other data adds time, not coverage)."""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import tomllib
from collections import Counter, deque
from pathlib import Path

import pytest
from docx import Document
from python_calamine import CalamineWorkbook
from werkzeug.exceptions import HTTPException

from adapters.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from domain.values import AwardType, Choice, NomineeKind, Rating, Role, Stage
from tests.e2e.ui_support import csrf_token
from tests.second_factor import answer_second_factor
from web import create_app

RULESETS = Path(__file__).resolve().parents[2] / "domain" / "rulesets"
TITLE_CODES = sorted({code for path in RULESETS.glob("nd*.toml") for code in tomllib.loads(path.read_text())["titles"]})
WORKFLOW_CODES = sorted({v.value for enum in (Stage, Role, Choice, Rating, AwardType, NomineeKind) for v in enum} - {"no", "system"})
KNOWN_CODES = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, TITLE_CODES + WORKFLOW_CODES)) + r")(?![\w/-])")
DEVELOPER_WORDS = re.compile(r"\b(derived|normalisation|None|True|False|null)\b")
ACCOUNTS = ["vanthu", "truongphong", "thuky", "soanthao", "hoidong", "lanhdao", "chutich", "kiemtoan", "quantri"]
SAME_KIND = 3  # pages per endpoint and account: enough to see each template with more than one item
LINK = re.compile(r'href="(/[^"#]*)"')
SKIPPED = re.compile(r"^/static/|^/api/(?!.*/export\.(xlsx|csv)$)|[?&](lang|as_of|on)=|^/logout")
EXPORT = re.compile(r"\.(xlsx|csv)$")
DOCUMENT = re.compile(r"\.(pdf|xlsx|csv|docx)$|[?&]fmt=")  # the same for every reader: fetched once


@pytest.fixture(scope="module")
def app(demo_container):
    ensure_demo_accounts(demo_container.projector.engine, demo_container.read_engine)
    return create_app({"TESTING": True}, container=demo_container)


def signed_in(app, username: str | None):
    for limiter in app.extensions["limiter"]:
        limiter.reset()
    client = app.test_client()
    if username:
        answer = client.post("/login", data={"csrf_token": csrf_token(client), "username": username, "password": DEMO_PASSWORD})
        answer = answer_second_factor(client, answer, username)
        assert answer.status_code == 303, answer.get_data(as_text=True)
    return client


def visible_text(page: str) -> str:
    """What a reader sees as words: no scripts or styles, no tags (so no attributes or URLs), entities decoded,
    and no `<code>`, which holds what is copied or typed as it is (hashes, ballot tracking codes, the rule
    overlay an admin writes in the rule set's own JSON)."""
    page = re.sub(r"<(script|style|code)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def document_text(content_type: str, body: bytes) -> str:
    if content_type.startswith("application/pdf"):
        return subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    if "spreadsheetml" in content_type:
        book = CalamineWorkbook.from_filelike(io.BytesIO(body))
        rows = (row for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python())
        return "\n".join(" ".join(str(cell) for cell in row) for row in rows)
    if "wordprocessingml" in content_type:
        document = Document(io.BytesIO(body))
        cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
        return "\n".join([*(paragraph.text for paragraph in document.paragraphs), *cells])
    if content_type.startswith("text/csv"):
        return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return ""


def exports_of(url: str) -> list[str]:
    """A campaign's standings as spreadsheets (the API offers them; no page links them)."""
    found = re.fullmatch(r"/campaigns/([0-9a-f-]{36})", url)
    return [f"/api/v1/campaigns/{found.group(1)}/standings/export.{fmt}" for fmt in ("xlsx", "csv")] if found else []


def crawl(app, username: str | None, documents: set[str]) -> dict[str, str]:
    """Visible text of every page and document reached from the home page, by URL (documents other crawls
    have read are not read again)."""
    client, endpoints = signed_in(app, username), app.url_map.bind("localhost")
    seen, per_endpoint, queue, texts = {"/"}, Counter(), deque(["/"]), {}
    while queue:
        url = queue.popleft()
        answer = client.get(url)
        kind = answer.content_type or ""
        if DOCUMENT.search(url):
            documents.add(url)
        if not kind.startswith("text/html"):
            texts[url] = document_text(kind, answer.data)
            continue
        page = answer.get_data(as_text=True)
        texts[url] = visible_text(page)
        for link in (html.unescape(found) for found in LINK.findall(page) + exports_of(url)):
            if link in seen or link in documents or SKIPPED.search(link):
                continue
            try:
                endpoint = endpoints.match(link.split("?")[0])[0]
            except HTTPException:
                continue
            if EXPORT.search(link):
                formats = {EXPORT.sub(f".{fmt}", link) for fmt in ("xlsx", "csv")} - seen
                seen.update(formats)
                queue.extend(sorted(formats))
            elif per_endpoint[endpoint] < SAME_KIND:
                seen.add(link)
                per_endpoint[endpoint] += 1
                queue.append(link)
    return texts


@pytest.fixture(scope="module")
def crawled(app) -> dict[str | None, dict[str, str]]:
    documents: set[str] = set()
    return {username: crawl(app, username, documents) for username in [None, *ACCOUNTS]}


def leaks(texts: dict[str, str], pattern: re.Pattern) -> dict[str, list[str]]:
    found = {url: sorted({m.group(0) for m in pattern.finditer(text)}) for url, text in texts.items()}
    return {url: words for url, words in found.items() if words}


@pytest.mark.parametrize("username", [None, *ACCOUNTS])
def test_no_page_or_document_shows_a_code_instead_of_a_name(crawled, username):
    assert leaks(crawled[username], KNOWN_CODES) == {}


@pytest.mark.parametrize("username", [None, *ACCOUNTS])
def test_no_vietnamese_page_shows_english_developer_words(crawled, username):
    assert leaks(crawled[username], DEVELOPER_WORDS) == {}


def test_the_crawl_reaches_the_pages_and_documents_that_name_titles(crawled):
    """The crawl is only as good as what it reaches: dossiers, decisions, council sessions, the PDFs, exports."""
    urls = {url for texts in crawled.values() for url in texts}

    for part in ("/nominations/", "/decisions/", "/council/", ".pdf", ".xlsx", ".csv", "/audit"):
        assert any(part in url for url in urls), part


def test_english_pages_name_titles_from_the_english_catalogue(app):
    """The same names in English (the rule set's name_en): the dossier list, its filter and a dossier."""
    names = {spec["name_vi"] for path in RULESETS.glob("nd*.toml") for spec in tomllib.loads(path.read_text())["titles"].values()}
    client = signed_in(app, "thuky")
    listing = client.get("/nominations?lang=en").get_data(as_text=True)
    dossier = re.search(r'href="(/nominations/[0-9a-f-]{36})"', listing).group(1)
    texts = [visible_text(listing), visible_text(client.get(f"{dossier}?lang=en").get_data(as_text=True))]

    assert "Advanced Worker" in texts[0]
    assert [name for name in names for text in texts if name in text] == []
