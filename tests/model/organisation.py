"""The model's small organisation: a department with two divisions, its staff, council and two campaigns.

Some people hold two roles (drawn per example), so that one person can reach a dossier in two capacities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain import commands as c
from domain.application import Thidua
from domain.values import Actor, Role
from tests.builders import grant, person

SYSTEM = Actor.system()
YEARS = {y: "HTTNV" for y in range(2021, 2027)}
EXCELLENT = {y: "HTXSNV" for y in range(2021, 2027)}
CAMPAIGN_YEARS = (2024, 2025)


@dataclass
class Organisation:
    department: UUID
    divisions: list[UUID]
    people: dict[str, UUID]
    council: list[UUID]
    staff: list[UUID]
    campaigns: dict[int, UUID] = field(default_factory=dict)
    roles: dict[UUID, set[tuple[Role, UUID]]] = field(default_factory=dict)

    def members_of(self, unit: UUID) -> list[UUID]:
        """The people registered in a unit (by the keys the organisation gave them)."""
        index = self.divisions.index(unit) if unit in self.divisions else None
        prefixes = (f"clerk-{index}", f"head-{index}", f"staff-{index}-") if index is not None else ("secretary", "signer", "member")
        return [p for key, p in sorted(self.people.items()) if key.startswith(prefixes)]

    def grant(self, app: Thidua, key: str, role: Role, scope: UUID) -> None:
        grant(app, self.people[key], role, scope)
        self.roles.setdefault(self.people[key], set()).add((role, scope))

    @property
    def actors(self) -> list[Actor]:
        """Every (person, role) pair somebody holds."""
        return sorted({Actor(p, r) for p, held in self.roles.items() for r, _ in held}, key=str)


# Extra roles an example may hand out: each lets one person reach a dossier in a second capacity.
OVERLAPS = (
    ("head-0", Role.SECRETARIAT, "department"),
    ("secretary-0", Role.UNIT_HEAD, "division-0"),
    ("member-0", Role.SIGNER, "department"),
    ("signer-0", Role.SECRETARIAT, "department"),
    ("clerk-1", Role.UNIT_HEAD, "division-1"),
    ("staff-0-0", Role.SIGNER, "department"),
    ("secretary-1", Role.SIGNER, "department"),
    ("head-1", Role.COUNCIL_MEMBER, "department"),
)


def build(app: Thidua, overlaps: list[int]) -> Organisation:
    """Register the organisation through the application service, with the chosen overlapping roles."""
    department = app.register_unit(SYSTEM, c.RegisterUnit(
        key="so-m", name="Sở Nội vụ tỉnh M", short_name="Sở Nội vụ M", kind="department", province="M",
        abbreviation="SNV",
    ))
    divisions = [
        app.register_unit(SYSTEM, c.RegisterUnit(
            key=f"phong-{i}", name=f"Phòng {name}", short_name=f"Phòng {name}", kind="division", province="M",
            abbreviation=f"P{i}", parent_id=department,
        ))
        for i, name in enumerate(("Tổ chức cán bộ", "Xây dựng chính quyền"))
    ]
    people: dict[str, UUID] = {}
    staff = []
    for i, division in enumerate(divisions):
        people[f"clerk-{i}"] = person(app, f"clerk-{i}", f"Lò Văn Thư {i}", division, YEARS)
        people[f"head-{i}"] = person(app, f"head-{i}", f"Quàng Thị Trưởng {i}", division, YEARS, "Trưởng phòng")
        for j in range(3):
            key = f"staff-{i}-{j}"
            people[key] = person(app, key, f"Cầm Văn Cán {i}{j}", division, EXCELLENT if j < 2 else YEARS)
            staff.append(people[key])
    for key, name, position in (
        ("secretary-0", "Nguyễn Thu Trang", "Chánh Văn phòng"), ("secretary-1", "Hà Văn Thường", "Phó Chánh Văn phòng"),
        ("signer-0", "Trần Quốc Hùng", "Giám đốc Sở"), ("signer-1", "Lê Thị Ký", "Phó Giám đốc Sở"),
    ):
        people[key] = person(app, key, name, department, YEARS, position)
    council = []
    for i in range(5):
        people[f"member-{i}"] = person(app, f"member-{i}", f"Thành viên Hội đồng {i}", department, YEARS)
        council.append(people[f"member-{i}"])
    org = Organisation(department, divisions, people, council, staff)
    scopes = {"department": department, "division-0": divisions[0], "division-1": divisions[1]}
    for i, division in enumerate(divisions):
        org.grant(app, f"clerk-{i}", Role.UNIT_CLERK, division)
        org.grant(app, f"head-{i}", Role.UNIT_HEAD, division)
    for key in ("secretary-0", "secretary-1"):
        org.grant(app, key, Role.SECRETARIAT, department)
    for key in ("signer-0", "signer-1"):
        org.grant(app, key, Role.SIGNER, department)
    for i in range(5):
        org.grant(app, f"member-{i}", Role.COUNCIL_MEMBER, department)
    for index in overlaps:
        key, role, scope = OVERLAPS[index]
        org.grant(app, key, role, scopes[scope])
    return org


def launch_campaigns(app: Thidua, org: Organisation) -> None:
    """One campaign a year for 2024 and 2025, both launched on 2 January 2024 (the clock's first day)."""
    secretariat = Actor(org.people["secretary-0"], Role.SECRETARIAT)
    for year in CAMPAIGN_YEARS:
        campaign = app.draft_campaign(secretariat, c.DraftCampaign(
            key=f"pt-{year}", issuer_id=org.department, scope="sector", theme=f"Thi đua thực hiện nhiệm vụ năm {year}",
            period_start=date(year, 1, 1), period_end=date(year, 12, 31),
        ))
        app.add_content_item(secretariat, c.AddContentItem(campaign, {"number": "1", "text": "Cải cách hành chính."}))
        app.set_target(secretariat, c.SetTarget(campaign, {
            "code": "ldtt", "description": "90% cán bộ đạt Lao động tiên tiến", "metric": "percent", "unit": "%",
            "value": 90, "direction": "at_least", "applies_to": "individuals", "title_code": "LDTT", "weight": 100,
        }))
        app.launch_campaign(secretariat, c.LaunchCampaign(campaign, date(2024, 1, 2)))
        org.campaigns[year] = campaign
