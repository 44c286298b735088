"""Importing a workbook: every row goes through the ordinary command (so the same rules hold as when typed),
against staged aggregates; the whole file is then saved in one transaction with its ImportRecorded fact, or
nothing is (a dry run, or any problem). The same file twice changes nothing (its id is its SHA-256), and a
row whose fact the ledger already holds (its natural key: a unit's or person's key, a rating's year, an
award's decision number and code) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain import commands as c
from domain.exceptions import ConflictError, DomainError, DuplicateError
from domain.imports import Parsed, Problem, Row, parse_workbook
from domain.imports_file import ImportedFile
from domain.imports_people import Known, duplicate_people
from domain.imports_values import fold
from domain.organisation import DisciplineFact, PersonalDetails, Person, Record, Unit
from domain.services.base import ServiceBase, T
from domain.services.organisation import external_decision_id
from domain.values import Actor, Role

STAGED: ContextVar[Staged | None] = ContextVar("staged_import", default=None)
Progress = Callable[[int], None]
KEY_HEADERS = {"units": "Mã đơn vị", "people": "Mã cán bộ"}


@dataclass
class Staged:
    """An import's aggregates, changed by its rows and not yet saved, and the ids the ledger was found not to hold;
    `owner` is the application importing (another application in the same thread saves as usual)."""

    owner: object
    aggregates: dict[UUID, Any] = field(default_factory=dict)
    absent: set[UUID] = field(default_factory=set)


@dataclass(frozen=True)
class Workbook:
    """A workbook as read: its SHA-256, its file name, and each sheet's rows of cells (header row first)."""

    sha256: str
    file_name: str
    sheets: Mapping[str, Sequence[Sequence[Any]]]


@dataclass
class ImportReport:
    """What an import (or its dry run) found and did: rows read, facts recorded or already on file, problems."""

    sha256: str
    file_name: str
    dry_run: bool
    rows: dict[str, int] = field(default_factory=dict)
    recorded: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    already_imported: bool = False
    position: int | None = None

    @property
    def imported(self) -> bool:
        return self.position is not None


class ImportService(ServiceBase):
    def import_workbook(
        self, actor: Actor, workbook: Workbook, *, dry_run: bool = False, progress: Progress | None = None,
    ) -> ImportReport:
        """Check every row and, unless `dry_run` or a row has a problem, record the whole file at once."""
        self.authorise(actor, (Role.ADMIN,))
        report = ImportReport(workbook.sha256, workbook.file_name, dry_run)
        if self.find(ImportedFile.create_id(workbook.sha256), ImportedFile, read_only=True) is not None:
            report.already_imported = True
            return report
        parsed = parse_workbook(workbook.sheets)
        report.rows = {kind: len(rows) for kind, rows in parsed.rows.items()}
        report.problems.extend(parsed.problems)
        with staging(self) as staged:
            RowImport(self, actor, report, progress or (lambda _n: None)).run(parsed)
            report.warnings = duplicate_people(parsed.rows["people"], self._people_on_file(parsed, staged))
        if report.problems or dry_run:
            return report
        record = ImportedFile(workbook.sha256, workbook.file_name, report.rows, report.recorded, **self.who(actor))
        try:
            report.position = self.commit(record, *staged.aggregates.values())
        except ConflictError:
            if self.find(record.id, ImportedFile, read_only=True) is None:
                raise  # another writer changed what the rows were checked against: nothing was recorded
            report.already_imported = True  # the same file, imported meanwhile by someone else
        return report

    def find(self, aggregate_id: UUID, kind: type[T], version: int | None = None, *, read_only: bool = False) -> T | None:
        """During an import, the staged aggregate (changed by earlier rows) before the ledger's."""
        staged = STAGED.get()
        if staged is None or staged.owner is not self:
            return super().find(aggregate_id, kind, version, read_only=read_only)
        if aggregate_id in staged.aggregates:
            found = staged.aggregates[aggregate_id]
            return found if isinstance(found, kind) else None
        if aggregate_id in staged.absent:
            return None
        found = super().find(aggregate_id, object, version, read_only=read_only)
        if found is None:
            staged.absent.add(aggregate_id)
        return found if isinstance(found, kind) else None

    def commit(self, *aggregates: Any, duplicate: str | None = None) -> int:
        """During an import, a command's aggregates are staged for the file's one save instead of saved."""
        staged = STAGED.get()
        if staged is None or staged.owner is not self:
            return super().commit(*aggregates, duplicate=duplicate)
        for aggregate in aggregates:
            if duplicate and aggregate.id not in staged.aggregates and self.find(aggregate.id, object, read_only=True):
                raise DuplicateError(duplicate)
            staged.aggregates[aggregate.id] = aggregate
        return 0

    def _people_on_file(self, parsed: Parsed, staged: Staged) -> list[Known]:
        """The people already on file in the units the workbook's people join (for duplicate warnings)."""
        keys = {row.values["key"] for row in parsed.rows["people"]}
        units = {Unit.create_id(row.values["unit_key"]) for row in parsed.rows["people"]}
        people = (self.find(p, Person, read_only=True) for u in units for p in getattr(staged.aggregates.get(u), "member_ids", ()))
        return [
            Known(p.key, p.full_name, p.details.citizen_id if p.details else None, p.details.born_on if p.details else None)
            for p in people if p is not None and p.key not in keys
        ]


@contextmanager
def staging(owner: object) -> Iterator[Staged]:
    staged = Staged(owner)
    token = STAGED.set(staged)
    try:
        yield staged
    finally:
        STAGED.reset(token)


class RowImport:
    """Each kind of row through its command, in dependency order; a refused row becomes a problem."""

    def __init__(self, app: ImportService, actor: Actor, report: ImportReport, progress: Progress) -> None:
        self.app, self.actor, self.report, self.progress = app, actor, report, progress
        self.seen: dict[tuple[str, str], int] = {}  # (sheet, key) -> the row that first had it

    def run(self, parsed: Parsed) -> None:
        for row in ordered_units(parsed.rows["units"]):
            self.each(row, "units", self.unit)
        for kind, handle in (("people", self.person), ("ratings", self.rating), ("discipline", self.discipline),
                             ("initiatives", self.initiative), ("awards", self.award)):
            for row in parsed.rows[kind]:
                self.each(row, kind, handle)

    def each(self, row: Row, kind: str, handle: Callable[[Row], bool]) -> None:
        try:
            self.once(row, kind)
            done = handle(row)
        except Refused as refusal:
            self.report.problems.append(Problem(row.sheet, row.number, refusal.column, refusal.value, str(refusal)))
        except DomainError as error:
            self.report.problems.append(Problem(row.sheet, row.number, "", "", str(error)))
        else:
            tally = self.report.recorded if done else self.report.skipped
            tally[kind] = tally.get(kind, 0) + 1
        self.progress(1)

    def once(self, row: Row, kind: str) -> None:
        """A unit's or person's key appears on one row of its sheet only."""
        key = row.values.get("key")
        if key is not None and self.seen.setdefault((kind, key), row.number) != row.number:
            raise Refused(KEY_HEADERS[kind], key, f"Mã này đã có ở dòng {self.seen[(kind, key)]} của trang.")

    def unit(self, row: Row) -> bool:
        v = row.values
        parent_id = self.unit_id(v["parent_key"], "Mã đơn vị cấp trên") if v["parent_key"] else None
        cmd = c.RegisterUnit(v["key"], v["name"], v["short_name"], v["kind"], v["province"], v["abbreviation"], parent_id)
        return self.new(lambda: self.app.register_unit(self.actor, cmd))

    def person(self, row: Row) -> bool:
        v = row.values
        cmd = c.RegisterPerson(v["key"], v["full_name"], v["gender"],
                               self.unit_id(v["unit_key"], "Mã đơn vị"), v["position"])
        registered = self.new(lambda: self.app.register_person(self.actor, cmd))
        person = self.app.load(Person.create_id(v["key"]), Person, "cán bộ")
        details = PersonalDetails(v["citizen_id"], v["ethnicity"], v["born_on"], bool(v["direct_worker"]))
        if details == person.details or (person.details is None and details == PersonalDetails(None, None, None, False)):
            return registered
        person.record_details(*vars(details).values(), **self.app.who(self.actor))
        self.app.commit(person)
        return True

    def rating(self, row: Row) -> bool:
        v = row.values
        subject = self.subject(v["subject_key"])
        if subject.ratings.get(v["year"]) == v["rating"]:
            return False
        self.app.record_rating(self.actor, c.RecordRating(subject.id, v["year"], v["rating"]))
        return True

    def discipline(self, row: Row) -> bool:
        v = row.values
        person = self.person_of(v["person_key"])
        if DisciplineFact(v["year"], v["level"], v["until"]) in person.disciplines:
            return False
        self.app.record_discipline(self.actor, c.RecordDiscipline(person.id, v["year"], v["level"], v["until"], v["reason"]))
        return True

    def initiative(self, row: Row) -> bool:
        v = row.values
        person = self.person_of(v["person_key"])
        if any(i.year == v["year"] and fold(i.title) == fold(v["title"]) for i in person.initiatives):
            return False
        self.app.recognise_initiative(self.actor, c.RecogniseInitiative(person.id, v["title"], v["year"], v["level"]))
        return True

    def award(self, row: Row) -> bool:
        """An award decided outside thidua; the ledger knows such a decision by its number alone, so one number
        on another date (numbers restart each year) is refused here rather than skipped as already on file."""
        v = row.values
        subject = self.subject(v["subject_key"])
        decision_id = external_decision_id(v["decision_number"])
        other = next((a for a in subject.awards if a.decision_id == decision_id and a.decided_on != v["decided_on"]), None)
        if other is not None:
            raise Refused("Số quyết định", v["decision_number"],
                          f"Số quyết định này đã được ghi cho «{v['subject_key']}» với ngày {other.decided_on:%d/%m/%Y}; "
                          "hãy ghi số kèm năm để phân biệt, ví dụ «125/QĐ-SNV/2023».")
        cmd = c.RecordPriorAward(subject.id, v["year"], v["code"], v["award_type"], v["decision_number"],
                                 v["decided_on"], v["issuer"])
        return self.new(lambda: self.app.record_prior_award(self.actor, cmd))

    def new(self, command: Callable[[], object]) -> bool:
        """Run a command whose fact may already be on file (then the row is skipped, not refused)."""
        try:
            command()
        except DuplicateError:
            return False
        return True

    def unit_id(self, key: str, column: str) -> UUID:
        unit_id = Unit.create_id(key)
        if self.app.find(unit_id, Unit, read_only=True) is None:
            raise Refused(column, key, "Không có đơn vị với mã này (trong tệp hoặc trong hệ thống).")
        return unit_id

    def person_of(self, key: str) -> Person:
        person = self.app.find(Person.create_id(key), Person, read_only=True)
        if person is None:
            raise Refused("Mã cán bộ", key, "Không có cán bộ với mã này (trong tệp hoặc trong hệ thống).")
        return person

    def subject(self, key: str) -> Record:
        found = [r for r in (self.app.find(Person.create_id(key), Person, read_only=True),
                             self.app.find(Unit.create_id(key), Unit, read_only=True)) if r is not None]
        if len(found) != 1:
            reason = "Mã này là của cả một cán bộ và một đơn vị; hãy đổi một mã." if found else \
                "Không có cán bộ hay đơn vị với mã này (trong tệp hoặc trong hệ thống)."
            raise Refused("Mã cán bộ hoặc đơn vị", key, reason)
        return found[0]


class Refused(DomainError):
    """Raised when a row names what is not on file (the column and value say which)."""

    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value = column, value


def ordered_units(rows: list[Row]) -> list[Row]:
    """Units after the units of the file they belong to (a parent listed below its child still comes first)."""
    keys = {row.values["key"] for row in rows}
    placed: set[str] = set()
    ordered: list[Row] = []
    waiting = list(rows)
    while waiting:
        ready = [r for r in waiting if r.values["parent_key"] not in keys or r.values["parent_key"] in placed]
        if not ready:
            return ordered + waiting  # a cycle: the rows left say their parent is not on file
        ordered += ready
        placed |= {r.values["key"] for r in ready}
        waiting = [r for r in waiting if r.values["key"] not in placed]
    return ordered
