"""Search read model: people, units, dossiers and decisions, each with its words folded (no diacritics, «đ» as
«d») so that "nguyen van a" finds "Nguyễn Văn A". SQLite indexes the words with FTS5 (a virtual table kept by
triggers), PostgreSQL with a GIN index over `to_tsvector('simple', words)`: neither needs an extension.
A person's citizen ID and date of birth are kept for exact look-ups (and duplicate warnings) only, never among
the words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import DDL, BigInteger, Column, Date, String, Table, Text, Uuid, event

from domain.decision import AwardDecision
from domain.nomination import Nomination
from domain.organisation import Person, Unit
from domain.rules.duplicates import folded
from projections.base import Projection, Writes, handles
from projections.tables import metadata

search_entries = Table(
    "search_entries",
    metadata,
    Column("item_id", Uuid, primary_key=True),
    Column("doc_no", BigInteger, nullable=False, unique=True),  # the full-text index's row id
    Column("kind", String(12), nullable=False),  # person | unit | nomination | decision
    Column("title", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("words", Text, nullable=False),
    Column("unit_id", Uuid),
    Column("status", String(20)),  # a decision's: drafted | discarded | signed | amended | revoked
    Column("citizen_id", String(20), index=True),
    Column("born_on", Date, index=True),
    Column("position", BigInteger, nullable=False),
)
# Idempotent, and run again after a rebuild's rows (projections.tables.create_indexes): the words of entries
# written before the index existed are indexed in one statement, which FTS5 does far faster than row by row.
SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_words USING fts5(words)",
    "INSERT INTO search_words (rowid, words) SELECT doc_no, words FROM search_entries "
    "WHERE NOT EXISTS (SELECT 1 FROM search_words)",
    "CREATE TRIGGER IF NOT EXISTS search_entries_added AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_words (rowid, words) VALUES (new.doc_no, new.words); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_removed AFTER DELETE ON search_entries BEGIN "
    "DELETE FROM search_words WHERE rowid = old.doc_no; END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_changed AFTER UPDATE OF words ON search_entries BEGIN "
    "UPDATE search_words SET words = new.words WHERE rowid = old.doc_no; END",
)
POSTGRES_INDEX = "CREATE INDEX IF NOT EXISTS search_entries_words ON search_entries USING gin (to_tsvector('simple', words))"
for statement in SQLITE_INDEX:
    event.listen(search_entries, "after_create", DDL(statement).execute_if(dialect="sqlite"))
event.listen(search_entries, "after_create", DDL(POSTGRES_INDEX).execute_if(dialect="postgresql"))
event.listen(search_entries, "after_drop", DDL("DROP TABLE IF EXISTS search_words").execute_if(dialect="sqlite"))


def doc_no(item_id: UUID) -> int:
    """A stable 62-bit row id for the full-text index, from the item's id."""
    return item_id.int >> 66


class SearchProjection(Projection):
    name = "search"
    tables = (search_entries,)

    def process(self, conn: Writes, events: Sequence[tuple[Any, int]]) -> None:
        """A batch's nominees are read in one statement (each new dossier's entry takes its nominee's name)."""
        nominees = [e.nominee_id for e, _position in events if e.__class__ is Nomination.Drafted]
        if len(nominees) > 1:
            conn.prefetch(search_entries, nominees)
        super().process(conn, events)

    @handles(Unit.Registered)
    def unit_registered(self, conn: Writes, e: Unit.Registered, position: int) -> None:
        self._entry(conn, e.originator_id, "unit", e.name, e.short_name, position,
                    also=(e.short_name, e.abbreviation or "", e.key), unit_id=e.originator_id)

    @handles(Unit.Renamed)
    def unit_renamed(self, conn: Writes, e: Unit.Renamed, position: int) -> None:
        conn.update(search_entries, e.originator_id, title=e.name, detail=e.short_name, position=position,
                    words=folded(" ".join((e.name, e.short_name, conn.get(search_entries, e.originator_id)["words"]))))

    @handles(Person.Registered)
    def person_registered(self, conn: Writes, e: Person.Registered, position: int) -> None:
        self._entry(conn, e.originator_id, "person", e.full_name, e.position, position, also=(e.key,), unit_id=e.unit_id)

    @handles(Person.Transferred)
    def person_transferred(self, conn: Writes, e: Person.Transferred, position: int) -> None:
        conn.update(search_entries, e.originator_id, unit_id=e.unit_id, detail=e.position, position=position)

    @handles(Person.PersonalDetailsRecorded)
    def personal_details_recorded(self, conn: Writes, e: Person.PersonalDetailsRecorded, position: int) -> None:
        conn.update(search_entries, e.originator_id, citizen_id=e.citizen_id, born_on=e.born_on, position=position)

    @handles(Nomination.Drafted)
    def nomination_drafted(self, conn: Writes, e: Nomination.Drafted, position: int) -> None:
        nominee = conn.get(search_entries, e.nominee_id)
        name = nominee["title"] if nominee else ""
        self._entry(conn, e.originator_id, "nomination", name, f"{e.title_code} {e.year}", position,
                    also=(e.title_code, str(e.year)), unit_id=e.unit_id)

    @handles(AwardDecision.Drafted)
    def decision_drafted(self, conn: Writes, e: AwardDecision.Drafted, position: int) -> None:
        self._entry(conn, e.originator_id, "decision", e.number, e.subject, position, also=(e.subject,), status="drafted")

    @handles(AwardDecision.Signed, AwardDecision.Discarded, AwardDecision.Amended, AwardDecision.Revoked)
    def decision_changed(self, conn: Writes, e: AwardDecision.Event, position: int) -> None:
        status = STATUSES[type(e)]
        conn.update(search_entries, e.originator_id, status=status, position=position)

    @staticmethod
    def _entry(
        conn: Writes, item_id: UUID, kind: str, title: str, detail: str, position: int, *, also: tuple[str, ...] = (),
        unit_id: UUID | None = None, status: str | None = None,
    ) -> None:
        conn.insert(
            search_entries, item_id=item_id, doc_no=doc_no(item_id), kind=kind, title=title, detail=detail,
            words=folded(" ".join((title, *also))), unit_id=unit_id, status=status, citizen_id=None, born_on=None,
            position=position,
        )


STATUSES = {
    AwardDecision.Signed: "signed", AwardDecision.Discarded: "discarded", AwardDecision.Amended: "amended",
    AwardDecision.Revoked: "revoked",
}
