"""domain.rules.eligibility: what mutation testing found untested (docs/mutation.md).

The last day of a discipline period and the years it covers; an open-ended discipline; holds named once each;
one achievement, one award for titles and for forms; the articles an assessment applies, each once.
"""

from __future__ import annotations

import copy
from datetime import date
from uuid import UUID

import pytest

from domain.rules.eligibility import applied_articles, assess_eligibility
from domain.rules.ruleset import RuleSet
from domain.rulesets import load_shipped_rulesets
from domain.values import AwardFact, AwardType, DisciplineFact, NomineeHistory, NomineeKind, Rating

ND152 = "ND152-2025/v1"
ART_4_4 = "Điều 4 khoản 4 Nghị định 152/2025/NĐ-CP"
ART_5_2_C = "Điều 5 khoản 2 điểm c Luật TĐKT 2022"
REGULAR, THEMATIC = AwardType.REGULAR, AwardType.THEMATIC
UNTIL = date(2025, 6, 30)


@pytest.fixture(scope="module")
def nd152() -> RuleSet:
    return next(RuleSet.from_dict(d) for d in load_shipped_rulesets() if d["version"] == ND152)


def person(disciplines=(), awards=(), pending=(), kind=NomineeKind.INDIVIDUAL) -> NomineeHistory:
    ratings = {year: Rating.GOOD for year in range(2023, 2027)}
    return NomineeHistory(kind, ratings, tuple(awards), (), tuple(disciplines), tuple(pending))


def warned(until: date | None = UNTIL, year: int = 2024) -> NomineeHistory:
    return person([DisciplineFact(year, "cảnh cáo", until)])


def codes(verdict) -> list[str]:
    return [u.code for u in verdict.unmet]


def test_on_the_last_day_of_a_discipline_period_it_is_still_running(nd152):
    verdict = assess_eligibility(nd152, "LDTT", warned(), 2026, REGULAR, UNTIL)
    [unmet] = verdict.unmet
    assert unmet.code == "discipline_running" and unmet.article == ART_4_4
    assert unmet.message_vi == f"Đang trong thời gian thi hành kỷ luật «cảnh cáo» đến ngày 30/06/2025 ({ART_4_4})"
    assert unmet.message_en == f"Discipline “cảnh cáo” still running until 2025-06-30 ({ART_4_4})"


def test_an_open_ended_discipline_runs_without_a_date(nd152):
    [unmet] = assess_eligibility(nd152, "LDTT", warned(until=None), 2026, REGULAR, date(2030, 1, 1)).unmet
    assert unmet.message_vi == f"Đang trong thời gian thi hành kỷ luật «cảnh cáo» ({ART_4_4})"
    assert unmet.message_en == f"Discipline “cảnh cáo” still running ({ART_4_4})"


@pytest.mark.parametrize(("year", "award_type", "expected"), [
    pytest.param(2025, REGULAR, ["achievement_in_discipline"], id="the year the period ends"),
    pytest.param(2024, REGULAR, ["achievement_in_discipline"], id="the year the discipline was given"),
    pytest.param(2023, REGULAR, [], id="the year before it"),
    pytest.param(2026, REGULAR, [], id="the year after it"),
    pytest.param(2025, THEMATIC, [], id="a thematic award is not held back"),
])
def test_the_day_after_the_period_only_achievements_within_its_years_are_held_back(nd152, year, award_type, expected):
    code = "LDTT" if award_type is REGULAR else "GIAY_KHEN"
    verdict = assess_eligibility(nd152, code, warned(), year, award_type, date(2025, 7, 1))
    assert codes(verdict) == expected


def test_an_achievement_within_the_period_says_from_when_it_counts(nd152):
    [unmet] = assess_eligibility(nd152, "LDTT", warned(), 2025, REGULAR, date(2025, 7, 1)).unmet
    assert unmet.message_vi == (
        "Thành tích năm 2025 nằm trong thời gian thi hành kỷ luật «cảnh cáo» đến ngày 30/06/2025; "
        f"thành tích chỉ được tính từ khi hết thời hạn kỷ luật ({ART_4_4})"
    )
    assert unmet.message_en == (
        f"The 2025 achievements fall within the “cảnh cáo” discipline period; they count only after it ({ART_4_4})"
    )


def test_pending_proceedings_are_a_hold_naming_each_kind_once(nd152):
    history = person(pending=("discipline", "review", "complaint", "rumour"))
    verdict = assess_eligibility(nd152, "LDTT", history, 2025, REGULAR, date(2026, 1, 10))
    [unmet] = verdict.unmet
    assert verdict.held and unmet.hold and unmet.article == ART_4_4
    assert unmet.message_vi == (
        "Tạm dừng xét khen thưởng: đang bị xem xét thi hành kỷ luật; có đơn thư khiếu nại đang được xác minh, làm rõ; "
        "có vụ việc đang được cơ quan có thẩm quyền xem xét, xử lý; chưa khen thưởng, chưa đề nghị khen thưởng "
        f"cho đến khi có kết luận ({ART_4_4})"
    )
    assert unmet.message_en == (
        "Consideration held: under disciplinary review; a complaint is being verified; proceedings are pending; "
        f"no award or proposal until cleared ({ART_4_4})"
    )


def award(code: str, year: int, award_type: AwardType = REGULAR) -> AwardFact:
    return AwardFact(year, code, award_type, UUID(int=year), date(year + 1, 1, 15))


def test_a_title_is_given_once_for_one_years_achievements(nd152):
    verdict = assess_eligibility(nd152, "LDTT", person(awards=[award("LDTT", 2025)]), 2025, REGULAR, date(2026, 2, 1))
    [unmet] = verdict.unmet
    assert unmet.code == "duplicate_award" and unmet.article == ART_5_2_C
    assert unmet.message_vi == (
        "Đã được tặng «Lao động tiên tiến» cho thành tích năm 2025 (quyết định ngày 15/01/2026); "
        f"mỗi thành tích chỉ khen thưởng một lần ({ART_5_2_C})"
    )
    assert unmet.message_en == f"Already awarded “Advanced Worker” for 2025; one achievement, one award ({ART_5_2_C})"
    assert assess_eligibility(nd152, "LDTT", person(awards=[award("LDTT", 2024)]), 2025, REGULAR, date(2026, 2, 1)).eligible


@pytest.mark.parametrize(("earlier", "award_type", "duplicate"), [
    pytest.param(REGULAR, REGULAR, True, id="a regular form once a year"),
    pytest.param(THEMATIC, REGULAR, False, id="a thematic form does not use up the regular one"),
    pytest.param(REGULAR, THEMATIC, False, id="a thematic form after the regular one"),
])
def test_a_form_is_given_regularly_once_a_year(nd152, earlier, award_type, duplicate):
    history = person(awards=[award("GIAY_KHEN", 2025, earlier)])
    verdict = assess_eligibility(nd152, "GIAY_KHEN", history, 2025, award_type, date(2026, 2, 1))
    assert ("duplicate_award" in codes(verdict)) is duplicate


def test_a_title_for_individuals_refuses_a_collective_saying_whom_it_is_for(nd152):
    verdict = assess_eligibility(nd152, "LDTT", person(kind=NomineeKind.COLLECTIVE), 2025, REGULAR, date(2026, 1, 10))
    [unmet] = verdict.unmet
    assert unmet.code == "kind_mismatch"
    assert unmet.message_vi == "«Lao động tiên tiến» chỉ xét tặng cho cá nhân (Điều 24 Luật TĐKT 2022)"
    assert unmet.message_en == "“Advanced Worker” is only for individual (Điều 24 Luật TĐKT 2022)"


def test_the_articles_applied_are_the_titles_its_criteria_and_the_principles_each_once(nd152):
    assert applied_articles(nd152, nd152.title("LDTT")) == (
        "Điều 24 Luật TĐKT 2022", "Điều 24 khoản 1 Luật TĐKT 2022", ART_4_4, ART_5_2_C,
    )
    verdict = assess_eligibility(nd152, "LDTT", person(), 2025, REGULAR, date(2026, 1, 10))
    assert verdict.eligible and verdict.ruleset_version == ND152
    assert verdict.articles == applied_articles(nd152, nd152.title("LDTT"))


def test_a_rule_set_without_a_principle_applies_the_others():
    data = copy.deepcopy(next(d for d in load_shipped_rulesets() if d["version"] == ND152))
    del data["principles"]["one_achievement_one_award"]
    ruleset = RuleSet.from_dict(data)
    assert applied_articles(ruleset, ruleset.title("LDTT")) == (
        "Điều 24 Luật TĐKT 2022", "Điều 24 khoản 1 Luật TĐKT 2022", ART_4_4,
    )
