"""Commands on the organisation: units, people, roles, ratings, discipline, initiatives, clusters."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain import commands as c
from domain.exceptions import DuplicateError, InvalidCommandError
from domain.organisation import Cluster, Person, Record, Unit
from domain.rules.duplicates import checked_citizen_id
from domain.services.base import ServiceBase
from domain.values import Actor, AwardType, Rating, Role, stable_id

ADMIN = (Role.ADMIN,)
HR = (Role.ADMIN, Role.UNIT_CLERK)


def external_decision_id(number: str) -> UUID:
    """The id of a decision taken outside thidua: known by its number alone."""
    return stable_id("external-decision", number)


class OrganisationService(ServiceBase):
    def register_unit(self, actor: Actor, cmd: c.RegisterUnit) -> UUID:
        self.authorise(actor, ADMIN)
        unit = Unit(
            key=cmd.key, name=cmd.name, short_name=cmd.short_name, kind=cmd.kind, parent_id=cmd.parent_id,
            province=cmd.province, abbreviation=cmd.abbreviation, authority_level=cmd.authority_level,
            **self.who(actor),
        )
        self.commit(unit, duplicate=f"Đơn vị «{cmd.key}» đã tồn tại.")
        return unit.id

    def rename_unit(self, actor: Actor, cmd: c.RenameUnit) -> int:
        self.authorise(actor, ADMIN)
        unit = self.load(cmd.unit_id, Unit, "đơn vị")
        unit.rename(cmd.name, cmd.short_name, reason=cmd.reason, effective_on=cmd.effective_on, **self.who(actor))
        return self.commit(unit)

    def merge_unit(self, actor: Actor, cmd: c.MergeUnit) -> int:
        """Merge a unit into its successor (e.g. Sở TT&TT into Sở KH&CN, 2025)."""
        self.authorise(actor, ADMIN)
        unit = self.load(cmd.unit_id, Unit, "đơn vị")
        self.load(cmd.successor_id, Unit, "đơn vị kế thừa", read_only=True)
        unit.merge_into(cmd.successor_id, reason=cmd.reason, **self.who(actor))
        return self.commit(unit)

    def register_person(self, actor: Actor, cmd: c.RegisterPerson) -> UUID:
        self.authorise(actor, HR, cmd.unit_id)
        unit = self.load(cmd.unit_id, Unit, "đơn vị")
        person = Person(
            key=cmd.key, full_name=cmd.full_name, gender=cmd.gender, unit_id=cmd.unit_id, position=cmd.position,
            **self.who(actor),
        )
        if cmd.citizen_id or cmd.born_on:
            person.record_details(checked_citizen_id(cmd.citizen_id), None, cmd.born_on, False, **self.who(actor))
        unit.add_member(person.id, at=self.now())
        self.commit(person, unit, duplicate=f"Người «{cmd.key}» đã tồn tại.")
        return person.id

    def transfer_person(self, actor: Actor, cmd: c.TransferPerson) -> int:
        self.authorise(actor, ADMIN)
        person = self.load(cmd.person_id, Person, "người")
        old = self.load(person.unit_id, Unit, "đơn vị")
        new = self.load(cmd.unit_id, Unit, "đơn vị")
        if old.id == new.id:
            raise InvalidCommandError("Người này đã thuộc đơn vị đó.")
        person.transfer(cmd.unit_id, cmd.position, reason=cmd.reason, **self.who(actor))
        old.remove_member(person.id, at=self.now())
        new.add_member(person.id, at=self.now())
        return self.commit(person, old, new)

    def record_person_left(self, actor: Actor, cmd: c.RecordPersonLeft) -> int:
        self.authorise(actor, ADMIN)
        person = self.load(cmd.person_id, Person, "người")
        unit = self.load(person.unit_id, Unit, "đơn vị")
        person.leave(reason=cmd.reason, **self.who(actor))
        unit.remove_member(person.id, at=self.now())
        return self.commit(person, unit)

    def grant_role(self, actor: Actor, cmd: c.GrantRole) -> int:
        self.authorise(actor, ADMIN)
        person = self.load(cmd.person_id, Person, "người")
        person.grant_role(Role(cmd.role).value, cmd.scope_id, reason=cmd.reason, **self.who(actor))
        return self.commit(person)

    def revoke_role(self, actor: Actor, cmd: c.RevokeRole) -> int:
        self.authorise(actor, ADMIN)
        person = self.load(cmd.person_id, Person, "người")
        person.revoke_role(Role(cmd.role).value, cmd.scope_id, reason=cmd.reason, **self.who(actor))
        return self.commit(person)

    def record_rating(self, actor: Actor, cmd: c.RecordRating) -> int:
        """Record an annual rating imported from the HR evaluation (a correction needs a reason)."""
        subject = self.load(cmd.subject_id, Record, "người hoặc đơn vị")
        self.authorise(actor, HR, subject.unit_id if isinstance(subject, Person) else subject.id)
        rating = Rating(cmd.rating)
        if cmd.year in subject.ratings and not cmd.reason.strip():
            raise InvalidCommandError("Đã có xếp loại năm này; điều chỉnh phải nêu lý do.")
        subject.record_rating(cmd.year, rating.value, reason=cmd.reason, **self.who(actor))
        return self.commit(subject)

    def record_discipline(self, actor: Actor, cmd: c.RecordDiscipline) -> int:
        self.authorise(actor, ADMIN)
        person = self.load(cmd.person_id, Person, "người")
        person.record_discipline(cmd.year, cmd.level, cmd.until, reason=cmd.reason, **self.who(actor))
        return self.commit(person)

    def open_proceeding(self, actor: Actor, cmd: c.OpenProceeding) -> int:
        self.authorise(actor, (Role.ADMIN, Role.SECRETARIAT))
        subject = self.load(cmd.subject_id, Record, "người hoặc đơn vị")
        subject.open_proceeding(cmd.proceeding_id, cmd.kind, reason=cmd.reason, **self.who(actor))
        return self.commit(subject)

    def close_proceeding(self, actor: Actor, cmd: c.CloseProceeding) -> int:
        self.authorise(actor, (Role.ADMIN, Role.SECRETARIAT))
        subject = self.load(cmd.subject_id, Record, "người hoặc đơn vị")
        subject.close_proceeding(cmd.proceeding_id, reason=cmd.reason, **self.who(actor))
        return self.commit(subject)

    def recognise_initiative(self, actor: Actor, cmd: c.RecogniseInitiative) -> UUID:
        self.authorise(actor, (Role.ADMIN, Role.SECRETARIAT))
        if cmd.level not in ("grassroots", "provincial", "national"):
            raise InvalidCommandError("Cấp công nhận sáng kiến không hợp lệ.")
        person = self.load(cmd.person_id, Person, "người")
        initiative_id = uuid4()
        person.recognise_initiative(initiative_id, cmd.title, cmd.year, cmd.level, **self.who(actor))
        self.commit(person)
        return initiative_id

    def record_prior_award(self, actor: Actor, cmd: c.RecordPriorAward) -> int:
        """Import an earlier award (decided outside thidua) so that title chains can see it."""
        self.authorise(actor, ADMIN)
        subject = self.load(cmd.subject_id, Record, "người hoặc đơn vị")
        AwardType(cmd.award_type)
        decision_id = external_decision_id(cmd.decision_number)
        if subject.has_award(decision_id, cmd.code):
            raise DuplicateError(f"Khen thưởng «{cmd.code}» theo quyết định «{cmd.decision_number}» đã được ghi nhận.")
        subject.record_award(
            cmd.year, cmd.code, cmd.award_type, decision_id, cmd.decided_on, None, **self.who(actor),
            decision_number=cmd.decision_number, issuer=cmd.issuer or None,
        )
        return self.commit(subject)

    def form_cluster(self, actor: Actor, cmd: c.FormCluster) -> UUID:
        self.authorise(actor, ADMIN)
        cluster = Cluster(key=cmd.key, name=cmd.name, **self.who(actor))
        self.commit(cluster, duplicate=f"Cụm «{cmd.key}» đã tồn tại.")
        return cluster.id

    def change_cluster_membership(self, actor: Actor, cmd: c.ChangeClusterMembership) -> int:
        self.authorise(actor, ADMIN)
        cluster = self.load(cmd.cluster_id, Cluster, "cụm thi đua")
        self.load(cmd.unit_id, Unit, "đơn vị", read_only=True)
        cluster.change_membership(cmd.unit_id, cmd.joined, cmd.on, reason=cmd.reason, **self.who(actor))
        return self.commit(cluster)

    def assign_cluster_head(self, actor: Actor, cmd: c.AssignClusterHead) -> int:
        self.authorise(actor, ADMIN)
        cluster = self.load(cmd.cluster_id, Cluster, "cụm thi đua")
        cluster.assign_head(cmd.unit_id, cmd.deputy_id, cmd.year, **self.who(actor))
        return self.commit(cluster)

    def get_cluster(self, cluster_id: UUID) -> dict:
        """A cluster as the ledger holds it: its dated memberships and the head and deputy of each year."""
        cluster = self.load(cluster_id, Cluster, "cụm thi đua", read_only=True)
        return {
            "cluster_id": cluster.id, "key": cluster.key, "name": cluster.name,
            "memberships": [{"unit_id": u, "joined_on": start, "left_on": end} for u, start, end in cluster.memberships],
            "heads": [{"year": y, "unit_id": h, "deputy_id": d} for y, (h, d) in sorted(cluster.heads.items())],
        }
