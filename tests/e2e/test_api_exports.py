"""Decision lists and standings as XLSX and CSV, read back with openpyxl and the csv module."""

import csv
import io

from openpyxl import load_workbook


def decision(client) -> dict:
    summary = client.get("/api/v1/decisions").get_json()["items"][-1]
    return client.get(f"/api/v1/decisions/{summary['decision_id']}").get_json()


def test_decision_list_as_xlsx_has_every_awardee_and_the_total(client):
    d = decision(client)

    response = client.get(f"/api/v1/decisions/{d['decision_id']}/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert response.mimetype.endswith("spreadsheetml.sheet") and "attachment" in response.headers["Content-Disposition"]
    assert d["number"] in rows[0][0]
    names = {row[1] for row in rows}
    assert {i["nominee_name"] for i in d["items"]} <= names
    assert rows[-1][1] == "Tổng cộng" and rows[-1][10] == d["total_amount"]


def test_decision_list_as_csv_reads_back_in_vietnamese(client):
    d = decision(client)

    response = client.get(f"/api/v1/decisions/{d['decision_id']}/export.csv")

    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["STT", "Họ và tên / Tập thể"] and len(rows) == len(d["items"]) + 2
    assert rows[1][1] == d["items"][0]["nominee_name"] and int(rows[1][8]) == d["items"][0]["amount"]


def test_standings_export_ranks_every_participant(client):
    campaign = next(c for c in client.get("/api/v1/campaigns").get_json()["items"] if c["key"] == "cum2-2023")
    standings = client.get(f"/api/v1/campaigns/{campaign['campaign_id']}/standings").get_json()["items"]

    xlsx = load_workbook(io.BytesIO(client.get(f"/api/v1/campaigns/{campaign['campaign_id']}/standings/export.xlsx").data)).active
    rows = list(csv.reader(io.StringIO(client.get(f"/api/v1/campaigns/{campaign['campaign_id']}/standings/export.csv").data.decode("utf-8-sig"))))

    assert [r[1] for r in rows[1:]] == [s["name"] for s in standings]
    assert xlsx.max_row == len(standings) + 4 and rows[0][:4] == ["Hạng", "Đơn vị / Cá nhân", "Loại", "Điểm"]
