"""What cites an evidence file (by its content hash): the dossiers whose current evidence lists it, and
whether a progress report does. The read policy reads a file as what cites it."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, String, cast, exists, select

from projections.pipeline import nominations
from projections.standings import progress_reports


def citing_dossiers(conn: Connection, sha256: str) -> list[UUID]:
    """The nominations whose evidence cites the file (the hash is 64 hex digits: no LIKE wildcard in it)."""
    cites = cast(nominations.c.evidence, String).contains(f'"{sha256}"')
    return list(conn.execute(select(nominations.c.nomination_id).where(cites)).scalars())


def cited_by_a_report(conn: Connection, sha256: str) -> bool:
    cites = cast(progress_reports.c.evidence, String).contains(f'"{sha256}"')
    return bool(conn.execute(select(exists().where(cites))).scalar())
