"""Signer authority by title (Law Arts 79–80; ND 129/2025 Art. 59)."""

from __future__ import annotations

import pytest

from domain.rules.authority import check_authority

ND152 = "ND152-2025/v1"


@pytest.mark.parametrize(("code", "level"), [
    ("LDTT", "unit_head"), ("CSTDCS", "unit_head"), ("TLDTT", "unit_head"), ("GIAY_KHEN", "unit_head"),
    ("CSTD_TINH", "province"), ("TLDXS", "province"), ("CO_TINH", "province"), ("BK_TINH", "province"),
    ("CSTD_TQ", "prime_minister"), ("CO_CP", "prime_minister"), ("BK_TTG", "prime_minister"),
])
def test_matching_signer_level_may_confer(rulesets, code, level):
    assert check_authority(rulesets[ND152], code, level) is None


@pytest.mark.parametrize(("code", "level"), [
    ("CSTD_TINH", "unit_head"), ("BK_TINH", "unit_head"), ("TLDXS", "unit_head"), ("BK_TTG", "province"),
    ("LDTT", "province"), ("LDTT", "district_chairman"),
])
def test_other_signer_levels_are_refused_with_the_article(rulesets, code, level):
    refusal = check_authority(rulesets[ND152], code, level)

    assert refusal is not None and refusal.code == "authority"
    assert refusal.message_vi.endswith(f"({refusal.article})")


def test_commune_chairman_article_after_two_tier_reform(rulesets):
    refusal = check_authority(rulesets[ND152], "LDTT", "province")

    assert refusal.article == "Điều 80 Luật TĐKT 2022; Điều 59 Nghị định 129/2025/NĐ-CP"
    assert "Chủ tịch Ủy ban nhân dân cấp xã" in refusal.message_vi
