"""Whether a person being registered may already be on file: the same name written without diacritics and
the same date of birth, or the same citizen ID (CCCD). A warning to show, never a refusal: two people may
share a name and a birthday, and a typing error must not block a registration."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.exceptions import InvalidCommandError
from domain.imports_values import fold

NOT_WORDS = re.compile(r"[^a-z0-9]+")
CITIZEN_ID = re.compile(r"\d{12}")


def folded(text: str) -> str:
    """`fold`ed, and only letters and digits: "Quyết định 05/QĐ-UBND" → "quyet dinh 05 qd ubnd"."""
    return NOT_WORDS.sub(" ", fold(text)).strip()


def checked_citizen_id(value: str | None) -> str | None:
    """A citizen ID (CCCD) as recorded: exactly 12 digits, or none."""
    if value and not CITIZEN_ID.fullmatch(value):
        raise InvalidCommandError("Số căn cước công dân (CCCD) phải gồm đúng 12 chữ số.")
    return value or None


@dataclass(frozen=True)
class PersonOnFile:
    """What the duplicate check compares."""

    person_id: UUID
    full_name: str
    born_on: date | None = None
    citizen_id: str | None = None


@dataclass(frozen=True)
class PossibleDuplicate:
    person_id: UUID
    full_name: str
    reason_vi: str


def possible_duplicates(candidate: PersonOnFile, on_file: Iterable[PersonOnFile]) -> list[PossibleDuplicate]:
    """The people on file the candidate may be, each with why (same CCCD first)."""
    found = []
    for other in on_file:
        if other.person_id == candidate.person_id:
            continue
        if candidate.citizen_id and other.citizen_id == candidate.citizen_id:
            found.append(PossibleDuplicate(other.person_id, other.full_name, "trùng số căn cước công dân"))
        elif (candidate.born_on and other.born_on == candidate.born_on
              and fold(other.full_name) == fold(candidate.full_name)):
            found.append(PossibleDuplicate(other.person_id, other.full_name, "trùng họ tên (không dấu) và ngày sinh"))
    return sorted(found, key=lambda d: (d.reason_vi != "trùng số căn cước công dân", d.full_name))
