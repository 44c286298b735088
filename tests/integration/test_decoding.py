"""A catch-up's decoder makes of every stored event what the library's mapper makes of it."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Mapper, MapperDeserialisationError

from projections.decoding import Decoder, uuid_of
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock, synchronous=False)
    clock.set(2025, 1, 2, 9)
    launch_campaign(build_world(built.app))
    yield built
    built.close()


def described(event: object) -> tuple:
    """An event's class and state, each value with its type (and a datetime with its offset)."""
    return type(event), [(k, type(v), v, getattr(v, "tzinfo", None)) for k, v in vars(event).items()]


def test_every_stored_event_decodes_as_the_library_decodes_it(container):
    app, decode = container.app, Decoder(container.app.mapper)
    stored = app.recorder.notifications_after(0, 100_000)
    assert len(stored) > 100
    assert [described(decode(n)) for n in stored] == [described(Mapper.to_domain_event(app.mapper, n)) for n in stored]


def test_state_it_cannot_read_goes_to_the_mapper(container):
    app, decode = container.app, Decoder(container.app.mapper)
    first = app.recorder.notifications_after(0, 1)[0]
    padded = first._replace(state=b" " + first.state + b" ")
    assert described(decode(padded)) == described(Mapper.to_domain_event(app.mapper, first))
    with pytest.raises(MapperDeserialisationError):
        decode(first._replace(state=b'{"x":{"_type_":"unknown","_data_":1}}'))


def test_a_uuid_from_hex_digits_equals_the_library_s():
    for value in (uuid4(), UUID(int=0), UUID(int=2**128 - 1)):
        made = uuid_of(value.hex)
        assert (made, hash(made), str(made), made.is_safe, type(made)) == (value, hash(value), str(value), value.is_safe, UUID)
    assert uuid_of(str(UUID(int=5))) == UUID(int=5)
