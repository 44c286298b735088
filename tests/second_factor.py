"""Two-factor sign-in in tests, as a person with an authenticator app does it (issue #21): after the password, a
role that requires it is sent to enrol (the secret is read from the page and the first code computed with
pyotp) or asked for its code. One `Phone` per account and store keeps the secret, the recovery codes and the
last step it gave: each code is accepted once, so the next sign-in takes the next step the server accepts
(one step of drift either way) and, once those are used up within the same 30 seconds, a recovery code.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pyotp

SECRET = re.compile(r'<code id="secret">([A-Z2-7]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z0-9-]{11})</code></li>")
CODE_LABEL = "Mã xác thực (6 chữ số) hoặc mã khôi phục"


@dataclass
class Phone:
    """An authenticator app holding one account's secret, and the recovery codes printed at enrolment."""

    secret: str
    recovery: list[str] = field(default_factory=list)
    last_step: int = 0

    def code(self) -> str:
        """The earliest code the server still takes when it arrives: a later step than the last one given, else a
        recovery code. The previous step only in the first 20 seconds of the current one, so a code typed near a
        step's end is still taken after a slow page (a code of the previous step expires as the next step begins)."""
        now_s = time.time()
        now = int(now_s) // 30
        earliest = now - 1 if now_s % 30 < 20 else now
        step = max(earliest, self.last_step + 1)
        if step > now + 1:
            if self.recovery:
                return self.recovery.pop(0)
            time.sleep(30 - now_s % 30)  # every code of this moment used: the next step's
            return self.code()
        self.last_step = step
        return pyotp.TOTP(self.secret).generate_otp(step)


PHONES: dict[tuple[str, str], Phone] = {}  # (the store's database, username) -> Phone; apps may share a database


def key(app, username: str) -> tuple[str, str]:
    return str(app.extensions["second_factors"].writer.url), username


def phone(app, username: str) -> Phone:
    return PHONES[key(app, username)]


def keep_phone(app, username: str, secret: str) -> Phone:
    kept = PHONES[key(app, username)] = Phone(secret)
    return kept


def forget_phone(app, username: str) -> None:
    """After an administrator's reset: the account enrols again."""
    PHONES.pop(key(app, username), None)


def answer_second_factor(client, answer, username: str):
    """Given the answer to the password (Flask test client), enrol or type the code when the server asks; the
    last answer (a 303 onwards)."""
    from tests.e2e.ui_support import post

    location = answer.headers.get("Location", "") if answer.status_code in (302, 303) else ""
    app = client.application
    if location.endswith("/login/code"):
        return post(client, "/login/code", {"code": phone(app, username).code()})
    if location.endswith("/account/two-factor"):
        page = client.get("/account/two-factor").get_data(as_text=True)
        enrolling = keep_phone(app, username, SECRET.search(page).group(1))
        done = post(client, "/account/two-factor", {"code": enrolling.code()})
        assert done.status_code == 200, done.get_data(as_text=True)
        enrolling.recovery = RECOVERY.findall(done.get_data(as_text=True))
    return answer


def answer_in_browser(page, app, username: str) -> None:
    """After the password in a browser: enrol or type the code when the server asks; signed in, on a page of the
    site (the first page after an enrolment)."""
    page.wait_for_url(lambda url: urlsplit(url).path != "/login", timeout=15000)
    if page.url.endswith("/account/two-factor"):
        enrolling = keep_phone(app, username, page.locator("#secret").inner_text())
        enrolled = page.get_by_text("Đã bật xác thực hai lớp.")
        for _attempt in range(3):  # a code refused (a slow page past its step): the next one
            page.get_by_label(CODE_LABEL).fill(enrolling.code())
            page.get_by_role("button", name="Bật xác thực hai lớp").click()
            page.wait_for_load_state()
            if enrolled.is_visible():
                break
        enrolled.wait_for(timeout=15000)
        enrolling.recovery = [c.strip() for c in page.locator("ul.receipts li").all_inner_texts()]
        page.get_by_role("link", name="Tiếp tục").click()
        page.wait_for_load_state()
        return
    for _attempt in range(3):  # a code refused (its step already taken by this account elsewhere): the next one
        if not page.url.endswith("/login/code"):
            break
        page.get_by_label(CODE_LABEL).fill(phone(app, username).code())
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()
    page.get_by_text("Đã đăng nhập.").first.wait_for(state="visible", timeout=15000)


def enrol_account(app, username: str, person_id, password: str = "mat-khau-thu-nghiem") -> Phone:
    """A new account of the person, enrolled (through the store, as the enrolment page does); its phone."""
    app.extensions["accounts"].create_account(username, password, person_id)
    store = app.extensions["second_factors"]
    enrolling = keep_phone(app, username, store.begin_enrolment(username))
    enrolling.recovery = store.confirm_enrolment(username, enrolling.code())
    return enrolling


def code_header(app, username: str) -> dict[str, str]:
    """The API's X-Thidua-TOTP header with the account's next code, or nothing when it has no phone."""
    found = PHONES.get(key(app, username))
    return {"X-Thidua-TOTP": found.code()} if found else {}
