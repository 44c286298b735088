"""The audit trail's lines name titles, roles, ratings and stages as people say them, never by their codes."""

from __future__ import annotations

from types import SimpleNamespace as Event

from domain.values import Rating, Role, Stage, name_vi_of
from projections.audit import SUMMARIES


def test_a_dossier_line_names_its_title_as_the_rule_set_does():
    assert SUMMARIES["Nomination.Drafted"](Event(title_code="TLDXS")) == "Lập hồ sơ đề nghị «Tập thể lao động xuất sắc»"


def test_an_award_line_names_its_form():
    line = SUMMARIES["Record.AwardRecorded"](Event(code="GIAY_KHEN", year=2025))

    assert line == "Ghi nhận khen thưởng «Giấy khen» năm 2025"


def test_a_title_no_shipped_rule_set_knows_keeps_its_code():
    assert SUMMARIES["Nomination.Drafted"](Event(title_code="DANH_HIEU_MOI")) == "Lập hồ sơ đề nghị «DANH_HIEU_MOI»"


def test_role_rating_and_stage_lines_use_the_vocabulary_names():
    granted = SUMMARIES["Person.RoleGranted"](Event(role_code="unit_clerk"))
    rated = SUMMARIES["Record.AnnualRatingRecorded"](Event(year=2025, rating=Rating.EXCELLENT))
    returned = SUMMARIES["Nomination.Returned"](Event(to_stage="unit_approved"))

    assert granted == "Giao vai trò «Cán bộ thi đua của đơn vị»"
    assert rated == "Xếp loại năm 2025: Hoàn thành xuất sắc nhiệm vụ"
    assert returned == "Trả hồ sơ về bước «Đơn vị đã duyệt»"


def test_a_code_outside_the_vocabulary_is_shown_as_it_is():
    assert name_vi_of(Role, "observer") == "observer"
    assert name_vi_of(Stage, "checked") == "Đã thẩm định hồ sơ"
    assert name_vi_of(Role, None) is None


def test_every_recorded_kind_of_event_has_a_line_in_words():
    from projections.audit import recorded_events

    unnamed = [e.__qualname__ for e in recorded_events() if not any(k.__qualname__ in SUMMARIES for k in e.__mro__)]

    assert unnamed == []


def test_webhook_lines_name_the_endpoint_and_the_reason():
    registered = SUMMARIES["WebhookSubscription.WebhookRegistered"](Event(label="Cổng dữ liệu tỉnh", endpoint="https://lgsp.example/hook"))
    paused = SUMMARIES["WebhookSubscription.WebhookPaused"](Event(reason="Bảo trì hệ thống nhận"))

    assert registered == "Đăng ký webhook «Cổng dữ liệu tỉnh» gửi đến https://lgsp.example/hook"
    assert paused == "Tạm dừng webhook: Bảo trì hệ thống nhận"
