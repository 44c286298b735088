"""Only the highest title of one person and one period is paid (ND 152 Art. 49, DOMAIN.md §7.2 rule 4), also when
the titles come in two decisions: the later decision pays what the higher title adds, or nothing."""

from datetime import date

import pytest

from domain import commands as c
from domain.exceptions import RuleViolationError
from domain.values import Actor
from tests.application.test_decision_rules import draft, nominated, voted
from tests.application.test_lifecycle import world  # noqa: F401 - shared fixture


def two_titles_voted(world, app, clock):
    """LĐTT and CSTĐCS of 2025 for one person, both passed by the council; the clock on 10 January 2026."""
    nominee = world.staff[0]
    app.record_rating(Actor.system(), c.RecordRating(nominee, 2025, "HTXSNV", reason="Kết quả đánh giá cuối năm"))
    ldtt, cstdcs = nominated(world, clock, nominee, "LDTT"), nominated(world, clock, nominee, "CSTDCS")
    voted(world, clock, [ldtt, cstdcs], until=date(2025, 12, 20), meeting=(2026, 1, 6))
    clock.set(2026, 1, 10, 9)
    return ldtt, cstdcs


def test_a_higher_title_in_a_later_decision_pays_only_the_difference(world, app, clock):
    ldtt, cstdcs = two_titles_voted(world, app, clock)
    first = draft(world, [ldtt], date(2026, 1, 10))
    app.sign_decision(world.as_signer, c.SignDecision(first))
    second = draft(world, [cstdcs], date(2026, 1, 10), number="06/QĐ-SKHCN")
    app.sign_decision(world.as_signer, c.SignDecision(second))

    paid_first = app.repository.get(first).items[0]
    later = app.repository.get(second).items[0]
    assert paid_first["paid_amount"] == paid_first["amount"] == 710_000
    assert later["paid_amount"] == later["amount"] - paid_first["paid_amount"]
    assert app.repository.get(second).totals["amount"] == later["paid_amount"]


def test_a_lower_title_after_a_higher_one_is_not_paid(world, app, clock):
    ldtt, cstdcs = two_titles_voted(world, app, clock)
    app.sign_decision(world.as_signer, c.SignDecision(draft(world, [cstdcs], date(2026, 1, 10))))
    later = draft(world, [ldtt], date(2026, 1, 10), number="06/QĐ-SKHCN")

    item = app.repository.get(later).items[0]
    assert (item["paid"], item["paid_amount"]) == (False, 0)


def test_a_draft_priced_before_another_signature_for_the_same_year_is_not_signed(world, app, clock):
    ldtt, cstdcs = two_titles_voted(world, app, clock)
    first, second = draft(world, [ldtt], date(2026, 1, 10)), draft(world, [cstdcs], date(2026, 1, 10), number="06/QĐ-SKHCN")
    app.sign_decision(world.as_signer, c.SignDecision(first))
    before = app.recorder.max_notification_id()

    with pytest.raises(RuleViolationError, match="Điều 49"):
        app.sign_decision(world.as_signer, c.SignDecision(second))
    assert app.recorder.max_notification_id() == before
