"""An asynchronous read model that fails does not turn committed commands into errors: the command
answers as usual with its inline read models written (docs/read-models.md), the failure is logged, and
the asynchronous read model catches up once it works. A failing inline read model fails the command
instead (tests/integration/test_inline_read_models.py)."""

from __future__ import annotations

import logging

from adapters.bootstrap import INLINE
from domain.values import Role

pytest_plugins = ("tests.e2e.api_support",)


def test_a_failing_asynchronous_projection_leaves_commands_accepted_and_catches_up_later(api_world, monkeypatch, caplog):
    world, projector = api_world.world, api_world.container.projector
    audit = next(p for p in projector.projections if p.name == "audit")
    assert "audit" not in INLINE and "campaigns" in INLINE
    head = api_world.token(world.head, Role.UNIT_HEAD)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR):
        patch.setattr(audit, "process", broken)
        answer = api_world.post(f"/campaigns/{world.campaign}/sign-ups", {
            "participant_id": str(world.division), "participant_kind": "unit"}, world.clerk, Role.UNIT_CLERK)
        participants = api_world.client.get(f"/api/v1/campaigns/{world.campaign}/participants").get_json()
        signed_up = participants["items"][0]["participation_id"]
        trail = api_world.client.get(f"/api/v1/audit-trails/{signed_up}", headers=head)

    assert answer.status_code == 201 and [p["participant_id"] for p in participants["items"]] == [str(world.division)]
    assert "projection catch-up failed" in caplog.text and trail.status_code == 404
    projector.catch_up()
    trail = api_world.client.get(f"/api/v1/audit-trails/{signed_up}", headers=head).get_json()
    assert [line["summary"] for line in trail["entries"]] == ["Đăng ký thi đua"]
