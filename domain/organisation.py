"""Organisation: units (đơn vị), people (cán bộ, công chức) and emulation clusters (cụm thi đua).

Units and people keep their own record (ratings, awards, proceedings) so eligibility is read
from the ledger itself. Event class names are a persisted schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError
from domain.text import nfc
from domain.values import AwardFact, AwardType, DisciplineFact, InitiativeFact, Rating, stable_id

DISCIPLINE_LEVELS = ("khiển trách", "cảnh cáo", "hạ bậc lương", "giáng chức", "cách chức", "buộc thôi việc")


@dataclass(frozen=True)
class PersonalDetails:
    """A person's citizen ID (CCCD), ethnicity, date of birth and whether they work directly in production."""

    citizen_id: str | None
    ethnicity: str | None
    born_on: date | None
    direct_worker: bool


class Record(Entity):
    """What a unit or a person has on file: annual ratings (year -> code), awards, open proceedings."""

    def rating_for(self, year: int) -> Rating | None:
        value = self.ratings.get(year)
        return Rating(value) if value else None

    @event("AnnualRatingRecorded")
    def record_rating(self, year: int, rating: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Record (or correct, with a reason) the annual evaluation result for a year."""
        self.ratings[year] = rating

    def open_proceeding(self, proceeding_id: str, kind: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Put a hold on awards while a discipline review, inspection or complaint is pending."""
        if proceeding_id in self.proceedings:
            raise InvalidCommandError("Vụ việc này đã được ghi nhận.")
        self._proceeding_opened(proceeding_id, kind, by, role, at, reason)

    @event("ProceedingOpened")
    def _proceeding_opened(self, proceeding_id: str, kind: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.proceedings[proceeding_id] = kind

    def close_proceeding(self, proceeding_id: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        if proceeding_id not in self.proceedings:
            raise InvalidCommandError("Không có vụ việc đang xử lý với mã này.")
        self._proceeding_closed(proceeding_id, by, role, at, reason)

    @event("ProceedingClosed")
    def _proceeding_closed(self, proceeding_id: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        del self.proceedings[proceeding_id]

    def has_award(self, decision_id: UUID, code: str) -> bool:
        return any(a.decision_id == decision_id and a.code == code for a in self.awards)

    class AwardRecorded(Entity.Event):
        """AwardRecorded. Version 2 keeps the decision's number and issuer for awards decided outside thidua."""

        class_version = 2
        year: int
        code: str
        award_type: str
        decision_id: UUID
        decided_on: date
        initiative_id: UUID | None
        by: UUID
        role: str
        at: datetime
        decision_number: str | None
        issuer: str | None

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["decision_number"] = None  # recorded before numbers were kept: known only by its id
            state["issuer"] = None

    @event(AwardRecorded)
    def record_award(
        self, year: int, code: str, award_type: str, decision_id: UUID, decided_on: date, initiative_id: UUID | None,
        by: UUID, role: str, at: datetime, decision_number: str | None = None, issuer: str | None = None,
    ) -> None:
        """Record a title or form granted by a signed decision (the basis of later title chains)."""
        self.awards.append(AwardFact(year, code, AwardType(award_type), decision_id, decided_on))
        self._mark_initiative_used(initiative_id, code)

    @event("AwardRevoked")
    def revoke_award(self, decision_id: UUID, code: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.awards = [a for a in self.awards if not (a.decision_id == decision_id and a.code == code)]

    def _mark_initiative_used(self, initiative_id: UUID | None, code: str) -> None:
        """Units have no initiatives; people override."""


class Unit(Record):
    """An agency or unit (cơ quan, đơn vị); `authority_level` says what its head may confer."""

    @staticmethod
    def create_id(key: str) -> UUID:
        return stable_id("unit", nfc(key))

    @event("Registered")
    def __init__(
        self, key: str, name: str, short_name: str, kind: str, parent_id: UUID | None, province: str,
        abbreviation: str, authority_level: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.key = key
        self.name = name
        self.short_name = short_name
        self.kind = kind
        self.parent_id = parent_id
        self.province = province
        self.abbreviation = abbreviation
        self.authority_level = authority_level
        self.member_ids: list[UUID] = []
        self.successor_id: UUID | None = None
        self.ratings = {}
        self.awards = []
        self.proceedings = {}

    @property
    def is_active(self) -> bool:
        return self.successor_id is None

    class Renamed(Entity.Event):
        """UnitRenamed. Version 2 records the date the new name takes effect (None: the day it was recorded)."""

        class_version = 2
        name: str
        short_name: str
        by: UUID
        role: str
        at: datetime
        reason: str
        effective_on: date | None

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["effective_on"] = None  # recorded before effective dates: in force when recorded

    @event(Renamed)
    def rename(
        self, name: str, short_name: str, by: UUID, role: str, at: datetime, reason: str, effective_on: date | None = None,
    ) -> None:
        self.name = name
        self.short_name = short_name

    def merge_into(self, successor_id: UUID, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Merge this unit into a successor, which takes over its open campaigns, dossiers and history."""
        if successor_id == self.id or self.successor_id is not None:
            raise InvalidCommandError("Đơn vị đã được sáp nhập hoặc không thể sáp nhập vào chính nó.")
        self._merged(successor_id, by, role, at, reason)

    @event("Merged")
    def _merged(self, successor_id: UUID, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.successor_id = successor_id

    @event("MemberJoined")
    def add_member(self, person_id: UUID, at: datetime) -> None:
        self.member_ids.append(person_id)

    @event("MemberLeft")
    def remove_member(self, person_id: UUID, at: datetime) -> None:
        self.member_ids.remove(person_id)


class Person(Record):
    """A civil servant or employee, with roles, ratings, initiatives, discipline and awards."""

    @staticmethod
    def create_id(key: str) -> UUID:
        return stable_id("person", nfc(key))

    @event("Registered")
    def __init__(
        self, key: str, full_name: str, gender: str, unit_id: UUID, position: str, by: UUID, role: str, at: datetime
    ) -> None:
        self.key = key
        self.full_name = full_name
        self.gender = gender
        self.unit_id = unit_id
        self.position = position
        self.details: PersonalDetails | None = None
        self.roles: dict[str, list[UUID | None]] = {}
        self.initiatives: list[InitiativeFact] = []
        self.disciplines: list[DisciplineFact] = []
        self.active = True
        self.ratings = {}
        self.awards = []
        self.proceedings = {}

    @event("PersonalDetailsRecorded")
    def record_details(
        self, citizen_id: str | None, ethnicity: str | None, born_on: date | None, direct_worker: bool, by: UUID,
        role: str, at: datetime,
    ) -> None:
        """Record the personal details the yearly statistics and the paperwork need (a later record replaces them).

        A fact of its own, not part of `Registered`: it is personal data, read only by need."""
        self.details = PersonalDetails(citizen_id, ethnicity, born_on, direct_worker)

    def holds(self, role: str, scope_id: UUID | None = None) -> bool:
        """Whether the person holds a role, globally or for the given scope (a unit or council)."""
        scopes = self.roles.get(role, [])
        return None in scopes or (scope_id is not None and scope_id in scopes)

    def grant_role(self, role_code: str, scope_id: UUID | None, by: UUID, role: str, at: datetime, reason: str) -> None:
        if scope_id in self.roles.get(role_code, []):
            raise InvalidCommandError("Người này đã có vai trò này.")
        self._role_granted(role_code, scope_id, by, role, at, reason)

    @event("RoleGranted")
    def _role_granted(self, role_code: str, scope_id: UUID | None, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.roles.setdefault(role_code, []).append(scope_id)

    def revoke_role(self, role_code: str, scope_id: UUID | None, by: UUID, role: str, at: datetime, reason: str) -> None:
        if scope_id not in self.roles.get(role_code, []):
            raise InvalidCommandError("Người này không có vai trò này.")
        self._role_revoked(role_code, scope_id, by, role, at, reason)

    @event("RoleRevoked")
    def _role_revoked(self, role_code: str, scope_id: UUID | None, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.roles[role_code].remove(scope_id)

    def transfer(self, unit_id: UUID, position: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        self._ensure_active()
        self._transferred(unit_id, position, by, role, at, reason)

    @event("Transferred")
    def _transferred(self, unit_id: UUID, position: str, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.unit_id = unit_id
        self.position = position

    def leave(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        self._ensure_active()
        self._left(by, role, at, reason)

    @event("Left")
    def _left(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.active = False

    def _ensure_active(self) -> None:
        if not self.active:
            raise InvalidCommandError("Người này đã nghỉ công tác.")

    def record_discipline(self, year: int, level: str, until: date | None, by: UUID, role: str, at: datetime, reason: str) -> None:
        if level not in DISCIPLINE_LEVELS:
            raise InvalidCommandError(f"Hình thức kỷ luật không hợp lệ: {level}.")
        self._discipline_recorded(year, level, until, by, role, at, reason)

    @event("DisciplineRecorded")
    def _discipline_recorded(self, year: int, level: str, until: date | None, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.disciplines.append(DisciplineFact(year, level, until))

    @event("InitiativeRecognised")
    def recognise_initiative(
        self, initiative_id: UUID, title: str, year: int, level: str, by: UUID, role: str, at: datetime
    ) -> None:
        self.initiatives.append(InitiativeFact(initiative_id, title, year, level))

    def _mark_initiative_used(self, initiative_id: UUID | None, code: str) -> None:
        self.initiatives = [
            InitiativeFact(i.initiative_id, i.title, i.year, i.level, code) if i.initiative_id == initiative_id else i
            for i in self.initiatives
        ]


class Cluster(Entity):
    """An emulation cluster (cụm thi đua) with dated membership and a yearly rotating head."""

    @staticmethod
    def create_id(key: str) -> UUID:
        return stable_id("cluster", nfc(key))

    @event("Formed")
    def __init__(self, key: str, name: str, by: UUID, role: str, at: datetime) -> None:
        self.key = key
        self.name = name
        self.memberships: list[tuple[UUID, date, date | None]] = []
        self.heads: dict[int, tuple[UUID, UUID | None]] = {}

    def members_on(self, on: date) -> list[UUID]:
        """The member units on a date (membership is versioned in time)."""
        return [u for u, start, end in self.memberships if start <= on and (end is None or on < end)]

    def change_membership(self, unit_id: UUID, joined: bool, on: date, by: UUID, role: str, at: datetime, reason: str) -> None:
        if joined == (unit_id in self.members_on(on)):
            raise InvalidCommandError("Đơn vị đã ở trạng thái thành viên này của cụm.")
        self._membership_changed(unit_id, joined, on, by, role, at, reason)

    @event("MembershipChanged")
    def _membership_changed(self, unit_id: UUID, joined: bool, on: date, by: UUID, role: str, at: datetime, reason: str) -> None:
        if joined:
            self.memberships.append((unit_id, on, None))
        else:
            self.memberships = [(u, s, on if u == unit_id and e is None else e) for u, s, e in self.memberships]

    def assign_head(self, unit_id: UUID, deputy_id: UUID | None, year: int, by: UUID, role: str, at: datetime) -> None:
        if unit_id not in self.members_on(date(year, 12, 31)) and unit_id not in self.members_on(date(year, 1, 1)):
            raise InvalidCommandError("Cụm trưởng phải là thành viên của cụm trong năm đó.")
        self._head_assigned(unit_id, deputy_id, year, by, role, at)

    @event("HeadAssigned")
    def _head_assigned(self, unit_id: UUID, deputy_id: UUID | None, year: int, by: UUID, role: str, at: datetime) -> None:
        self.heads[year] = (unit_id, deputy_id)
