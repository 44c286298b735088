"""domain.rules.council: what mutation testing found untested (docs/mutation.md).

A one-place quota (won outright, tied, or selecting nobody); ties the preference breaks only in part; the counted
quorum and its message; the written-vote switch of a rule set published before it existed.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest

from domain.rules.council import (
    WRITTEN_VOTE_ARTICLE, QuotaRanking, assess_quorum, assess_vote, percent_vi, rank_within_quota, required_count,
    written_counts_towards_vote,
)
from domain.rules.errors import VoteCountError
from domain.rules.ruleset import Param, RuleSet
from domain.rulesets import load_shipped_rulesets

ND98 = "ND98-2023/v1"
TT25 = "Điều 23 Thông tư 25/2025/TT-BKHCN — Hội đồng TĐKT cấp bộ và cấp cơ sở"


def shipped(version: str = ND98, drop_written_vote: bool = False) -> RuleSet:
    data = copy.deepcopy(next(d for d in load_shipped_rulesets() if d["version"] == version))
    if drop_written_vote:
        del data["council"]["written_counts_towards_vote"]
    return RuleSet.from_dict(data)


@pytest.mark.parametrize(("candidates", "pick", "expected"), [
    pytest.param([("a", 5), ("b", 3)], None, QuotaRanking(("a",), ("b",), False), id="one place, won outright"),
    pytest.param([("a", 5), ("b", 5), ("c", 1)], None, QuotaRanking((), ("c",), True, ("a", "b")),
                 id="one place, tied: nobody selected until the chair picks"),
    pytest.param([("a", 5), ("b", 5)], "b", QuotaRanking(("b",), ("a",), False), id="one place, the chair's pick"),
    pytest.param([("a", 5), ("b", 5)], ["a", "b"], QuotaRanking((), (), True, ("a", "b")),
                 id="one place, two picks decide nothing"),
])
def test_a_one_place_quota(candidates, pick, expected):
    assert rank_within_quota(candidates, 1, pick) == expected


def test_a_quota_of_exactly_the_candidates_selects_them_all_in_vote_order():
    assert rank_within_quota([("a", 3), ("b", 7)], 2) == QuotaRanking(("b", "a"), (), False)


def test_more_preferred_than_places_leaves_the_preferred_tied_for_the_chair():
    ranking = rank_within_quota([("a", 8), ("b", 8), ("c", 8)], 1, preferred={"a", "b"})
    assert ranking == QuotaRanking((), ("c",), True, ("a", "b"))


def test_fewer_preferred_than_places_selects_them_and_leaves_the_rest_tied():
    ranking = rank_within_quota([("x", 9), ("a", 8), ("b", 8), ("c", 8)], 3, preferred={"a"})
    assert ranking == QuotaRanking(("x", "a"), (), True, ("b", "c"))


def test_below_the_threshold_is_reported_beside_a_quota():
    ranking = rank_within_quota([("a", 9), ("b", 8), ("c", 2)], 1, min_yes=3)
    assert ranking == QuotaRanking(("a",), ("b",), False, (), ("c",))
    assert rank_within_quota([("a", 3)], None, min_yes=3).selected == ("a",)


@pytest.mark.parametrize(("value", "strict", "total", "required", "shown"), [
    ("1/2", True, 10, 6, "quá 50%"),
    ("1/2", False, 10, 5, "từ 50%"),
    ("2/3", False, 9, 6, "từ 2/3"),
    ("2/3", True, 9, 7, "quá 2/3"),
    ("2/3", False, 10, 7, "từ 2/3"),
])
def test_required_count_and_its_wording(value, strict, total, required, shown):
    share = Param(value=value, strict=strict)
    assert (required_count(share, total), percent_vi(share)) == (required, shown)


def test_the_quorum_counts_those_present_and_says_what_it_needed():
    verdict = assess_quorum(shipped(), 9, 5, written=2)
    assert (verdict.met, verdict.attending, verdict.required, verdict.article) == (False, 5, 6, TT25)
    assert verdict.message_vi == f"Không đủ số lượng thành viên dự họp: 5/9, cần từ 2/3 tổng số thành viên ({TT25})"
    assert assess_quorum(shipped(), 9, 6).met


def test_without_quorum_the_vote_still_says_how_many_yes_it_needed():
    verdict = assess_vote(shipped(), "CSTDCS", 15, 9, 9)
    assert (verdict.passed, verdict.quorum_met, verdict.required_yes, verdict.threshold) == (
        False, False, 12, Fraction(4, 5),
    )


def test_a_passing_vote_says_so():
    verdict = assess_vote(shipped(), "LDTT", 10, 10, 6)
    assert verdict.passed and verdict.message_vi.startswith("Đạt: 6/10 thành viên Hội đồng đồng ý; cần ít nhất 6 (quá 50%")


def test_inconsistent_counts_are_named_in_the_refusal():
    with pytest.raises(VoteCountError) as caught:
        assess_vote(shipped(), "CSTDCS", 10, 5, 6)
    assert str(caught.value) == "Số liệu biểu quyết không hợp lệ: total_members=10, present=5, written=0, yes=6."


@pytest.mark.parametrize(("total", "present", "yes", "written"), [(10, 10, 0, -1), (10, 10, -1, 0), (-1, 0, 0, 0)])
def test_negative_counts_are_refused(total, present, yes, written):
    with pytest.raises(VoteCountError):
        assess_vote(shipped(), "CSTDCS", total, present, yes, written)


def test_written_votes_are_votes_where_the_rule_set_predates_the_switch():
    ruleset = shipped(drop_written_vote=True)
    assert written_counts_towards_vote(ruleset) == Param(value=True, article=WRITTEN_VOTE_ARTICLE)
    assert assess_vote(ruleset, "LDTT", 10, 7, 8, written=1).passed


def test_written_votes_are_not_votes_where_the_rule_set_says_so():
    ruleset = shipped("ND91-2017/v1").with_overlay({"basis": "Quy chế", "written_counts_towards_vote": False})
    with pytest.raises(VoteCountError):
        assess_vote(ruleset, "LDTT", 10, 9, 10, written=1)


def test_without_written_votes_only_those_present_attend_even_where_written_votes_count():
    ruleset = shipped("ND91-2017/v1").with_overlay({"basis": "Quy chế", "written_counts_towards_quorum": True})
    assert assess_quorum(ruleset, 9, 5).attending == 5
    assert assess_quorum(ruleset, 9, 5, written=1).attending == 6


def test_a_negative_count_present_is_refused_even_when_written_votes_make_up_for_it():
    with pytest.raises(VoteCountError):
        assess_vote(shipped(), "LDTT", 10, -1, 1, written=2)


def test_without_a_threshold_a_candidate_with_no_votes_is_still_ranked():
    assert rank_within_quota([("a", 0)], None).selected == ("a",)


def test_a_zero_quota_still_sets_aside_those_below_the_threshold():
    assert rank_within_quota([("a", 9), ("b", 1)], 0, min_yes=5) == QuotaRanking((), ("a",), False, (), ("b",))
