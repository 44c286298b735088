"""The scene of the read matrix: readers of every role held for the subject's unit or another one, each with
an API token and a signed-in session, and subjects whose personal data they may or may not read."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher

from adapters.accounts import AccountStore
from domain import commands as c
from domain.rules.read_access import SCOPES
from domain.values import Role
from tests.builders import SYSTEM, grant, person
from tests.conftest import MutableClock
from tests.e2e.api_support import ApiWorld, open_api_world, populate_scene
from tests.e2e.ui_support import csrf_token
from tests.second_factor import answer_second_factor

R = Role
PASSWORD = "mat-khau-doc"


@dataclass(frozen=True)
class ReaderSpec:
    """A reader: the role held, where ("own": the subjects' unit, "issuer": the campaign's issuer, "other":
    a unit with no tie to the subjects, None: everywhere), and an integration token's scopes."""

    name: str
    role: Role
    held_for: str | None
    scopes: tuple[str, ...] = ()


READERS = (
    ReaderSpec("admin", R.ADMIN, None), ReaderSpec("auditor", R.AUDITOR, None),
    ReaderSpec("head own", R.UNIT_HEAD, "own"), ReaderSpec("head other", R.UNIT_HEAD, "other"),
    ReaderSpec("clerk own", R.UNIT_CLERK, "own"), ReaderSpec("clerk other", R.UNIT_CLERK, "other"),
    ReaderSpec("secretariat issuer", R.SECRETARIAT, "issuer"), ReaderSpec("secretariat other", R.SECRETARIAT, "other issuer"),
    ReaderSpec("council issuer", R.COUNCIL_MEMBER, "issuer"), ReaderSpec("council other", R.COUNCIL_MEMBER, "other issuer"),
    ReaderSpec("signer of the decision", R.SIGNER, "issuer"), ReaderSpec("signer other", R.SIGNER, "issuer"),
    ReaderSpec("integration scoped own", R.INTEGRATION, "own", SCOPES),
    ReaderSpec("integration scoped other", R.INTEGRATION, "other", SCOPES),
    ReaderSpec("integration without scope", R.INTEGRATION, "own"),
    ReaderSpec("integration ratings only", R.INTEGRATION, "own", ("ratings",)),
)


@dataclass
class ReadScene:
    api: ApiWorld
    ids: dict[str, str]  # subjects by name
    tokens: dict[str, dict[str, str]]  # reader name -> Authorization header
    sessions: dict[str, str]  # reader name -> session cookie

    def get(self, reader: str | None, path: str, channel: str) -> Any:
        """GET `path` as `reader` (None: anonymous) over the API with its token or on the pages signed in."""
        client = self.api.client.application.test_client()
        headers = self.tokens[reader] if reader and channel == "api" else {}
        if reader and channel == "pages":
            client.set_cookie("session", self.sessions[reader])
        return client.get(path, headers=headers)


def build_subjects(api: ApiWorld) -> dict[str, str]:
    """populate_scene's items, a unit merged into the nominees' unit with a person of its own, a fund of
    the nominees' unit, another unit and another issuer with nothing to do with them."""
    app, w = api.world.app, api.world
    ids = populate_scene(api)
    merged = app.register_unit(SYSTEM, c.RegisterUnit("phong-m", "Phòng Hợp nhất", "Phòng HN", "division", "A", "PHN", w.department))
    merged_person = person(app, "merged-staff", "Cán bộ đơn vị đã hợp nhất", merged, {2024: "HTXSNV"})
    app.merge_unit(SYSTEM, c.MergeUnit(merged, w.division, "Sáp nhập vào Phòng CNTT"))
    other_issuer = app.register_unit(SYSTEM, c.RegisterUnit("so-b", "Sở Tư pháp tỉnh A", "Sở TP A", "department", "A", "STP"))
    app.record_discipline(SYSTEM, c.RecordDiscipline(w.staff[6], 2024, "khiển trách", None, "Vi phạm quy chế"))
    fund = app.open_bonus_fund(SYSTEM, c.OpenBonusFund(w.division, 2025, 100_000_000, "Quy chế tiền thưởng Phòng CNTT"))
    files = upload_files(api, ("dossier_file", "report_file", "loose_file"))
    app.nominate(w.as_clerk, c.Nominate(w.campaign, w.staff[7], "individual", "LDTT", "Sáng kiến cấp cơ sở.",
                                        evidence=[files["dossier_file"]]))
    app.report_progress(w.as_clerk, c.ReportProgress(UUID(ids["participation_id"]), "2025-Q3", date(2025, 9, 30),
                                                     {"dvc-online": 60}, [files["report_file"]]))
    api.container.projector.catch_up()
    return {**ids, "merged_person": str(merged_person), "own_fund": str(fund), "other_issuer": str(other_issuer),
            "nominee": str(w.staff[2]), "plain_staff": str(w.staff[6]), "merged_unit": str(merged),
            **{name: reference["sha256"] for name, reference in files.items()}}


def upload_files(api: ApiWorld, names: tuple[str, ...]) -> dict[str, dict]:
    """A file of the division per name, stored and recorded as its evidence (cited below, or not at all)."""
    w, store = api.world, api.client.application.extensions["evidence"]
    references = {}
    for name in names:
        saved = store.save(io.BytesIO(f"%PDF-1.4 {name}".encode()), f"{name}.pdf", "application/pdf")
        references[name] = w.app.record_evidence(w.as_clerk, c.RecordEvidence(
            w.division, saved["name"], saved["sha256"], saved["size"], saved["content_type"]))
    return references


@contextmanager
def open_read_scene(path: Path) -> Iterator[ReadScene]:
    with open_api_world(path, MutableClock(datetime.now(timezone.utc)), staff=8) as api:
        ids = build_subjects(api)
        app, w = api.world.app, api.world
        where = {"own": w.division, "other": UUID(ids["unit_id"]), "issuer": w.department,
                 "other issuer": UUID(ids["other_issuer"]), None: None}
        store = AccountStore(api.container.projector.engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))
        people = {}
        for i, spec in enumerate(READERS):
            people[spec.name] = w.signer if spec.name == "signer of the decision" else person(
                app, f"reader-{i}", f"Người đọc {i}", w.department)
            if people[spec.name] != w.signer:
                grant(app, people[spec.name], spec.role, where[spec.held_for])
            store.create_account(f"reader-{i}", PASSWORD, people[spec.name])
        api.container.projector.catch_up()
        tokens = {}
        for spec in READERS:
            _token, secret = api.store.create(people[spec.name], spec.role, scopes=spec.scopes)
            tokens[spec.name] = {"Authorization": f"Bearer {secret}"}
        sessions = {spec.name: sign_in(api, f"reader-{i}") for i, spec in enumerate(READERS)}
        yield ReadScene(api, ids, tokens, sessions)


def sign_in(api: ApiWorld, username: str) -> str:
    """A session cookie of `username` (each reader holds one role, the one they act in)."""
    app = api.client.application
    for limiter in app.extensions["limiter"]:
        limiter.reset()
    client = app.test_client()
    signed = client.post("/login", data={"csrf_token": csrf_token(client), "username": username, "password": PASSWORD})
    signed = answer_second_factor(client, signed, username)
    assert signed.status_code == 303, signed.get_data(as_text=True)
    return client.get_cookie("session").value
