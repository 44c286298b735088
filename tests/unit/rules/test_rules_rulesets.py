"""The shipped rule-set data: catalogue, provenance of every number, JSON-friendliness."""

from __future__ import annotations

import json
from datetime import date

import pytest

from domain.rules.ruleset import SIGNER_LEVELS, RuleSet
from domain.rulesets import load_salary_schedule, load_shipped_rulesets
from domain.values import NomineeKind

CODES = {
    "LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TLDTT", "TLDXS", "CO_TINH", "CO_CP", "BK_TTG", "BK_TINH", "GIAY_KHEN",
}


def _params(node, path=()):
    """Every {value, article, ...} table in the data, with its path."""
    if isinstance(node, dict):
        if "value" in node and "article" in node:
            yield path, node
        for key, child in node.items():
            yield from _params(child, (*path, key))


def test_three_regimes_ship_in_date_order():
    versions = [d["version"] for d in load_shipped_rulesets()]

    assert versions == ["ND91-2017/v1", "ND98-2023/v1", "ND152-2025/v1"]


@pytest.mark.parametrize("data", load_shipped_rulesets(), ids=lambda d: d["version"])
def test_catalogue_has_exactly_the_agreed_codes(data):
    assert set(data["titles"]) == CODES


@pytest.mark.parametrize("data", load_shipped_rulesets(), ids=lambda d: d["version"])
def test_every_number_cites_an_article_and_a_confidence_label(data):
    params = list(_params(data))

    assert len(params) > 40
    for path, param in params:
        assert param["article"].strip(), path
        assert param["confidence"] in {"H", "M", "L"}, path


@pytest.mark.parametrize("data", load_shipped_rulesets(), ids=lambda d: d["version"])
def test_unconfirmed_numbers_are_configurable(data):
    """DOMAIN.md [L] / "not confirmed" values must be changeable by an overlay."""
    for path, param in _params(data):
        if param.get("confirmed") is False or param["confidence"] == "L":
            assert param.get("configurable") is True, path


@pytest.mark.parametrize("data", load_shipped_rulesets(), ids=lambda d: d["version"])
def test_data_is_json_friendly_for_the_published_event(data):
    assert json.loads(json.dumps(data)) == data
    assert RuleSet.from_dict(data).as_dict() == data


@pytest.mark.parametrize("data", load_shipped_rulesets(), ids=lambda d: d["version"])
def test_legal_bases_read_as_can_cu_lines(data):
    bases = RuleSet.from_dict(data).legal_bases

    assert bases and all(b.startswith(("Luật", "Nghị định", "Thông tư")) for b in bases)
    assert any("Thi đua, khen thưởng" in b for b in bases)


def test_periods_follow_each_other_without_gap(rulesets):
    nd91, nd98, nd152 = rulesets.values()

    assert nd91.effective_to == date(2023, 12, 31) and nd98.effective_from == date(2024, 1, 1)
    assert nd98.effective_to == date(2025, 6, 30) and nd152.effective_from == date(2025, 7, 1)
    assert nd152.effective_to is None


@pytest.mark.parametrize(("code", "kinds", "signers", "ballot"), [
    ("LDTT", (NomineeKind.INDIVIDUAL,), ["unit_head"], False),
    ("CSTDCS", (NomineeKind.INDIVIDUAL,), ["unit_head"], True),
    ("CSTD_TINH", (NomineeKind.INDIVIDUAL,), ["province"], True),
    ("CSTD_TQ", (NomineeKind.INDIVIDUAL,), ["prime_minister"], True),
    ("TLDTT", (NomineeKind.COLLECTIVE,), ["unit_head"], False),
    ("TLDXS", (NomineeKind.COLLECTIVE,), ["province"], False),
    ("CO_TINH", (NomineeKind.COLLECTIVE,), ["province"], True),
    ("CO_CP", (NomineeKind.COLLECTIVE,), ["prime_minister"], True),
    ("BK_TTG", (NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE), ["prime_minister"], False),
    ("BK_TINH", (NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE), ["province"], False),
    ("GIAY_KHEN", (NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE), ["unit_head"], False),
])
def test_nd98_catalogue_entry_matches_law_arts_79_80_and_nd98_art_30_7(rulesets, code, kinds, signers, ballot):
    spec = rulesets["ND98-2023/v1"].title(code)

    assert (spec.kinds, spec.signers.value, spec.ballot_required.value) == (kinds, signers, ballot)
    assert set(spec.signers.value) <= set(SIGNER_LEVELS)


@pytest.mark.parametrize(("version", "code", "threshold"), [
    ("ND98-2023/v1", "CSTD_TINH", "9/10"), ("ND98-2023/v1", "CSTD_TQ", "9/10"),
    ("ND98-2023/v1", "CSTDCS", "4/5"), ("ND98-2023/v1", "CO_TINH", "4/5"), ("ND98-2023/v1", "CO_CP", "4/5"),
    ("ND91-2017/v1", "CSTD_TINH", "9/10"), ("ND152-2025/v1", "CSTDCS", "4/5"),
])
def test_ballot_thresholds_nd98_art_30_7_and_nd91_art_45_8(rulesets, version, code, threshold):
    assert rulesets[version].title(code).vote.value == threshold


def test_nd152_thresholds_are_marked_unconfirmed(rulesets):
    """DOMAIN.md open question 1: ND 152 thresholds assumed equal to ND 98 Art. 30(7)."""
    vote = rulesets["ND152-2025/v1"].title("CSTD_TINH").vote

    assert (vote.confirmed, vote.configurable, vote.confidence) == (False, True, "L")


def test_chains_name_the_title_sequence(rulesets):
    ruleset = rulesets["ND152-2025/v1"]

    assert ruleset.chain("individual") == ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ")
    assert ruleset.title("CSTDCS").chain == "individual" and ruleset.title("BK_TINH").chain is None


def test_only_nd91_caps_cstdcs_at_15_percent_of_ldtt(rulesets):
    """ND 91/2017 Art. 9(3); no national cap since 2024 (DOMAIN.md §3.1)."""
    assert rulesets["ND91-2017/v1"].section("quotas")["CSTDCS"]["share"]["value"] == "3/20"
    assert not rulesets["ND98-2023/v1"].section("quotas") and not rulesets["ND152-2025/v1"].section("quotas")


def test_salary_schedule_carries_its_decrees():
    periods = load_salary_schedule()

    assert [p["amount"] for p in periods] == [1_490_000, 1_800_000, 2_340_000]
    assert periods[2]["article"] == "Điều 3 khoản 2 Nghị định 73/2024/NĐ-CP"
