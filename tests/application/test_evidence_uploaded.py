"""Evidence cited by a report or a dossier is a file uploaded for its unit (issue #16, item 5)."""

from datetime import date

import pytest

from domain import commands as c
from domain.evidence import Evidence
from domain.exceptions import InvalidCommandError, PermissionDeniedError
from domain.values import Actor, Role
from tests.builders import SYSTEM, World, build_world, grant, launch_campaign, person

FILE = {"name": "biên bản quý I.pdf", "sha256": "a" * 64, "size": 2048, "content_type": "application/pdf"}
PASSWD = {"name": "../../../../etc/passwd", "sha256": "a" * 64, "size": -5, "content_type": "text/plain"}


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    w = build_world(app)
    launch_campaign(w)
    clock.set(2025, 4, 2, 9)
    return w


def position(app) -> int:
    return app.recorder.max_notification_id() or 0


def upload(world: World, reference: dict = FILE, unit=None, actor: Actor | None = None) -> dict:
    return world.app.record_evidence(actor or world.as_clerk, c.RecordEvidence(unit or world.division, **reference))


def participation(world: World):
    return world.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit"))


def report(world: World, participation_id, evidence: list) -> str:
    return world.app.report_progress(world.as_clerk, c.ReportProgress(
        participation_id, "2025-Q1", date(2025, 3, 31), {"dvc-online": 60}, evidence,
    ))


def test_an_upload_is_recorded_once_for_its_unit_as_evidence_uploaded(world):
    reference = upload(world)
    again = upload(world)

    events = list(world.app.events.get(Evidence.create_id(world.division, FILE["sha256"], FILE["name"])))
    assert reference == again == FILE
    assert [type(e).__qualname__ for e in events] == ["Evidence.Uploaded"]
    assert (events[0].unit_id, events[0].by, events[0].size) == (world.division, world.clerk, 2048)


def test_a_report_cites_a_file_uploaded_for_its_unit(world):
    p = participation(world)
    upload(world)

    report_id = report(world, p, [dict(FILE)])

    assert world.app.repository.get(p).reports[report_id]["evidence"] == [FILE]


@pytest.mark.parametrize("cited", [
    FILE, {**FILE, "size": 1}, {**FILE, "name": "khác.pdf"}, PASSWD, {"name": "bc.pdf"}, "bc.pdf",
], ids=["never uploaded", "other size", "other name", "path and negative size", "name only", "not a reference"])
def test_a_report_citing_anything_else_is_refused_and_records_nothing(world, cited):
    p = participation(world)
    before = position(world.app)

    with pytest.raises(InvalidCommandError, match="(?i)minh chứng"):
        report(world, p, [cited])
    assert position(world.app) == before


def test_a_file_uploaded_for_another_unit_is_not_evidence_of_this_one(world):
    other = world.app.register_unit(SYSTEM, c.RegisterUnit("phong-b", "Phòng B", "PB", "division", "A", "PB", world.department))
    clerk_b = person(world.app, "clerk-b", "Lò Văn Bình", other)
    grant(world.app, clerk_b, Role.UNIT_CLERK, other)
    upload(world, unit=other, actor=Actor(clerk_b, Role.UNIT_CLERK))
    p = participation(world)

    with pytest.raises(InvalidCommandError, match="chưa được tải lên"):
        report(world, p, [FILE])
    with pytest.raises(PermissionDeniedError):
        upload(world, unit=other)


@pytest.mark.parametrize("reference", [
    PASSWD, {**FILE, "name": "a/b.pdf"}, {**FILE, "name": "..\\b.pdf"}, {**FILE, "size": 0},
    {**FILE, "sha256": "A" * 64}, {**FILE, "sha256": "../x"}, {**FILE, "name": "\u200b"}, {**FILE, "name": "b\x00.pdf"},
], ids=["passwd", "slash", "backslash", "empty file", "upper-case hash", "path as hash", "invisible name", "NUL"])
def test_an_upload_needs_a_base_name_a_sha256_and_a_size(world, reference):
    before = position(world.app)

    with pytest.raises(InvalidCommandError):
        upload(world, reference)
    assert position(world.app) == before


def test_a_dossier_cites_uploaded_files_and_keeps_what_it_cited_before(world, clock):
    clock.set(2025, 6, 1, 9)
    with pytest.raises(InvalidCommandError, match="chưa được tải lên"):
        world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Tốt", evidence=[FILE]))
    upload(world)
    n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Tốt", evidence=[FILE]))
    second = {**FILE, "name": "bảng điểm.pdf", "sha256": "b" * 64}

    with pytest.raises(InvalidCommandError, match="bảng điểm.pdf"):
        world.app.revise_dossier(world.as_clerk, c.ReviseDossier(n, "Tốt hơn", evidence=[FILE, second]))
    upload(world, second)
    world.app.revise_dossier(world.as_clerk, c.ReviseDossier(n, "Tốt hơn", evidence=[FILE, second]))

    assert world.app.repository.get(n).evidence == [FILE, second]
