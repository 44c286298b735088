"""The Rulebook and RulebookOverlay aggregates: deterministic ids, Published/Amended events, replay."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from domain.rulebook import Rulebook, RulebookOverlay
from domain.rules.errors import RuleSetError, UnknownOverlayKeyError
from domain.rulesets import load_shipped_rulesets
from domain.transcodings import TRANSCODINGS
from domain.values import stable_id

AT = datetime(2025, 7, 1, 8, 0, tzinfo=timezone.utc)


class Store(Application):
    """An in-memory application with the project's transcodings, to prove the events round-trip."""

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in TRANSCODINGS:
            transcoder.register(transcoding)


def test_published_rulebook_has_a_deterministic_id_and_round_trips():
    data = load_shipped_rulesets()[2]
    store = Store()

    rulebook = Rulebook.publish(data, uuid4(), "admin", AT)
    store.save(rulebook)
    copy = store.repository.get(stable_id("rulebook", "ND152-2025/v1"))

    assert rulebook.id == Rulebook.create_id("ND152-2025/v1")
    assert (copy.ruleset_version, copy.effective_from, copy.effective_to) == ("ND152-2025/v1", date(2025, 7, 1), None)
    assert copy.version == 1
    assert copy.rules == data and copy.ruleset.title("LDTT").name_vi == "Lao động tiên tiến"
    assert copy.legal_bases[0] == "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"


def test_malformed_rules_are_not_published():
    with pytest.raises(RuleSetError):
        Rulebook.publish({"version": "X"}, uuid4(), "admin", AT)


def test_overlay_is_published_amended_and_replayed():
    store, campaign_id, actor = Store(), uuid4(), uuid4()
    overlay = RulebookOverlay.publish("campaign", campaign_id, {"basis": "KH 01", "per_unit_max_individuals": 5},
                                      "Chỉ tiêu của kế hoạch", actor, "admin", AT)

    overlay.amend({"basis": "KH 01 sửa đổi", "per_unit_max_individuals": 3}, "Điều chỉnh chỉ tiêu", actor, "admin", AT)
    store.save(overlay)
    copy = store.repository.get(stable_id("overlay", "campaign", campaign_id))

    assert copy.overlay == {"basis": "KH 01 sửa đổi", "per_unit_max_individuals": 3}
    assert copy.reason == "Điều chỉnh chỉ tiêu" and copy.version == 2
    assert [type(e).__name__ for e in store.events.get(copy.id)] == ["Published", "Amended"]


def test_overlay_with_unknown_keys_is_refused_before_any_event():
    with pytest.raises(UnknownOverlayKeyError):
        RulebookOverlay.publish("province", uuid4(), {"basis": "x", "quorom": 0.8}, "", uuid4(), "admin", AT)
