"""The ledger recorder remembers the latest link it committed for each aggregate, so that the next
event of that aggregate is chained without a query. Only committed links may be remembered, and an
aggregate another process wrote to since must be looked up again."""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.persistence import PersistenceError, StoredEvent

from domain import commands as c
from domain.values import Actor
from tests.integration.ledger_store import (  # noqa: F401 - fixtures
    filled_url, open_store, raw, store, template, world,
)


def test_two_processes_writing_the_same_people_in_turn_keep_one_unbroken_chain(store, world, filled_url, tmp_path, clock):
    other = open_store(filled_url, tmp_path / "other", clock)
    try:
        for year in range(2000, 2006):
            writer = store.app if year % 2 else other.app
            for person in world.staff:
                writer.record_rating(Actor.system(), c.RecordRating(person, year, "HTTNV"))
    finally:
        other.close()

    result = store.app.verify_ledger()
    assert result.ok and result.checked == store.app.recorder.max_notification_id()


REFUSE = {
    "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON ledger_chain WHEN NEW.topic = 'tests:Refused' "
               "BEGIN SELECT RAISE(ABORT, 'refused'); END"],
    "postgres": ["CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
                 "CREATE TRIGGER refuse BEFORE INSERT ON ledger_chain FOR EACH ROW WHEN (NEW.topic = 'tests:Refused') "
                 "EXECUTE FUNCTION refuse()"],
}


def test_a_link_whose_transaction_failed_is_not_remembered(store, raw, filled_url, tmp_path, clock):
    """The link of version 2 is computed, then its transaction fails; another process writes version 2;
    version 3 must be chained to that one, not to the link that was never committed."""
    other = open_store(filled_url, tmp_path / "other", clock)
    oid = uuid4()

    def insert(recorder, version: int, topic: str = "tests:Written", originator=oid) -> None:
        state = b'{"version": %d, "by": "%s"}' % (version, str(id(recorder)).encode())
        recorder.inline = None  # events of a made-up class, which no read model can decode
        recorder.insert_events([StoredEvent(originator_id=originator, originator_version=version, topic=topic, state=state)])

    try:
        insert(store.app.recorder, 1)
        for statement in REFUSE["sqlite" if store.settings.is_sqlite else "postgres"]:
            raw.execute(statement)
        with pytest.raises(PersistenceError):
            insert(store.app.recorder, 2, "tests:Refused")
        raw.execute("DROP TRIGGER refuse" + ("" if store.settings.is_sqlite else " ON ledger_chain"))
        insert(other.app.recorder, 2)
        insert(other.app.recorder, 1, originator=uuid4())  # the chain head is not the aggregate's last link
        insert(store.app.recorder, 3)
    finally:
        other.close()

    result = store.app.verify_ledger()
    assert result.ok and result.head.position == store.app.recorder.max_notification_id()  # PostgreSQL: gaps
