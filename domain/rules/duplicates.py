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


SAME_CITIZEN_ID, SAME_NAME_AND_BIRTH = "trùng số căn cước công dân", "trùng họ tên (không dấu) và ngày sinh"


def identity_keys(full_name: str, born_on: date | None, citizen_id: str | None) -> dict[str, tuple]:
    """What makes two records likely one person, by reason: the same CCCD, or the same name without
    diacritics and the same date of birth (none when it is not recorded)."""
    keys: dict[str, tuple] = {}
    if citizen_id:
        keys[SAME_CITIZEN_ID] = (citizen_id,)
    if born_on is not None:
        keys[SAME_NAME_AND_BIRTH] = (fold(full_name), born_on)
    return keys


def possible_duplicates(candidate: PersonOnFile, on_file: Iterable[PersonOnFile]) -> list[PossibleDuplicate]:
    """The people on file the candidate may be, each with why (same CCCD first)."""
    mine = identity_keys(candidate.full_name, candidate.born_on, candidate.citizen_id)
    found = []
    for other in on_file:
        if other.person_id == candidate.person_id:
            continue
        theirs = identity_keys(other.full_name, other.born_on, other.citizen_id)
        reason = next((why for why, key in mine.items() if theirs.get(why) == key), None)
        if reason is not None:
            found.append(PossibleDuplicate(other.person_id, other.full_name, reason))
    return sorted(found, key=lambda d: (d.reason_vi != SAME_CITIZEN_ID, d.full_name))
