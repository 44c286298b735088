"""Both seed campaigns, in full and in Vietnamese, through the Flask test client."""

import html

import pytest

from adapters.demo.loader import load_demo
from adapters.demo.people import load_campaign


def campaign_ids(client) -> dict[str, str]:
    return {c["key"]: c["campaign_id"] for c in client.get("/api/v1/campaigns").get_json()["items"]}


def test_home_lists_both_seed_campaigns_with_theme_issuer_and_period(client):
    page = html.unescape(client.get("/").get_data(as_text=True))

    for key in ("cum2-2023", "dienbien-2025"):
        assert load_campaign(key)["theme"] in page
    assert "Sở Thông tin và Truyền thông tỉnh Điện Biên" in page and "Cụm Thi đua số 2" in page
    assert "01/01/2025 – 31/12/2025" in page and 'lang="vi"' in page


@pytest.mark.parametrize("key", ["cum2-2023", "dienbien-2025"])
def test_campaign_page_shows_every_content_item_target_and_basis(client, key):
    data = load_campaign(key)

    page = html.unescape(client.get(f"/campaigns/{campaign_ids(client)[key]}").get_data(as_text=True))

    for item in data["content_items"]:
        assert item["text"] in page
    for target in data["targets"]:
        assert target["description"] in page
    for basis in data["legal_bases"]:
        assert basis["as_printed"] in page
    for motto in data["mottos"]:
        assert motto["text"] in page


def test_api_campaign_matches_the_seed_document(client):
    data = load_campaign("dienbien-2025")

    body = client.get(f"/api/v1/campaigns/{campaign_ids(client)['dienbien-2025']}").get_json()

    assert body["theme"] == data["theme"]
    assert [i["text"] for i in body["content_items"]] == [i["text"] for i in data["content_items"]]
    assert {t["code"] for t in body["targets"]} >= {t["code"] for t in data["targets"]}


def test_unknown_campaign_is_a_json_404_with_a_message(client):
    response = client.get("/api/v1/campaigns/00000000-0000-0000-0000-000000000000")

    assert response.status_code == 404
    assert response.get_json() == {"code": "not_found", "message": "Không tìm thấy phong trào.", "status": 404}


def test_bad_paging_is_a_422_naming_the_field(client):
    response = client.get("/api/v1/campaigns?page=0")

    assert response.status_code == 422
    assert "page" in response.get_json()["errors"]["query"]


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client):
    first = client.get("/api/v1/campaigns")

    again = client.get("/api/v1/campaigns", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304


def test_english_is_available(client):
    assert 'lang="en"' in client.get("/?lang=en").get_data(as_text=True)


def test_loading_the_demo_twice_changes_nothing(demo_container):
    before = demo_container.app.recorder.max_notification_id()

    report = load_demo(demo_container.app)

    assert report == "demo already loaded: nothing to do"
    assert demo_container.app.recorder.max_notification_id() == before
