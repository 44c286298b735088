"""The auditor's pages on the demo store: verify, what changed between two moments, why an award was granted."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from eventsourcing.utils import get_topic

from adapters.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from domain.nomination import Nomination
from tests.e2e.ui_support import page_text, post
from tests.second_factor import answer_second_factor
from web import create_app


@pytest.fixture(scope="module")
def demo_app(demo_container):
    ensure_demo_accounts(demo_container.projector.engine, demo_container.read_engine,
                         PasswordHasher(time_cost=1, memory_cost=8 * 1024))
    return create_app({"TESTING": True}, container=demo_container)


def signed_in(app, username: str):
    client = app.test_client()
    answer_second_factor(client, post(client, "/login", {"username": username, "password": DEMO_PASSWORD}), username)
    return client


@pytest.fixture(scope="module")
def auditor(demo_app):
    return signed_in(demo_app, "kiemtoan")


def test_the_auditor_sees_the_ledger_verified_and_a_link_in_the_menu(auditor, demo_container):
    text = page_text(auditor.get("/audit"))

    assert "Nguyên vẹn" in text and "Kiểm toán" in text
    assert f"Đã kiểm tra {demo_container.app.recorder.max_notification_id()} sự kiện" in text


def test_the_auditor_lists_what_changed_between_two_positions_with_who_and_why(auditor):
    text = page_text(auditor.get("/audit/diff", query_string={"from": 100, "to": 110}))

    assert "Từ sự kiện #100 đến #110: 10 bước." in text
    assert re.search(r"\b[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+\b", text) is None, "an event named by its class, not in Vietnamese"
    assert re.search(r"\b[0-9a-f]{8}-[0-9a-f]{4}-", text) is None, "a person named by their id"


def test_a_moment_that_cannot_be_read_is_explained_next_to_the_form(auditor):
    response = auditor.get("/audit/diff", query_string={"from": "hôm qua", "to": 5})

    assert response.status_code == 200 and "Cần một vị trí sự kiện (số) hoặc một thời điểm ISO 8601." in page_text(response)
    assert "Thời điểm sau phải muộn hơn thời điểm trước." in page_text(auditor.get("/audit/diff", query_string={"from": 9, "to": 5}))


def test_the_auditor_reads_why_an_award_was_granted(auditor, demo_container):
    decided = demo_container.app.recorder.select_notifications(0, 1, topics=[get_topic(Nomination.Decided)])[0]
    nomination = demo_container.app.mapper.to_domain_event(decided).originator_id

    text = page_text(auditor.get(f"/audit/nominations/{nomination}"))

    assert "Vì sao được khen thưởng" in text and "làm tròn lên hàng chục nghìn đồng" in text and "Niêm phong" in text


@pytest.mark.parametrize("username", ["vanthu", "thuky", "lanhdao"])
def test_other_roles_cannot_open_the_audit_pages(demo_app, username):
    client = signed_in(demo_app, username)

    assert [client.get(path).status_code for path in ("/audit", "/audit/diff?from=1&to=2")] == [403, 403]
