from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from domain.campaign import Campaign
from domain.exceptions import CampaignNotOpenError, InvalidCommandError, StageOrderError

VN_MIDNIGHT_JAN_1 = datetime(2024, 12, 31, 17, tzinfo=timezone.utc)  # 00:00 on 1 January 2025 in Hà Nội
WHO = {"by": uuid4(), "role": "secretariat", "at": datetime(2024, 12, 20, tzinfo=timezone.utc)}
TARGET = {"code": "ldtt-95", "description": "95% LĐTT", "metric": "percent", "value": 95, "direction": "at_least"}


def draft() -> Campaign:
    return Campaign(**vars_of_draft())


def launched() -> Campaign:
    c = draft()
    c.add_content_item({"number": "1", "text": "Nội dung"}, **WHO)
    c.set_target(TARGET, **WHO)
    c.launch(date(2025, 1, 2), **WHO)
    return c


def test_launch_needs_content_and_a_measurable_target():
    c = draft()
    with pytest.raises(InvalidCommandError):
        c.launch(date(2025, 1, 2), **WHO)


def test_targets_need_a_known_metric_and_numeric_value():
    c = draft()
    with pytest.raises(InvalidCommandError):
        c.set_target({**TARGET, "value": "95%"}, **WHO)
    with pytest.raises(InvalidCommandError):
        c.set_target({**TARGET, "metric": "vibes"}, **WHO)


def test_content_is_fixed_after_launch_and_targets_change_only_with_a_reason():
    c = launched()
    with pytest.raises(StageOrderError):
        c.set_target({**TARGET, "code": "other"}, **WHO)
    with pytest.raises(InvalidCommandError):
        c.amend_target("ldtt-95", 90, reason="", **WHO)
    c.amend_target("ldtt-95", 90, reason="Điều chỉnh theo Nghị quyết", **WHO)
    assert c.targets["ldtt-95"]["value"] == 90


def test_period_boundaries_use_the_vietnamese_civil_date():
    c = launched()

    with pytest.raises(CampaignNotOpenError):
        c.ensure_within_period(datetime(2024, 12, 31, 16, 59, tzinfo=timezone.utc))
    c.ensure_within_period(VN_MIDNIGHT_JAN_1)
    c.ensure_within_period(datetime(2025, 12, 31, 16, 59, tzinfo=timezone.utc))
    with pytest.raises(CampaignNotOpenError):
        c.ensure_within_period(datetime(2025, 12, 31, 17, 0, tzinfo=timezone.utc))


def test_nothing_happens_after_close():
    c = launched()
    with pytest.raises(CampaignNotOpenError):
        c.close("Tổng kết", **{**WHO, "at": datetime(2025, 12, 1, tzinfo=timezone.utc)})
    c.close("Tổng kết năm 2025", **{**WHO, "at": datetime(2026, 1, 10, tzinfo=timezone.utc)})

    with pytest.raises(CampaignNotOpenError):
        c.ensure_active(datetime(2026, 1, 11, tzinfo=timezone.utc))


def test_covenant_only_for_invited_cluster_members_once():
    c = Campaign(**{**vars_of_draft(), "scope": "cluster"})
    member = uuid4()
    c.add_content_item({"text": "x"}, **WHO)
    c.set_target(TARGET, **WHO)
    c.invite(member, **WHO)
    c.launch(date(2025, 1, 2), **WHO)
    at = {**WHO, "at": datetime(2025, 3, 1, tzinfo=timezone.utc)}

    with pytest.raises(InvalidCommandError):
        c.sign_covenant(uuid4(), uuid4(), **at)
    c.sign_covenant(member, uuid4(), **at)
    with pytest.raises(InvalidCommandError):
        c.sign_covenant(member, uuid4(), **at)


def vars_of_draft() -> dict:
    return dict(
        key="c2", issuer_id=uuid4(), scope="sector", cluster_id=None, form="regular", theme="Chủ đề", mottos=[],
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), summary_arrangement="", legal_bases=[],
        preamble=[], document={}, notes=[], **WHO,
    )
