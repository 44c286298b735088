"""Council sessions: composition counts, attendance and results per dossier; never who voted what."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, select

from projections.council import council_results, council_sessions
from projections.pipeline import nominations
from projections.queries.base import count, named, record, records, unit_named


def chairs_an_open_session(conn: Connection, person_id: UUID) -> bool:
    """Whether the person chairs a session whose ballots are not yet counted (a ballot trustee there)."""
    t = council_sessions.c
    found = conn.execute(select(t.session_id).where(t.chair_id == person_id, t.status.in_(("convened", "closed"))).limit(1))
    return found.first() is not None


def list_council_sessions(
    conn: Connection, *, council_unit_id: UUID | None = None, limit: int = 50, offset: int = 0,
) -> tuple[list[dict], int]:
    query = unit_named(select(council_sessions), council_sessions.c.council_unit_id, "council_unit_name").order_by(
        council_sessions.c.meeting_on.desc(), council_sessions.c.session_id
    )
    if council_unit_id is not None:
        query = query.where(council_sessions.c.council_unit_id == council_unit_id)
    return records(conn.execute(query.limit(limit).offset(offset))), count(conn, query)


def get_council_session(conn: Connection, session_id: UUID) -> dict | None:
    """A session with each dossier's yes/no/abstain counts, the required yes votes and the outcome."""
    query = unit_named(select(council_sessions), council_sessions.c.council_unit_id, "council_unit_name")
    found = record(conn.execute(query.where(council_sessions.c.session_id == session_id)))
    if found is None:
        return None
    results = named(
        select(council_results, nominations.c.title_code, nominations.c.nominee_id, nominations.c.nominee_kind)
        .join(nominations, nominations.c.nomination_id == council_results.c.nomination_id),
        nominations.c.nominee_id, "nominee_name",
    ).where(council_results.c.session_id == session_id).order_by("nominee_name", council_results.c.nomination_id)
    found["results"] = records(conn.execute(results))
    return found
