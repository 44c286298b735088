"""The Idempotency-Key header on API commands: one effect and one answer per key, caller and request."""

from __future__ import annotations

import threading
import uuid
from functools import partial
from datetime import datetime, timezone

import pytest

from domain.exceptions import BusyError
from domain.values import Role
from tests.conftest import MutableClock
from tests.e2e.api_support import open_api_world

IN_PROGRESS = "đang được xử lý"


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    with open_api_world(tmp_path_factory.mktemp("idempotency"), MutableClock(datetime.now(timezone.utc)), staff=12) as world:
        world.clock.set(2025, 12, 1, 9)
        yield world


def send(w, path, body, person=None, role=None, key=None, client=None):  # type: ignore[no-untyped-def]
    """POST a command with a new token of `person` (none: anonymous) and, if given, an Idempotency-Key."""
    headers = w.token(person, role) if person is not None else {}
    if key is not None:
        headers["Idempotency-Key"] = key
    return (client or w.client).post(f"/api/v1{path}", json=body, headers=headers)


def events(w) -> int:  # type: ignore[no-untyped-def]
    return w.container.app.recorder.max_notification_id()


def draft(w, staff: int) -> str:  # type: ignore[no-untyped-def]
    """A draft nomination of one of the world's staff, made without a key."""
    world = w.world
    body = {"campaign_id": str(world.campaign), "nominee_id": str(world.staff[staff]), "nominee_kind": "individual",
            "title_code": "LDTT", "achievements": "Hoàn thành tốt nhiệm vụ."}
    response = send(w, "/nominations", body, world.clerk, Role.UNIT_CLERK)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def revise(w, nomination: str, key: str | None, text: str = "Bổ sung sáng kiến.", client=None):  # type: ignore[no-untyped-def]
    return send(w, f"/nominations/{nomination}/revisions", {"achievements": text}, w.world.clerk, Role.UNIT_CLERK, key, client)


def new_key() -> str:
    return str(uuid.uuid4())


def test_a_retried_command_has_one_effect_and_gets_the_first_answer_even_through_a_new_token(w):
    nomination, key = draft(w, 0), new_key()
    before = events(w)

    first, retried = revise(w, nomination, key), revise(w, nomination, key)
    after_retry = events(w)
    unkeyed = revise(w, nomination, None)

    assert first.status_code == retried.status_code == 200
    assert retried.get_json() == w.openapi.check(first)
    assert after_retry == before + 1
    assert unkeyed.status_code == 200 and events(w) == before + 2  # without a key the same command acts again


def test_a_retried_creation_answers_with_the_same_id_instead_of_a_duplicate(w):
    world, key = w.world, new_key()
    body = {"campaign_id": str(world.campaign), "nominee_id": str(world.staff[1]), "nominee_kind": "individual",
            "title_code": "LDTT", "achievements": "Hoàn thành xuất sắc nhiệm vụ."}

    first = send(w, "/nominations", body, world.clerk, Role.UNIT_CLERK, key)
    retried = send(w, "/nominations", body, world.clerk, Role.UNIT_CLERK, key)
    unkeyed = send(w, "/nominations", body, world.clerk, Role.UNIT_CLERK)

    assert first.status_code == retried.status_code == 201
    assert retried.get_json()["id"] == first.get_json()["id"]
    assert unkeyed.status_code == 409 and unkeyed.get_json()["code"] == "duplicate"


def test_an_anonymous_objection_retried_is_recorded_once(w):
    world, nomination, key = w.world, draft(w, 2), new_key()
    for path, body, person, role in [
        (f"/nominations/{nomination}/submissions", {}, world.clerk, Role.UNIT_CLERK),
        (f"/nominations/{nomination}/approvals", {"stage": "unit_approved"}, world.head, Role.UNIT_HEAD),
        (f"/nominations/{nomination}/approvals", {"stage": "checked"}, world.secretary, Role.SECRETARIAT),
        ("/postings", {"nomination_ids": [nomination], "until": "2025-12-20"}, world.secretary, Role.SECRETARIAT),
    ]:
        assert send(w, path, body, person, role).status_code == 200
    objection = {"text": "Đề nghị làm rõ số ngày công."}
    before = events(w)

    first = send(w, f"/nominations/{nomination}/objections", objection, key=key)
    retried = send(w, f"/nominations/{nomination}/objections", objection, key=key)

    assert first.status_code == retried.status_code == 201
    assert retried.get_json()["id"] == first.get_json()["id"] and events(w) == before + 1


def test_the_same_key_for_another_request_is_refused_with_422(w):
    nomination, key = draft(w, 3), new_key()
    revise(w, nomination, key, "Nội dung thứ nhất.")
    before = events(w)

    other_body = revise(w, nomination, key, "Nội dung thứ hai.")
    other_path = send(w, f"/nominations/{nomination}/submissions", {}, w.world.clerk, Role.UNIT_CLERK, key)

    for refused in (other_body, other_path):
        assert refused.status_code == 422
        assert "đã được dùng cho một yêu cầu khác" in w.openapi.check(refused)["message"]
    assert events(w) == before


def test_a_key_belongs_to_its_caller(w):
    world, nomination, key = w.world, draft(w, 4), new_key()
    revise(w, nomination, key)
    send(w, f"/nominations/{nomination}/submissions", {}, world.clerk, Role.UNIT_CLERK)
    before = events(w)

    approved = send(w, f"/nominations/{nomination}/approvals", {"stage": "unit_approved"}, world.head, Role.UNIT_HEAD, key)

    assert approved.status_code == 200 and events(w) == before + 1


def test_a_refusal_is_the_answer_for_its_key(w):
    world, nomination, key = w.world, draft(w, 5), new_key()
    approve = {"stage": "unit_approved"}
    too_early = send(w, f"/nominations/{nomination}/approvals", approve, world.head, Role.UNIT_HEAD, key)
    send(w, f"/nominations/{nomination}/submissions", {}, world.clerk, Role.UNIT_CLERK)

    retried = send(w, f"/nominations/{nomination}/approvals", approve, world.head, Role.UNIT_HEAD, key)
    unkeyed = send(w, f"/nominations/{nomination}/approvals", approve, world.head, Role.UNIT_HEAD)

    assert 400 <= too_early.status_code < 500 and too_early.get_json()["code"] not in {"busy", "conflict"}
    assert (retried.status_code, retried.get_json()) == (too_early.status_code, too_early.get_json())
    assert unkeyed.status_code == 200


def test_a_busy_store_is_not_remembered_so_a_retry_runs_again(w, monkeypatch):
    nomination, key = draft(w, 6), new_key()
    revise_dossier = w.container.app.revise_dossier

    def busy_once(*args):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(w.container.app, "revise_dossier", revise_dossier)
        raise BusyError("Hệ thống đang bận.")

    monkeypatch.setattr(w.container.app, "revise_dossier", busy_once)
    before = events(w)

    busy, retried = revise(w, nomination, key), revise(w, nomination, key)

    assert busy.status_code == 409 and busy.get_json()["code"] == "busy"
    assert retried.status_code == 200 and events(w) == before + 1


def test_a_retry_while_the_first_still_runs_is_refused_with_409(w, monkeypatch):
    nomination, key = draft(w, 7), new_key()
    revise_dossier, entered, release = w.container.app.revise_dossier, threading.Event(), threading.Event()

    def slow(*args):  # type: ignore[no-untyped-def]
        entered.set()
        assert release.wait(10)
        return revise_dossier(*args)

    monkeypatch.setattr(w.container.app, "revise_dossier", slow)
    first, other_client = {}, w.client.application.test_client()
    runner = threading.Thread(target=lambda: first.update(response=revise(w, nomination, key, client=other_client)))
    runner.start()
    assert entered.wait(10)

    meanwhile = revise(w, nomination, key)
    release.set()
    runner.join(10)
    afterwards = revise(w, nomination, key)

    assert meanwhile.status_code == 409 and IN_PROGRESS in w.openapi.check(meanwhile)["message"]
    assert first["response"].status_code == afterwards.status_code == 200
    assert afterwards.get_json() == first["response"].get_json()


def test_concurrent_retries_with_one_key_have_one_effect(w):
    nomination, key, tries = draft(w, 8), new_key(), 6
    start, answers = threading.Barrier(tries), []
    before = events(w)

    def retry() -> None:
        client = w.client.application.test_client()
        start.wait(10)
        answers.append(revise(w, nomination, key, client=client))

    threads = [threading.Thread(target=retry) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    done = [a.get_json() for a in answers if a.status_code == 200]
    running = [a for a in answers if a.status_code == 409]
    assert len(answers) == tries and len(done) + len(running) == tries and done
    assert all(body == done[0] for body in done) and all(IN_PROGRESS in a.get_json()["message"] for a in running)
    assert events(w) == before + 1


def test_a_quoted_key_is_the_same_key_and_a_malformed_one_is_refused(w):
    nomination, key = draft(w, 9), new_key()
    before = events(w)

    quoted, bare = revise(w, nomination, f'"{key}"'), revise(w, nomination, key)
    too_long, not_ascii = revise(w, nomination, "k" * 256), revise(w, nomination, "khóa")

    assert quoted.status_code == bare.status_code == 200 and events(w) == before + 1
    for refused in (too_long, not_ascii):
        assert refused.status_code == 400 and "Idempotency-Key" in refused.get_json()["message"]


def test_every_command_documents_the_idempotency_key_header(w):
    document = w.client.get("/api/v1/openapi.json").get_json()

    commands = {path: ops["post"] for path, ops in document["paths"].items() if "post" in ops}

    assert len(commands) > 50
    undocumented = [path for path, op in commands.items()
                    if not any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in op.get("parameters", []))]
    assert undocumented == []


def test_a_creation_whose_answer_was_lost_is_answered_with_its_id_and_not_run_again(w, monkeypatch):
    world, key = w.world, new_key()
    body = {"campaign_id": str(world.campaign), "nominee_id": str(world.staff[10]), "nominee_kind": "individual",
            "title_code": "LDTT", "achievements": "Hoàn thành tốt nhiệm vụ."}
    keys = w.client.application.extensions["thidua_idempotency"]
    monkeypatch.setattr(keys, "finish", lambda *args: None)  # the process died after the commit, before the answer
    before = events(w)

    first = send(w, "/nominations", body, world.clerk, Role.UNIT_CLERK, key)
    monkeypatch.undo()
    retried = send(w, "/nominations", body, world.clerk, Role.UNIT_CLERK, key)

    assert first.status_code == retried.status_code == 201
    assert retried.get_json() == first.get_json()
    assert events(w) == before + 1


def test_a_key_claimed_by_another_process_meanwhile_refuses_this_run_whole_and_answers_the_first(w, monkeypatch):
    from adapters.idempotency import IdempotencyStore
    from web.api import idempotency as api_idempotency

    nomination, key = draft(w, 11), new_key()
    app = w.container.app
    revise_dossier, other = app.revise_dossier, IdempotencyStore(app.recorder, app.clock)
    answered = {}

    def another_process_first(*args):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(app, "revise_dossier", revise_dossier)
        caller, fingerprint = api_idempotency.caller_of_request(), api_idempotency.fingerprint()
        with other.claimed_by_commit(caller, key, fingerprint, partial(api_idempotency.recorded, False)) as claim:
            position = revise_dossier(*args)
        answered["body"] = f'{{"position": {position}, "settled": true}}'
        other.finish(claim, 200, answered["body"])
        return revise_dossier(*args)

    monkeypatch.setattr(app, "revise_dossier", another_process_first)
    before = events(w)

    response = revise(w, nomination, key)

    assert response.status_code == 200 and response.get_data(as_text=True) == answered["body"]
    assert events(w) == before + 1
