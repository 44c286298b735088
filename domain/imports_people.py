"""Duplicate-person warnings on import: two people with one citizen ID, or with one name (diacritics aside)
and one date of birth, are likely one person entered twice. A warning, not a refusal: namesakes exist."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.imports import Problem, Row
from domain.rules.duplicates import SAME_CITIZEN_ID, identity_keys


@dataclass(frozen=True)
class Known:
    """A person already on file: key, name, citizen ID and date of birth (None when not recorded)."""

    key: str
    full_name: str
    citizen_id: str | None
    born_on: date | None


def duplicate_people(rows: Iterable[Row], known: Iterable[Known], sheet: str = "Cán bộ") -> list[Problem]:
    """A warning for each row that an earlier row or a person on file under another key may be
    (domain.rules.duplicates.identity_keys: the same CCCD, or the same folded name and date of birth)."""
    seen: dict[tuple[str, tuple], tuple[str, str]] = {}  # (reason, key) -> (person key, how to name them)
    for k in known:
        for reason, key in identity_keys(k.full_name, k.born_on, k.citizen_id).items():
            seen.setdefault((reason, key), (k.key, f"«{k.key}» (đã có trong hệ thống)"))
    warnings = []
    for row in rows:
        v = row.values
        for reason, key in identity_keys(v["full_name"], v.get("born_on"), v.get("citizen_id")).items():
            other_key, other = seen.setdefault((reason, key), (v["key"], f"«{v['key']}» (dòng {row.number})"))
            if other_key != v["key"]:
                warnings.append(warning(sheet, row, reason, other))
    return warnings


def warning(sheet: str, row: Row, reason: str, other: str) -> Problem:
    v = row.values
    if reason == SAME_CITIZEN_ID:
        return Problem(sheet, row.number, "Số CCCD", v["citizen_id"], f"Trùng số CCCD với cán bộ {other}.")
    return Problem(sheet, row.number, "Họ và tên", v["full_name"],
                   f"Trùng họ tên và ngày sinh ({v['born_on']:%d/%m/%Y}) với cán bộ {other}: có thể là một người.")
