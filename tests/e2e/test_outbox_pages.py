"""Issue #21 pages: the admin's outbox (dead letters requeued, who and when kept) and contacts (addresses checked,
Vietnamese errors), a person's own preference; addresses shown to administrators and to the person only."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from adapters.outbox import mail_outbox, stamp
from tests.e2e.ui_support import page_text, post, signed_in_admin, ui_world_fixture

ui = ui_world_fixture("outbox-pages")


@pytest.fixture(scope="module")
def admin(ui):
    return signed_in_admin(ui)
NOW = datetime(2025, 1, 2, 2, tzinfo=timezone.utc)


def test_the_admin_sees_a_dead_letter_with_its_error_and_requeues_it(ui, admin):
    outbox = ui.app.extensions["outbox"]
    with outbox.engine.begin() as conn:
        conn.execute(mail_outbox.insert(), [dict(
            row_id=f"row-{i}", message_id=f"<row-{i}@thidua.test>", person_id=str(ui.world.secretary), email="trang@so-a.gov.vn",
            subject=f"[Thi đua] Nhắc việc {i}", body="…", digest=0, created_at=stamp(NOW), send_after=stamp(NOW), attempts=8,
            dead_at=stamp(NOW) if i == 0 else None, last_error="SMTPRecipientsRefused: 550 hộp thư không tồn tại" if i == 0 else None,
        ) for i in range(2)])
    dead = page_text(admin.get("/admin/outbox"))
    pending = page_text(admin.get("/admin/outbox?status=pending"))
    requeued = post(admin, "/admin/outbox/row-0/requeue", {})
    again = page_text(post(admin, "/admin/outbox/row-0/requeue", {}, follow_redirects=True))

    assert "Gửi không được 1" in dead and "550 hộp thư không tồn tại" in dead and "Nhắc việc 0" in dead and "Nhắc việc 1" not in dead
    assert "Nhắc việc 1" in pending and "Đang chờ gửi 1" in pending
    assert requeued.status_code == 303 and "không nằm trong danh sách gửi không được" in again
    row = outbox.rows("pending")[0]
    admin_id = ui.app.extensions["accounts"].get_account("quantri").person_id
    assert (row["row_id"], row["requeued_by"], row["attempts"]) == ("row-0", str(admin_id), 0)
    assert admin.get("/admin/outbox?status=lost").status_code == 404
    assert ui.signed_in("thuky").get("/admin/outbox").status_code == 403


def test_addresses_are_set_by_the_admin_with_vietnamese_errors_and_seen_by_the_person_alone(ui, admin):
    wrong = post(admin, "/admin/contacts", {"person": str(ui.world.clerk), "email": "hoa@", "mode": "each"})
    unknown = post(admin, "/admin/contacts", {"person": "khong-co", "email": "hoa@so-a.gov.vn", "mode": "sometimes"})
    saved = post(admin, "/admin/contacts", {"person": str(ui.world.clerk), "email": "hoa@so-a.gov.vn", "mode": "digest"}, follow_redirects=True)
    clerk = ui.signed_in("canbo")
    own = clerk.get("/account/email").get_data(as_text=True)
    changed = post(clerk, "/account/email", {"email": "hoa.lo@so-a.gov.vn", "mode": "none"})
    head = ui.signed_in("truongphong")

    assert wrong.status_code == 422 and "Địa chỉ thư điện tử «hoa@» không hợp lệ" in page_text(wrong)
    assert unknown.status_code == 422 and "Lựa chọn không hợp lệ" in page_text(unknown)
    assert "Lò Thị Hoa hoa@so-a.gov.vn Một thư tổng hợp mỗi sáng" in page_text(saved)
    assert 'value="hoa@so-a.gov.vn"' in own and "Thư nhắc việc của tôi" in own
    assert changed.status_code == 303
    assert ui.app.extensions["outbox"].contact(ui.world.clerk) == ("hoa.lo@so-a.gov.vn", "none")
    assert head.get("/admin/contacts").status_code == 403
    assert "hoa.lo@so-a.gov.vn" not in head.get("/account/email").get_data(as_text=True)
