"""The agency bonus fund aggregate (Decree 73/2024 Art. 4): never overspent, no payment after 31 January."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from domain.bonus_fund import BonusFund
from domain.exceptions import InvalidCommandError, RuleViolationError, SeparationOfDutiesError, StageOrderError
from domain.rules.bonus import periodic_shares
from domain.values import Rating

AT = datetime(2025, 12, 1, 3, tzinfo=timezone.utc)
ARTICLE = "Điều 4 khoản 4 Nghị định 73/2024/NĐ-CP"
CLERK, HEAD, PERSON = uuid4(), uuid4(), uuid4()
QD_786 = {"HTXSNV": 3.0, "HTTNV": 2.4, "HTNV": 1.0}
IN_YEAR, LAST_DAY, LAPSED = date(2025, 12, 20), date(2026, 1, 31), date(2026, 2, 1)


def opened(amount: int = 100_000_000) -> BonusFund:
    unit = uuid4()
    return BonusFund(
        unit_id=unit, year=2025, covered_unit_ids=[unit], salary_fund=amount * 10, fund_share="1/10", amount=amount,
        rules_reference="Quy chế tiền thưởng", levels=QD_786, levels_basis="QĐ 786/QĐ-BNV", pay_from=date(2025, 1, 1),
        pay_until=LAST_DAY, ruleset_version="ND152-2025/v1", article=ARTICLE, reason="", by=CLERK, role="unit_clerk",
        at=AT,
    )


def who(person) -> dict:
    return {"by": person, "role": "r", "at": AT}


def ad_hoc(fund: BonusFund, amount: int, on: date = IN_YEAR) -> None:
    payment = {"person_id": PERSON, "person_name": "A", "unit_id": fund.unit_id, "amount": amount}
    fund.pay_ad_hoc(payment, on, "v", reason="Thành tích đột xuất", **who(HEAD))


def allocate(fund: BonusFund, pool: int, total: int | None = None, on: date = IN_YEAR) -> None:
    fund.allocate_periodic(pool, [{"amount": pool if total is None else total}], on, "v", **who(CLERK))


@pytest.mark.parametrize(("spent", "then"), [
    pytest.param(lambda f: ad_hoc(f, 100_000_001), None, id="one ad-hoc bonus above the fund"),
    pytest.param(lambda f: ad_hoc(f, 40_000_000), lambda f: allocate(f, 60_000_001), id="periodic pool above what ad-hoc left"),
    pytest.param(lambda f: allocate(f, 90_000_000), lambda f: ad_hoc(f, 10_000_001), id="ad hoc above what the allocation left"),
])
def test_the_fund_is_never_overspent_art_4(spent, then):
    """ND 73/2024 Art. 4: the fund is 10% of the salary fund; nothing is paid beyond it."""
    fund = opened()

    with pytest.raises(RuleViolationError, match="Nghị định 73/2024/NĐ-CP") as refused:
        spent(fund)
        then(fund)

    assert "Vượt quỹ tiền thưởng năm 2025" in str(refused.value)


@pytest.mark.parametrize(("on", "allowed"), [
    pytest.param(IN_YEAR, True, id="within the year"),
    pytest.param(LAST_DAY, True, id="31 January of the next year is the last day — ND 73/2024 Art. 4(4)"),
    pytest.param(LAPSED, False, id="no carry-over after 31 January — ND 73/2024 Art. 4(4)"),
    pytest.param(date(2024, 12, 31), False, id="not before the fund's year"),
])
@pytest.mark.parametrize("pay", [lambda f, on: ad_hoc(f, 1_000_000, on), lambda f, on: allocate(f, 1_000_000, on=on)])
def test_payments_only_inside_the_window(pay, on, allowed):
    fund = opened()

    if allowed:
        pay(fund, on)
        assert fund.balance == 99_000_000
    else:
        with pytest.raises(RuleViolationError, match=ARTICLE):
            pay(fund, on)


def test_a_new_allocation_replaces_the_unpaid_one_and_its_preparer_may_not_pay_it():
    fund = opened()
    allocate(fund, 80_000_000, total=79_999_990)
    allocate(fund, 90_000_000, total=89_999_999)

    with pytest.raises(SeparationOfDutiesError):
        fund.pay_periodic(IN_YEAR, "v", **who(CLERK))
    fund.pay_periodic(IN_YEAR, "v", **who(HEAD))

    assert (fund.allocated, fund.paid, fund.balance, fund.status) == (89_999_999, 89_999_999, 10_000_001, "paid")
    with pytest.raises(StageOrderError):
        allocate(fund, 1_000_000)


def test_the_unpaid_balance_lapses_only_after_31_january():
    fund = opened()
    ad_hoc(fund, 11_700_000)
    allocate(fund, 60_000_000)

    with pytest.raises(RuleViolationError, match="còn được chi đến hết ngày 31/01/2026"):
        fund.lapse(LAST_DAY, "v", **who(CLERK))
    fund.lapse(LAPSED, "v", **who(CLERK))

    lapsed = fund.collect_events()[-1]
    assert (lapsed.remaining, lapsed.unpaid_allocation, lapsed.article) == (88_300_000, 60_000_000, ARTICLE)
    assert fund.status == "lapsed"
    with pytest.raises(StageOrderError):
        fund.lapse(LAPSED, "v", **who(CLERK))


@pytest.mark.parametrize("amount", [0, -5])
def test_nothing_or_less_is_not_a_payment(amount):
    with pytest.raises(InvalidCommandError):
        ad_hoc(opened(), amount)


@pytest.mark.parametrize(("rating", "pool", "amount", "level", "reason"), [
    pytest.param(Rating.EXCELLENT, 9_400_000, 3_000_000, "3.0", "", id="HTXSNV 3.0 × base — QĐ 786/QĐ-BNV example levels"),
    pytest.param(Rating.GOOD, 8_800_000, 2_400_000, "2.4", "", id="HTTNV 2.4 × base"),
    pytest.param(Rating.COMPLETED, 7_400_000, 1_000_000, "1.0", "", id="HTNV 1.0 × base"),
    pytest.param(Rating.NOT_COMPLETED, 6_400_000, 0, None, "không có mức thưởng", id="KHTNV has no level — ND 73/2024 Art. 4"),
    pytest.param(None, 6_400_000, 0, None, "Chưa có kết quả đánh giá, xếp loại năm 2025", id="no rating, nothing"),
])
def test_periodic_shares_follow_the_agency_levels(rating, pool, amount, level, reason):
    """Each person gets level × (pool / sum of levels): 1,000,000 đồng per level here."""
    ratings = {"a": Rating.EXCELLENT, "b": Rating.GOOD, "c": Rating.COMPLETED, "x": rating}

    shares = periodic_shares(pool, ratings, QD_786, 2025)

    assert (shares["x"].amount, shares["x"].level) == (amount, level)
    assert reason in shares["x"].reason
    assert shares["a"].amount == 3_000_000
