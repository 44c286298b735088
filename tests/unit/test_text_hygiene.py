"""Input hygiene (issue #16, item 5): text enters NFC, printable and bounded; values fit their target's metric."""

import dataclasses
import unicodedata
from datetime import date

import pytest

from domain import commands as c
from domain.exceptions import DuplicateError, InvalidCommandError
from domain.organisation import Person, Unit
from domain.text import clean_command
from tests.builders import SYSTEM, World, build_world, launch_campaign

NFC_NAME = unicodedata.normalize("NFC", "Nguyễn Thị Hằng")
NFD_NAME = unicodedata.normalize("NFD", NFC_NAME)
NFC_KEY = unicodedata.normalize("NFC", "nguyễn-thị-hằng")
NFD_KEY = unicodedata.normalize("NFD", NFC_KEY)
BAD_NAMES = {
    "NUL": "Sở\x00A",
    "control": "Sở\x07A",
    "line break": "Sở\nA",
    "bidi override": "Sở \u202eA",
    "zero-width only": " \u200b \u200d \ufeff ",
    "whitespace only": " \t\u3000 ",
    "empty": "",
    "too long": "S" * 256,
}


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    w = build_world(app)
    launch_campaign(w)
    return w


def position(app) -> int:
    return app.recorder.max_notification_id() or 0


def register_person(world: World, key: str, name: str = "Lò Văn An"):
    return world.app.register_person(SYSTEM, c.RegisterPerson(key, name, "f", world.division, "Chuyên viên"))


def test_nfd_and_nfc_keys_are_one_person_and_the_name_is_kept_as_nfc(world):
    person_id = register_person(world, NFD_KEY, NFD_NAME)

    with pytest.raises(DuplicateError):
        register_person(world, NFC_KEY, NFC_NAME)
    person = world.app.repository.get(person_id)
    assert person_id == Person.create_id(NFC_KEY) == Person.create_id(NFD_KEY)
    assert (person.key, person.full_name) == (NFC_KEY, NFC_NAME)


def test_names_and_keys_are_trimmed_of_spaces_and_zero_width_characters(world):
    unit_id = world.app.register_unit(SYSTEM, c.RegisterUnit(" so-z\u200b ", "\ufeff Sở Z ", "SZ", "department", "A", "SZ"))

    unit = world.app.repository.get(unit_id)
    assert unit_id == Unit.create_id("so-z") and (unit.key, unit.name) == ("so-z", "Sở Z")


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_a_bad_unit_name_is_refused_naming_the_field_and_records_nothing(world, name):
    before = position(world.app)

    with pytest.raises(InvalidCommandError, match="«Tên»"):
        world.app.register_unit(SYSTEM, c.RegisterUnit("so-z", name, "SZ", "department", "A", "SZ"))
    assert position(world.app) == before


@pytest.mark.parametrize("key", ["so z", "../so-z", "so/z", "-so-z", "so\x00z", "\u200b", "k" * 65])
def test_a_key_is_a_slug(world, key):
    with pytest.raises(InvalidCommandError, match="«Mã»"):
        world.app.register_unit(SYSTEM, c.RegisterUnit(key, "Sở Z", "SZ", "department", "A", "SZ"))


def test_a_person_name_with_a_nul_is_refused(world):
    with pytest.raises(InvalidCommandError, match="«Họ và tên»"):
        register_person(world, "p-nul", "Lò\x00Văn An")


def test_free_text_keeps_its_line_breaks_but_refuses_other_control_characters(world, clock):
    clock.set(2025, 6, 1, 9)
    nominee = world.staff[0]
    with pytest.raises(InvalidCommandError, match="«Thành tích»"):
        world.app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", "LDTT", "Tốt\x1b[31m"))

    nomination_id = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", "LDTT", "Dòng 1\nDòng 2"))
    assert world.app.repository.get(nomination_id).achievements == "Dòng 1\nDòng 2"


def test_a_reason_made_of_zero_width_characters_is_no_reason(world):
    with pytest.raises(InvalidCommandError, match="lý do"):
        world.app.amend_target(world.as_secretary, c.AmendTarget(world.campaign, "dvc-online", 85, "\u200b\u200b"))


def test_a_campaign_theme_and_content_must_have_something_to_read(world):
    with pytest.raises(InvalidCommandError, match="«Chủ đề»"):
        world.app.draft_campaign(world.as_secretary, c.DraftCampaign(
            "pt-trong", world.department, "sector", "\u200b ", date(2026, 1, 1), date(2026, 12, 31)))
    campaign = world.app.draft_campaign(world.as_secretary, c.DraftCampaign(
        "pt-2026", world.department, "sector", "Thi đua 2026", date(2026, 1, 1), date(2026, 12, 31)))

    with pytest.raises(InvalidCommandError):
        world.app.add_content_item(world.as_secretary, c.AddContentItem(campaign, {"text": " \u200b "}))
    with pytest.raises(InvalidCommandError, match="«Nội dung thi đua»"):
        world.app.add_content_item(world.as_secretary, c.AddContentItem(campaign, {"text": "Chuyển\x00đổi số"}))


def target(**changes) -> dict:
    return {"code": "t-1", "description": "Tỷ lệ", "metric": "percent", "value": 90, "direction": "at_least", **changes}


@pytest.mark.parametrize("bad", [
    target(code="t 1"), target(description=" "), target(value=150), target(value=-1), target(value=float("nan")),
    target(metric="count", value=1.5), target(metric="number", value=float("inf")),
], ids=["code with a space", "blank description", "percent 150", "percent -1", "NaN", "count 1.5", "inf"])
def test_a_target_is_refused_when_its_code_description_or_value_do_not_fit(world, bad):
    campaign = world.app.draft_campaign(world.as_secretary, c.DraftCampaign(
        "pt-2026", world.department, "sector", "Thi đua 2026", date(2026, 1, 1), date(2026, 12, 31)))

    with pytest.raises(InvalidCommandError):
        world.app.set_target(world.as_secretary, c.SetTarget(campaign, bad))


def test_an_amended_target_value_fits_its_metric(world):
    with pytest.raises(InvalidCommandError, match="phần trăm"):
        world.app.amend_target(world.as_secretary, c.AmendTarget(world.campaign, "dvc-online", 1e308, "Nâng chỉ tiêu"))


@pytest.mark.parametrize("value", [-5, 100.5, 1e308, float("nan"), float("inf"), float("-inf")])
def test_a_percent_progress_value_outside_0_to_100_is_refused_and_records_nothing(world, clock, value):
    clock.set(2025, 4, 2, 9)
    participation = world.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit"))
    before = position(world.app)

    with pytest.raises(InvalidCommandError, match="dvc-online"):
        world.app.report_progress(world.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"dvc-online": value}))
    with pytest.raises(InvalidCommandError, match="dvc-online"):
        world.app.correct_report(world.as_clerk, c.CorrectReport(participation, "2025-Q1", {"dvc-online": value}, "Sửa"))
    assert position(world.app) == before


def test_a_progress_value_within_the_range_is_recorded(world, clock):
    clock.set(2025, 4, 2, 9)
    participation = world.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit"))

    report = world.app.report_progress(world.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"dvc-online": 100}))

    assert world.app.repository.get(participation).reports[report]["values"] == {"dvc-online": 100}


def test_secrets_are_taken_as_typed():
    @dataclasses.dataclass(frozen=True)
    class Command:
        name: str
        passphrase: str
        passphrases: dict

    typed = Command(" Sở A ", " mật khẩu\t", {"x": unicodedata.normalize("NFD", "khoá ")})

    assert clean_command(typed) == Command("Sở A", " mật khẩu\t", {"x": unicodedata.normalize("NFD", "khoá ")})
