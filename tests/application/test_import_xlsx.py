"""Importing a workbook through the application service (in memory): every row through its ordinary
command, the whole file in one save with its ImportRecorded fact, or nothing; the same file twice, or a
row already on file, changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.persistence import StoredEvent

from domain import commands as c
from domain.exceptions import PermissionDeniedError
from domain.imports_file import ImportedFile
from domain.imports_service import Workbook
from domain.organisation import Person, PersonalDetails, Unit
from domain.values import Actor, Role
from tests.builders import SYSTEM, grant, person

UNITS = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Mã đơn vị cấp trên", "Tỉnh", "Ký hiệu"]
PEOPLE = ["Mã cán bộ", "Họ và tên", "Số CCCD", "Giới tính", "Dân tộc", "Ngày sinh", "Mã đơn vị", "Chức vụ",
          "Người lao động trực tiếp"]
RATINGS = ["Mã cán bộ hoặc đơn vị", "Năm", "Xếp loại"]
AWARDS = ["Mã cán bộ hoặc đơn vị", "Năm", "Mã danh hiệu, hình thức", "Loại khen thưởng", "Số quyết định",
          "Ngày quyết định", "Cơ quan ban hành"]


def office(**extra: list[list[object]]) -> dict[str, list[list[object]]]:
    sheets = {
        "Đơn vị": [UNITS, ["dv-1", "Phòng Tổ chức", "Phòng TC", "Phòng, đơn vị trực thuộc", "so", "Điện Biên", "TC"],
                   ["so", "Sở Nội vụ", "Sở NV", "Sở, ban, ngành", None, "Điện Biên", "SNV"]],
        "Cán bộ": [PEOPLE, ["cb-1", "Lò Thị Hoa", "011185000123", "Nữ", "Thái", date(1985, 3, 15), "dv-1", "Chuyên viên", "x"]],
        "Xếp loại": [RATINGS, ["cb-1", 2023, "HTXSNV"], ["cb-1", 2024, "HTTNV"], ["dv-1", 2024, "HTTNV"]],
        "Kỷ luật": [["Mã cán bộ", "Năm", "Hình thức kỷ luật", "Thời hạn đến ngày", "Lý do"],
                    ["cb-1", 2021, "khiển trách", date(2022, 6, 30), "Chậm báo cáo"]],
        "Sáng kiến": [["Mã cán bộ", "Năm", "Tên sáng kiến", "Cấp công nhận"], ["cb-1", 2023, "Số hóa hồ sơ", "cơ sở"]],
        "Khen thưởng": [AWARDS, ["cb-1", 2023, "LDTT", "thường xuyên", "12/QĐ-SNV", date(2023, 12, 20), "Sở Nội vụ"]],
    }
    for name, rows in extra.items():
        sheets[name] = sheets[name] + rows
    return sheets


def workbook(sheets: dict, sha256: str = "a" * 64) -> Workbook:
    return Workbook(sha256, "van-phong.xlsx", sheets)


def position(app) -> int:
    return app.recorder.max_notification_id() or 0


def test_a_file_records_its_units_people_and_their_history_with_one_import_fact(app):
    report = app.import_workbook(SYSTEM, workbook(office()))

    hoa = app.repository.get(Person.create_id("cb-1"))
    assert report.problems == [] and report.imported
    assert report.recorded == {"units": 2, "people": 1, "ratings": 3, "discipline": 1, "initiatives": 1, "awards": 1}
    assert hoa.unit_id == Unit.create_id("dv-1") and hoa.ratings == {2023: "HTXSNV", 2024: "HTTNV"}
    assert hoa.details == PersonalDetails("011185000123", "Thái", date(1985, 3, 15), True)
    assert [(d.year, d.level) for d in hoa.disciplines] == [(2021, "khiển trách")]
    assert [(i.title, i.level) for i in hoa.initiatives] == [("Số hóa hồ sơ", "grassroots")]
    assert app.repository.get(Unit.create_id("dv-1")).parent_id == Unit.create_id("so")
    assert app.repository.get(ImportedFile.create_id("a" * 64)).rows["ratings"] == 3


def test_a_past_award_keeps_its_decision_number_date_and_issuer(app):
    app.import_workbook(SYSTEM, workbook(office()))

    recorded = [e for e in app.events.get(Person.create_id("cb-1")) if type(e).__name__ == "AwardRecorded"]
    assert [(e.code, e.decision_number, e.decided_on, e.issuer, e.role) for e in recorded] == [
        ("LDTT", "12/QĐ-SNV", date(2023, 12, 20), "Sở Nội vụ", "system")]


def test_the_import_fact_and_the_rows_facts_are_one_save(app):
    before = position(app)

    report = app.import_workbook(SYSTEM, workbook(office()))

    notifications = app.recorder.select_notifications(before + 1, 1000)
    assert report.position == position(app) == notifications[-1].id
    assert notifications[0].topic.endswith("ImportedFile.ImportRecorded")
    assert app.mapper.to_domain_event(notifications[0]).sha256 == "a" * 64


def test_the_same_file_twice_changes_nothing(app):
    app.import_workbook(SYSTEM, workbook(office()))
    before = position(app)

    again = app.import_workbook(SYSTEM, workbook(office()))

    assert again.already_imported and not again.imported and position(app) == before


def test_another_file_with_rows_already_on_file_records_only_what_is_new(app):
    app.import_workbook(SYSTEM, workbook(office()))

    report = app.import_workbook(SYSTEM, workbook(office(**{"Xếp loại": [["cb-1", 2025, "HTNV"]]}), "b" * 64))

    assert report.recorded == {"ratings": 1}
    assert report.skipped == {"units": 2, "people": 1, "ratings": 3, "discipline": 1, "initiatives": 1, "awards": 1}
    assert app.repository.get(Person.create_id("cb-1")).ratings[2025] == "HTNV"


def test_one_refused_row_records_nothing_and_every_problem_is_listed(app):
    before = position(app)
    sheets = office(**{"Xếp loại": [["cb-1", 2023, "HTNV"], ["cb-9", 2024, "HTNV"]],
                       "Cán bộ": [["cb-2", "Quàng Văn Nam", None, "Nam", "Kinh", None, "dv-7", "Chuyên viên", None]]})

    report = app.import_workbook(SYSTEM, workbook(sheets))

    assert not report.imported and position(app) == before
    assert [(p.sheet, p.row, p.column, p.value, p.reason) for p in report.problems] == [
        ("Cán bộ", 3, "Mã đơn vị", "dv-7", "Không có đơn vị với mã này (trong tệp hoặc trong hệ thống)."),
        ("Xếp loại", 5, "", "", "Đã có xếp loại năm này; điều chỉnh phải nêu lý do."),
        ("Xếp loại", 6, "Mã cán bộ hoặc đơn vị", "cb-9",
         "Không có cán bộ hay đơn vị với mã này (trong tệp hoặc trong hệ thống)."),
    ]


def test_a_dry_run_checks_every_row_and_records_nothing(app):
    before = position(app)

    report = app.import_workbook(SYSTEM, workbook(office()), dry_run=True)

    assert report.problems == [] and report.recorded["ratings"] == 3 and not report.imported
    assert position(app) == before and app.find(Person.create_id("cb-1"), Person) is None


def test_a_key_on_two_rows_of_a_sheet_is_a_problem(app):
    sheets = office(**{"Cán bộ": [["cb-1", "Lò Thị Hoa", None, "Nữ", None, None, "so", "Chuyên viên", None]]})

    report = app.import_workbook(SYSTEM, workbook(sheets))

    assert [(p.row, p.column, p.reason) for p in report.problems] == [(3, "Mã cán bộ", "Mã này đã có ở dòng 2 của trang.")]


def test_a_decision_number_already_on_file_with_another_date_is_refused_not_skipped(app):
    app.import_workbook(SYSTEM, workbook(office()))
    next_year = ["cb-1", 2024, "LDTT", "thường xuyên", "12/QĐ-SNV", date(2024, 12, 20), "Sở Nội vụ"]

    report = app.import_workbook(SYSTEM, workbook(office(**{"Khen thưởng": [next_year]}), "c" * 64))

    assert [(p.column, p.value) for p in report.problems] == [("Số quyết định", "12/QĐ-SNV")]
    assert "ngày 20/12/2023" in report.problems[0].reason


def test_only_an_administrator_imports(app):
    unit = app.register_unit(SYSTEM, c.RegisterUnit("so-x", "Sở X", "Sở X", "department", "A", "SX"))
    clerk = person(app, "thu-ky", "Lò Văn Ký", unit)
    grant(app, clerk, Role.UNIT_CLERK, unit)

    with pytest.raises(PermissionDeniedError):
        app.import_workbook(Actor(clerk, Role.UNIT_CLERK), workbook(office()), dry_run=True)


def test_an_award_recorded_before_version_2_reads_with_no_decision_number(app):
    subject = app.register_unit(SYSTEM, c.RegisterUnit("so-y", "Sở Y", "Sở Y", "department", "A", "SY"))
    app.record_prior_award(SYSTEM, c.RecordPriorAward(subject, 2020, "TTLDXS", "regular", "5/QĐ-UBND", date(2020, 12, 1)))
    stored = app.recorder.select_events(subject)[-1]
    state = app.mapper.transcoder.decode(stored.state)
    del state["decision_number"], state["issuer"], state["class_version"]
    old = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, app.mapper.transcoder.encode(state))

    event = app.mapper.to_domain_event(old)

    assert (event.code, event.decision_number, event.issuer) == ("TTLDXS", None, None)
