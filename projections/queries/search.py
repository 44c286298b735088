"""Search across people, units, dossiers and decisions, with or without diacritics, by citizen ID (for those
who may read it) and by decision number; only what the reader may read comes back (domain.rules.read_access)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, or_, select, text

from domain.rules.duplicates import CITIZEN_ID, PersonOnFile, PossibleDuplicate, folded, possible_duplicates
from domain.rules.read_access import NOBODY, Kind, Reader, decision_kind, may_read
from domain.text import nfc
from projections.queries.base import record, records
from projections.queries.reach import reach_of
from projections.search import search_entries

DIRECTORY = ("person", "unit")
CANDIDATES = 200  # ranked by the index, then re-ranked here
SHOWN = (search_entries.c.item_id, search_entries.c.kind, search_entries.c.title, search_entries.c.detail,
         search_entries.c.status, search_entries.c.unit_id)
COLUMNS = ", ".join(f"e.{column.name}" for column in SHOWN)
SQLITE = text(
    f"SELECT {COLUMNS} FROM search_words JOIN search_entries e ON e.doc_no = search_words.rowid "
    "WHERE search_words MATCH :query ORDER BY bm25(search_words) LIMIT :limit"
).columns(*SHOWN)
POSTGRES = text(
    f"SELECT {COLUMNS} FROM search_entries e, to_tsquery('simple', :query) q "
    "WHERE to_tsvector('simple', e.words) @@ q ORDER BY ts_rank(to_tsvector('simple', e.words), q) DESC LIMIT :limit"
).columns(*SHOWN)


def search(conn: Connection, query: str, reader: Reader, limit: int = 50) -> list[dict]:
    """The entries matching every word of `query` (each as a word's beginning), best first: those whose title
    holds the words whole before those that only begin with them, and among those the ones spelt as typed
    (diacritics included) first. A citizen ID finds its person only for a
    reader who may read that person's records."""
    words = folded(query).split()
    if not words:
        return []
    found = {row["item_id"]: row for row in (*by_citizen_id(conn, query, reader), *matching(conn, words))}
    typed = set(nfc(query).lower().split())
    ranked = sorted(enumerate(found.values()), key=lambda pair: (
        -whole_words(pair[1]["title"], words), -len(typed & set(pair[1]["title"].lower().split())), pair[0],
    ))
    return visible(conn, [row for _n, row in ranked], reader)[:limit]


def matching(conn: Connection, words: list[str]) -> list[dict]:
    if conn.dialect.name == "postgresql":
        statement, query = POSTGRES, " & ".join(f"{w}:*" for w in words)
    else:
        statement, query = SQLITE, " ".join(f'"{w}"*' for w in words)
    return records(conn.execute(statement, {"query": query, "limit": CANDIDATES}))


def by_citizen_id(conn: Connection, query: str, reader: Reader) -> list[dict]:
    """The person holding this citizen ID, if the reader may read their records (Kind.TRAILS)."""
    number = query.strip()
    if not CITIZEN_ID.fullmatch(number):
        return []
    entries = search_entries.c
    rows = records(conn.execute(select(*SHOWN).where(entries.citizen_id == number)))
    reaches = reach_of(conn, [row["item_id"] for row in rows])
    return [row for row in rows if may_read(reader, Kind.TRAILS, reaches.get(row["item_id"], NOBODY))]


def whole_words(title: str, words: list[str]) -> int:
    return len(set(words) & set(folded(title).split()))


def visible(conn: Connection, rows: list[dict], reader: Reader) -> list[dict]:
    """The rows the reader may see: a signed decision by anyone; units and people by name (the directory) by
    anyone signed in; a dossier, and a decision until it is signed, only by those who may read that dossier."""
    if reader.role is None:
        rows = [row for row in rows if row["kind"] not in DIRECTORY]
    kinds = {row["item_id"]: kind_of(row) for row in rows}
    personal = [item for item, kind in kinds.items() if kind is not Kind.PUBLIC]
    reaches = reach_of(conn, personal) if personal and not reader.sees_everything else {}
    return [
        row for row in rows
        if kinds[row["item_id"]] is Kind.PUBLIC or reader.sees_everything
        or may_read(reader, kinds[row["item_id"]], reaches.get(row["item_id"], NOBODY))
    ]


def kind_of(row: dict) -> Kind:
    if row["kind"] == "nomination":
        return Kind.DOSSIERS
    if row["kind"] == "decision":
        return decision_kind(row["status"])
    return Kind.PUBLIC


def possible_duplicates_of(conn: Connection, person_id: UUID) -> list[PossibleDuplicate]:
    """The people on file this person may be (same citizen ID, or same name without diacritics and same birth
    date): a warning for the administrator, never a refusal."""
    entries = search_entries.c
    me = record(conn.execute(select(entries.title, entries.citizen_id, entries.born_on).where(entries.item_id == person_id)))
    if me is None or not (me["citizen_id"] or me["born_on"]):
        return []
    same = [entries.citizen_id == me["citizen_id"]] if me["citizen_id"] else []
    same += [entries.born_on == me["born_on"]] if me["born_on"] else []
    rows = conn.execute(select(entries.item_id, entries.title, entries.born_on, entries.citizen_id)
                        .where(entries.kind == "person", or_(*same)))
    on_file = [PersonOnFile(row.item_id, row.title, row.born_on, row.citizen_id) for row in rows]
    return possible_duplicates(PersonOnFile(person_id, me["title"], me["born_on"], me["citizen_id"]), on_file)
