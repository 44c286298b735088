"""A nominee under a pending proceeding shows as held (tạm dừng xét), on the dossier page and in the API."""

import pytest

from adapters.tokens import TokenStore
from domain import commands as c
from domain.values import Actor, Role
from tests.e2e.ui_support import page_text, post, ui_world_fixture

SYSTEM = Actor.system()

ui = ui_world_fixture("ui-held")


@pytest.fixture(scope="module")
def held_dossier(ui):
    app, world = ui.container.app, ui.world
    nominee = world.staff[0]
    app.open_proceeding(SYSTEM, c.OpenProceeding(nominee, "kn-held", "complaint", "Đơn khiếu nại"))
    ui.clock.set(2025, 12, 1, 9)
    created = post(ui.signed_in("canbo"), f"/campaigns/{world.campaign}/nominate", {
        "nominee": f"individual:{nominee}", "title_code": "LDTT", "achievements": "Hoàn thành tốt nhiệm vụ.",
    })
    assert created.status_code == 303
    return created.headers["Location"]


def test_the_dossier_shows_a_held_nominee_as_held_with_the_proceeding_in_words(ui, held_dossier):
    dossier = page_text(ui.signed_in("canbo").get(held_dossier))

    assert "Tạm dừng xét" in dossier and "Chưa đủ điều kiện" not in dossier
    assert "khiếu nại" in dossier and "complaint" not in dossier
    assert "Điều 4 khoản 4 Nghị định 152/2025/NĐ-CP" in dossier


def test_the_api_gives_the_held_verdict(ui, held_dossier):
    _token, secret = TokenStore.open(ui.container.projector.engine).create(ui.world.clerk, Role.UNIT_CLERK)
    nomination = held_dossier.rstrip("/").rsplit("/", 1)[1]

    verdict = ui.client().get(f"/api/v1/nominations/{nomination}/eligibility",
                              headers={"Authorization": f"Bearer {secret}"}).get_json()

    assert verdict["status"] == "held" and verdict["held"] is True and verdict["eligible"] is False
