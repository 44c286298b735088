"""Receipts in the browser (issue #17): the trustees register their keys at the meeting, each member votes in
one page on a phone and keeps the tracking code shown, the trustees type their passphrases at the tally, and
every member finds their code among the counted ballots on the result page; the published proof checks."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest

from domain import commands as c
from domain.ballot.verify import verify
from tests.browser.test_walk import PHONE, Desk
from tests.e2e.test_ui_workflow import to_posted

pytestmark = pytest.mark.browser
CODE = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){4}")


def trustee_passphrase(trustee: UUID) -> str:
    return f"cụm mật khẩu đọc thầm {trustee.hex[:8]}"


def register_keys(browser, served, session_path: str) -> None:
    """Each trustee, at their own phone, types a passphrase on the session page."""
    ui = served.ui
    usernames = {person: name for name, person in ui.accounts.items()}
    for trustee in ui.container.app.repository.get(UUID(session_path.rsplit("/", 1)[1])).trustee_ids:
        desk = Desk(browser, served, usernames[trustee], viewport=PHONE)
        desk.goto(session_path)
        desk.page.locator("input[name='key-passphrase']").fill(trustee_passphrase(trustee))
        desk.click("button", "Đăng ký khoá")
        desk.expect_text("Đã đăng ký khoá kiểm phiếu.")
        desk.close()


def type_passphrases(desk: Desk, session_path: str) -> None:
    """At the tally, each trustee types their passphrase into their own field of the secretary's page."""
    for trustee in desk.served.ui.container.app.repository.get(UUID(session_path.rsplit("/", 1)[1])).trustee_ids:
        desk.page.locator(f"input[name='tally-k_{trustee.hex}']").fill(trustee_passphrase(trustee))


def test_each_member_finds_their_receipt_among_the_counted_ballots(browser, served):
    ui, app = served.ui, served.ui.container.app
    w = ui.world
    n = to_posted(ui, w.staff[1])
    ui.clock.set(2026, 1, 6, 9)
    session = app.convene_session(w.as_secretary, c.ConveneSession(
        w.department, "Phiên họp có biên nhận", w.members, w.members[0], [n], date(2026, 1, 6)))
    app.record_attendance(w.as_secretary, c.RecordAttendance(session, w.members))
    path = f"/council/{session}"
    register_keys(browser, served, path)

    receipts = {}
    for i, choice in enumerate(["Đồng ý", "Không đồng ý", "Đồng ý", "Không biểu quyết", "Đồng ý"], 1):
        member = Desk(browser, served, f"hoidong{i}", viewport=PHONE)
        member.goto(f"{path}/ballot")
        member.page.get_by_label(choice, exact=True).check()
        member.click("button", "Bỏ phiếu")
        member.expect_text("Mã kiểm tra phiếu của bạn")
        receipts[f"hoidong{i}"] = CODE.search(member.page.inner_text("body")).group(0)
        member.close()

    secretary = Desk(browser, served, "thuky")
    secretary.goto(path)
    secretary.click("button", "Đóng phiên họp")
    type_passphrases(secretary, path)
    secretary.click("button", "Kiểm phiếu")
    secretary.expect_text("Đã kiểm phiếu.")
    secretary.close()

    assert len(set(receipts.values())) == 5
    for username, code in receipts.items():
        member = Desk(browser, served, username, viewport=PHONE)
        member.goto(path)
        member.expect_text("Mã kiểm tra của các phiếu đã kiểm")
        assert code in member.page.locator("ul.receipts").inner_text()
        member.close()
    assert verify(app.get_tally_proof(session)) == []
