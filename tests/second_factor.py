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
from weakref import WeakKeyDictionary

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
        """The earliest code the server still takes now: a later step than the last one given, else a recovery code."""
        now = int(time.time()) // 30
        step = max(now - 1, self.last_step + 1)
        if step > now + 1:
            return self.recovery.pop(0)
        self.last_step = step
        return pyotp.TOTP(self.secret).generate_otp(step)


PHONES: WeakKeyDictionary = WeakKeyDictionary()  # SecondFactorStore -> {username: Phone}


def phone(app, username: str) -> Phone:
    return PHONES.setdefault(app.extensions["second_factors"], {})[username]


def keep_phone(app, username: str, secret: str) -> Phone:
    kept = PHONES.setdefault(app.extensions["second_factors"], {})[username] = Phone(secret)
    return kept


def forget_phone(app, username: str) -> None:
    """After an administrator's reset: the account enrols again."""
    PHONES.get(app.extensions["second_factors"], {}).pop(username, None)


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
    """After the password in a browser: enrol or type the code when the server asks, then on to the first page."""
    page.wait_for_url(lambda url: urlsplit(url).path != "/login", timeout=15000)
    if page.url.endswith("/login/code"):
        page.get_by_label(CODE_LABEL).fill(phone(app, username).code())
        page.get_by_role("button", name="Xác nhận").click()
    elif page.url.endswith("/account/two-factor"):
        enrolling = keep_phone(app, username, page.locator("#secret").inner_text())
        page.get_by_label(CODE_LABEL).fill(enrolling.code())
        page.get_by_role("button", name="Bật xác thực hai lớp").click()
        page.get_by_text("Đã bật xác thực hai lớp.").wait_for(timeout=15000)
        enrolling.recovery = [c.strip() for c in page.locator("ul.receipts li").all_inner_texts()]
        page.get_by_role("link", name="Tiếp tục").click()
