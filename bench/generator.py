"""Synthetic province-years for the benchmarks, driven through the real application service.

A province-year (một năm thi đua của một tỉnh): a provincial committee, its units and their staff,
a province-wide campaign, sign-ups and quarterly reports, a nomination for most staff through every
stage, a council session and an award decision per unit. The same seed gives the same commands.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from uuid import UUID

from domain import commands as c
from domain.application import Thidua
from domain.values import Actor, Role

SYSTEM = Actor.system()
VIETNAM = timezone(timedelta(hours=7))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Quàng", "Lường")
MIDDLE = ("Văn", "Thị", "Đức", "Thu", "Quốc", "Minh", "Ngọc", "Hữu")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Thắng", "Trang", "Yến")
RATINGS = (("HTXSNV", 0.15), ("HTTNV", 0.92), ("HTNV", 0.98), ("KHTNV", 1.0))  # cumulative shares
QUARTERS = (("Q1", 3, 31), ("Q2", 6, 30), ("Q3", 9, 30), ("Q4", 12, 31))
ROLE_HOLDERS = 4  # clerk, head, secretary, director; then the council members (never nominated)


@dataclass(frozen=True)
class Shape:
    """How big one province-year is (defaults: a province of 50 units and 5,000 staff)."""

    units: int = 50
    staff: int = 5000
    council: int = 5
    year: int = 2025


@dataclass
class Office:
    """One unit (cơ quan, đơn vị) of the province with its staff and role holders."""

    id: UUID
    key: str
    staff: list[UUID]
    council: int
    ratings: dict[UUID, str] = field(default_factory=dict)
    participation: UUID | None = None
    nominations: list[UUID] = field(default_factory=list)

    def acting(self, index: int, role: Role) -> Actor:
        return Actor(self.staff[index], role)

    @property
    def members(self) -> list[UUID]:
        return self.staff[ROLE_HOLDERS:ROLE_HOLDERS + self.council]


class ProvinceYear:
    """Runs one province-year of commands against `app` (any store); call `run()`."""

    def __init__(self, app: Thidua, *, seed: int = 1, shape: Shape = Shape(), province: str = "p00") -> None:
        self.app, self.shape, self.province = app, shape, province
        self.rng = random.Random(f"{seed}/{province}")
        self.offices: list[Office] = []
        self.secretariat: list[Actor] = []
        self.committee: UUID | None = None
        self.campaign: UUID | None = None

    def at(self, month: int, day: int, hour: int = 9, year_offset: int = 0) -> None:
        moment = datetime(self.shape.year + year_offset, month, day, hour, tzinfo=VIETNAM).astimezone(timezone.utc)
        self.app.clock = lambda: moment

    def run(self) -> None:
        """The whole year; the shipped rule sets must already be published (`ensure_shipped_rules`)."""
        self.prepare()
        self.at(12, 2)
        for n, office in enumerate(self.offices):
            checker = self.checker(n)
            for nomination in self.file(office):
                self.approve(office, nomination, checker)
            if office.nominations:
                self.app.post_publicly(checker, c.PostPublicly(office.nominations, date(self.shape.year, 12, 20)))
        for number, office in enumerate(self.offices, start=1):
            self.council(office)
            self.decide(office, number)

    def prepare(self) -> None:
        """Everything before the nominations: organisation, campaign, sign-ups, reports, this year's ratings."""
        self.organisation()
        self.launch()
        self.take_part()
        self.rate_year()

    def organisation(self) -> None:
        """The committee and its Ban Thi đua, the units, their staff with last year's rating, the roles."""
        app, p = self.app, self.province
        self.at(1, 2, 8)
        self.committee = app.register_unit(SYSTEM, c.RegisterUnit(
            f"{p}-ubnd", f"Ủy ban nhân dân tỉnh {p.upper()}", f"UBND tỉnh {p.upper()}", "province", p, "UBND",
            authority_level="province",
        ))
        for i in range(3):
            person = self.person(f"{p}-btdkt-{i}", self.committee, "Chuyên viên Ban Thi đua - Khen thưởng")
            app.grant_role(SYSTEM, c.GrantRole(person, Role.SECRETARIAT.value, self.committee))
            self.secretariat.append(Actor(person, Role.SECRETARIAT))
        per_unit = self.shape.staff // self.shape.units
        for u in range(self.shape.units):
            key = f"{p}-u{u:03d}"
            unit = app.register_unit(SYSTEM, c.RegisterUnit(
                key, f"Sở {u + 1} tỉnh {p.upper()}", f"Sở {u + 1}", "department", p, f"S{u + 1}", self.committee,
            ))
            staff = [self.person(f"{key}-{i:04d}", unit, "Chuyên viên") for i in range(per_unit)]
            office = Office(unit, key, staff, self.shape.council)
            self.grant_roles(office)
            self.offices.append(office)
        for office in self.offices:
            for person in office.staff:
                app.record_rating(SYSTEM, c.RecordRating(person, self.shape.year - 1, self.rating()))

    def person(self, key: str, unit: UUID, position: str) -> UUID:
        name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
        gender = "female" if " Thị " in name else self.rng.choice(("male", "female"))
        return self.app.register_person(SYSTEM, c.RegisterPerson(key, name, gender, unit, position))

    def grant_roles(self, office: Office) -> None:
        for index, role in enumerate((Role.UNIT_CLERK, Role.UNIT_HEAD, Role.SECRETARIAT, Role.SIGNER)):
            self.app.grant_role(SYSTEM, c.GrantRole(office.staff[index], role.value, office.id))
        for member in office.members:
            self.app.grant_role(SYSTEM, c.GrantRole(member, Role.COUNCIL_MEMBER.value, office.id))

    def rating(self) -> str:
        draw = self.rng.random()
        return next(code for code, share in RATINGS if draw < share)

    def launch(self) -> None:
        app, year, organiser = self.app, self.shape.year, self.secretariat[0]
        self.at(1, 3)
        self.campaign = app.draft_campaign(organiser, c.DraftCampaign(
            f"{self.province}-{year}", self.committee, "province", f"Thi đua hoàn thành xuất sắc nhiệm vụ năm {year}",
            date(year, 1, 1), date(year, 12, 31),
        ))
        app.add_content_item(organiser, c.AddContentItem(self.campaign, {"number": "1", "text": "Cải cách hành chính."}))
        app.add_content_item(organiser, c.AddContentItem(self.campaign, {"number": "2", "text": "Chuyển đổi số."}))
        for code, text, weight in (("dvc-online", "Hồ sơ dịch vụ công trực tuyến", 60), ("giai-ngan", "Giải ngân vốn đầu tư công", 40)):
            app.set_target(organiser, c.SetTarget(self.campaign, {
                "code": code, "description": text, "metric": "percent", "unit": "%", "value": 80,
                "direction": "at_least", "applies_to": "units", "weight": weight,
            }))
        app.launch_campaign(organiser, c.LaunchCampaign(self.campaign, date(year, 1, 5)))

    def take_part(self) -> None:
        """Every unit signs up in January and reports each quarter; the head approves both."""
        app, year = self.app, self.shape.year
        self.at(1, 15)
        for office in self.offices:
            clerk = office.acting(0, Role.UNIT_CLERK)
            office.participation = app.sign_up(clerk, c.SignUp(self.campaign, office.id, "unit", ["TLDTT"]))
            app.approve_sign_up(office.acting(1, Role.UNIT_HEAD), c.ApproveSignUp(office.participation))
        for label, month, day in QUARTERS:
            self.at(month, day, 15)
            for office in self.offices:
                values = {code: round(60 + 40 * self.rng.random(), 1) for code in ("dvc-online", "giai-ngan")}
                report = app.report_progress(office.acting(0, Role.UNIT_CLERK), c.ReportProgress(
                    office.participation, f"{year}-{label}", date(year, month, day), values, final=label == "Q4",
                ))
                app.approve_report(office.acting(1, Role.UNIT_HEAD), c.ApproveReport(office.participation, report))

    def rate_year(self) -> None:
        self.at(12, 1)
        for office in self.offices:
            for person in office.staff:
                office.ratings[person] = self.rating()
                self.app.record_rating(SYSTEM, c.RecordRating(person, self.shape.year, office.ratings[person]))

    def checker(self, index: int) -> Actor:
        """The Ban Thi đua member who checks the dossiers of the `index`-th unit."""
        return self.secretariat[index % len(self.secretariat)]

    def file(self, office: Office, *, submit: bool = True) -> list[UUID]:
        """The clerk files (drafts and submits) an LĐTT dossier for everyone rated HTTNV or better."""
        clerk, year = office.acting(0, Role.UNIT_CLERK), self.shape.year
        filed = []
        for person in office.staff[ROLE_HOLDERS + self.shape.council:]:
            if office.ratings[person] not in ("HTXSNV", "HTTNV"):
                continue
            nomination = self.app.nominate(clerk, c.Nominate(
                self.campaign, person, "individual", "LDTT", f"Hoàn thành tốt nhiệm vụ năm {year}.",
            ))
            if submit:
                self.app.submit_nomination(clerk, c.SubmitNomination(nomination))
            filed.append(nomination)
        office.nominations += filed
        return filed

    def approve(self, office: Office, nomination: UUID, checker: Actor) -> None:
        """The unit head approves, then the province's Ban Thi đua checks the dossier."""
        self.app.approve_stage(office.acting(1, Role.UNIT_HEAD), c.ApproveStage(nomination, "unit_approved", "Đồng ý"))
        self.app.approve_stage(checker, c.ApproveStage(nomination, "checked", "Hồ sơ đầy đủ"))

    def council(self, office: Office) -> None:
        """The unit's council votes on its posted dossiers in January (everyone present, all in favour)."""
        if not office.nominations:
            return
        app, secretary = self.app, office.acting(2, Role.SECRETARIAT)
        self.at(1, 6, 8, year_offset=1)
        session = app.convene_session(secretary, c.ConveneSession(
            office.id, f"Hội đồng Thi đua - Khen thưởng {office.key}", office.members, office.members[0],
            office.nominations, date(self.shape.year + 1, 1, 6),
        ))
        app.record_attendance(secretary, c.RecordAttendance(session, office.members))
        trustees = [Actor(UUID(t["person_id"]), Role(t["role"])) for t in app.repository.get(session).trustees]
        for trustee in trustees:
            app.register_trustee_key(trustee, c.RegisterTrusteeKey(session, trustee_passphrase(trustee)))
        choices = {str(n): "yes" for n in office.nominations}
        for member in office.members:
            app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, choices))
        app.close_session(secretary, c.CloseSession(session))
        app.tally_session(secretary, c.TallySession(
            session, passphrases={str(t.person_id): trustee_passphrase(t) for t in trustees}))

    def decide(self, office: Office, number: int) -> None:
        """The unit's director signs the LĐTT decision for everyone the council passed."""
        if not office.nominations:
            return
        self.at(1, 10, 9, year_offset=1)
        decision = self.app.draft_decision(office.acting(2, Role.SECRETARIAT), c.DraftDecision(
            office.id, f"{number:02d}/QĐ-{office.key}", f"Về việc tặng danh hiệu Lao động tiên tiến năm {self.shape.year}",
            date(self.shape.year + 1, 1, 10), office.staff[3], "Giám đốc Sở", office.nominations,
        ))
        self.app.sign_decision(office.acting(3, Role.SIGNER), c.SignDecision(decision))


def trustee_passphrase(trustee: Actor) -> str:
    """What a trustee of the generated ballots types when registering a key share and at the tally."""
    return f"cụm mật khẩu của người giữ khoá {trustee.person_id}"


def provinces(count: int) -> Iterator[str]:
    """Province keys for a scale factor (one province-year each)."""
    return (f"p{i:02d}" for i in range(count))
