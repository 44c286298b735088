"""Search on SQLite (FTS5) and PostgreSQL (GIN over to_tsvector('simple')): Vietnamese names with and without
diacritics, units by name or abbreviation, decisions by number; dossiers and drafts only for their readers."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import UUID

import pytest

from domain import commands as c
from domain.decision import AwardDecision
from domain.organisation import Person
from domain.rules.read_access import Reader
from domain.values import Role
from projections.queries.search import possible_duplicates_of, search
from tests.builders import SYSTEM, build_world, launch_campaign, person
from tests.conftest import MutableClock
from tests.integration.projections_support import open_container, to_posted, vote

ANYONE = Reader()
ADMIN = Reader(role=Role.ADMIN, units=(None,))
CLERK_ELSEWHERE = Reader(role=Role.UNIT_CLERK, units=(UUID(int=1),))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def scene(request, tmp_path_factory):
    """A division with «Nguyễn Văn A», «Nguyễn Văn An», «Đặng Đức Dũng»; A's dossier voted and decided
    (05/QĐ-SKHCN, signed), An's voted and in a draft decision (07/QĐ-SKHCN)."""
    folder = tmp_path_factory.mktemp("search")
    if request.param == "sqlite":
        url, done = f"sqlite:///{folder / 'thidua.sqlite'}", None
    else:
        from tests.conftest import postgres_database
        databases = postgres_database()
        url, done = next(databases), databases
    clock = MutableClock(datetime(2025, 1, 2, 2, tzinfo=timezone.utc))
    container = open_container(url, folder, clock)
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=1)
    launch_campaign(world)
    good = {y: "HTTNV" for y in range(2022, 2026)}
    people = {name: person(container.app, key, name, world.division, good) for key, name in (
        ("nva", "Nguyễn Văn A"), ("nvan", "Nguyễn Văn An"), ("ddd", "Đặng Đức Dũng"),
    )}
    for key, name, citizen_id, born_on in (
        ("nva-2", "NGUYỄN VĂN Á", None, date(1990, 1, 2)), ("ttb", "Trần Thị Bích", "001190000001", None),
        ("ttb-2", "Trần Thị Bính", "001190000001", date(1991, 5, 6)), ("nva-3", "Nguyễn Văn A", None, date(1985, 3, 4)),
    ):
        container.app.register_person(SYSTEM, c.RegisterPerson(key, name, "f", world.division, "Chuyên viên", citizen_id, born_on))
    container.app.register_person(SYSTEM, c.RegisterPerson(
        "other", "Lê Văn C", "m", world.department, "Chuyên viên", "001090000009", None,
    ))
    nva = container.app.repository.get(people["Nguyễn Văn A"])
    nva.record_details("001090000001", "Kinh", date(1990, 1, 2), False, by=SYSTEM.person_id, role="system", at=clock.now)
    container.app.commit(nva)
    dossiers = [to_posted(world, clock, people[name]) for name in ("Nguyễn Văn A", "Nguyễn Văn An")]
    vote(world, clock, dossiers)
    clock.set(2026, 1, 10, 9)
    for number, dossier in (("05/QĐ-SKHCN", dossiers[0]), ("07/QĐ-SKHCN", dossiers[1])):
        decision = container.app.draft_decision(world.as_drafter, c.DraftDecision(
            world.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
            world.signer, "Giám đốc Sở", [dossier],
        ))
    container.app.sign_decision(world.as_signer, c.SignDecision(decision_id_of(world, "05/QĐ-SKHCN")))
    yield {"container": container, "world": world, "people": people}
    container.close()
    if done is not None:
        next(done, None)


def decision_id_of(world, number: str):
    return AwardDecision.create_id(world.department, 2026, number)


def found(scene, query: str, reader: Reader = ADMIN) -> list[tuple[str, str]]:
    with scene["container"].read_engine.connect() as conn:
        return [(row["kind"], row["title"]) for row in search(conn, query, reader)]


@pytest.mark.parametrize("query", ["nguyen van a", "Nguyễn Văn A", "NGUYEN VAN A", "nguyễn   van  a"])
def test_a_name_is_found_with_or_without_diacritics_the_exact_name_first(scene, query):
    people = [title for kind, title in found(scene, query) if kind == "person"]

    assert sorted(people[:3]) == ["NGUYỄN VĂN Á", "Nguyễn Văn A", "Nguyễn Văn A"] and people[3:] == ["Nguyễn Văn An"]


def test_among_equal_names_the_one_spelt_as_typed_comes_first(scene):
    assert [title for kind, title in found(scene, "Nguyễn Văn Á") if kind == "person"][0] == "NGUYỄN VĂN Á"
    assert [title for kind, title in found(scene, "nguyễn văn a") if kind == "person"][:2] == ["Nguyễn Văn A"] * 2


@pytest.mark.parametrize("query", ["dang duc dung", "Đặng Đức", "đang duc"])
def test_the_letter_d_with_stroke_is_found_as_d(scene, query):
    assert ("person", "Đặng Đức Dũng") in found(scene, query)


def test_the_beginning_of_each_word_is_enough(scene):
    assert [title for kind, title in found(scene, "ng v an") if kind == "person"] == ["Nguyễn Văn An"]


@pytest.mark.parametrize("query", ["05/QĐ-SKHCN", "05/qd-skhcn", "05 qd"])
def test_a_signed_decision_is_found_by_its_number_by_anyone(scene, query):
    assert ("decision", "05/QĐ-SKHCN") in found(scene, query, ANYONE)


@pytest.mark.parametrize("query", ["phong cong nghe thong tin", "CNTT", "phòng CNTT"])
def test_a_unit_is_found_by_name_or_abbreviation(scene, query):
    assert ("unit", "Phòng Công nghệ thông tin") in found(scene, query, CLERK_ELSEWHERE)


def test_the_directory_is_searched_by_those_signed_in_only(scene):
    assert ("person", "Nguyễn Văn A") in found(scene, "nguyen van a", CLERK_ELSEWHERE)
    assert [kind for kind, _title in found(scene, "nguyen van a", ANYONE)] == []
    assert [kind for kind, _title in found(scene, "phong cntt", ANYONE)] == []


def test_dossiers_and_drafts_are_found_by_their_readers_only(scene):
    world = scene["world"]
    head = Reader(world.head, Role.UNIT_HEAD, (world.division,))
    other_unit_head = Reader(world.head, Role.UNIT_HEAD, (world.department,))
    secretariat = Reader(world.secretary, Role.SECRETARIAT, (world.department,))

    def dossiers(query: str, reader: Reader) -> list[str]:
        return [kind for kind, _title in found(scene, query, reader) if kind in ("nomination", "decision")]

    assert dossiers("nguyen van an", head) == ["nomination"]
    assert dossiers("nguyen van an", secretariat) == ["nomination"]
    assert dossiers("nguyen van an", other_unit_head) == dossiers("nguyen van an", ANYONE) == []
    assert dossiers("07/QĐ", secretariat) == ["decision"] and dossiers("07/QĐ", ANYONE) == []


@pytest.mark.parametrize("query", ["", "   ", "!!! ---", "\"'*:&|()"])
def test_a_query_without_words_finds_nothing_and_breaks_nothing(scene, query):
    assert found(scene, query) == []


def test_words_that_match_nothing_find_nothing(scene):
    assert found(scene, "không có ai tên này") == []


def test_a_citizen_id_finds_its_person_for_those_who_may_read_their_records_only(scene):
    world = scene["world"]
    head = Reader(world.head, Role.UNIT_HEAD, (world.division,))
    secretariat = Reader(world.secretary, Role.SECRETARIAT, (world.department,))

    assert found(scene, "001090000001", ADMIN) == found(scene, " 001090000001 ", head) == [("person", "Nguyễn Văn A")]
    assert found(scene, "001090000001", secretariat) == found(scene, "001090000001", CLERK_ELSEWHERE) == []
    assert found(scene, "001090000009", head) == [] and found(scene, "0010900000", ADMIN) == []


def test_possible_duplicates_are_same_citizen_id_or_same_folded_name_and_birth_date(scene):
    with scene["container"].read_engine.connect() as conn:
        def warned(key: str) -> list[tuple[str, str]]:
            person_id = Person.create_id(key)
            return [(d.full_name, d.reason_vi) for d in possible_duplicates_of(conn, person_id)]

        assert warned("nva") == [("NGUYỄN VĂN Á", "trùng họ tên (không dấu) và ngày sinh")]
        assert warned("ttb-2") == [("Trần Thị Bích", "trùng số căn cước công dân")]
        assert warned("nva-3") == [] and warned("nvan") == []  # another birth date; no details recorded
