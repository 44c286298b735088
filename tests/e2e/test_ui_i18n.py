"""Vietnamese by default, English on request (and remembered); every message comes from the catalogues."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.e2e.ui_support import page_text, ui_world_fixture

WEB = Path(__file__).resolve().parents[2] / "web"
CATALOGUE = WEB / "translations" / "en" / "LC_MESSAGES"
ui = ui_world_fixture("ui-i18n")


def test_pages_are_vietnamese_by_default(ui):
    response = ui.client().get("/")

    assert 'lang="vi"' in response.get_data(as_text=True) and "Phong trào thi đua" in page_text(response)


def test_english_is_served_on_request_and_remembered_in_a_cookie(ui):
    client = ui.client()

    first = client.get("/public?lang=en")
    again = client.get("/")

    assert "lang=en" in first.headers["Set-Cookie"]
    assert 'lang="en"' in again.get_data(as_text=True)
    assert "Emulation campaigns" in page_text(again) and "Phong trào thi đua" not in page_text(again)


def test_form_errors_are_in_the_language_of_the_page(ui):
    client = ui.client()
    client.get("/?lang=en")
    token = client.get("/login").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]

    refused = client.post("/login", data={"csrf_token": token, "username": "", "password": ""})

    assert "This field is required." in page_text(refused)


def test_every_message_of_the_web_pages_has_an_english_translation():
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.do"}}
    used = {message for _file, _line, message, *_rest in extract_from_dir(WEB, method_map, options, keywords)}

    with (CATALOGUE / "messages.po").open("rb") as po:
        translated = {m.id for m in read_po(po) if m.id and m.string}

    assert used - translated == set()


def test_the_compiled_catalogue_matches_its_source():
    with (CATALOGUE / "messages.po").open("rb") as po, (CATALOGUE / "messages.mo").open("rb") as mo:
        source, compiled = read_po(po), read_mo(mo)

    assert {m.id: m.string for m in source if m.id} == {m.id: m.string for m in compiled if m.id}
