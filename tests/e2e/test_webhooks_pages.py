"""The administrator's webhook pages (issue #21): register (the secret shown once), change, pause, rotate,
replay dead letters; Vietnamese form errors and 4xx for bad input, CSRF required, admin only."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from adapters.webhooks import fingerprint
from tests.e2e.ui_support import page_text, post, signed_in_admin, ui_world_fixture

ui = ui_world_fixture("webhooks", staff=1)
FORM = {"label": "Cổng dữ liệu tỉnh", "endpoint": "https://cong.so-a.gov.vn/hooks", "scopes": "dossiers", "event_types": "StageApproved"}


@pytest.fixture(scope="module")
def admin(ui):
    return signed_in_admin(ui)


def registered(ui, admin, **changes) -> tuple[UUID, str]:
    answer = post(admin, "/admin/webhooks", {**FORM, "units": str(ui.world.division), **changes})
    secret = re.search(r'id="new-secret">(whsec_[^<]+)<', answer.get_data(as_text=True))
    assert answer.status_code == 200 and secret, page_text(answer)
    listing = ui.app.extensions["webhooks"].listing()
    return next(s["subscription_id"] for s in listing if fingerprint(secret.group(1)) == s["secret_fingerprint"]), secret.group(1)


def test_registering_shows_the_secret_once_and_records_the_subscription(ui, admin):
    subscription_id, secret = registered(ui, admin)

    listed = page_text(admin.get("/admin/webhooks"))
    shown = admin.get(f"/admin/webhooks/{subscription_id}").get_data(as_text=True)

    assert "Cổng dữ liệu tỉnh" in listed and secret not in listed and secret not in shown
    assert "Phòng Công nghệ thông tin" in page_text(admin.get(f"/admin/webhooks/{subscription_id}"))
    assert ui.container.app.subscription(subscription_id).summary()["event_types"] == ["StageApproved"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"endpoint": "ftp://cong.so-a.gov.vn/"}, "phải là một URL http:// hoặc https://"),
    ({"endpoint": ""}, "Trường này là bắt buộc."),
    ({"event_types": "KhongCo"}, "Lựa chọn không hợp lệ."),
    ({"scopes": "ballots"}, "Lựa chọn không hợp lệ."),
])
def test_bad_input_is_refused_in_vietnamese_and_records_nothing(ui, admin, changes, message):
    before = ui.container.app.recorder.max_notification_id()

    answer = post(admin, "/admin/webhooks", {**FORM, **changes})

    assert answer.status_code == 200 and message in page_text(answer)
    assert ui.container.app.recorder.max_notification_id() == before


def test_changing_pausing_and_rotating_are_recorded(ui, admin):
    subscription_id, secret = registered(ui, admin)
    hook = f"/admin/webhooks/{subscription_id}"

    changed = post(admin, f"{hook}/scope", {**FORM, "endpoint": "https://cong.so-a.gov.vn/v2", "reason": "Đổi máy chủ"})
    paused = post(admin, f"{hook}/pause", {"reason": "Bảo trì"})
    again = post(admin, f"{hook}/pause", {"reason": ""})
    refused = page_text(admin.get(hook))
    rotated = post(admin, f"{hook}/secret", {})

    assert (changed.status_code, paused.status_code, again.status_code) == (303, 303, 303)
    assert "Webhook này đang tạm dừng." in refused
    new_secret = re.search(r'id="new-secret">(whsec_[^<]+)<', rotated.get_data(as_text=True)).group(1)
    found = ui.container.app.subscription(subscription_id)
    assert (found.endpoint, found.paused, found.secret_fingerprint) == ("https://cong.so-a.gov.vn/v2", True, fingerprint(new_secret))
    assert new_secret != secret and ui.app.extensions["webhooks"].secret(subscription_id) == new_secret
    assert "Khoá cũ vẫn ký kèm khoá mới trong 24 giờ nữa" in page_text(rotated)


def test_replaying_with_no_dead_letter_says_so(ui, admin):
    subscription_id, _secret = registered(ui, admin)

    answer = post(admin, f"/admin/webhooks/{subscription_id}/replay", {})

    assert answer.status_code == 303 and "Không có thư hỏng" in page_text(admin.get(answer.headers["Location"]))


def test_an_unknown_subscription_is_404_and_a_post_without_csrf_is_refused(ui, admin):
    assert admin.get("/admin/webhooks/00000000-0000-0000-0000-000000000000").status_code == 404
    assert admin.post("/admin/webhooks", data=FORM).status_code == 400


def test_only_the_administrator_opens_it(ui):
    assert ui.signed_in("thuky").get("/admin/webhooks").status_code == 403
