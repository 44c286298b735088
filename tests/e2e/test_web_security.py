"""Web security: headers on every answer, a CSP without inline code, cookie flags, production HTTPS,
the sign-in rate limit, the secret key, and refused uploads (too large, malformed) with clear messages."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from adapters.config import ConfigurationError, load_settings
from adapters.tokens import TokenStore
from domain import commands as c
from domain.values import Role
from tests.e2e.ui_support import PASSWORD, csrf_token, page_text, post, ui_world_fixture
from web import create_app

ui = ui_world_fixture("web-security", staff=5)
TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
MB = 1024 * 1024
TOO_MANY = "Đăng nhập sai quá nhiều lần. Vui lòng chờ một phút rồi thử lại."


def fresh_app(ui, **config):  # type: ignore[no-untyped-def]
    """Another app on the same store, the sign-in counts (kept in the store, shared by its apps) cleared."""
    app = create_app({"TESTING": True, **config}, container=ui.container)
    for limiter in app.extensions["limiter"]:
        limiter.reset()
    return app


def policy(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    directives = (part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def test_pages_the_api_public_pages_and_files_carry_the_security_headers(ui):
    client = ui.client()
    paths = ["/", "/login", "/public", f"/campaigns/{ui.world.campaign}", "/api/v1/campaigns", "/api/v1/inbox",
             "/api/v1/no-such-thing", "/api/v1/docs", "/api/v1/openapi.json", "/static/site.css"]

    for path in paths:
        with client.get(path) as response:
            headers = response.headers
        assert "Content-Security-Policy" in headers, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert "Strict-Transport-Security" not in headers, path  # only in production, over HTTPS


def test_the_content_security_policy_allows_only_this_site_and_no_inline_code(ui):
    directives = policy(ui.client().get("/"))

    assert directives["default-src"] == directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == directives["object-src"] == "'none'"
    assert not [value for value in directives.values() if "unsafe" in value]


def test_no_template_holds_inline_script_style_or_event_handler():
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)

    offenders = [str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html") if inline.search(path.read_text())]

    assert offenders == []


def test_the_api_docs_page_loads_its_scripts_from_this_site(ui):
    page = ui.client().get("/api/v1/docs").get_data(as_text=True)

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 3 and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    with ui.client().get("/static/swagger-ui-start.js") as start:
        assert start.status_code == 200


def test_the_session_cookie_is_http_only_and_same_site_but_not_secure_outside_production(ui):
    cookie = ui.client().get("/login").headers["Set-Cookie"]

    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_production_redirects_to_https_with_hsts_and_secure_cookies(ui):
    settings = dataclasses.replace(ui.container.settings, environment="production", secret_key="a-real-secret")
    app = create_app({}, container=dataclasses.replace(ui.container, settings=settings))
    client = app.test_client()

    plain = client.get("/login")
    secure = client.get("/login", base_url="https://thidua.example")

    assert plain.status_code == 302 and plain.headers["Location"].startswith("https://")
    assert secure.status_code == 200 and "max-age=" in secure.headers["Strict-Transport-Security"]
    assert "Secure" in secure.headers["Set-Cookie"] and "HttpOnly" in secure.headers["Set-Cookie"]
    assert app.config["REMEMBER_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_HTTPONLY"]


def test_a_secret_key_is_required_in_production():
    with pytest.raises(ConfigurationError, match="THIDUA_SECRET_KEY"):
        load_settings({"THIDUA_ENV": "production"})

    assert load_settings({"THIDUA_ENV": "production", "THIDUA_SECRET_KEY": "s3cret"}).secret_key == "s3cret"


def test_the_eleventh_failed_sign_in_from_one_address_is_refused_with_429_even_with_the_right_password(ui):
    client = fresh_app(ui).test_client()

    failed = [post(client, "/login", {"username": f"khach{i}", "password": "sai"}).status_code for i in range(10)]
    refused = post(client, "/login", {"username": "canbo", "password": PASSWORD})

    assert failed == [422] * 10
    assert refused.status_code == 429 and TOO_MANY in page_text(refused)
    assert 'name="username"' in refused.get_data(as_text=True)


def test_failed_sign_ins_for_one_username_are_limited_across_addresses(ui):
    client = fresh_app(ui).test_client()

    def sign_in(password: str, address: str):  # type: ignore[no-untyped-def]
        return post(client, "/login", {"username": "thuky", "password": password}, environ_base={"REMOTE_ADDR": address})

    failed = [sign_in("sai", f"10.0.0.{i}").status_code for i in range(10)]
    refused = sign_in(PASSWORD, "10.0.1.1")
    other_user = post(client, "/login", {"username": "canbo", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.1.1"})

    assert failed == [422] * 10 and refused.status_code == 429
    assert other_user.status_code == 303


def test_successful_sign_ins_are_not_counted(ui):
    client = fresh_app(ui).test_client()

    statuses = {post(client, "/login", {"username": "canbo", "password": PASSWORD}).status_code for _ in range(12)}

    assert statuses == {303}


@pytest.fixture(scope="module")
def report(ui):  # type: ignore[no-untyped-def]
    """Send a progress report with PDF files of the given sizes (MB), the per-file limit being 1 MB."""
    ui.clock.set(2025, 1, 11, 9)
    person = ui.container.app.sign_up(ui.world.as_clerk, c.SignUp(ui.world.campaign, ui.world.staff[4], "person", []))
    ui.clock.set(2025, 4, 2, 9)
    clerk = fresh_app(ui, MAX_CONTENT_LENGTH=MB).test_client()
    assert post(clerk, "/login", {"username": "canbo", "password": PASSWORD}).status_code == 303

    def send(*sizes: float):  # type: ignore[no-untyped-def]
        files = [FileStorage(io.BytesIO(b"%PDF-1.7" + b"0" * int(size * MB)), f"bien-ban-{i}.pdf")
                 for i, size in enumerate(sizes)]
        boundary, body = encode_multipart(MultiDict([  # in memory: the test client spools big bodies to unclosed files
            ("csrf_token", csrf_token(clerk)), ("period_label", "2025-Q1"), ("period_end", "2025-03-31"),
            ("t_dvc-online", "60"), *(("evidence", f) for f in files),
        ]))
        return clerk.post(f"/campaigns/{ui.world.campaign}/participations/{person}/report", data=body,
                          content_type=f"multipart/form-data; boundary={boundary}")

    return send


@pytest.fixture(scope="module")
def clerk(ui) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, secret = TokenStore.open(ui.container.projector.engine).create(ui.world.clerk, Role.UNIT_CLERK)
    return {"Authorization": f"Bearer {secret}"}


class TestUploads:
    """Files on the report form, with a 1 MB per-file limit (5 files a time): refused with a message."""

    def test_a_file_over_the_limit_is_refused_next_to_the_field(self, report):
        response = report(1.2)

        assert response.status_code == 422
        assert 'id="evidence-error"' in response.get_data(as_text=True) and "Mỗi tệp tối đa 1 MB." in page_text(response)

    def test_a_request_over_the_limit_for_all_files_is_refused_with_a_page(self, report):
        response = report(*[0.9] * 7)

        assert response.status_code == 413 and "Nội dung gửi lên quá lớn: tối đa 6 MB một lần." in page_text(response)

    def test_several_files_each_within_the_limit_are_taken(self, report):
        assert report(0.6, 0.6).status_code == 303


class TestApiBodies:
    """The API refuses a body that is too large, not JSON, or not an object, with a JSON message."""

    def test_a_body_over_the_limit_is_refused_with_413(self, ui, clerk):
        client = fresh_app(ui, MAX_CONTENT_LENGTH=MB).test_client()

        response = client.post("/api/v1/nominations", data=b"{" + b" " * MB + b"}", headers=clerk,
                               content_type="application/json")

        assert response.status_code == 413
        assert response.get_json()["message"] == "Nội dung gửi lên quá lớn: tối đa 1 MB một lần."

    @pytest.mark.parametrize("body, content_type", [
        (b'{"campaign_id": ', "application/json"),
        (b"[1, 2]", "application/json"),
        (b"nominee_id=1", "application/x-www-form-urlencoded"),
        (b"--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--x--\r\n",
         "multipart/form-data; boundary=x"),
    ])
    def test_a_malformed_or_wrongly_typed_body_is_refused_with_422(self, ui, clerk, body, content_type):
        response = ui.client().post("/api/v1/nominations", data=body, headers=clerk, content_type=content_type)

        assert response.status_code == 422
        assert response.get_json()["message"] == "Nội dung gửi lên phải là một đối tượng JSON."
