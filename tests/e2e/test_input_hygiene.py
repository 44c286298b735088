"""Input hygiene through the API and the pages (issue #16, item 5): bad text, values out of their target's
range and evidence never uploaded answer 4xx (or a form error) in Vietnamese, never 5xx, and record nothing."""

import hashlib
import io
import unicodedata

import pytest

from adapters.documents.evidence import EvidenceStore
from domain import commands as c
from domain.evidence import Evidence
from domain.values import Role
from tests.e2e.api_support import api_world  # noqa: F401  (a fresh world per test)
from tests.e2e.ui_support import page_text, post, ui_world_fixture

NAME = "Nguyễn Thị Hằng"
NFC_KEY, NFD_KEY = unicodedata.normalize("NFC", "nguyễn-hằng"), unicodedata.normalize("NFD", "nguyễn-hằng")
PASSWD = {"name": "../../../../etc/passwd", "sha256": "0" * 64, "size": -5, "content_type": "text/plain"}
NEVER_UPLOADED = {"name": "bien-ban.pdf", "sha256": "c" * 64, "size": 10, "content_type": "application/pdf"}

ui = ui_world_fixture("input-hygiene", staff=4)


def position(world) -> int:
    return world.app.recorder.max_notification_id() or 0


def person(w, key: str, full_name: str = NAME):
    return w.post("/people", {"key": key, "full_name": full_name, "gender": "f", "unit_id": str(w.world.division),
                              "position": "Chuyên viên"}, w.world.clerk, Role.UNIT_CLERK)


def test_nfd_and_nfc_keys_are_one_person_through_the_api(api_world):  # noqa: F811
    first = person(api_world, NFD_KEY, unicodedata.normalize("NFD", NAME))
    again = person(api_world, NFC_KEY)

    assert first.status_code == 201 and again.status_code == 409
    read = api_world.client.get(f"/api/v1/people/{first.get_json()['id']}", headers=api_world.token(api_world.world.clerk, Role.UNIT_CLERK))
    assert read.get_json()["full_name"] == unicodedata.normalize("NFC", NAME)


@pytest.mark.parametrize(("name", "words"), [
    ("Lò\x07Văn An", "có ký tự điều khiển"), ("\u200b\u200b", "không được để trống"), ("   ", "không được để trống"),
], ids=["control character", "zero-width only", "whitespace only"])
def test_a_bad_name_answers_422_naming_the_field_and_records_nothing(api_world, name, words):  # noqa: F811
    before = position(api_world.world)

    response = person(api_world, "p-bad", name)

    assert response.status_code == 422 and f"«Họ và tên» {words}" in str(response.get_json())  # the message, or the field's
    assert position(api_world.world) == before


def test_a_key_too_long_is_refused_by_the_schema_which_the_openapi_documents(api_world):  # noqa: F811
    response = person(api_world, "k" * 65)
    key = api_world.openapi.document["components"]["schemas"]["RegisterPerson"]["properties"]["key"]

    assert response.status_code == 422 and key["maxLength"] == 64


def report(w, participation, values: dict, evidence: list | None = None):
    return w.post(f"/participations/{participation}/reports", {
        "period_label": "2025-Q1", "period_end": "2025-03-31", "values": values, "evidence": evidence or [],
    }, w.world.clerk, Role.UNIT_CLERK)


@pytest.fixture
def participation(api_world):  # noqa: F811
    api_world.clock.set(2025, 4, 2, 9)
    return api_world.world.app.sign_up(api_world.world.as_clerk, c.SignUp(api_world.world.campaign, api_world.world.division, "unit"))


@pytest.mark.parametrize("value", [-5, 1e308, 100.01])
def test_a_percent_out_of_0_to_100_answers_422_and_records_nothing(api_world, participation, value):  # noqa: F811
    before = position(api_world.world)

    response = report(api_world, participation, {"dvc-online": value})

    assert response.status_code == 422 and "phần trăm từ 0 đến 100" in response.get_json()["message"]
    assert position(api_world.world) == before


def test_nan_and_infinity_are_refused_by_the_schema(api_world, participation):  # noqa: F811
    for literal in ("NaN", "Infinity", "1e400"):
        body = '{"period_label": "2025-Q1", "period_end": "2025-03-31", "values": {"dvc-online": %s}}' % literal
        response = api_world.client.post(f"/api/v1/participations/{participation}/reports", data=body,
                                          content_type="application/json", headers=api_world.token(api_world.world.clerk, Role.UNIT_CLERK))
        assert response.status_code == 422, literal


@pytest.mark.parametrize(("evidence", "words"), [
    (PASSWD, "Dữ liệu gửi lên không hợp lệ"), (NEVER_UPLOADED, "chưa được tải lên"),
], ids=["passwd with size -5", "never uploaded"])
def test_evidence_not_uploaded_for_the_unit_answers_422(api_world, participation, evidence, words):  # noqa: F811
    before = position(api_world.world)

    response = report(api_world, participation, {"dvc-online": 60}, [evidence])

    assert response.status_code == 422 and words in response.get_json()["message"]
    assert position(api_world.world) == before


def test_evidence_uploaded_for_the_unit_is_cited_through_the_api(api_world, participation):  # noqa: F811
    reference = api_world.world.app.record_evidence(api_world.world.as_clerk, c.RecordEvidence(api_world.world.division, **NEVER_UPLOADED))

    response = report(api_world, participation, {"dvc-online": 60}, [reference])

    assert response.status_code == 201


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_page(ui):
    ui.clock.set(2025, 1, 11, 9)
    participation = ui.container.app.sign_up(ui.world.as_clerk, c.SignUp(ui.world.campaign, ui.world.staff[1], "person", ["LDTT"]))
    ui.clock.set(2025, 4, 2, 9)
    return f"/campaigns/{ui.world.campaign}/participations/{participation}/report"


@pytest.mark.parametrize(("value", "words"), [
    ("150", "Tỷ lệ phần trăm từ 0 đến 100."), ("-5", "Tỷ lệ phần trăm từ 0 đến 100."),
    ("NaN", "Giá trị phải là một số hữu hạn."), ("sNaN", "Giá trị phải là một số hữu hạn."),
    ("Infinity", "Giá trị phải là một số hữu hạn."),
])
def test_the_report_form_refuses_a_value_out_of_its_targets_range(ui, report_page, value, words):
    before = position(ui.world)

    response = post(ui.signed_in("canbo"), report_page, {"period_label": "2025-Q1", "period_end": "2025-03-31", "t_dvc-online": value})

    assert response.status_code == 422 and words in page_text(response)
    assert position(ui.world) == before


def test_a_file_uploaded_with_a_report_is_recorded_for_the_unit(ui, report_page):
    body = b"%PDF-1.4 bao cao quy II"

    response = post(ui.signed_in("canbo"), report_page, {
        "period_label": "2025-Q2", "period_end": "2025-03-31", "t_dvc-online": "70",
        "evidence": (io.BytesIO(body), "../../bao cáo.pdf", "application/pdf"),
    }, content_type="multipart/form-data")

    digest = hashlib.sha256(body).hexdigest()
    uploaded = ui.container.app.repository.get(Evidence.create_id(ui.world.division, digest, "bao cáo.pdf"))
    assert response.status_code == 303
    assert uploaded.reference == {"name": "bao cáo.pdf", "sha256": digest, "size": len(body), "content_type": "application/pdf"}


def test_an_empty_file_is_a_form_error_and_nothing_is_recorded(ui, report_page):
    before = position(ui.world)

    response = post(ui.signed_in("canbo"), report_page, {
        "period_label": "2025-Q3", "period_end": "2025-03-31", "t_dvc-online": "70",
        "evidence": (io.BytesIO(b""), "trong.pdf", "application/pdf"),
    }, content_type="multipart/form-data")

    assert response.status_code == 422 and "Tệp rỗng: trong.pdf." in page_text(response)
    assert position(ui.world) == before


@pytest.mark.parametrize(("sent", "kept"), [
    ("C:\\Users\\an\\biên bản.pdf", "biên bản.pdf"), ("../../x.pdf", "x.pdf"), ("..", "tệp"),
])
def test_the_store_keeps_only_the_files_own_name(tmp_path, sent, kept):
    assert EvidenceStore(tmp_path).save(io.BytesIO(b"x"), sent, "application/pdf")["name"] == kept


def upload(w, files: dict, role: Role = Role.UNIT_CLERK):
    return w.client.post(f"/api/v1/units/{w.world.division}/evidence", data=files, content_type="multipart/form-data",
                         headers=w.token(w.world.clerk if role is Role.UNIT_CLERK else w.world.head, role))


def test_an_integrator_uploads_evidence_for_the_unit_and_cites_it_in_a_report(api_world, participation):  # noqa: F811
    body = b"%PDF-1.4 bien ban"

    uploaded = upload(api_world, {"file": (io.BytesIO(body), "../tai lieu/biên bản.pdf", "application/pdf")})
    reference = uploaded.get_json()

    assert uploaded.status_code == 201
    assert reference == {"name": "biên bản.pdf", "sha256": hashlib.sha256(body).hexdigest(), "size": len(body), "content_type": "application/pdf"}
    assert report(api_world, participation, {"dvc-online": 60}, [reference]).status_code == 201


@pytest.mark.parametrize(("files", "role", "status"), [
    ({}, Role.UNIT_CLERK, 422), ({"file": (io.BytesIO(b"MZ"), "virus.exe")}, Role.UNIT_CLERK, 422),
    ({"file": (io.BytesIO(b""), "trong.pdf")}, Role.UNIT_CLERK, 422), ({"file": (io.BytesIO(b"x"), "a.pdf")}, Role.UNIT_HEAD, 403),
], ids=["no file", "not an evidence type", "empty", "not the unit's clerk"])
def test_an_upload_that_is_no_evidence_is_refused_and_records_nothing(api_world, files, role, status):  # noqa: F811
    before = position(api_world.world)

    response = upload(api_world, files, role)

    assert response.status_code == status and response.get_json()["message"]
    assert position(api_world.world) == before


def test_a_multipart_part_without_a_name_is_no_server_error(api_world):  # noqa: F811
    body = b'--b\r\nContent-Disposition: form-data; filename="a.pdf"\r\n\r\n%PDF\r\n--b--\r\n'

    response = api_world.client.post(f"/api/v1/units/{api_world.world.division}/evidence", data=body,
                                     content_type="multipart/form-data; boundary=b",
                                     headers=api_world.token(api_world.world.clerk, Role.UNIT_CLERK))

    assert response.status_code == 422
