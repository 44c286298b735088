"""Rule 28: the appraisal of a complete dossier is due 20 working days after the unit's approval
(ND 98 Art. 32(2); QĐ 638/QĐ-BNV), read from the rule set, Saturdays, Sundays and public holidays not counted."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import shipped_calendar
from domain.rules.deadlines import appraisal_due
from domain.rules.working_days import WorkingCalendar
from tests.unit.rules.conftest import ND91, ND98, ND152


@pytest.mark.parametrize(("start", "days", "due"), [
    pytest.param(date(2025, 12, 5), 1, date(2025, 12, 8), id="Friday + 1 working day is Monday"),
    pytest.param(date(2025, 12, 6), 1, date(2025, 12, 8), id="from a Saturday, the next working day"),
    pytest.param(date(2025, 12, 1), 5, date(2025, 12, 8), id="Monday + 5 is the next Monday"),
    pytest.param(date(2025, 12, 1), 0, date(2025, 12, 1), id="no days: the same day"),
])
def test_working_days_skip_saturdays_and_sundays(start, days, due):
    assert WorkingCalendar().add_working_days(start, days) == due


@pytest.mark.parametrize("version", [ND91, ND98, ND152])
def test_the_appraisal_is_due_twenty_working_days_after_the_unit_approved(rulesets, version):
    param = rulesets[version].param("deadlines", "appraisal_working_days")

    assert appraisal_due(rulesets[version], date(2025, 12, 1), shipped_calendar()) == date(2025, 12, 29)
    assert param.value == 20 and param.article


def test_the_article_is_confirmed_only_for_decree_98(rulesets):
    confirmed = {v: rulesets[v].param("deadlines", "appraisal_working_days").confirmed for v in (ND91, ND98, ND152)}

    assert confirmed == {ND91: False, ND98: True, ND152: False}


def test_the_appraisal_deadline_steps_over_tet(rulesets):
    """Tết Đinh Mùi (6/2/2027): 4–10/2/2027 are off, so 20 working days from 1/2/2027 end on 8/3, not 1/3."""
    assert appraisal_due(rulesets[ND152], date(2027, 2, 1), shipped_calendar()) == date(2027, 3, 8)
