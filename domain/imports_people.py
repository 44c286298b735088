"""Duplicate-person warnings on import: two people with one citizen ID, or with one name (diacritics aside)
and one date of birth, are likely one person entered twice. A warning, not a refusal: namesakes exist."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.imports import Problem, Row
from domain.imports_values import fold


@dataclass(frozen=True)
class Known:
    """A person already on file: key, name, citizen ID and date of birth (None when not recorded)."""

    key: str
    full_name: str
    citizen_id: str | None
    born_on: date | None


def duplicate_people(rows: Iterable[Row], known: Iterable[Known], sheet: str = "Cán bộ") -> list[Problem]:
    """A warning for each row whose citizen ID, or folded name and date of birth, an earlier row or a
    person on file already has under another key."""
    seen_ids: dict[str, str] = {k.citizen_id: f"«{k.key}» (đã có trong hệ thống)" for k in known if k.citizen_id}
    seen_names: dict[tuple[str, date], str] = {}
    for k in known:
        if k.born_on is not None:
            seen_names.setdefault((fold(k.full_name), k.born_on), f"«{k.key}» (đã có trong hệ thống)")
    warnings = []
    for row in rows:
        v, here = row.values, f"«{row.values['key']}» (dòng {row.number})"
        cid, born = v.get("citizen_id"), v.get("born_on")
        if cid and seen_ids.setdefault(cid, here) != here and not seen_ids[cid].startswith(f"«{v['key']}»"):
            warnings.append(Problem(sheet, row.number, "Số CCCD", cid, f"Trùng số CCCD với cán bộ {seen_ids[cid]}."))
        name = (fold(v["full_name"]), born)
        if born is not None and seen_names.setdefault(name, here) != here and not seen_names[name].startswith(f"«{v['key']}»"):
            warnings.append(Problem(
                sheet, row.number, "Họ và tên", v["full_name"],
                f"Trùng họ tên và ngày sinh ({born:%d/%m/%Y}) với cán bộ {seen_names[name]}: có thể là một người.",
            ))
    return warnings
