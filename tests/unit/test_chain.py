"""The hash chain and its verification, on ledgers built in memory (no database)."""

from datetime import datetime, timedelta, timezone

import pytest

from adapters.ledger.chain import GENESIS, index_time, is_consistent, make_link, recorded_at
from adapters.ledger.verify import Entry, StoredRow, merge, verify_entries

AGGREGATES = ["a" * 32, "b" * 32, "c" * 32]


def ledger(size: int = 12) -> list[Entry]:
    """Events of three aggregates in turn, each linked after the one before."""
    entries, prev, last_of, versions = [], None, {}, {}
    for position in range(1, size + 1):
        oid = AGGREGATES[position % 3]
        versions[oid] = versions.get(oid, 0) + 1
        stamp = f"2025-01-0{1 + position % 9}T00:00:00+00:00"
        state = f'{{"timestamp":{{"_type_":"datetime_iso","_data_":"{stamp}"}},"n":{position}}}'.encode()
        event = StoredRow(position, oid, versions[oid], f"domain.x:X.E{position % 4}", state)
        prev = make_link(position, oid, event.version, event.topic, state, prev, last_of.get(oid, GENESIS))
        last_of[oid] = prev.chain_hash
        entries.append(Entry(position, event, prev))
    return entries


def test_first_link_starts_from_genesis_and_counts_one():
    first = ledger(1)[0].link

    assert first.prev_chain == GENESIS and first.prev_aggregate == GENESIS and first.seq == 1


def test_each_link_covers_the_previous_link_and_its_aggregates_previous_link():
    entries = ledger(6)

    assert entries[4].link.prev_chain == entries[3].link.chain_hash
    assert entries[4].link.prev_aggregate == entries[1].link.chain_hash  # positions 2 and 5: same aggregate


@pytest.mark.parametrize("change", [
    {"topic": "domain.x:X.Other"}, {"version": 9}, {"state_hash": "f" * 64}, {"prev_chain": "e" * 64},
    {"prev_aggregate": "d" * 64},
])
def test_a_link_whose_fields_were_altered_no_longer_matches_its_hash(change):
    link = ledger(3)[2].link

    assert is_consistent(link) and not is_consistent(link._replace(**change))


def test_recorded_times_sort_as_text_in_the_order_they_happened():
    later_in_hanoi = datetime(2025, 1, 1, 8, 0, 0, 1, tzinfo=timezone(timedelta(hours=7)))
    earlier_in_utc = datetime(2025, 1, 1, 1, 0, tzinfo=timezone.utc)

    assert index_time(earlier_in_utc) < index_time(later_in_hanoi)
    state = b'{"timestamp":{"_type_":"datetime_iso","_data_":"2025-01-01T08:00:00+07:00"}}'
    assert recorded_at(state) == "2025-01-01T01:00:00.000000Z"


@pytest.mark.parametrize("stamp", ["2025-01-02T02:00:00.012840+00:00", "2025-01-02T02:00:00+00:00", "2025-01-02T09:00:00.5+07:00"])
def test_the_recorded_time_is_read_from_the_stored_state_as_the_instant_it_names(stamp):
    state = f'{{"timestamp":{{"_type_":"datetime_iso","_data_":"{stamp}"}},"x":1}}'.encode()

    assert recorded_at(state) == index_time(datetime.fromisoformat(stamp))


def test_an_untouched_ledger_verifies_clean_up_to_its_head():
    entries = ledger()

    report = verify_entries(entries)

    assert report.ok and report.checked == 12 and report.head == entries[-1].link


def test_a_changed_byte_is_named_at_its_position():
    entries = ledger()
    event = entries[6].event
    entries[6] = entries[6]._replace(event=event._replace(state=event.state.replace(b'"n":7', b'"n":8')))

    assert verify_entries(entries).finding.position == 7
    assert verify_entries(entries).finding.kind == "changed"


def test_an_event_missing_beside_its_link_is_a_deletion():
    entries = ledger()
    entries[4] = entries[4]._replace(event=None)

    finding = verify_entries(entries, events_end=12).finding

    assert (finding.kind, finding.position) == ("deleted", 5)


def test_links_past_the_last_stored_event_are_a_truncated_tail():
    entries = ledger()
    entries[10:] = [e._replace(event=None) for e in entries[10:]]

    finding = verify_entries(entries, events_end=10).finding

    assert (finding.kind, finding.position) == ("truncated", 11)


def test_an_event_without_a_link_is_an_insertion():
    entries = ledger()
    forged = Entry(13, StoredRow(13, "f" * 32, 1, "domain.x:X.E1", b"{}"), None)

    finding = verify_entries([*entries, forged]).finding

    assert (finding.kind, finding.position) == ("inserted", 13)


@pytest.mark.parametrize("position", [1, 6, 11])
def test_two_exported_lines_in_swapped_order_are_named_as_a_swap(position):
    entries = ledger()
    entries[position - 1], entries[position] = entries[position], entries[position - 1]

    finding = verify_entries(entries).finding

    assert (finding.kind, finding.position) == ("swapped", position + 1)


def test_a_line_cut_out_of_an_export_is_a_deletion_after_the_last_good_position():
    entries = ledger()
    del entries[7]

    finding = verify_entries(entries).finding

    assert (finding.kind, finding.position) == ("deleted", 8)


def test_a_forged_line_slipped_into_an_export_is_an_insertion():
    entries = ledger()
    forged = ledger(20)[15]

    finding = verify_entries([*entries[:5], forged, *entries[5:]]).finding

    assert (finding.kind, finding.position) == ("inserted", 16)


def test_a_well_forged_line_linked_to_its_predecessor_is_still_an_insertion():
    entries = ledger()
    state = b'{"forged":true}'
    forged = make_link(5, "f" * 32, 1, "domain.x:X.E1", state, entries[3].link, GENESIS)
    later = [shifted(e) for e in entries[4:]]

    finding = verify_entries([*entries[:4], Entry(5, StoredRow(5, "f" * 32, 1, "domain.x:X.E1", state), forged), *later]).finding

    assert (finding.kind, finding.position) == ("inserted", 5)


def shifted(entry: Entry) -> Entry:
    """The entry one position later, as an attacker renumbering the lines after a forgery would write it."""
    position = entry.position + 1
    return Entry(position, entry.event._replace(position=position), entry.link._replace(position=position))


def test_a_published_digest_is_found_where_the_chain_reached_it_or_the_tail_is_missing():
    entries = ledger()

    assert verify_entries(entries, digest=entries[8].link.chain_hash).digest_position == 9
    assert verify_entries(entries[:8], digest=entries[8].link.chain_hash).finding.kind == "truncated"


def test_merge_pairs_events_and_links_by_position_leaving_gaps_empty():
    entries = ledger(4)
    events = [e.event for e in entries if e.position != 2]
    links = [e.link for e in entries if e.position != 3]

    merged = list(merge(events, links))

    assert [(m.position, m.event is not None, m.link is not None) for m in merged] == [
        (1, True, True), (2, False, True), (3, True, False), (4, True, True),
    ]
