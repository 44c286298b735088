"""A projection that fails does not turn committed commands into errors: they answer 202 (accepted, read
models not there yet), the failure is logged, and the read models catch up once the projection works."""

from __future__ import annotations

import logging

from domain.values import Role

pytest_plugins = ("tests.e2e.api_support",)


def test_a_failing_projection_leaves_commands_accepted_and_catches_up_later(api_world, monkeypatch, caplog):
    world, projector = api_world.world, api_world.container.projector
    standings = next(p for p in projector.projections if p.name == "standings")

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR):
        patch.setattr(standings, "process", broken)
        answer = api_world.post(f"/campaigns/{world.campaign}/sign-ups", {
            "participant_id": str(world.division), "participant_kind": "unit"}, world.clerk, Role.UNIT_CLERK)
        participants = api_world.client.get(f"/api/v1/campaigns/{world.campaign}/participants").get_json()

    assert answer.status_code == 201 and participants["items"] == []
    assert "projection catch-up failed" in caplog.text
    projector.catch_up()
    participants = api_world.client.get(f"/api/v1/campaigns/{world.campaign}/participants").get_json()
    assert [p["participant_id"] for p in participants["items"]] == [str(world.division)]
