"""Rule 28: the appraisal of a complete dossier is due 20 working days after the unit's approval
(ND 98 Art. 32(2); QĐ 638/QĐ-BNV), read from the rule set, Saturdays and Sundays not counted."""

from __future__ import annotations

from datetime import date

import pytest

from domain.rules.deadlines import add_working_days, appraisal_due
from tests.unit.rules.conftest import ND91, ND98, ND152


@pytest.mark.parametrize(("start", "days", "due"), [
    pytest.param(date(2025, 12, 5), 1, date(2025, 12, 8), id="Friday + 1 working day is Monday"),
    pytest.param(date(2025, 12, 6), 1, date(2025, 12, 8), id="from a Saturday, the next working day"),
    pytest.param(date(2025, 12, 1), 5, date(2025, 12, 8), id="Monday + 5 is the next Monday"),
    pytest.param(date(2025, 12, 1), 0, date(2025, 12, 1), id="no days: the same day"),
])
def test_working_days_skip_saturdays_and_sundays(start, days, due):
    assert add_working_days(start, days) == due


@pytest.mark.parametrize("version", [ND91, ND98, ND152])
def test_the_appraisal_is_due_twenty_working_days_after_the_unit_approved(rulesets, version):
    param = rulesets[version].param("deadlines", "appraisal_working_days")

    assert appraisal_due(rulesets[version], date(2025, 12, 1)) == date(2025, 12, 29)
    assert param.value == 20 and param.article


def test_the_article_is_confirmed_only_for_decree_98(rulesets):
    confirmed = {v: rulesets[v].param("deadlines", "appraisal_working_days").confirmed for v in (ND91, ND98, ND152)}

    assert confirmed == {ND91: False, ND98: True, ND152: False}
