"""What a decision cites ("Căn cứ"): the transitional article, only texts already issued, precise articles."""

from __future__ import annotations

from datetime import date

import pytest

from domain.rules.money import award_amount
from domain.rules.ruleset import RuleSet, select_ruleset
from domain.values import NomineeKind

ND98, ND152 = "ND98-2023/v1", "ND152-2025/v1"
TRANSITIONAL = "khoản 3 Điều 60 Nghị định số 152/2025/NĐ-CP"


def cited(rulesets, decided_on: date, received_on: date | None = None) -> tuple[str, ...]:
    return select_ruleset(rulesets.values(), decided_on, received_on).legal_bases


def test_a_dossier_received_before_july_2025_cites_the_transitional_article(rulesets):
    """ND 152 Art. 60(3): the old rules apply, and the decision says under which article."""
    bases = cited(rulesets, date(2025, 8, 1), received_on=date(2025, 6, 30))

    assert any("98/2023/NĐ-CP" in b for b in bases)
    assert any(b.startswith(TRANSITIONAL) for b in bases)


@pytest.mark.parametrize(("decided_on", "received_on"), [
    pytest.param(date(2025, 6, 30), date(2025, 6, 1), id="ND 98 in force: no transition"),
    pytest.param(date(2025, 8, 1), date(2025, 7, 1), id="received under ND 152: no transition"),
])
def test_no_transitional_article_when_the_rules_are_not_chosen_transitionally(rulesets, decided_on, received_on):
    assert not any(TRANSITIONAL in b for b in cited(rulesets, decided_on, received_on))


@pytest.mark.parametrize(("decided_on", "cites_circular"), [
    pytest.param(date(2025, 7, 1), False, id="2025-07-01: ND 152 in force, TT 15/2025 not issued"),
    pytest.param(date(2025, 8, 3), False, id="2025-08-03: TT 15/2025 not issued yet"),
    pytest.param(date(2025, 8, 4), True, id="2025-08-04: TT 15/2025 issued"),
    pytest.param(date(2026, 1, 5), True, id="2026: TT 15/2025 cited"),
])
def test_circular_15_2025_is_never_cited_before_it_was_issued(rulesets, decided_on, cites_circular):
    bases = cited(rulesets, decided_on)

    assert any("15/2025/TT-BNV" in b for b in bases) is cites_circular
    assert any("152/2025/NĐ-CP" in b for b in bases)


@pytest.mark.parametrize("decided_on", [date(2017, 8, 1), date(2019, 12, 1), date(2024, 1, 2), date(2025, 7, 2)])
def test_no_text_is_cited_before_its_issue_or_effective_date(rulesets, decided_on):
    chosen = select_ruleset(rulesets.values(), decided_on)

    for text in chosen.legal_texts:
        assert (text.citation in chosen.legal_bases) is text.citable_on(decided_on), text.citation
        if text.citation in chosen.legal_bases:
            assert all(d <= decided_on for d in (text.issued_on, text.effective_from) if d), text.citation


def test_a_published_rule_set_lists_every_text_it_rests_on(rulesets):
    """Unchosen (as published), a rule set names all its texts, with their dates kept in the data."""
    nd152 = rulesets[ND152]

    assert len(nd152.legal_bases) == 3 and all(isinstance(b, str) for b in nd152.legal_bases)
    assert {t.issued_on for t in nd152.legal_texts} >= {date(2022, 6, 15), date(2025, 6, 14), date(2025, 8, 4)}


def test_rule_sets_published_with_plain_legal_bases_still_read(rulesets):
    data = {**rulesets[ND152].as_dict(), "legal_bases": ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"]}

    chosen = select_ruleset([RuleSet.from_dict(data)], date(2025, 7, 2))

    assert chosen.legal_bases == ("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",)


@pytest.mark.parametrize(("code", "article"), [
    ("TLDXS", "Điều 54 khoản 2 điểm a Nghị định 98/2023/NĐ-CP"),
    ("TLDTT", "Điều 54 khoản 2 điểm b Nghị định 98/2023/NĐ-CP"),
    ("CO_CP", "Điều 54 khoản 2 điểm đ Nghị định 98/2023/NĐ-CP"),
    ("CO_TINH", "Điều 54 khoản 2 điểm e Nghị định 98/2023/NĐ-CP"),
])
def test_collective_amounts_under_decree_98_cite_clause_and_point(rulesets, code, article):
    """DOMAIN.md §7.1: the title coefficients of ND 98 Art. 54 are those of ND 152 Art. 50, clause by clause."""
    amount = award_amount(rulesets[ND98], code, 2_340_000, NomineeKind.COLLECTIVE)

    assert amount.article.startswith(article + ";")


@pytest.mark.parametrize("version", [ND98, ND152])
def test_every_title_amount_cites_a_clause_and_a_point(rulesets, version):
    for spec in rulesets[version].titles():
        if spec.is_title:
            for coefficient in spec.coefficients.values():
                assert "khoản" in coefficient.article and "điểm" in coefficient.article, (spec.code, coefficient.article)
