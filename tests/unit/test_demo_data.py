"""The demo data keeps both seed documents whole and verbatim; the synthetic staff are realistic."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.demo.people import demo_organisation, demo_people, load_campaign
from domain.values import Rating, Role

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = {"cum2-2023": "000_9734ebd2e0220895.txt", "dienbien-2025": "004_19284acc6b2c7dc0.txt"}
WORD_ARTEFACT = "[bookmark: _GoBack]"
TITLE_CODES = {
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_TQ",
    "TLDTT",
    "TLDXS",
    "CO_TINH",
    "CO_CP",
    "BK_TTG",
    "BK_TINH",
    "GIAY_KHEN",
}
RATING_CODES = {r.value for r in Rating}
GOOD = {"HTTNV", "HTXSNV"}


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace(WORD_ARTEFACT, "")


@pytest.fixture(params=sorted(SEED_FILES))
def campaign_and_seed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], str]:
    if not SEEDS.is_dir():
        pytest.skip(
            f"seed documents not found at {SEEDS} (they live outside the repository, "
            "in /work/shared/seeds)"
        )
    seed = _normalised((SEEDS / SEED_FILES[request.param]).read_text(encoding="utf-8"))
    return load_campaign(request.param), seed


@pytest.fixture(scope="module")
def people() -> list[dict[str, Any]]:
    return demo_people()


@pytest.fixture(scope="module")
def organisation() -> dict[str, Any]:
    return demo_organisation()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _verbatim(campaign: dict[str, Any]) -> Iterator[str]:
    """Every field that claims to be the document's own words."""
    doc = campaign["document"]
    yield campaign["theme"]
    yield doc["title"] if campaign["key"] == "cum2-2023" else doc["title_lines_as_printed"][1]
    yield from campaign["preamble"]
    for motto in campaign["mottos"]:
        yield from (motto["text"], motto["as_printed"], *motto["words"])
    for basis in campaign["legal_bases"]:
        yield from (basis["citation"], basis["as_printed"], *(basis.get("other_printings") or []))
        yield from (s for s in (basis["subject"], basis["issuer"]) if s)
    for section in campaign["sections"]:
        yield from (s for s in (section["heading"], section["text"]) if s)
        yield from section["lines"]
    for item in campaign["content_items"]:
        yield from (s for s in (item["heading"], item["text"]) if s)
        yield from item["named_movements"]
    for target in campaign["targets"]:
        yield target["description"]
    for recipient in doc["recipients"]:
        yield recipient["as_printed"]


def _tiles(line: str, pieces: set[str]) -> bool:
    """True when the line is a run of pieces joined by nothing, a space or ': '."""
    by_start: dict[str, list[str]] = {}
    for piece in pieces:
        by_start.setdefault(piece[:1], []).append(piece)
    reachable, seen = [0], set()
    while reachable:
        at = reachable.pop()
        if at == len(line):
            return True
        if at in seen:
            continue
        seen.add(at)
        for piece in by_start.get(line[at], []):
            if line.startswith(piece, at):
                end = at + len(piece)
                reachable.append(end)
                for sep in (" ", ": "):
                    if line.startswith(sep, end) and end < len(line):
                        reachable.append(end + len(sep))
    return False


def test_every_verbatim_field_appears_exactly_in_the_seed(
    campaign_and_seed: tuple[dict[str, Any], str],
) -> None:
    campaign, seed = campaign_and_seed

    missing = [s for s in _verbatim(campaign) if s not in seed]

    assert missing == []


def test_every_line_of_the_seed_is_represented_in_the_data(
    campaign_and_seed: tuple[dict[str, Any], str],
) -> None:
    campaign, seed = campaign_and_seed
    pieces = {s for s in _strings(campaign) if len(s) >= 2}
    lines = [line.strip().strip("\xa0").strip() for line in seed.split("\n")]

    lost = [line for line in lines if line and not _tiles(line, pieces)]

    assert lost == []


def test_data_text_is_nfc(campaign_and_seed: tuple[dict[str, Any], str]) -> None:
    campaign, _ = campaign_and_seed

    assert all(unicodedata.is_normalized("NFC", s) for s in _strings(campaign))


def test_themes_and_mottos_are_kept_per_document() -> None:
    cum2, dienbien = load_campaign("cum2-2023"), load_campaign("dienbien-2025")

    assert (
        cum2["theme"]
        == "Toàn ngành Thông tin và Truyền thông tiếp tục thi đua đổi mới, sáng tạo, đi đầu thực "
        "hiện chuyển đổi số để phát triển bền vững"
    )
    assert "kỷ nguyên vươn mình của dân tộc" in dienbien["theme"]
    assert {m["kind"]: m["text"] for m in cum2["mottos"]} == {
        "golden_words": "Trung thành, Dũng cảm, Tận tụy, Sáng tạo, Nghĩa tình",
        "action_motto": "Làm gương, Kỷ cương, Trọng tâm, Bứt phá",
    }
    assert {m["kind"]: m["text"] for m in dienbien["mottos"]}[
        "golden_words"
    ] == "Trung thành, Dũng cảm, Tận tuỵ, Sáng tạo, Nghĩa tình"


def test_cluster_programme_lists_every_legal_basis_including_the_blank_decision() -> None:
    cum2 = load_campaign("cum2-2023")

    citations = {b["citation"]: b for b in cum2["legal_bases"]}

    assert {
        "Quyết định số 2341/QĐ-BTTTT",
        "Chỉ thị số 03/CT-BTTTT",
        "Chỉ thị số 01/CT-BTTTT",
        "Quyết định số 45/2016/QĐ-TTg",
        "Quyết định số 37/2021/QĐ-TTg",
        "Chỉ thị số 34-CT/TW",
        "Chỉ thị số 05/CT-TW",
        "Chỉ thị số 73/CT-BTTTT",
        "Chỉ thị số 19/CT-TTg",
    } <= set(citations)
    blank = citations["Quyết định số ..../QĐ-BTTTT"]
    assert blank["number"] is None and blank["number_blank"] and blank["date_blank"]
    assert "Quyết định số ..../QĐ-BTTTT ngày ...." in blank["as_printed"]
    assert citations["Quyết định số 2341/QĐ-BTTTT"]["issued_on"] == "2022-12-16"
    assert citations["Quyết định số 37/2021/QĐ-TTg"]["issued_on"] is None


def test_sector_campaign_lists_every_legal_basis() -> None:
    dienbien = load_campaign("dienbien-2025")

    citations = {b["citation"] for b in dienbien["legal_bases"]}

    assert citations == {
        "Chỉ thị số 04/CT-BTTTT",
        "Quyết định số 2255/QĐ-UBND",
        "Nghị quyết 57-NQ/TW",
        "Nghị quyết 13-NQ/TU",
        "Nghị định 73/2024/NĐ-CP",
    }


def test_cluster_programme_keeps_sections_2_and_3_with_their_headings() -> None:
    cum2 = load_campaign("cum2-2023")

    items = {i["number"]: i for i in cum2["content_items"] if i["number"]}

    assert list(items) == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
    ]
    assert [items[n]["heading"] for n in ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6")] == [
        "Về bưu chính",
        "Về viễn thông",
        "Về công nghệ thông tin, chuyển đổi số",
        "Về an toàn, an ninh mạng",
        "Về công nghiệp ICT, nội dung số",
        "Về báo chí, truyền thông",
    ]
    assert (
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"
        in items["3.2"]["named_movements"]
    )
    assert cum2["content_items"][-1]["kind"] == "closing"


def test_sector_campaign_keeps_the_numbering_as_issued() -> None:
    dienbien = load_campaign("dienbien-2025")

    content = [i for i in dienbien["content_items"] if i["kind"] == "content"]
    objectives = [i for i in dienbien["content_items"] if i["kind"] == "objective"]

    assert [i["number"] for i in content] == ["1", "2", "3", "4", "5", "6", "8"]
    assert content[5]["text"].endswith("Hết nhiệm vụ")
    assert [i["number"] for i in objectives] == [str(n) for n in range(1, 9)]
    assert [s["label"] for s in dienbien["sections"]] == ["I.", "II.", "III.", "III."]
    assert dienbien["period"]["summary_arrangement"] == "Tại Hội nghị triển khai kế hoạch năm 2026"


def test_every_sector_objective_has_a_measurable_target() -> None:
    targets = load_campaign("dienbien-2025")["targets"]

    by_item = Counter(t["source_item"] for t in targets)

    assert set(by_item) == {f"III.{n}" for n in range(1, 9)}
    for t in targets:
        assert t["metric"] in {"percent", "count", "boolean"}
        assert (
            isinstance(t["value"], bool)
            if t["metric"] == "boolean"
            else isinstance(t["value"], int)
        )
        assert t["title_code"] in TITLE_CODES | {None}
        assert t["rating_code"] in RATING_CODES | {None}


@pytest.mark.parametrize(
    ("title_code", "rating_code", "applies_to", "value"),
    [
        ("TLDTT", None, "collectives", 100),
        ("TLDXS", None, "collectives", 20),
        (None, None, "units", 50),
        ("LDTT", None, "individuals", 95),
        (None, "HTXSNV", "individuals", 20),
        (None, "HTTNV", "party_organisations", 100),
    ],
)
def test_sector_campaign_splits_compound_targets(
    title_code: str | None, rating_code: str | None, applies_to: str, value: int
) -> None:
    targets = load_campaign("dienbien-2025")["targets"]

    matches = [
        t
        for t in targets
        if t["title_code"] == title_code
        and t["rating_code"] == rating_code
        and t["applies_to"] == applies_to
        and t["value"] == value
        and t["metric"] == "percent"
    ]

    assert len(matches) == 1


def test_sector_campaign_has_staff_commendation_participation_and_study_trip_targets() -> None:
    codes = {t["code"]: t for t in load_campaign("dienbien-2025")["targets"]}

    assert codes["staff-commended-50"]["value"] == 50
    assert codes["participation-100"]["value"] == 100
    assert (codes["study-trip-1"]["metric"], codes["study-trip-1"]["value"]) == ("count", 1)
    assert "Nghị định 73/2024/NĐ-CP" in codes["bonus-regime-nd73"]["description"]


def test_scores_weigh_to_one_hundred() -> None:
    cum2, dienbien = load_campaign("cum2-2023"), load_campaign("dienbien-2025")

    assert sum(c["weight"] for c in cum2["criteria"]) == 100
    assert sum(t["weight"] for t in dienbien["targets"]) == 100


def test_cluster_criteria_cover_each_sector_goal_and_say_they_are_derived() -> None:
    cum2 = load_campaign("cum2-2023")

    criteria = cum2["criteria"]

    assert [c["content_item"] for c in criteria] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert all(
        c["derived"] and c["note"] and c["indicator"] and c["metric"] in {"percent", "count"}
        for c in criteria
    )


def test_cluster_programme_date_keeps_its_blank_day() -> None:
    doc = load_campaign("cum2-2023")["document"]

    assert doc["issued_on_as_printed"] == "Lào Cai, ngày      tháng 02 năm 2023"
    assert doc["issued_on"] is None
    assert doc["issued_month"] == "2023-02"


def test_every_unit_key_in_the_campaigns_resolves(organisation: dict[str, Any]) -> None:
    keys = {u["key"] for u in organisation["units"]}

    for key in ("cum2-2023", "dienbien-2025"):
        campaign = load_campaign(key)
        referenced = [
            campaign["issuer_unit_key"],
            *campaign["participants"],
            *(r["unit_key"] for r in campaign["document"]["recipients"] if r["unit_key"]),
        ]
        assert set(referenced) <= keys


def test_cluster_has_seven_members_from_2023_and_lao_cai_heads_it(
    organisation: dict[str, Any],
) -> None:
    cluster = next(c for c in organisation["clusters"] if c["key"] == "cum2")

    founding = [m["unit_key"] for m in cluster["memberships"] if m["from"] == "2023-01-01"]

    assert len(founding) == 7
    assert cluster["heads"][0] == {
        **cluster["heads"][0],
        "year": 2023,
        "head_unit_key": "stttt-laocai",
    }
    assert {m["unit_key"] for m in cluster["memberships"] if m["until"] == "2025-06-30"} == {
        "skhcn-hagiang"
    }


def test_dien_bien_department_has_its_divisions_and_a_dated_successor(
    organisation: dict[str, Any],
) -> None:
    units = {u["key"]: u for u in organisation["units"]}

    children = {u["name"] for u in units.values() if u["parent_key"] == "stttt-dienbien"}

    assert children == {
        "Văn phòng Sở",
        "Thanh tra Sở",
        "Phòng Kế hoạch - Tài chính",
        "Phòng Bưu chính - Viễn thông",
        "Phòng Công nghệ thông tin",
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Trung tâm Công nghệ thông tin và Truyền thông",
    }
    assert {"on": "2025-03-01", "into_key": "skhcn-dienbien"}.items() <= next(
        s for s in organisation["successions"] if s["from_keys"] == ["stttt-dienbien"]
    ).items()


def test_there_are_about_150_people_in_known_units(
    people: list[dict[str, Any]], organisation: dict[str, Any]
) -> None:
    units = {u["key"] for u in organisation["units"]}

    assert 140 <= len(people) <= 160
    assert {p["unit_key"] for p in people} <= units
    assert len({p["key"] for p in people}) == len(people)
    assert sum(p["unit_key"].startswith("stttt-dienbien") for p in people) > len(people) * 0.7


def test_names_are_unique_vietnamese_with_diacritics(people: list[dict[str, Any]]) -> None:
    names = [p["full_name"] for p in people]

    assert len(set(names)) == len(names)
    assert all(unicodedata.is_normalized("NFC", n) and re.search(r"[^\x00-\x7f]", n) for n in names)
    assert all(len(n.split()) >= 3 for n in names)
    assert all(
        n.split()[1] == "Thị"
        for n in names
        if n.split()[0] in {"Lò", "Quàng", "Giàng"}
        and next(p for p in people if p["full_name"] == n)["gender"] == "female"
    )


def test_generator_is_deterministic() -> None:
    assert demo_people() == demo_people()


def test_every_role_has_at_least_two_holders(people: list[dict[str, Any]]) -> None:
    holders = Counter(role for p in people for role in p["roles"])

    assert set(holders) <= {r.value for r in Role}
    for role in (
        "admin",
        "unit_clerk",
        "unit_head",
        "secretariat",
        "council_member",
        "signer",
        "auditor",
    ):
        assert holders[role] >= 2, role


def test_council_has_seven_to_nine_members_with_a_chair_and_a_director_who_signs(
    people: list[dict[str, Any]],
) -> None:
    council = [p for p in people if p["council_position"]]
    chair = [p for p in council if p["council_position"] == "chair"]

    assert 7 <= len(council) <= 9
    assert all("council_member" in p["roles"] for p in council)
    assert (
        len(chair) == 1
        and chair[0]["position"] == "Giám đốc Sở"
        and chair[0]["signing"] == "principal"
    )
    assert any(p["signing"] == "deputy" and p["unit_key"] == chair[0]["unit_key"] for p in people)


def test_excellent_ratings_stay_within_a_fifth_of_good_ratings(
    people: list[dict[str, Any]],
) -> None:
    for year in (2022, 2023, 2024, 2025):
        per_unit: dict[str, Counter[str]] = {}
        for p in people:
            for r in p["ratings"]:
                if r["year"] == year:
                    per_unit.setdefault(p["unit_key"], Counter())[r["rating"]] += 1
        for unit, counts in per_unit.items():
            assert counts["HTXSNV"] <= 0.2 * (counts["HTXSNV"] + counts["HTTNV"]), (unit, year)


def test_ratings_include_a_few_weak_results(people: list[dict[str, Any]]) -> None:
    counts = Counter(r["rating"] for p in people for r in p["ratings"])

    assert set(counts) <= RATING_CODES
    assert counts["HTNV"] >= 3
    assert 1 <= counts["KHTNV"] <= 2


def test_discipline_and_pending_complaint_are_present(people: list[dict[str, Any]]) -> None:
    levels = Counter(d["level"] for p in people for d in p["disciplines"])
    warning = next(d for p in people for d in p["disciplines"] if d["level"] == "cảnh cáo")

    assert levels == {"khiển trách": 1, "cảnh cáo": 1}
    assert warning["until"]
    assert sum(1 for p in people if p["pending_proceedings"]) == 1


def _cstdcs_years(person: dict[str, Any]) -> set[int]:
    return {
        a["year"]
        for a in person["awards"]
        if a["code"] == "CSTDCS" and a["award_type"] == "regular"
    }


def _eligible_for_cstd_tinh(person: dict[str, Any]) -> bool:
    provincial = any(i["level"] == "provincial" for i in person["initiatives"])
    return {2022, 2023, 2024} <= _cstdcs_years(person) and provincial


def test_some_people_are_eligible_for_cstd_tinh_and_some_are_not(
    people: list[dict[str, Any]],
) -> None:
    with_titles = [p for p in people if _cstdcs_years(p)]

    eligible = [p for p in with_titles if _eligible_for_cstd_tinh(p)]

    assert 1 <= len(eligible) < len(with_titles)


def test_each_prior_cstdcs_is_backed_by_ldtt_and_an_excellent_rating_or_initiative(
    people: list[dict[str, Any]],
) -> None:
    for p in people:
        ratings = {r["year"]: r["rating"] for r in p["ratings"]}
        for year in _cstdcs_years(p):
            ldtt = any(a["year"] == year and a["code"] == "LDTT" for a in p["awards"])
            initiative = any(i["year"] == year for i in p["initiatives"])
            assert ldtt and ratings[year] in GOOD and (ratings[year] == "HTXSNV" or initiative), (
                p["key"],
                year,
            )
        assert all(
            a["award_type"] in {"regular", "thematic", "ad_hoc"} and a["decision_number"]
            for a in p["awards"]
        )


def test_unknown_campaign_key_is_refused() -> None:
    with pytest.raises(KeyError):
        load_campaign("cum9-1999")
