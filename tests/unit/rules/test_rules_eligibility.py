"""Eligibility per title and form; each case id names its article. Dates are passed explicitly."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.rules.eligibility import assess_eligibility
from domain.values import AwardFact, AwardType, DisciplineFact, InitiativeFact, NomineeHistory, NomineeKind, Rating

ND91, ND98, ND152 = "ND91-2017/v1", "ND98-2023/v1", "ND152-2025/v1"
REGULAR, THEMATIC = AwardType.REGULAR, AwardType.THEMATIC
G, E, C, N = Rating.GOOD, Rating.EXCELLENT, Rating.COMPLETED, Rating.NOT_COMPLETED
ON = date(2026, 1, 10)


def award(code: str, year: int, award_type: AwardType = REGULAR) -> AwardFact:
    return AwardFact(year, code, award_type, uuid4(), date(year + 1, 1, 15))


def initiative(year: int, level: str = "grassroots", used_for: str | None = None) -> InitiativeFact:
    return InitiativeFact(uuid4(), f"Sáng kiến {level} {year}", year, level, used_for)


def person(ratings=None, awards=(), initiatives=(), disciplines=(), pending=()) -> NomineeHistory:
    return NomineeHistory(
        NomineeKind.INDIVIDUAL, dict(ratings or {}), tuple(awards), tuple(initiatives), tuple(disciplines),
        tuple(pending),
    )


def unit(rating: Rating | None, members, awards=(), ratings=None) -> NomineeHistory:
    return NomineeHistory(NomineeKind.COLLECTIVE, ratings or ({2025: rating} if rating else {}), tuple(awards),
                          members=tuple(members))


def ldtt(year=2025, rating=G):
    return person({year: rating}, [award("LDTT", year)])


def cstdcs(year=2025):
    return person({year: E}, [award("LDTT", year), award("CSTDCS", year)])


def plain(year=2025, rating=G):
    return person({year: rating})


def titles(code: str, *years: int) -> list[AwardFact]:
    return [award(code, y) for y in years]


def disciplined(level: str, year: int = 2025, until: date | None = date(2025, 12, 1)) -> DisciplineFact:
    return DisciplineFact(year, level, until)


WARNED_LDTT = person({2025: G}, [award("LDTT", 2025)], disciplines=[disciplined("cảnh cáo")])
PROVINCIAL, NATIONAL = initiative(2025, "provincial"), initiative(2025, "national")

CASES = [
    # LĐTT — Law Art. 24(1)
    (ND152, "LDTT", person({2025: G}), set(), "LĐTT: rated HTTNV — Law Art. 24(1)"),
    (ND152, "LDTT", person({2025: E}), set(), "LĐTT: rated HTXSNV — Law Art. 24(1)"),
    (ND152, "LDTT", person({2025: C}), {"rating_below"}, "LĐTT: rated HTNV is below — Law Art. 24(1)"),
    (ND152, "LDTT", person({2024: G}), {"rating_below"}, "LĐTT: no 2025 rating — Law Art. 24(1)"),
    # CSTĐCS — Law Art. 23; ND 91: initiative mandatory
    (ND152, "CSTDCS", person({2025: E}), set(), "CSTĐCS: HTXSNV without initiative — Law Art. 23"),
    (ND152, "CSTDCS", person({2025: G}, initiatives=[initiative(2025)]), set(),
     "CSTĐCS: HTTNV + initiative — Law Art. 23"),
    (ND152, "CSTDCS", person({2025: G}), {"excellent_or_initiative"}, "CSTĐCS: neither route — Law Art. 23"),
    (ND152, "CSTDCS", person({2025: C}, initiatives=[initiative(2025)]), {"rating_below"},
     "CSTĐCS: below LĐTT standard — Law Art. 23(1)"),
    (ND152, "CSTDCS", person({2025: G}, initiatives=[initiative(2024)]), {"excellent_or_initiative"},
     "CSTĐCS: initiative from an earlier year — Law Art. 23"),
    (ND152, "CSTDCS", person({2025: G}, initiatives=[initiative(2025, used_for="BK_TINH")]),
     {"excellent_or_initiative", "initiative_used"}, "CSTĐCS: initiative already used — CV 5007/BNV-TĐKT"),
    (ND91, "CSTDCS", person({2023: E}), {"initiative_missing"},
     "CSTĐCS ND 91: HTXSNV alone is not enough — old Law Art. 23"),
    (ND91, "CSTDCS", person({2023: G}, initiatives=[initiative(2023)]), set(),
     "CSTĐCS ND 91: with initiative — old Law Art. 23"),
    # CSTĐ tỉnh — Law Art. 22
    (ND152, "CSTD_TINH", person(awards=titles("CSTDCS", 2023, 2024, 2025), initiatives=[PROVINCIAL]), set(),
     "CSTĐ tỉnh: 3 consecutive CSTĐCS + provincial initiative — Law Art. 22"),
    (ND152, "CSTD_TINH", person(awards=titles("CSTDCS", 2022, 2023, 2025), initiatives=[NATIONAL]), {"chain_short"},
     "CSTĐ tỉnh: a gap breaks the run — Law Art. 22"),
    (ND152, "CSTD_TINH",
     person(awards=[award("CSTDCS", 2023, THEMATIC), *titles("CSTDCS", 2024, 2025)], initiatives=[PROVINCIAL]),
     {"chain_short", "thematic_not_counted"}, "CSTĐ tỉnh: thematic award not counted — ND 152 Art. 4(3)"),
    (ND152, "CSTD_TINH", person(awards=titles("CSTDCS", 2023, 2024, 2025), initiatives=[initiative(2025)]),
     {"initiative_missing"}, "CSTĐ tỉnh: grassroots initiative is too narrow — Law Art. 22"),
    (ND152, "CSTD_TINH",
     person(awards=titles("CSTDCS", 2023, 2024, 2025), initiatives=[PROVINCIAL],
            disciplines=[disciplined("khiển trách", 2023, date(2023, 12, 31))]),
     {"chain_short"}, "CSTĐ tỉnh: a year under discipline does not count — ND 152 Art. 4(4)"),
    # CSTĐ toàn quốc — Law Art. 21
    (ND152, "CSTD_TQ", person(awards=titles("CSTD_TINH", 2024, 2025), initiatives=[NATIONAL]), set(),
     "CSTĐ TQ: 2 consecutive CSTĐ tỉnh + national initiative — Law Art. 21"),
    (ND152, "CSTD_TQ", person(awards=titles("CSTD_TINH", 2025), initiatives=[PROVINCIAL]),
     {"chain_short", "initiative_missing"}, "CSTĐ TQ: lists every unmet part — Law Art. 21"),
    # TLĐTT — Law Art. 28 (share configurable, default > 50%)
    (ND152, "TLDTT", unit(G, [ldtt(), ldtt(), ldtt(), plain()]), set(), "TLĐTT: 3/4 LĐTT — Law Art. 28"),
    (ND152, "TLDTT", unit(G, [ldtt(), ldtt(), plain(), plain()]), {"member_share_low"},
     "TLĐTT: exactly 50% is not more than half — Law Art. 28"),
    (ND152, "TLDTT", unit(G, [cstdcs(), ldtt(), plain()]), set(),
     "TLĐTT: a CSTĐCS member counts as LĐTT — Law Art. 28"),
    (ND152, "TLDTT", unit(C, [ldtt(), ldtt()]), {"rating_below"}, "TLĐTT: collective rated HTNV — Law Art. 28"),
    (ND152, "TLDTT", unit(G, [ldtt(), ldtt(), WARNED_LDTT]), {"member_disciplined"},
     "TLĐTT: member warned — Law Art. 28"),
    (ND152, "TLDTT", unit(G, [ldtt(), ldtt(), person({2025: G}, disciplines=[disciplined("Khiển trách")])]), set(),
     "TLĐTT: reprimand is below warning — Law Art. 28"),
    # TLĐXS — Law Art. 27
    (ND152, "TLDXS", unit(E, [cstdcs(), ldtt(), ldtt(), ldtt(), plain(rating=C)]), set(),
     "TLĐXS: 100% complete, 80% LĐTT, 1 CSTĐCS — Law Art. 27"),
    (ND152, "TLDXS", unit(E, [cstdcs(), ldtt(), ldtt(), ldtt(), plain(rating=N)]), {"members_incomplete"},
     "TLĐXS: one member did not complete — Law Art. 27"),
    (ND152, "TLDXS", unit(E, [ldtt(), ldtt(), ldtt(), plain()]), {"no_soldier_member"},
     "TLĐXS: no CSTĐCS — Law Art. 27"),
    (ND152, "TLDXS", unit(G, [cstdcs(), ldtt(), plain(), plain()]), {"rating_below", "member_share_low"},
     "TLĐXS: good not excellent, 50% LĐTT — Law Art. 27"),
    (ND152, "TLDXS", unit(E, [cstdcs(), ldtt(), ldtt(), WARNED_LDTT]), set(),
     "TLĐXS ND 152: no-discipline clause unconfirmed, off by default — Law Art. 27"),
    (ND91, "TLDXS",
     NomineeHistory(NomineeKind.COLLECTIVE, {2023: E}, members=(
         person({2023: E}, titles("CSTDCS", 2023)),
         person({2023: G}, titles("LDTT", 2023), disciplines=[disciplined("cảnh cáo", 2023)]),
     )),
     {"member_disciplined"}, "TLĐXS ND 91: no member disciplined — old Law Art. 27"),
    # Bằng khen tỉnh — Law Art. 74 as Bắc Ninh QĐ 86/2025 Art. 4
    (ND152, "BK_TINH", person(awards=titles("CSTDCS", 2024, 2025)), set(),
     "BK tỉnh: 2 consecutive CSTĐCS — Law Art. 74"),
    (ND152, "BK_TINH", person({2024: E, 2025: E}, initiatives=[initiative(2024), initiative(2025)]), set(),
     "BK tỉnh: HTXSNV 2 years + 2 initiatives — Law Art. 74"),
    (ND152, "BK_TINH",
     person({2024: E, 2025: E}, initiatives=[initiative(2025), initiative(2025, used_for="CSTDCS")]),
     {"commendation_route_missing", "initiative_used"}, "BK tỉnh: one initiative already used — CV 5007"),
    (ND152, "BK_TINH", unit(None, [], ratings={2024: E, 2025: E}), set(),
     "BK tỉnh collective: 2 years HTXSNV — Law Art. 74"),
    (ND152, "BK_TINH", unit(E, [], awards=titles("TLDXS", 2024)), set(),
     "BK tỉnh collective: TLĐXS then HTXSNV — Law Art. 74"),
    (ND152, "BK_TINH", unit(E, []), {"commendation_route_missing"}, "BK tỉnh collective: one year only — Law Art. 74"),
    # Giấy khen — Law Art. 75
    (ND152, "GIAY_KHEN", person({2025: G}), set(), "Giấy khen: HTTNV — Law Art. 75"),
    (ND152, "GIAY_KHEN", person({2025: C}), {"rating_below"}, "Giấy khen: HTNV — Law Art. 75"),
    (ND152, "GIAY_KHEN", unit(C, []), {"rating_below"}, "Giấy khen collective: HTNV — Law Art. 75"),
    # Qualitative entries: only holds and duplicates apply
    (ND152, "CO_TINH", unit(E, []), set(), "Cờ tỉnh: no numeric criteria — Law Art. 26"),
    # Holds — ND 152 Art. 4(4)
    (ND152, "LDTT", person({2025: G}, pending=["đang bị thanh tra"]), {"pending_proceedings"},
     "pending inspection blocks — ND 152 Art. 4(4)"),
    (ND152, "LDTT", person({2025: G}, disciplines=[disciplined("khiển trách", until=date(2026, 3, 1))]),
     {"discipline_running"}, "discipline still running on the date — ND 152 Art. 4(4)"),
    (ND152, "LDTT", person({2025: G}, disciplines=[disciplined("khiển trách", until=None)]), {"discipline_running"},
     "discipline without an end date still runs — ND 152 Art. 4(4)"),
    (ND152, "LDTT", person({2025: G}, disciplines=[disciplined("khiển trách", 2024, date(2025, 3, 1))]),
     {"achievement_in_discipline"}, "achievements count only after the period — ND 152 Art. 4(4)"),
    (ND152, "LDTT", person({2025: G}, disciplines=[disciplined("khiển trách", 2024, date(2024, 12, 31))]), set(),
     "discipline ended the year before — ND 152 Art. 4(4)"),
    # One achievement, one award — Law Art. 5(2)(c)
    (ND152, "LDTT", person({2025: G}, titles("LDTT", 2025)), {"duplicate_award"},
     "LĐTT twice for 2025 — Law Art. 5(2)(c)"),
    (ND152, "LDTT", person({2025: G}, titles("LDTT", 2024)), set(), "LĐTT again for another year — Law Art. 5(2)(c)"),
    (ND152, "BK_TINH", person(awards=titles("CSTDCS", 2024, 2025) + titles("BK_TINH", 2025)), {"duplicate_award"},
     "regular Bằng khen twice for 2025 — Law Art. 5(2)(c)"),
    # Kind
    (ND152, "LDTT", unit(G, []), {"kind_mismatch"}, "LĐTT is for individuals — Law Art. 24"),
    (ND152, "TLDTT", person({2025: G}), {"kind_mismatch"}, "TLĐTT is for collectives — Law Art. 28"),
]


@pytest.mark.parametrize(
    ("version", "code", "history", "expected"), [c[:4] for c in CASES], ids=[c[4] for c in CASES],
)
def test_eligibility_lists_every_unmet_criterion(rulesets, version, code, history, expected):
    year = 2023 if version == ND91 else 2025

    verdict = assess_eligibility(rulesets[version], code, history, year, REGULAR, ON)

    assert {u.code for u in verdict.unmet} == expected
    assert verdict.eligible is (not expected)
    assert verdict.ruleset_version == version


def test_message_names_the_rating_and_the_article(rulesets):
    verdict = assess_eligibility(rulesets[ND152], "LDTT", person({2025: C}), 2025, REGULAR, ON)

    assert verdict.unmet[0].message_vi == (
        "Chưa đạt xếp loại từ «Hoàn thành tốt nhiệm vụ» trở lên năm 2025 — hiện: «Hoàn thành nhiệm vụ» "
        "(Điều 24 khoản 1 Luật TĐKT 2022)"
    )
    assert verdict.unmet[0].article == "Điều 24 khoản 1 Luật TĐKT 2022"


def test_all_failures_are_listed_together(rulesets):
    """Hold, duplicate and criteria are reported at once, each with its article."""
    history = person({2025: C}, [award("LDTT", 2025)], pending=["khiếu nại"])

    verdict = assess_eligibility(rulesets[ND152], "LDTT", history, 2025, REGULAR, ON)

    assert [u.code for u in verdict.unmet] == ["pending_proceedings", "duplicate_award", "rating_below"]
    assert [u.article for u in verdict.unmet] == [
        "Điều 4 khoản 4 Nghị định 152/2025/NĐ-CP",
        "Điều 5 khoản 2 điểm c Luật TĐKT 2022",
        "Điều 24 khoản 1 Luật TĐKT 2022",
    ]


def test_thematic_commendation_skips_the_annual_routes(rulesets):
    """A thematic Bằng khen rests on the movement's results, not on annual chains."""
    verdict = assess_eligibility(rulesets[ND152], "BK_TINH", person(), 2025, THEMATIC, ON)

    assert verdict.eligible


def test_thematic_forms_may_repeat_within_a_year(rulesets):
    history = person(awards=[award("GIAY_KHEN", 2025, THEMATIC)])

    verdict = assess_eligibility(rulesets[ND152], "GIAY_KHEN", history, 2025, THEMATIC, ON)

    assert verdict.eligible


def test_ad_hoc_award_is_not_blocked_by_an_ended_discipline_in_the_year(rulesets):
    history = person(disciplines=[DisciplineFact(2024, "khiển trách", date(2025, 3, 1))])

    verdict = assess_eligibility(rulesets[ND152], "GIAY_KHEN", history, 2025, AwardType.AD_HOC, ON)

    assert verdict.eligible


def test_province_overlay_raises_tldtt_share_to_70_percent(rulesets):
    """Bắc Ninh QĐ 86/2025: at least 70% LĐTT (Law Art. 28 share is configurable)."""
    overlay = {"basis": "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh",
               "criteria": {"TLDTT": {"min_ldtt_share": {"value": 0.7, "strict": False}}}}
    ruleset = rulesets[ND152].with_overlay(overlay)

    two_of_three = assess_eligibility(ruleset, "TLDTT", unit(G, [ldtt(), ldtt(), plain()]), 2025, REGULAR, ON)
    seven_of_ten = assess_eligibility(ruleset, "TLDTT", unit(G, [ldtt()] * 7 + [plain()] * 3), 2025, REGULAR, ON)

    assert [u.code for u in two_of_three.unmet] == ["member_share_low"]
    assert "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh" in two_of_three.unmet[0].message_vi
    assert seven_of_ten.eligible


def test_ratings_keyed_by_strings_after_a_json_round_trip_are_read(rulesets):
    history = NomineeHistory(NomineeKind.INDIVIDUAL, {"2025": "HTTNV"})  # type: ignore[dict-item]

    assert assess_eligibility(rulesets[ND152], "LDTT", history, 2025, REGULAR, ON).eligible
