"""The paperwork's rules: which dossiers a tờ trình lists, who signs for a unit."""

from datetime import date

from domain.rules.paperwork import listed_in_submission, signatory
from domain.values import Role


def test_a_submission_lists_only_dossiers_sent_and_not_taken_back() -> None:
    received = date(2025, 11, 3)
    assert listed_in_submission("unit_approved", received)
    assert listed_in_submission("rejected", received)  # sent, then refused: it was still proposed
    assert not listed_in_submission("drafted", None)
    assert not listed_in_submission("withdrawn", received)
    assert not listed_in_submission("submitted", None)  # not yet received by the next level


def test_the_unit_head_signs_and_an_issuing_body_without_one_signs_by_its_signer() -> None:
    head, director = {"full_name": "Trưởng phòng"}, {"full_name": "Giám đốc Sở"}
    assert signatory({Role.UNIT_HEAD: [head], Role.SIGNER: [director]}) is head
    assert signatory({Role.UNIT_HEAD: [], Role.SIGNER: [director]}) is director
    assert signatory({Role.UNIT_HEAD: [], Role.SIGNER: []}) is None
