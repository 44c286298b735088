"""Written votes of absent members (phiếu bằng văn bản) as rule-set values, and the council quorum's article
(issue #15)."""

from __future__ import annotations

import pytest

from domain.rules.council import assess_quorum, assess_vote
from domain.rules.errors import NotConfigurableError, VoteCountError

ND91, ND98, ND152 = "ND91-2017/v1", "ND98-2023/v1", "ND152-2025/v1"
KEYS = ("written_counts_towards_quorum", "written_counts_towards_vote")


@pytest.mark.parametrize("version", [ND91, ND98, ND152])
def test_every_rule_set_says_how_written_votes_count(rulesets, version):
    for key in KEYS:
        param = rulesets[version].param("council", key)
        assert isinstance(param.value, bool) and param.article


def test_nd98_counts_written_votes_toward_the_vote_by_law(rulesets):
    """ND 98 Art. 30(7): absent members' written opinions are votes over the total membership [H]."""
    param = rulesets[ND98].param("council", "written_counts_towards_vote")

    assert (param.value, param.confidence, param.configurable) == (True, "H", False)
    with pytest.raises(NotConfigurableError):
        rulesets[ND98].with_overlay({"basis": "Quy chế", "written_counts_towards_vote": False})


def test_unconfirmed_rules_on_written_votes_are_configurable(rulesets):
    overlay = {"basis": "Quy chế Hội đồng", "written_counts_towards_quorum": True, "written_counts_towards_vote": False}
    ruleset = rulesets[ND152].with_overlay(overlay)

    assert [ruleset.param("council", key).value for key in KEYS] == [True, False]


def test_written_votes_outside_the_vote_cannot_make_the_yes_count(rulesets):
    ruleset = rulesets[ND152].with_overlay({"basis": "Quy chế", "written_counts_towards_vote": False})

    assert assess_vote(ruleset, "LDTT", 5, 4, 3, written=1).passed
    with pytest.raises(VoteCountError):
        assess_vote(ruleset, "LDTT", 5, 4, 5, written=1)


@pytest.mark.parametrize(("counts_written", "met"), [(False, False), (True, True)])
def test_quorum_counts_written_votes_as_the_rule_set_says(rulesets, counts_written, met):
    ruleset = rulesets[ND152].with_overlay({"basis": "Quy chế", "written_counts_towards_quorum": counts_written})

    assert assess_quorum(ruleset, 5, present=3, written=1).met is met


@pytest.mark.parametrize("version", [ND98, ND152])
def test_a_department_councils_quorum_cites_the_article_governing_that_council(rulesets, version):
    """DOMAIN.md §5.1-5.2: ND 98 Art. 47(4)(b) is the Central Council's quorum; a department or unit council's
    is TT 25/2025/TT-BKHCN Art. 23 (a province's own council is an overlay, e.g. Bắc Ninh Art. 8(4))."""
    article = rulesets[version].quorum.article

    assert article.startswith("Điều 23 Thông tư 25/2025/TT-BKHCN")
    assert "Điều 47" not in article and "Bắc Ninh" not in article
