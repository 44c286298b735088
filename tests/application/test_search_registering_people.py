"""Registering a person with a citizen ID and a birth date records them as the person's details (read as
TRAILS); a malformed citizen ID is refused in Vietnamese and records nothing."""

from __future__ import annotations

from datetime import date

import pytest

from domain import commands as c
from domain.exceptions import InvalidCommandError
from domain.organisation import Person
from tests.builders import SYSTEM, build_world


def test_registration_records_the_citizen_id_and_birth_date(app):
    world = build_world(app, staff=0)

    person_id = app.register_person(SYSTEM, c.RegisterPerson(
        "cccd-1", "Nguyễn Văn A", "m", world.division, "Chuyên viên", "001090000001", date(1990, 1, 2),
    ))

    details = [e for e in app.repository.event_store.get(person_id) if isinstance(e, Person.PersonalDetailsRecorded)]
    assert [(e.citizen_id, e.born_on, e.by, e.role) for e in details] == [("001090000001", date(1990, 1, 2), SYSTEM.person_id, "system")]


def test_registration_without_them_records_no_details(app):
    world = build_world(app, staff=0)

    person_id = app.register_person(SYSTEM, c.RegisterPerson("cccd-2", "Trần B", "f", world.division, "Chuyên viên"))

    assert not any(isinstance(e, Person.PersonalDetailsRecorded) for e in app.repository.event_store.get(person_id))


def test_a_malformed_citizen_id_is_refused_and_nothing_is_recorded(app):
    world = build_world(app, staff=0)
    before = app.recorder.max_notification_id()

    with pytest.raises(InvalidCommandError, match="đúng 12 chữ số"):
        app.register_person(SYSTEM, c.RegisterPerson("cccd-3", "Lê C", "m", world.division, "Chuyên viên", "12345"))

    assert app.recorder.max_notification_id() == before
