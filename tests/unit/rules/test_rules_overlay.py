"""Province- and campaign-level overlays: validated keys, only configurable values, cited basis."""

from __future__ import annotations

import pytest

from domain.rules.errors import NotConfigurableError, RuleSetError, UnknownOverlayKeyError
from domain.rules.overlay import check_overlay

BAC_NINH = "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh"


def test_overlay_changes_tldtt_share_and_cites_its_basis(rulesets):
    """Law Art. 28 share is unconfirmed (>50% vs ≥70%): a province sets it."""
    overlay = {"basis": BAC_NINH, "criteria": {"TLDTT": {"min_ldtt_share": {"value": 0.7, "strict": False}}}}

    share = rulesets["ND152-2025/v1"].with_overlay(overlay).title("TLDTT").criteria["min_ldtt_share"]

    assert (share["value"], share["strict"], share["article"]) == ("7/10", False, BAC_NINH)


def test_overlay_adds_quotas_caps_and_posting_days(rulesets):
    overlay = {
        "basis": BAC_NINH, "quorum": "4/5", "posting_days": 7, "posting_days_by_title": {"CSTDCS": 10},
        "quotas": {"TLDXS": {"max_share_of": "TLDTT", "share": 0.2, "minimum": 1, "scope": "all"}},
        "per_unit_max_individuals": 5, "per_unit_max_collectives": 1, "max_per_title": {"BK_TINH": 10},
    }

    ruleset = rulesets["ND152-2025/v1"].with_overlay(overlay)

    assert ruleset.param("council", "quorum").value == "4/5"
    assert (ruleset.posting_days(), ruleset.posting_days("CSTDCS"), ruleset.posting_article) == (7, 10, BAC_NINH)
    assert ruleset.section("quotas")["TLDXS"]["minimum"] == 1
    assert ruleset.section("unit_caps")["individual"]["value"] == 5
    assert ruleset.council_quota("BK_TINH") == 10 and ruleset.council_quota("LDTT") is None


def test_overlays_stack_province_then_campaign(rulesets):
    province = {"basis": BAC_NINH, "per_unit_max_individuals": 5}
    campaign = {"basis": "Kế hoạch 0125/KH-UBND", "per_unit_max_individuals": 3}

    ruleset = rulesets["ND152-2025/v1"].with_overlay(province).with_overlay(campaign)

    assert ruleset.section("unit_caps")["individual"]["value"] == 3


def test_plain_number_for_a_share_means_at_least(rulesets):
    """Law Art. 28's default is "more than 50%"; an overlay's plain 0.7 reads "at least 70%"."""
    overlay = {"basis": BAC_NINH, "criteria": {"TLDTT": {"min_ldtt_share": 0.7}}}

    share = rulesets["ND98-2023/v1"].with_overlay(overlay).title("TLDTT").criteria["min_ldtt_share"]

    assert (share["value"], share["strict"]) == ("7/10", False)


def test_overlay_leaves_the_original_untouched(rulesets):
    original = rulesets["ND152-2025/v1"]

    original.with_overlay({"basis": BAC_NINH, "posting_days": 30})

    assert original.posting_days() == 5


@pytest.mark.parametrize("overlay", [
    pytest.param({"basis": BAC_NINH, "quorom": 0.8}, id="misspelt top-level key"),
    pytest.param({"basis": BAC_NINH, "criteria": {"TLDTT": {"min_share": 0.7}}}, id="unknown criterion"),
    pytest.param({"basis": BAC_NINH, "max_per_title": {"HUAN_CHUONG": 1}}, id="unknown title"),
    pytest.param({"basis": BAC_NINH, "quotas": {"TLDXS": {"max_share_of": "TLDTT", "share": 0.2, "cap": 1}}},
                 id="unknown quota key"),
    pytest.param({"basis": BAC_NINH, "coefficients": {"LDTT": {"collective": 1.0}}}, id="kind without coefficient"),
])
def test_unknown_overlay_keys_are_refused(rulesets, overlay):
    with pytest.raises(UnknownOverlayKeyError):
        rulesets["ND152-2025/v1"].with_overlay(overlay)


@pytest.mark.parametrize(("version", "overlay"), [
    pytest.param("ND98-2023/v1", {"vote_thresholds": {"CSTD_TINH": 0.5}}, id="ND 98 Art. 30(7) threshold is law"),
    pytest.param("ND152-2025/v1", {"coefficients": {"LDTT": {"individual": 0.5}}}, id="ND 152 Art. 50 coefficient"),
    pytest.param("ND91-2017/v1", {"quotas": {"CSTDCS": {"max_share_of": "LDTT", "share": 0.5}}},
                 id="ND 91 Art. 9(3) cap"),
    pytest.param("ND152-2025/v1", {"rounding_unit": 1000}, id="ND 152 Art. 49(2) rounding"),
])
def test_values_fixed_by_law_cannot_be_overlaid(rulesets, version, overlay):
    with pytest.raises(NotConfigurableError):
        rulesets[version].with_overlay({"basis": BAC_NINH, **overlay})


def test_unconfirmed_nd152_threshold_can_be_overlaid(rulesets):
    ruleset = rulesets["ND152-2025/v1"].with_overlay({"basis": BAC_NINH, "vote_thresholds": {"CSTDCS": 0.9}})

    assert ruleset.vote_threshold("CSTDCS").value == "9/10"


def test_title_without_own_threshold_gets_one_from_the_council_default(rulesets):
    ruleset = rulesets["ND98-2023/v1"].with_overlay({"basis": BAC_NINH, "vote_thresholds": {"LDTT": "2/3"}})

    assert ruleset.vote_threshold("LDTT").value == "2/3"


@pytest.mark.parametrize("overlay", [
    pytest.param({"quorum": 0.8}, id="no basis"),
    pytest.param({"basis": "  ", "quorum": 0.8}, id="blank basis"),
])
def test_overlay_must_cite_a_basis(overlay):
    with pytest.raises(RuleSetError):
        check_overlay(overlay)


@pytest.mark.parametrize("overlay", [
    pytest.param({"quorum": 1.5}, id="share above 1"),
    pytest.param({"quorum": "x"}, id="share not a number"),
    pytest.param({"per_unit_max_individuals": -1}, id="negative count"),
    pytest.param({"per_unit_max_individuals": True}, id="bool as count"),
    pytest.param({"written_counts_towards_quorum": "yes"}, id="flag not bool"),
    pytest.param({"criteria": {"TLDXS": {"no_member_discipline": 1}}}, id="criterion of another type"),
    pytest.param({"criteria": ["TLDTT"]}, id="list instead of mapping"),
    pytest.param({"quotas": {"TLDXS": {"share": 0.2}}}, id="quota without its base title"),
    pytest.param({"bonus_periodic_levels": {"XUAT_SAC": 3}}, id="unknown rating"),
])
def test_malformed_overlay_values_are_refused(rulesets, overlay):
    with pytest.raises(RuleSetError):
        rulesets["ND152-2025/v1"].with_overlay({"basis": BAC_NINH, **overlay})
