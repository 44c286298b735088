"""Who may sign: the signer's level must be one the catalogue allows for the title or form."""

from __future__ import annotations

from domain.rules.ruleset import RuleSet
from domain.rules.verdicts import Unmet

SIGNER_NAMES_VI = {
    "unit_head": "Thủ trưởng cơ quan, đơn vị hoặc Chủ tịch Ủy ban nhân dân cấp xã",
    "province": "Bộ trưởng, Thủ trưởng cơ quan ngang bộ hoặc Chủ tịch Ủy ban nhân dân cấp tỉnh",
    "prime_minister": "Thủ tướng Chính phủ",
}


def check_authority(ruleset: RuleSet, code: str, signer_level: str) -> Unmet | None:
    """None when `signer_level` may confer `code` (Law Arts 79–80; ND 129/2025 Art. 59), else why not."""
    spec = ruleset.title(code)
    if signer_level in spec.signers.value:
        return None
    allowed = "; ".join(SIGNER_NAMES_VI[level] for level in spec.signers.value)
    return Unmet.of(
        "authority",
        f"Cấp ký «{SIGNER_NAMES_VI.get(signer_level, signer_level)}» không có thẩm quyền tặng «{spec.name_vi}»; "
        f"thẩm quyền thuộc {allowed}",
        f"Signer level “{signer_level}” may not confer “{spec.name_en}”; allowed: {', '.join(spec.signers.value)}",
        spec.signers.article,
    )
