"""An administrator's reset of a second factor as a ledger fact (SecondFactorReset), on SQLite and PostgreSQL:
recorded with who, for whom, when and why, read back into the audit trail; refused for one's own account, without
a reason, or by someone who is not an administrator, leaving the ledger as it was."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from domain import commands as c
from domain.accounts_security import ResetSecondFactor
from domain.exceptions import DomainError
from domain.values import Actor, Role
from projections.audit import audit_trail
from tests.builders import SYSTEM, grant, person
from tests.conftest import MutableClock

AT = datetime(2026, 3, 2, 8, 30, tzinfo=timezone.utc)


@pytest.fixture
def office(database_url, tmp_path):
    settings = load_settings({"THIDUA_DATABASE_URL": database_url}, instance_path=tmp_path, environment="test")
    container = bootstrap(settings, clock=MutableClock(AT))
    app = container.app
    unit = app.register_unit(SYSTEM, c.RegisterUnit(key="so-a", name="Sở A", short_name="Sở A", kind="department",
                                                    province="A", abbreviation="SA"))
    admin, signer = person(app, "admin", "Đinh Quản Trị", unit), person(app, "signer", "Trần Quốc Hùng", unit)
    grant(app, admin, Role.ADMIN, None)
    grant(app, signer, Role.SIGNER, unit)
    yield container, Actor(admin, Role.ADMIN), signer
    container.close()


def test_a_reset_is_recorded_and_read_into_the_audit_trail(office):
    container, admin, signer = office

    position = container.app.reset_second_factor(admin, ResetSecondFactor(signer, "lanhdao", "Mất điện thoại"))
    container.projector.catch_up()
    with container.read_engine.connect() as conn:
        line = conn.execute(select(audit_trail).where(audit_trail.c.position == position)).one()

    assert line.event_type == "SecondFactorResetRecorded" and line.actor_id == admin.person_id and line.role == "admin"
    assert line.summary == "Đặt lại xác thực hai lớp của tài khoản «lanhdao» (phải đăng ký lại)"
    assert line.reason == "Mất điện thoại" and line.at.replace(tzinfo=timezone.utc) == AT


@pytest.mark.parametrize("who, whom, reason, refusal", [
    ("admin", "admin", "Mất điện thoại", "không được tự đặt lại"),
    ("admin", "signer", "", "lý do"),
    ("signer", "admin", "Mất điện thoại", "không được thực hiện"),
])
def test_a_reset_is_refused_for_oneself_without_a_reason_or_by_a_non_admin(office, who, whom, reason, refusal):
    container, admin, signer = office
    actors = {"admin": admin, "signer": Actor(signer, Role.SIGNER)}
    before = container.app.recorder.max_notification_id()

    with pytest.raises(DomainError) as refused:
        container.app.reset_second_factor(actors[who], ResetSecondFactor(actors[whom].person_id, "x", reason))

    assert refusal in refused.value.message.lower() and container.app.recorder.max_notification_id() == before
