"""Council votes over the TOTAL membership (ND 98 Art. 30(7)), quorum, and quota ranking (TT 25/2025 Art. 23)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.council import assess_vote, rank_within_quota
from domain.rules.errors import VoteCountError

ND98 = "ND98-2023/v1"


@pytest.mark.parametrize(("code", "total", "present", "yes", "written", "passed", "required"), [
    pytest.param("CSTD_TINH", 20, 20, 18, 0, True, 18, id="CSTĐ tỉnh 18/20 = 90% passes — ND 98 Art. 30(7)"),
    pytest.param("CSTD_TINH", 20, 18, 17, 0, False, 18, id="CSTĐ tỉnh 17 of 18 present fails: base is all 20"),
    pytest.param("CSTD_TINH", 20, 17, 18, 3, True, 18, id="written opinions of absentees count as votes"),
    pytest.param("CSTD_TQ", 11, 11, 10, 0, True, 10, id="CSTĐ TQ 10/11 ≥ 90% — ND 98 Art. 30(7)"),
    pytest.param("CSTDCS", 15, 15, 12, 0, True, 12, id="CSTĐCS 12/15 = 80% — ND 98 Art. 30(7)"),
    pytest.param("CSTDCS", 15, 15, 11, 0, False, 12, id="CSTĐCS 11/15 < 80%"),
    pytest.param("CO_TINH", 9, 9, 8, 0, True, 8, id="Cờ tỉnh 8/9 ≥ 80% — ND 98 Art. 30(7)"),
    pytest.param("LDTT", 10, 10, 5, 0, False, 6, id="LĐTT needs more than half of all members"),
    pytest.param("LDTT", 10, 10, 6, 0, True, 6, id="LĐTT 6/10 passes by majority"),
    pytest.param("CSTDCS", 15, 9, 9, 0, False, 12, id="quorum 9/15 < 2/3 fails — TT 25/2025 Art. 23"),
])
def test_vote_threshold_counts_over_total_membership(rulesets, code, total, present, yes, written, passed, required):
    verdict = assess_vote(rulesets[ND98], code, total, present, yes, written)

    assert (verdict.passed, verdict.required_yes) == (passed, required)


def test_verdict_names_the_threshold_and_article(rulesets):
    verdict = assess_vote(rulesets[ND98], "CSTD_TINH", 20, 20, 17)

    assert verdict.threshold == Fraction(9, 10) and verdict.quorum_met
    assert verdict.article == "Điều 30 khoản 7 Nghị định 98/2023/NĐ-CP"
    assert verdict.message_vi == (
        "Không đạt: 17/20 thành viên Hội đồng đồng ý; cần ít nhất 18 (từ 90% tổng số thành viên) "
        "(Điều 30 khoản 7 Nghị định 98/2023/NĐ-CP)"
    )


def test_missing_quorum_is_reported_with_its_own_article(rulesets):
    verdict = assess_vote(rulesets[ND98], "CSTDCS", 9, 5, 5)

    assert not verdict.quorum_met and not verdict.passed
    assert verdict.article == "Điều 23 Thông tư 25/2025/TT-BKHCN — Hội đồng TĐKT cấp bộ và cấp cơ sở"
    assert verdict.message_vi.startswith("Không đủ số lượng thành viên dự họp: 5/9")


def test_written_opinions_count_towards_quorum_only_where_configured(rulesets):
    overlay = {"basis": "Quy chế Hội đồng", "written_counts_towards_quorum": True}

    default = assess_vote(rulesets[ND98], "CSTDCS", 10, 6, 8, written=2)
    configured = assess_vote(rulesets[ND98].with_overlay(overlay), "CSTDCS", 10, 6, 8, written=2)

    assert (default.quorum_met, configured.quorum_met, configured.passed) == (False, True, True)


def test_province_quorum_of_80_percent_for_award_sessions(rulesets):
    """Bắc Ninh QĐ 86/2025 Art. 8(4): award sessions need 80% of members present."""
    ruleset = rulesets[ND98].with_overlay({"basis": "Điều 8 khoản 4 Quyết định 86/2025/QĐ-UBND", "quorum": 0.8})

    assert not assess_vote(ruleset, "CSTDCS", 10, 7, 7).quorum_met
    assert assess_vote(ruleset, "CSTDCS", 10, 8, 8).passed


@pytest.mark.parametrize(("total", "present", "yes", "written"), [
    (0, 0, 0, 0), (10, 11, 0, 0), (10, 8, 0, 3), (10, 5, 6, 0), (10, -1, 0, 0),
])
def test_inconsistent_counts_are_refused(rulesets, total, present, yes, written):
    with pytest.raises(VoteCountError):
        assess_vote(rulesets[ND98], "CSTDCS", total, present, yes, written)


@pytest.mark.parametrize(("candidates", "quota", "pick", "selected", "needs_chair"), [
    pytest.param([("a", 9), ("b", 8), ("c", 7)], None, None, ("a", "b", "c"), False, id="no quota: all selected"),
    pytest.param([("a", 9), ("b", 8), ("c", 7)], 2, None, ("a", "b"), False,
                 id="highest votes first — TT 25/2025 Art. 23"),
    pytest.param([("a", 9), ("b", 8), ("c", 8)], 2, None, ("a",), True, id="tie for the last place needs the chair"),
    pytest.param([("a", 9), ("b", 8), ("c", 8)], 2, "c", ("a", "c"), False,
                 id="the chair breaks the tie — TT 25/2025 Art. 23"),
    pytest.param([("a", 9), ("b", 8), ("c", 8)], 2, "z", ("a",), True, id="a pick outside the tie decides nothing"),
    pytest.param([("a", 8), ("b", 8), ("c", 8)], 2, ["a", "c"], ("a", "c"), False, id="chair fills two tied places"),
    pytest.param([("a", 9), ("b", 8), ("c", 7)], 0, None, (), False, id="quota 0 selects no one"),
])
def test_rank_within_quota(candidates, quota, pick, selected, needs_chair):
    ranking = rank_within_quota(candidates, quota, pick)

    assert (ranking.selected, ranking.tie_needs_chair) == (selected, needs_chair)


def test_preference_for_women_breaks_a_tie_without_the_chair():
    """ND 152 Art. 4(6): when equally qualified, prefer women (or collectives with ≥ 70% women)."""
    ranking = rank_within_quota([("a", 9), ("b", 8), ("c", 8)], 2, preferred={"c"})

    assert ranking.selected == ("a", "c") and ranking.beyond_quota == ("b",)


def test_candidates_below_the_threshold_are_set_aside():
    ranking = rank_within_quota([("a", 9), ("b", 5)], 2, min_yes=8)

    assert (ranking.selected, ranking.below_threshold) == (("a",), ("b",))


candidates_strategy = st.lists(st.integers(0, 30), max_size=12).map(lambda votes: list(enumerate(votes)))


@given(candidates_strategy, st.one_of(st.none(), st.integers(0, 12)), st.integers(0, 30),
       st.sets(st.integers(0, 11)), st.one_of(st.none(), st.integers(0, 11)))
def test_ranking_never_exceeds_quota_nor_selects_below_threshold(candidates, quota, min_yes, preferred, pick):
    ranking = rank_within_quota(candidates, quota, pick, min_yes=min_yes, preferred=preferred)
    votes = dict(candidates)

    assert quota is None or len(ranking.selected) <= quota
    assert all(votes[c] >= min_yes for c in ranking.selected)
    parts = [*ranking.selected, *ranking.beyond_quota, *ranking.tied, *ranking.below_threshold]
    assert sorted(parts) == sorted(votes)
    assert all(votes[s] >= votes[b] for s in ranking.selected for b in (*ranking.beyond_quota, *ranking.tied))
    assert ranking.tie_needs_chair == bool(ranking.tied)
