"""The Trung tâm CNTT&TT's 2025 bonus fund under Decree 73/2024 (Art. 4), a ledger apart from the awards.

Opened in January 2025 from the centre's salary fund under its own quy chế tiền thưởng, one ad-hoc bonus
in September, the periodic bonus by the 2025 ratings allocated and paid in January 2026, and what is left
lapses after 31 January 2026.
"""

from __future__ import annotations

from adapters.demo.activity import actor
from adapters.demo.loader import Demo
from domain import commands as c
from domain.application import Thidua
from domain.bonus_fund import BonusFund

CENTRE = "stttt-dienbien-ttcntt"
YEAR = 2025
SALARY_FUND = 5_054_400_000  # 60 staff at an average coefficient of 3.0 × 2,340,000 đồng × 12 months
PERIODIC_POOL = 480_000_000  # the rest is kept for sudden achievements
RULES = "Quy chế tiền thưởng của Trung tâm ban hành kèm theo Quyết định số 03/QĐ-TTCNTT ngày 06/01/2025"


def BONUS_DONE(app: Thidua) -> bool:  # noqa: N802 - a named predicate
    fund_id = BonusFund.create_id(Demo.unit(CENTRE), YEAR)
    return fund_id in app.repository and app.repository.get(fund_id).lapsed


def bonus_year(demo: Demo) -> None:
    app = demo.app
    clerk, head = actor(demo, "unit_clerk", CENTRE), actor(demo, "unit_head", CENTRE)
    demo.at(2025, 1, 15, 9)
    fund = app.open_bonus_fund(clerk, c.OpenBonusFund(
        demo.unit(CENTRE), YEAR, SALARY_FUND, RULES, reason="Dự toán quỹ lương năm 2025 được giao",
    ))
    demo.at(2025, 9, 12, 10)
    staff = sorted(k for k, p in demo.people.items() if p["unit_key"] == CENTRE and demo.person(k) != head.person_id)
    engineer = staff[0]
    app.pay_ad_hoc_bonus(head, c.PayAdHocBonus(
        fund, demo.person(engineer), 11_700_000,
        "Thưởng đột xuất: bảo đảm an toàn hệ thống thông tin của tỉnh trong đợt cao điểm tấn công mạng tháng 9/2025",
    ))
    demo.at(2026, 1, 12, 9)
    app.allocate_periodic_bonus(clerk, c.AllocatePeriodicBonus(fund, PERIODIC_POOL))
    demo.at(2026, 1, 16, 9)
    app.pay_periodic_bonus(head, c.PayPeriodicBonus(fund))
    demo.at(2026, 2, 2, 8)
    app.lapse_bonus_fund(clerk, c.LapseBonusFund(fund))
