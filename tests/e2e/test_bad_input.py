"""Bad input answers 4xx with a message (Vietnamese, English on request), never 5xx (Flask test client)."""

import io
from datetime import date
from urllib.parse import unquote

import pytest

from domain import commands as c
from domain.values import Role
from tests.e2e.api_support import shared_world  # noqa: F401  (the module's world)
from tests.e2e.ui_support import PASSWORD, post

BAD_TEXT = "Nội dung gửi lên có ký tự không hợp lệ (ký tự NUL hoặc nửa cặp UTF-16)."
TOO_DEEP = "Nội dung JSON lồng nhau quá nhiều cấp."
TOO_LARGE = "Nội dung gửi lên quá lớn"
CONTROL = {chr(n) for n in range(32)} | {"\x7f"}


@pytest.fixture(scope="module")
def w(shared_world):  # noqa: F811
    return shared_world


def secretary(w) -> dict[str, str]:
    return w.token(w.world.secretary, Role.SECRETARIAT)


def draft_campaign(w, key: str) -> str:
    campaign = w.world.app.draft_campaign(w.world.as_secretary, c.DraftCampaign(
        key=key, issuer_id=w.world.department, scope="sector", theme="Thi đua",
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
    ))
    w.container.projector.catch_up()
    return campaign


def post_json(w, body: str, lang: str = "vi"):
    return w.client.post(f"/api/v1/campaigns?lang={lang}", data=body, content_type="application/json", headers=secretary(w))


@pytest.mark.parametrize("key", ["thi-đua-năm-2025", "xếp.hạng_năm-2025"])  # keys with control characters are refused
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_standings_export_is_named_after_any_campaign_key(w, key, fmt):
    campaign = draft_campaign(w, f"{key}-{fmt}")

    response = w.client.get(f"/api/v1/campaigns/{campaign}/standings/export.{fmt}", headers=secretary(w))

    disposition = response.headers["Content-Disposition"]
    assert response.status_code == 200 and disposition.startswith("attachment; filename=")
    assert not CONTROL & set(disposition)
    name = "".join(ch for ch in f"xep-hang-{key}-{fmt}.{fmt}" if ch not in CONTROL)
    assert unquote(disposition).endswith(f"filename*=UTF-8''{name}")


@pytest.mark.parametrize("depth", [65, 975, 20_000])  # 975 parses before the views, not inside them
def test_json_nested_too_deep_answers_400_with_a_message(w, depth):
    response = post_json(w, '{"theme": ' + "[" * depth + "]" * depth + "}")

    assert response.status_code == 400 and response.get_json()["message"] == TOO_DEEP


def test_json_nested_a_little_is_left_to_the_schema(w):
    response = post_json(w, '{"theme": ' + "[" * 63 + "]" * 63 + "}")

    assert response.status_code == 422


def test_the_message_is_in_english_on_request(w):
    response = post_json(w, "[" * 20_000 + "]" * 20_000, lang="en")

    assert response.status_code == 400 and response.get_json()["message"] == "The JSON sent is nested too deeply."


def test_a_lone_surrogate_in_json_answers_400_with_a_message(w):
    body = '{"key": "pt-\\ud800", "issuer_id": "%s", "scope": "sector", "theme": "x", ' \
           '"period_start": "2025-01-01", "period_end": "2025-12-31"}' % w.world.department

    response = post_json(w, body)

    assert response.status_code == 400 and response.get_json()["message"] == BAD_TEXT


def test_a_surrogate_pair_in_json_is_a_letter_like_any_other(w):
    body = '{"key": "pt-cup", "issuer_id": "%s", "scope": "sector", "theme": "C\\ud83c\\udfc6p", ' \
           '"period_start": "2025-01-01", "period_end": "2025-12-31"}' % w.world.department

    assert post_json(w, body).status_code == 201


def test_form_fields_with_a_lone_surrogate_or_a_nul_are_not_server_errors(w):
    surrogate = w.client.post("/login", data="username=%ED%A0%80&password=x", content_type="application/x-www-form-urlencoded")
    nul = post(w.client, "/login", {"username": "a\x00b", "password": "x"})

    assert surrogate.status_code < 500
    assert nul.status_code == 400 and BAD_TEXT in nul.get_data(as_text=True)


def test_an_evidence_name_with_nul_is_refused_in_a_report(w):
    evidence = [{"name": "bao-cao\x00.pdf", "sha256": "0" * 64, "size": 1, "content_type": "application/pdf"}]
    participation = w.world.app.sign_up(w.world.as_clerk, c.SignUp(w.world.campaign, w.world.division, "unit"))
    w.container.projector.catch_up()

    response = w.client.post(f"/api/v1/participations/{participation}/reports", json={
        "period_label": "2025-Q1", "period_end": "2025-03-31", "values": {"dvc-online": 50}, "evidence": evidence,
    }, headers=w.token(w.world.clerk, Role.UNIT_CLERK))

    assert response.status_code == 400 and response.get_json()["message"] == BAD_TEXT


def test_an_evidence_file_uploaded_under_a_name_with_nul_is_refused(w):
    upload = {"evidence": [(io.BytesIO(b"%PDF-1.4"), "bao-cao.pdf"), (io.BytesIO(b"%PDF-1.4"), "bao-cao\x00.pdf")]}

    response = post(w.client, "/campaigns/x/report", upload, content_type="multipart/form-data")

    assert response.status_code == 400 and BAD_TEXT in response.get_data(as_text=True)


def test_an_evidence_download_named_with_nul_answers_400(w):
    response = w.client.get(f"/evidence/{'0' * 64}?name=a%00b.pdf")

    assert response.status_code == 400 and BAD_TEXT in response.get_data(as_text=True)


def test_an_evidence_download_is_named_without_control_characters(w):
    client = w.client.application.test_client()
    w.client.application.extensions["accounts"].create_account("canbo", PASSWORD, w.world.clerk)
    post(client, "/login", {"username": "canbo", "password": PASSWORD})
    stored = w.client.application.extensions["evidence"].save(io.BytesIO(b"%PDF-1.4"), "a.pdf", "application/pdf")
    w.clock.set(2025, 12, 1, 9)  # the clerk's own dossier cites it: the clerk may read it
    cited = w.world.app.record_evidence(w.world.as_clerk, c.RecordEvidence(w.world.division, **stored))
    w.world.app.nominate(w.world.as_clerk, c.Nominate(w.world.campaign, w.world.staff[7], "individual", "LDTT", "Hoàn thành tốt.", evidence=[cited]))
    w.container.projector.catch_up()

    with client.get(f"/evidence/{stored['sha256']}?name=d%C3%B2ng%0D%0Am%E1%BB%9Bi.pdf") as response:
        assert response.status_code == 200
        assert unquote(response.headers["Content-Disposition"]).endswith("filename*=UTF-8''dòngmới.pdf")


def test_a_chunked_body_over_the_limit_answers_413(w):
    body = io.BytesIO(b"x" * (50 * 1024 * 1024))

    response = w.client.post("/api/v1/campaigns", input_stream=body, content_type="application/json",
                             headers={**secretary(w), "Transfer-Encoding": "chunked"},
                             environ_overrides={"wsgi.input_terminated": True})  # a server reading chunks says so

    assert response.status_code == 413 and TOO_LARGE in response.get_json()["message"]


def test_a_chunked_body_within_the_limit_is_read(w):
    body = io.BytesIO(b'{"key": "pt-chunked"}')

    response = w.client.post("/api/v1/campaigns", input_stream=body, content_type="application/json",
                             headers={**secretary(w), "Transfer-Encoding": "chunked"},
                             environ_overrides={"wsgi.input_terminated": True})

    assert response.status_code == 422 and "issuer_id" in response.get_json()["errors"]["json"]


def test_a_caller_without_a_token_is_refused_before_the_body_is_parsed(w):
    response = w.client.post("/api/v1/campaigns", data="[" * 20_000 + "]" * 20_000, content_type="application/json")

    assert response.status_code == 401
