"""Duplicate-person warnings (domain.rules.duplicates): same citizen ID, or same name without diacritics and
same date of birth; and the folding search uses ("nguyen van a" for "Nguyễn Văn A")."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.exceptions import InvalidCommandError
from domain.rules.duplicates import PersonOnFile, checked_citizen_id, folded, possible_duplicates

BORN = date(1990, 1, 2)
ON_FILE = [
    PersonOnFile(UUID(int=1), "Nguyễn Văn A", BORN, "001090000001"),
    PersonOnFile(UUID(int=2), "Đặng Thị Hòa", BORN, None),
    PersonOnFile(UUID(int=3), "Nguyễn Văn A", date(1991, 1, 2), None),
]


@pytest.mark.parametrize(("text", "words"), [
    ("Nguyễn Văn A", "nguyen van a"), ("ĐẶNG ĐỨC DŨNG", "dang duc dung"), ("Quyết định 05/QĐ-UBND", "quyet dinh 05 qd ubnd"),
    ("  Lò   Thị Hoà ", "lo thi hoa"), ("Lò Thị Hòa", "lo thi hoa"), ("!!!", ""),
])
def test_folding_drops_diacritics_case_and_punctuation(text, words):
    assert folded(text) == words


@pytest.mark.parametrize(("candidate", "warned"), [
    (PersonOnFile(UUID(int=9), "NGUYEN VAN A", BORN), [(UUID(int=1), "trùng họ tên (không dấu) và ngày sinh")]),
    (PersonOnFile(UUID(int=9), "Dang Thi Hoa", BORN), [(UUID(int=2), "trùng họ tên (không dấu) và ngày sinh")]),
    (PersonOnFile(UUID(int=9), "Trần Văn B", None, "001090000001"), [(UUID(int=1), "trùng số căn cước công dân")]),
    (PersonOnFile(UUID(int=9), "Nguyễn Văn A", None, None), []),  # a name alone is not enough
    (PersonOnFile(UUID(int=9), "Nguyễn Văn Anh", BORN), []),
    (PersonOnFile(UUID(int=1), "Nguyễn Văn A", BORN, "001090000001"), []),  # oneself
])
def test_possible_duplicates(candidate, warned):
    assert [(d.person_id, d.reason_vi) for d in possible_duplicates(candidate, ON_FILE)] == warned


def test_the_same_citizen_id_comes_before_the_same_name():
    candidate = PersonOnFile(UUID(int=9), "Đặng Thị Hoà", BORN, "001090000001")

    assert [d.person_id for d in possible_duplicates(candidate, ON_FILE)] == [UUID(int=1), UUID(int=2)]


@pytest.mark.parametrize("value", ["12345", "0010900000012", "00109000000a", "001 09000 0001"])
def test_a_citizen_id_has_exactly_twelve_digits(value):
    with pytest.raises(InvalidCommandError, match="đúng 12 chữ số"):
        checked_citizen_id(value)


def test_no_citizen_id_is_none():
    assert checked_citizen_id("") is None and checked_citizen_id(None) is None and checked_citizen_id("001090000001")
