"""Set up state through the application service only (never by writing tables)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from domain.application import Thidua
from domain.values import Actor, Role

SYSTEM = Actor.system()


def publish_shipped_rules(app: Thidua) -> None:
    ensure_shipped_rules(app)


@dataclass
class World:
    """A department with one division, its staff and roles, a council, and a launched campaign."""

    app: Thidua
    department: UUID
    division: UUID
    clerk: UUID
    head: UUID
    secretary: UUID
    drafter: UUID  # a second secretariat member: the drafter of a decision never checked its dossiers
    signer: UUID
    members: list[UUID]
    staff: list[UUID]
    campaign: UUID = field(default=None)  # type: ignore[assignment]

    def actor(self, person: UUID, role: Role) -> Actor:
        return Actor(person, role)

    @property
    def as_clerk(self) -> Actor:
        return Actor(self.clerk, Role.UNIT_CLERK)

    @property
    def as_head(self) -> Actor:
        return Actor(self.head, Role.UNIT_HEAD)

    @property
    def as_secretary(self) -> Actor:
        return Actor(self.secretary, Role.SECRETARIAT)

    @property
    def as_drafter(self) -> Actor:
        return Actor(self.drafter, Role.SECRETARIAT)

    @property
    def as_signer(self) -> Actor:
        return Actor(self.signer, Role.SIGNER)


def person(app: Thidua, key: str, name: str, unit: UUID, ratings: dict[int, str] | None = None, position: str = "Chuyên viên") -> UUID:
    person_id = app.register_person(SYSTEM, c.RegisterPerson(key=key, full_name=name, gender="f", unit_id=unit, position=position))
    for year, rating in (ratings or {}).items():
        app.record_rating(SYSTEM, c.RecordRating(subject_id=person_id, year=year, rating=rating))
    return person_id


def grant(app: Thidua, person_id: UUID, role: Role, scope: UUID | None) -> None:
    app.grant_role(SYSTEM, c.GrantRole(person_id=person_id, role=role.value, scope_id=scope))


def build_world(app: Thidua, *, staff: int = 4, members: int = 5) -> World:
    """Everyone rated 'Hoàn thành tốt nhiệm vụ' for 2022–2025 unless a test changes it."""
    good = {y: "HTTNV" for y in range(2022, 2026)}
    department = app.register_unit(SYSTEM, c.RegisterUnit(
        key="so-a", name="Sở Khoa học và Công nghệ tỉnh A", short_name="Sở KH&CN A", kind="department",
        province="A", abbreviation="SKHCN",
    ))
    division = app.register_unit(SYSTEM, c.RegisterUnit(
        key="phong-a", name="Phòng Công nghệ thông tin", short_name="Phòng CNTT", kind="division", province="A",
        abbreviation="CNTT", parent_id=department,
    ))
    clerk = person(app, "clerk", "Lò Thị Hoa", division, good)
    head = person(app, "head", "Quàng Văn Minh", division, good, "Trưởng phòng")
    secretary = person(app, "secretary", "Nguyễn Thu Trang", department, good, "Chánh Văn phòng")
    drafter = person(app, "drafter", "Vì Văn Soạn", department, good, "Phó Chánh Văn phòng")
    signer = person(app, "signer", "Trần Quốc Hùng", department, good, "Giám đốc Sở")
    grant(app, clerk, Role.UNIT_CLERK, division)
    grant(app, head, Role.UNIT_HEAD, division)
    grant(app, secretary, Role.SECRETARIAT, department)
    grant(app, drafter, Role.SECRETARIAT, department)
    grant(app, signer, Role.SIGNER, department)
    council = [person(app, f"member-{i}", f"Thành viên Hội đồng {i}", department, good) for i in range(members)]
    for member in council:
        grant(app, member, Role.COUNCIL_MEMBER, department)
    people = [person(app, f"staff-{i}", f"Cán bộ {i}", division, good) for i in range(staff)]
    return World(app, department, division, clerk, head, secretary, drafter, signer, council, people)


def launch_campaign(world: World, key: str = "pt-2025", year: int = 2025) -> UUID:
    app = world.app
    organiser = world.as_secretary
    campaign = app.draft_campaign(organiser, c.DraftCampaign(
        key=key, issuer_id=world.department, scope="sector", theme=f"Thi đua hoàn thành xuất sắc nhiệm vụ năm {year}",
        period_start=date(year, 1, 1), period_end=date(year, 12, 31),
    ))
    app.add_content_item(organiser, c.AddContentItem(campaign, {"number": "1", "text": "Chuyển đổi số toàn diện."}))
    app.set_target(organiser, c.SetTarget(campaign, {
        "code": "ldtt-95", "description": "95% cán bộ đạt Lao động tiên tiến", "metric": "percent", "unit": "%",
        "value": 95, "direction": "at_least", "applies_to": "individuals", "title_code": "LDTT", "weight": 60,
    }))
    app.set_target(organiser, c.SetTarget(campaign, {
        "code": "dvc-online", "description": "Tỷ lệ hồ sơ dịch vụ công trực tuyến", "metric": "percent", "unit": "%",
        "value": 80, "direction": "at_least", "applies_to": "units", "weight": 40,
    }))
    app.launch_campaign(organiser, c.LaunchCampaign(campaign, date(year, 1, 2)))
    world.campaign = campaign
    return campaign
