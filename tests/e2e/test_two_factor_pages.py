"""Two-factor sign-in through the pages (issue #21 item 3): enrolment with a QR code and the secret as text, the
code after the password, recovery codes once each, failed codes rate limited, and a fresh code before signing."""

from __future__ import annotations

import re
from uuid import uuid4

import pyotp
import pytest

from tests.e2e.ui_support import PASSWORD, page_text, post, ui_world_fixture

ui = ui_world_fixture("two-factor")


@pytest.fixture
def fresh_limits(ui):
    for limiter in ui.app.extensions["limiter"]:
        limiter.reset()
    yield
    for limiter in ui.app.extensions["limiter"]:
        limiter.reset()


def enrol(ui, username: str) -> tuple[pyotp.TOTP, list[str]]:
    """Enrol through the page, as a person would: read the secret shown, type the app's first code (after an
    admin's reset of any earlier enrolment, so each test stands alone)."""
    ui.app.extensions["second_factors"].reset(username)
    client = ui.signed_in(username)
    page = client.get("/account/two-factor").get_data(as_text=True)
    totp = pyotp.TOTP(re.search(r'<code id="secret">([A-Z2-7]+)</code>', page).group(1))
    done = post(client, "/account/two-factor", {"code": totp.at(ui.clock())})
    return totp, re.findall(r"<li><code>([a-z0-9-]{11})</code></li>", done.get_data(as_text=True))


def password_step(ui, username: str, next_url: str = ""):
    client = ui.client()
    answer = post(client, "/login", {"username": username, "password": PASSWORD, "next": next_url})
    return client, answer


def test_the_enrolment_page_shows_a_qr_code_and_the_secret_as_text(ui):
    page = ui.signed_in("canbo").get("/account/two-factor").get_data(as_text=True)

    assert "<svg" in page and "<path" in page
    assert re.search(r'<code id="secret">[A-Z2-7]{32}</code>', page)


def test_a_wrong_first_code_enrols_nothing(ui):
    client = ui.signed_in("soanthao")
    client.get("/account/two-factor")

    answer = post(client, "/account/two-factor", {"code": "abc"})

    assert answer.status_code == 422 and "Mã xác thực không đúng" in page_text(answer)
    assert not ui.app.extensions["second_factors"].is_enrolled("soanthao")


def test_an_enrolled_account_is_signed_in_only_after_its_code(ui, fresh_limits):
    totp, codes = enrol(ui, "lanhdao")
    ui.clock.advance(seconds=30)

    client, answer = password_step(ui, "lanhdao", "/decisions")
    before = client.get("/inbox")
    given = post(client, "/login/code", {"code": totp.at(ui.clock())})

    assert len(codes) == 10
    assert answer.headers["Location"].endswith("/login/code")
    assert before.status_code in (302, 303) and "/login" in before.headers["Location"]
    assert given.status_code == 303 and given.headers["Location"].endswith("/decisions")
    assert client.get("/inbox").status_code == 200


def test_a_recovery_code_signs_in_once(ui, fresh_limits):
    _totp, codes = enrol(ui, "hoidong1")

    first, _ = password_step(ui, "hoidong1")
    accepted = post(first, "/login/code", {"code": codes[0].upper()})
    second, _ = password_step(ui, "hoidong1")
    refused = post(second, "/login/code", {"code": codes[0]})

    assert accepted.status_code == 303
    assert refused.status_code == 422 and "Mã xác thực không đúng, đã dùng hoặc đã hết hạn." in page_text(refused)


def test_failed_codes_are_rate_limited(ui, fresh_limits):
    enrol(ui, "hoidong2")
    client, _ = password_step(ui, "hoidong2")

    answers = [post(client, "/login/code", {"code": "000000x"}).status_code for _ in range(11)]

    assert answers == [422] * 10 + [429]


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(ui):
    answer = ui.client().get("/login/code")

    assert answer.status_code == 303 and answer.headers["Location"].endswith("/login")


def test_signing_asks_the_code_again_when_the_last_one_is_older_than_five_minutes(ui, fresh_limits):
    totp, _codes = enrol(ui, "lanhdao")
    ui.clock.advance(seconds=30)
    client, _ = password_step(ui, "lanhdao")
    post(client, "/login/code", {"code": totp.at(ui.clock())})
    decision = f"/decisions/{uuid4()}"

    ui.clock.advance(minutes=4)
    within = post(client, f"{decision}/sign", {})
    ui.clock.advance(minutes=2)
    stale = post(client, f"{decision}/sign", {})

    assert not within.headers["Location"].endswith("/login/code")  # the command ran (refused: no such draft)
    assert stale.status_code == 303 and stale.headers["Location"].endswith("/login/code")


def test_an_account_without_a_second_factor_signs_in_with_its_password(ui, fresh_limits):
    ui.app.extensions["second_factors"].reset("truongphong")

    _client, answer = password_step(ui, "truongphong")

    assert answer.status_code == 303 and not answer.headers["Location"].endswith("/login/code")
