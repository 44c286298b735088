"""Two-factor sign-in through the pages (issue #21 item 3): enrolment with a QR code and the secret as text, the
code after the password, recovery codes once each, failed codes rate limited, a fresh code before signing, the
roles that require it (THIDUA_TWO_FACTOR_ROLES: signer, secretariat, admin) sent to enrol before anything else,
codes read on the wall clock, and an administrator's reset."""

from __future__ import annotations

import re
import time
from uuid import uuid4

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import select

from projections.audit import audit_trail
from tests.e2e.ui_support import PASSWORD, page_text, post, signed_in_admin, ui_world_fixture
from tests.second_factor import forget_phone, keep_phone

ui = ui_world_fixture("two-factor")


@pytest.fixture
def fresh_limits(ui):
    for limiter in ui.app.extensions["limiter"]:
        limiter.reset()
    yield
    for limiter in ui.app.extensions["limiter"]:
        limiter.reset()


def enrol(ui, username: str) -> tuple[pyotp.TOTP, list[str]]:
    """Enrol a role that may go without (after an admin's reset of any earlier enrolment, so each test stands
    alone) through the page, as a person would: read the secret shown, type the app's first code."""
    reset(ui, username)
    client = ui.signed_in(username)
    page = client.get("/account/two-factor").get_data(as_text=True)
    totp = pyotp.TOTP(re.search(r'<code id="secret">([A-Z2-7]+)</code>', page).group(1))
    done = post(client, "/account/two-factor", {"code": totp.now()})
    codes = re.findall(r"<li><code>([a-z0-9-]{11})</code></li>", done.get_data(as_text=True))
    keep_phone(ui.app, username, totp.secret).last_step = int(time.time()) // 30  # for later sign-ins
    return totp, codes


def reset(ui, username: str) -> None:
    ui.app.extensions["second_factors"].reset(username)
    forget_phone(ui.app, username)


def next_code(totp: pyotp.TOTP) -> str:
    """The code of the step after the current one (accepted: one step of drift), since each code is taken once."""
    return totp.at(time.time() + 30)


def password_step(ui, username: str, next_url: str = ""):
    client = ui.client()
    answer = post(client, "/login", {"username": username, "password": PASSWORD, "next": next_url})
    return client, answer


def test_the_enrolment_page_shows_a_qr_code_and_the_secret_as_text(ui):
    page = ui.signed_in("canbo").get("/account/two-factor").get_data(as_text=True)

    assert "<svg" in page and "<path" in page
    assert re.search(r'<code id="secret">[A-Z2-7]{32}</code>', page)


def test_a_wrong_first_code_enrols_nothing(ui):
    client = ui.signed_in("canbo")
    client.get("/account/two-factor")

    answer = post(client, "/account/two-factor", {"code": "abc"})

    assert answer.status_code == 422 and "Mã xác thực không đúng" in page_text(answer)
    assert not ui.app.extensions["second_factors"].is_enrolled("canbo")


def test_an_enrolled_account_is_signed_in_only_after_its_code(ui, fresh_limits):
    totp, codes = enrol(ui, "hoidong3")

    client, answer = password_step(ui, "hoidong3", "/decisions")
    before = client.get("/inbox")
    given = post(client, "/login/code", {"code": next_code(totp)})

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
    decision = f"/decisions/{uuid4()}"
    with freeze_time("2026-12-05 09:00:10") as wall_clock:
        reset(ui, "lanhdao")
        client = ui.signed_in("lanhdao")  # enrols: a signer must

        wall_clock.tick(4 * 60)
        within = post(client, f"{decision}/sign", {})
        wall_clock.tick(2 * 60)
        stale = post(client, f"{decision}/sign", {})

    assert not within.headers["Location"].endswith("/login/code")  # the command ran (refused: no such draft)
    assert stale.status_code == 303 and stale.headers["Location"].endswith("/login/code")


def test_an_account_without_a_second_factor_signs_in_with_its_password(ui, fresh_limits):
    ui.app.extensions["second_factors"].reset("truongphong")

    _client, answer = password_step(ui, "truongphong")

    assert answer.status_code == 303 and not answer.headers["Location"].endswith("/login/code")


def test_a_role_that_requires_it_enrols_before_anything_else(ui, fresh_limits):
    reset(ui, "soanthao")

    client, answer = password_step(ui, "soanthao", "/inbox")
    elsewhere = [client.get(path) for path in ("/", "/inbox", "/account/password")]
    page = client.get("/account/two-factor").get_data(as_text=True)
    totp = pyotp.TOTP(re.search(r'<code id="secret">([A-Z2-7]+)</code>', page).group(1))
    enrolled = post(client, "/account/two-factor", {"code": totp.now()})

    assert answer.status_code == 303 and answer.headers["Location"].endswith("/account/two-factor")
    assert all(a.status_code == 303 and a.headers["Location"].endswith("/account/two-factor") for a in elsewhere)
    assert "<svg" in page and enrolled.status_code == 200 and "Tiếp tục" in page_text(enrolled)
    assert client.get("/inbox").status_code == 200
    again, asked = password_step(ui, "soanthao")
    assert asked.headers["Location"].endswith("/login/code")
    assert again.get("/inbox").headers["Location"].startswith("/login")


def test_codes_follow_the_wall_clock_whatever_date_the_business_clock_says(ui, fresh_limits):
    totp, _codes = enrol(ui, "hoidong4")
    ui.clock.set(2024, 6, 1, 8)  # an operator sets the business date back
    business = totp.at(ui.clock())

    client, _ = password_step(ui, "hoidong4")
    refused = post(client, "/login/code", {"code": business})
    accepted = post(client, "/login/code", {"code": next_code(totp)})

    assert business != next_code(totp) and refused.status_code == 422
    assert accepted.status_code == 303


@pytest.fixture(scope="module")
def admin(ui) -> str:
    """The world's administrator («quantri»), who must enrol (an admin role requires it)."""
    signed_in_admin(ui)
    return "quantri"


def reset_page(admin, username: str):
    return admin.get(f"/admin/accounts/{username}/two-factor")


def test_an_admin_resets_a_lost_phone_with_a_reason_recorded_in_the_ledger(ui, admin, fresh_limits):
    admin = ui.signed_in(admin)
    reset(ui, "hoidong5")
    enrol(ui, "hoidong5")
    store = ui.app.extensions["second_factors"]
    victim = ui.signed_in("hoidong5")

    form = reset_page(admin, "hoidong5")
    done = post(admin, "/admin/accounts/hoidong5/two-factor", {"reason": "Mất điện thoại"})
    own = post(admin, "/admin/accounts/quantri/two-factor", {"reason": "Thử"})
    ui.container.projector.catch_up()
    with ui.container.read_engine.connect() as conn:
        line = conn.execute(select(audit_trail).where(audit_trail.c.event_type == "SecondFactorResetRecorded")).one()

    assert form.status_code == 200 and "Đặt lại xác thực hai lớp" in page_text(form)
    assert done.status_code == 303 and not store.is_enrolled("hoidong5") and store.unused_recovery_codes("hoidong5") == 0
    assert victim.get("/inbox").status_code in (302, 303)  # its sessions ended
    assert "hoidong5" in line.summary and line.reason == "Mất điện thoại" and line.role == "admin"
    recorded = next(iter(ui.container.app.events.get(line.item_id)))
    assert {"person_id", "username", "reason", "by", "role", "at"} <= set(vars(recorded)) and "secret" not in str(vars(recorded))
    assert store.is_enrolled("quantri")
    assert own.status_code == 200 and "không được tự đặt lại" in page_text(own)


def test_a_reset_needs_the_admins_fresh_code_and_a_reason(ui, admin, fresh_limits):
    with freeze_time("2026-12-05 10:00:10") as wall_clock:
        reset(ui, admin)
        admin = ui.signed_in(admin)
        blank = post(admin, "/admin/accounts/canbo/two-factor", {"reason": " "})
        wall_clock.tick(6 * 60)
        stale = reset_page(admin, "canbo")

    assert blank.status_code == 422
    assert stale.status_code == 303 and stale.headers["Location"].endswith("/login/code")
    assert ui.signed_in("canbo").get("/admin/accounts/lanhdao/two-factor").status_code == 403


def test_a_member_chairing_a_session_not_yet_counted_enrols_as_its_ballot_trustee(ui, fresh_limits):
    from datetime import date

    from domain import commands as c
    from domain.values import Actor, Role
    from tests.ballot_support import passphrases, register_trustees
    from tests.e2e.test_ui_workflow import to_posted

    w, app = ui.world, ui.container.app
    reset(ui, "hoidong1")
    before, _ = password_step(ui, "hoidong1")
    posted = to_posted(ui, w.staff[2])
    session = app.convene_session(w.as_secretary, c.ConveneSession(
        w.department, "Phiên họp do thành viên chủ tọa", w.members, w.members[0], [posted], date(2026, 2, 3),
    ))
    already_in = before.get("/inbox")  # signed in before the session was convened: stopped at once
    chair, asked = password_step(ui, "hoidong1")
    reset(ui, "hoidong3")
    other, _ = password_step(ui, "hoidong3")  # a member who is not the chair: no enrolment asked
    chairing = chair.get("/inbox")
    register_trustees(app, session)
    app.record_attendance(w.as_secretary, c.RecordAttendance(session, w.members))
    for member in w.members:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(posted): "yes"}))
    app.close_session(w.as_secretary, c.CloseSession(session))
    app.tally_session(w.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    counted, _ = password_step(ui, "hoidong1")

    assert already_in.headers["Location"].endswith("/account/two-factor")
    assert asked.headers["Location"].endswith("/account/two-factor")
    assert chairing.headers["Location"].endswith("/account/two-factor")
    assert other.get("/inbox").status_code == 200
    assert counted.get("/inbox").status_code == 200  # the ballots counted: a trustee no more
