"""A stateful model of the whole workflow: random commands by random actors over a moving business clock.

Every rule issues one command of the application through `attempt`, which checks that a refused command
leaves the ledger as it was and says why in Vietnamese. After every step the invariants of
`tests.model.invariants` must hold. The model keeps no expectations of its own about which command
succeeds: the law's rules decide, and the invariants judge the outcome.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from itertools import count
from typing import Any
from uuid import UUID

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from adapters.outbox import Outbox
from adapters.outbox_reminders import scan
from adapters.webhooks import Webhooks
from adapters.webhooks_delivery import Deliverer
from domain import commands as c
from domain.application import Thidua
from domain.calendar import shipped_calendar
from domain.clock import VIETNAM, local_date
from domain.exceptions import DomainError
from domain.imports_service import Workbook
from domain.rules.read_access import SCOPES
from domain.values import Actor, Role
from tests.ballot_support import passphrase, passphrases, trustees
from tests.model import organisation
from tests.model.invariants import mail_of_reminders, violations, webhooks_in_scope
from tests.webhook_receiver import Receiver
from tests.model.ledger import LedgerView

VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
CODE = re.compile(r"«[a-z_]+»|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # a raw stage/role code or a UUID
STARTS = (date(2024, 6, 20), date(2024, 11, 25), date(2025, 6, 10), date(2025, 11, 25), date(2026, 1, 5))
TITLES = ("LDTT", "LDTT", "LDTT", "CSTDCS", "GIAY_KHEN")
WEBHOOK_TYPES = ("NominationDrafted", "NominationSubmitted", "StageApproved", "NominationReturned", "AnnualRatingRecorded",
                 "BallotCast", "SessionConvened", "DecisionSigned", "ReminderIssued")


class WorkflowModel(RuleBasedStateMachine):
    """Subclasses give `make_app` (the store) and may add end-of-example checks in `teardown`."""

    def make_app(self) -> Thidua:
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2024, 1, 2, 2, tzinfo=timezone.utc)
        self.outbox: Outbox | None = None  # a stored model's (make_app): reminders need the read models
        self.unsubscribed: dict[UUID, set[str]] = {}  # person -> the outbox rows there when they unsubscribed
        self.webhooks: tuple[Webhooks, Deliverer, Receiver] | None = None  # a stored model's (make_app)
        self.webhooks_judged = 0  # deliveries judged so far (each right after the step that made it)
        self.app = self.make_app()
        self.view = LedgerView(self.app)
        self.nominations: list[UUID] = []
        self.sessions: list[UUID] = []
        self.decisions: list[UUID] = []
        self.objections: list[tuple[UUID, str]] = []
        self.evidence: dict[UUID, list[dict]] = {}  # unit -> references of the files uploaded for it
        self.numbers = count(1)
        self.outcomes: Counter[str] = Counter()

    def clock(self) -> datetime:
        return self.now

    @property
    def today(self) -> date:
        return local_date(self.now)

    # ---- set-up ---------------------------------------------------------------------------------------
    @initialize(
        overlaps=st.lists(st.integers(0, len(organisation.OVERLAPS) - 1), max_size=4, unique=True),
        start=st.sampled_from(STARTS),
    )
    def set_up(self, overlaps: list[int], start: date) -> None:
        self.org = organisation.build(self.app, overlaps)
        organisation.launch_campaigns(self.app, self.org)
        if self.outbox is not None:  # everyone has an address; every third reads the morning digest
            for i, (key, person_id) in enumerate(sorted(self.org.people.items())):
                self.outbox.set_contact(person_id, f"{key}@demo.thidua.example", "digest" if i % 3 == 0 else "each")
        self.now = datetime(start.year, start.month, start.day, 9, tzinfo=VIETNAM).astimezone(timezone.utc)
        self.view.refresh()

    # ---- how a command is issued ------------------------------------------------------------------------
    def attempt(self, name: str, actor: Actor | None, cmd: Any) -> Any:
        """Issue one command; a refusal must change nothing and say why in Vietnamese."""
        before = self.view.position
        try:
            result = getattr(self.app, name)(actor, cmd)
        except DomainError as refusal:
            assert self.view.position == before, f"{name} was refused but the ledger changed: {refusal.message}"
            assert VIETNAMESE.search(refusal.message), f"{name}: refusal not in Vietnamese: {refusal.message!r}"
            assert not CODE.search(refusal.message), f"{name}: refusal shows a code or an id: {refusal.message!r}"
            self.outcomes[f"{name}: refused"] += 1
            self.outcomes[f"{name}: refused: {refusal.message[:90]}"] += 1
            return None
        self.outcomes[f"{name}: done"] += 1
        return result

    def actor(self, data: st.DataObject, *roles: Role, scope: UUID | None = None) -> Actor:
        """Mostly someone who holds one of `roles` (for `scope` when given); sometimes anyone in any of them."""
        held = sorted({Actor(p, r) for p, grants in self.org.roles.items() for r, s in grants
                       if r in roles and scope in (None, s)}, key=str)
        if held and data.draw(st.integers(0, 9), label="honest") > 0:
            return data.draw(st.sampled_from(held), label="actor")
        people = sorted(self.org.people.values())
        return Actor(data.draw(st.sampled_from(people), label="anyone"), data.draw(st.sampled_from(roles), label="as"))

    def some(self, data: st.DataObject, items: list, label: str) -> Any:
        return data.draw(st.sampled_from(items), label=label)

    def dossier(self, data: st.DataObject, *stages: str) -> Any:
        """Mostly a dossier at one of `stages` (where the command can go on), sometimes any dossier."""
        ready = [n for n in self.nominations if self.app.repository.get(n).stage.value in stages]
        if ready and data.draw(st.integers(0, 9), label="ready") > 0:
            return self.app.repository.get(self.some(data, ready, "dossier"))
        return self.app.repository.get(self.some(data, self.nominations, "dossier"))

    def dossiers(self, data: st.DataObject, *stages: str) -> list[UUID]:
        """One to three dossiers, mostly at one of `stages`."""
        ready = [n for n in self.nominations if self.app.repository.get(n).stage.value in stages]
        pool = ready if ready and data.draw(st.integers(0, 9), label="ready") > 0 else self.nominations
        return data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True), label="dossiers")

    # ---- the clock ---------------------------------------------------------------------------------------
    def advance(self, data: st.DataObject) -> None:
        self.now += timedelta(days=self.some(data, [1, 2, 5, 10, 20, 40], "days"))

    def declare_holidays(self, data: st.DataObject) -> None:
        """The administrator declares this year's holidays: the shipped ones and one more day off drawn in the
        coming weeks (refused when it falls on a weekend or in another year)."""
        year = self.today.year
        known = shipped_calendar().years.get(year)
        shipped = known.as_dict() if known else {"days_off": [], "working_days": []}
        extra = self.today + timedelta(days=self.some(data, [1, 3, 7, 15, 30], "days ahead"))
        self.attempt("declare_holidays", organisation.SYSTEM, c.DeclareHolidays(
            year, [*shipped["days_off"], {"on": extra.isoformat(), "name": "Nghỉ hoán đổi"}], shipped["working_days"],
            "Thông báo hoán đổi ngày làm việc", "Chính phủ cho nghỉ thêm một ngày",
        ))

    # ---- organisation facts --------------------------------------------------------------------------------
    def record_a_fact(self, data: st.DataObject) -> None:
        """A unit renamed, a disciplined member of staff, a pending review of one, or an imported workbook."""
        fact = self.some(data, ["rename", "discipline", "proceeding", "import"], "fact")
        if fact == "import":
            self.import_workbook(data)
            return
        if fact == "rename":
            unit = self.some(data, self.org.divisions, "unit")
            name = f"Phòng Đổi Tên {next(self.numbers)}"
            self.attempt("rename_unit", organisation.SYSTEM, c.RenameUnit(unit, name, name, "Sắp xếp tổ chức bộ máy"))
            return
        who = self.some(data, self.org.staff[2::3], "person")  # one of each division's staff: others stay eligible
        if fact == "discipline":
            level = self.some(data, ["khiển trách", "cảnh cáo", "hạ bậc lương"], "level")
            self.attempt("record_discipline", organisation.SYSTEM, c.RecordDiscipline(
                who, self.today.year, level, self.today + timedelta(days=180), "Vi phạm quy chế làm việc"))
        else:
            self.attempt("open_proceeding", organisation.SYSTEM, c.OpenProceeding(
                who, f"kn-{next(self.numbers)}", "review", "Đơn khiếu nại đang giải quyết"))

    def import_workbook(self, data: st.DataObject) -> None:
        """An office's workbook of last year's ratings (the same rows make the same file, imported once); a
        row that would change a rating already on file is refused and the file records nothing."""
        rows = data.draw(st.lists(st.tuples(st.sampled_from(self.org.staff), st.sampled_from(["HTXSNV", "HTTNV", "KHTNV"])),
                                  min_size=1, max_size=3, unique_by=lambda r: r[0]), label="ratings")
        year = self.today.year - 1
        sheet = [["Mã cán bộ hoặc đơn vị", "Năm", "Xếp loại"]] + [[self.app.repository.get(p).key, year, r] for p, r in rows]
        workbook = Workbook(hashlib.sha256(repr(sheet).encode()).hexdigest(), "xep-loai.xlsx", {"Xếp loại": sheet})
        before = self.view.position
        report = self.attempt("import_workbook", organisation.SYSTEM, workbook)
        if report is not None and not report.imported:
            assert self.view.position == before, f"an import not recorded changed the ledger: {report.problems[:1]}"
            self.outcomes["import_workbook: " + ("again" if report.already_imported else "refused")] += 1

    def upload_evidence(self, data: st.DataObject) -> None:
        """A clerk records a file uploaded for a unit (mostly their own)."""
        unit = self.some(data, self.org.divisions, "unit")
        content = f"Minh chứng {next(self.numbers)}".encode()
        reference = self.attempt("record_evidence", self.actor(data, Role.UNIT_CLERK, scope=unit), c.RecordEvidence(
            unit, f"bao-cao-{len(content)}.pdf", hashlib.sha256(content).hexdigest(), len(content), "application/pdf"))
        if reference is not None:
            self.evidence.setdefault(unit, []).append(reference)

    def cited(self, data: st.DataObject, unit: UUID) -> list[dict]:
        """What a dossier cites: nothing, its unit's files, another unit's, or a file never uploaded."""
        other = [r for u, refs in self.evidence.items() if u != unit for r in refs]
        forged = {"name": "../../etc/passwd", "sha256": "0" * 64, "size": 5, "content_type": "application/pdf"}
        choices = [[], self.evidence.get(unit, [])[:2], other[:1], [forged]]
        return data.draw(st.sampled_from(choices), label="evidence")

    # ---- dossiers ------------------------------------------------------------------------------------------
    def nominate(self, data: st.DataObject) -> None:
        code = self.some(data, list(TITLES), "title")
        year = self.some(data, list(organisation.CAMPAIGN_YEARS), "year")
        unit = self.some(data, self.org.divisions, "unit")
        clerk = self.actor(data, Role.UNIT_CLERK, scope=unit)
        staff = [p for p in self.org.members_of(unit) if p in self.org.staff]
        nominee = self.some(data, staff if data.draw(st.integers(0, 4), label="staff") else self.org.members_of(unit), "nominee")
        nomination = self.attempt("nominate", clerk, c.Nominate(
            self.org.campaigns[year], nominee, "individual", code, f"Hoàn thành tốt nhiệm vụ năm {year}.",
            evidence=self.cited(data, unit)))
        if nomination is not None:
            self.nominations.append(nomination)

    def move_forward(self, data: st.DataObject) -> None:
        """The next step of a dossier before the council: submit, the unit's approval, the check, the posting."""
        n = self.dossier(data, "drafted", "submitted", "unit_approved", "checked")
        department = self.org.department
        if n.stage.value == "drafted":
            self.attempt("submit_nomination", self.actor(data, Role.UNIT_CLERK, scope=n.unit_id), c.SubmitNomination(n.id))
        elif n.stage.value == "submitted":
            self.attempt("approve_stage", self.actor(data, Role.UNIT_HEAD, scope=n.unit_id), c.ApproveStage(n.id, "unit_approved"))
        elif n.stage.value == "unit_approved":
            self.attempt("approve_stage", self.actor(data, Role.SECRETARIAT, scope=department), c.ApproveStage(n.id, "checked"))
        else:
            days = self.some(data, [4, 5, 6, 10, 15], "posting days")
            self.attempt("post_publicly", self.actor(data, Role.SECRETARIAT, scope=department),
                         c.PostPublicly([n.id], self.today + timedelta(days=days)))

    def push_through(self, data: st.DataObject) -> None:
        """Several forward steps of one dossier in a row (submit, approvals, check, posting): deep states sooner."""
        for _ in range(4):
            self.move_forward(data)

    def approve_any(self, data: st.DataObject) -> None:
        """Any approval of any dossier by anyone holding an approving role (out of order, in two capacities)."""
        stage = self.some(data, ["unit_approved", "checked"], "stage")
        n = self.dossier(data, "submitted", "unit_approved")
        self.attempt("approve_stage", self.actor(data, Role.UNIT_HEAD, Role.SECRETARIAT), c.ApproveStage(n.id, stage))

    def reviewer(self, data: st.DataObject, n: Any) -> Actor:
        """The unit head while the dossier is with its unit, the secretariat afterwards (mostly)."""
        if n.stage.value in ("drafted", "submitted"):
            return self.actor(data, Role.UNIT_HEAD, scope=n.unit_id)
        return self.actor(data, Role.SECRETARIAT, scope=self.org.department)

    def turn_back(self, data: st.DataObject) -> None:
        """A dossier returned to an earlier stage, rejected, or withdrawn by its unit."""
        how = self.some(data, ["return", "return", "reject", "withdraw"], "how")
        to_stage = self.some(data, ["drafted", "submitted", "unit_approved", "checked"], "to stage")
        n = self.dossier(data, "submitted", "unit_approved", "checked", "posted", "voted")
        if how == "return":
            self.attempt("return_nomination", self.reviewer(data, n), c.ReturnNomination(n.id, to_stage, "Bổ sung hồ sơ"))
        elif how == "reject":
            self.attempt("reject_nomination", self.reviewer(data, n), c.RejectNomination(n.id, "Không đủ tiêu chuẩn"))
        else:
            self.attempt("withdraw_nomination", self.actor(data, Role.UNIT_CLERK, scope=n.unit_id),
                         c.WithdrawNomination(n.id, "Đơn vị rút hồ sơ"))

    def post(self, data: st.DataObject) -> None:
        """Several dossiers posted at once."""
        days = self.some(data, [4, 5, 6, 10, 15], "posting days")
        self.attempt("post_publicly", self.actor(data, Role.SECRETARIAT, scope=self.org.department),
                     c.PostPublicly(self.dossiers(data, "checked"), self.today + timedelta(days=days)))

    def objection(self, data: st.DataObject) -> None:
        """Someone objects to a posted dossier, or the secretariat resolves an objection."""
        upheld = data.draw(st.booleans(), label="upheld")
        if self.objections and data.draw(st.booleans(), label="resolve"):
            dossier, objection = self.some(data, self.objections, "objection")
            self.attempt("resolve_objection", self.actor(data, Role.SECRETARIAT, scope=self.org.department),
                         c.ResolveObjection(dossier, objection, upheld, "Đã xác minh"))
            return
        n = self.dossier(data, "posted", "voted", "in_decision")
        objection = self.attempt("raise_objection", None, c.RaiseObjection(n.id, "Thành tích chưa đúng thực tế."))
        if objection is not None:
            self.objections.append((n.id, objection))

    # ---- the council ----------------------------------------------------------------------------------------
    def convene(self, data: st.DataObject) -> None:
        agenda = self.dossiers(data, "posted")
        members = self.org.council + [p for p, held in self.org.roles.items()
                                      if (Role.COUNCIL_MEMBER, self.org.department) in held and p not in self.org.council]
        session = self.attempt("convene_session", self.actor(data, Role.SECRETARIAT, scope=self.org.department), c.ConveneSession(
            self.org.department, "Hội đồng Thi đua - Khen thưởng Sở", members, members[0], agenda, self.today))
        if session is not None:
            self.sessions.append(session)
            for trustee in trustees(self.app, session):
                self.attempt("register_trustee_key", trustee, c.RegisterTrusteeKey(session, passphrase(trustee.person_id)))

    def hold_meeting(self, data: st.DataObject) -> None:
        """A whole meeting at once: attendance, every member's ballot (absentees in writing or not), closing, tally."""
        session_id = self.some(data, self.sessions, "session")
        session = self.app.repository.get(session_id)
        secretariat = self.actor(data, Role.SECRETARIAT, scope=self.org.department)
        absent = data.draw(st.lists(st.sampled_from(session.members), max_size=3, unique=True), label="absent")
        present = [m for m in session.members if m not in absent]
        self.attempt("record_attendance", secretariat, c.RecordAttendance(session_id, present))
        choice = st.sampled_from(("yes",) * 8 + ("no", "abstain"))
        for member in session.members:
            if member in present or data.draw(st.booleans(), label="writes"):
                choices = {str(n): data.draw(choice, label="choice") for n in session.agenda}
                self.attempt("cast_ballot", Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session_id, choices, member not in present))
        self.attempt("close_session", secretariat, c.CloseSession(session_id))
        self.attempt("tally_session", secretariat, c.TallySession(session_id, passphrases=passphrases(self.app, session_id)))

    def record_attendance(self, data: st.DataObject) -> None:
        session = self.some(data, self.sessions, "session")
        members = self.app.repository.get(session).members
        present = data.draw(st.lists(st.sampled_from(members), unique=True), label="present")
        self.attempt("record_attendance", self.actor(data, Role.SECRETARIAT), c.RecordAttendance(session, present))

    def cast_ballot(self, data: st.DataObject) -> None:
        written = data.draw(st.booleans(), label="written")
        session_id = self.some(data, self.sessions, "session")
        session = self.app.repository.get(session_id)
        choice = st.sampled_from(("yes", "yes", "yes", "no", "abstain"))
        choices = {str(n): data.draw(choice, label="choice") for n in session.agenda}
        voter = Actor(self.some(data, session.members, "voter"), Role.COUNCIL_MEMBER)
        self.attempt("cast_ballot", voter, c.CastBallot(session_id, choices, written))

    def close_session(self, data: st.DataObject) -> None:
        self.attempt("close_session", self.actor(data, Role.SECRETARIAT), c.CloseSession(self.some(data, self.sessions, "session")))

    def tally(self, data: st.DataObject) -> None:
        session = self.some(data, self.sessions, "session")
        picks = data.draw(st.lists(st.sampled_from(self.nominations), max_size=1), label="chair picks")
        keys = passphrases(self.app, session) if data.draw(st.integers(0, 4), label="trustees there") else {}
        self.attempt("tally_session", self.actor(data, Role.SECRETARIAT), c.TallySession(session, picks, keys, not keys))

    # ---- reminders (stored models) ----------------------------------------------------------------------
    def remind(self, data: st.DataObject) -> None:
        """The reminder scan (`thidua remind`) at the model's clock, sometimes after someone unsubscribes."""
        assert self.outbox is not None
        if data.draw(st.integers(0, 4), label="unsubscribes") == 0:
            person = self.some(data, sorted(self.org.people.values()), "unsubscriber")
            self.outbox.set_mode(person, "none")
            self.unsubscribed.setdefault(person, {row["row_id"] for row in self.outbox.rows()})
        issued = scan(self.container, self.outbox, 3, lambda d: "http://thidua.test/", lambda p: "http://thidua.test/u")
        self.outcomes["reminders"] += issued

    # ---- webhooks (stored models) ----------------------------------------------------------------------
    def deliver_webhooks(self, data: st.DataObject) -> None:
        """Sometimes an integrator subscribes (a division or everywhere, some data kinds and event types); then a
        round of the delivery worker (`thidua webhooks deliver --once`) to a real receiver."""
        assert self.webhooks is not None
        hooks, deliverer, receiver = self.webhooks
        if not hooks.ids() or data.draw(st.integers(0, 3), label="subscribes") == 0:
            units = data.draw(st.lists(st.sampled_from(self.org.divisions), max_size=1), label="units")
            scopes = data.draw(st.lists(st.sampled_from(SCOPES), max_size=2, unique=True), label="scopes")
            types = data.draw(st.lists(st.sampled_from(WEBHOOK_TYPES), min_size=1, max_size=4, unique=True), label="types")
            receiver.secrets.append(hooks.register(Actor.system(), "Cổng dữ liệu", receiver.url, units, scopes, types)[1])
        self.outcomes["webhooks delivered"] += deliverer.tick().delivered

    # ---- decisions -----------------------------------------------------------------------------------------
    def draft_decision(self, data: st.DataObject) -> None:
        """Mostly a secretariat member and a signer who acted on none of the listed dossiers; sometimes anyone."""
        days = self.some(data, [-3, -1, 0, 0, 0, 5, 30], "dated in days")
        listed = self.dossiers(data, "voted")
        acted = set().union(*(self.app.repository.get(n).acted_by | {self.app.repository.get(n).nominee_id} for n in listed))
        honest = data.draw(st.integers(0, 4), label="uninvolved") > 0
        signers = sorted(p for p, held in self.org.roles.items() if any(r is Role.SIGNER for r, _ in held))
        signers = [p for p in signers if p not in acted] if honest else signers
        signer = self.some(data, signers or sorted(self.org.people.values()), "signer")
        drafters = [a for a in self.org.actors if a.role is Role.SECRETARIAT and a.person_id not in acted | {signer}]
        drafter = self.some(data, drafters, "drafter") if honest and drafters else self.actor(data, Role.SECRETARIAT)
        decision = self.attempt("draft_decision", drafter, c.DraftDecision(
            self.org.department, f"{next(self.numbers)}/QĐ-SNV", "Về việc khen thưởng", self.today + timedelta(days=days),
            signer, "Giám đốc Sở", listed))
        if decision is not None:
            self.decisions.append(decision)

    def pending(self) -> list[UUID]:
        """Decisions neither signed nor discarded."""
        drafts = [self.app.repository.get(d) for d in self.decisions]
        return [d.id for d in drafts if not d.is_signed and not getattr(d, "discarded", False)]

    def sign(self, data: st.DataObject) -> None:
        """Mostly the named signer signs a pending draft; sometimes someone else, or another decision."""
        pending = self.pending()
        decision = self.app.repository.get(self.some(data, pending or self.decisions, "decision"))
        named = Actor(decision.signer_id, Role.SIGNER)
        signer = named if data.draw(st.integers(0, 4), label="named signer") else self.actor(data, Role.SIGNER)
        self.attempt("sign_decision", signer, c.SignDecision(decision.id))

    def discard(self, data: st.DataObject) -> None:
        decision = self.some(data, self.pending() or self.decisions, "decision")
        self.attempt("discard_decision", self.actor(data, Role.SECRETARIAT),
                     c.DiscardDecision(decision, "Dự thảo có sai sót"))

    # ---- one step: an action drawn by weight among those that can apply -------------------------------------
    def actions(self) -> list[tuple[Callable[[st.DataObject], None], int]]:
        """Each action and its weight: mostly those that can go on from the present state, so that examples
        reach signatures; every action also runs where it must be refused (wrong stage, actor or date)."""
        has = bool(self.nominations)
        stages = {self.app.repository.get(n).stage.value for n in self.nominations}
        open_sessions = [s for s in self.sessions if self.app.repository.get(s).tally is None]
        unsigned = self.pending()
        wanted = [
            (self.advance, 3, True), (self.declare_holidays, 1, True), (self.record_a_fact, 1, True), (self.upload_evidence, 1, True), (self.nominate, 3, len(self.nominations) < 12),
            (self.move_forward, 8, bool(stages & {"drafted", "submitted", "unit_approved", "checked"})),
            (self.push_through, 2, bool(stages & {"drafted", "submitted", "unit_approved", "checked"})),
            (self.approve_any, 1, has), (self.turn_back, 1, has), (self.post, 1, "checked" in stages),
            (self.objection, 2, bool(stages & {"posted", "voted", "in_decision"})), (self.convene, 1 if open_sessions else 3, "posted" in stages),
            (self.hold_meeting, 4, bool(open_sessions)), (self.record_attendance, 1, bool(self.sessions)),
            (self.cast_ballot, 1, bool(self.sessions)), (self.close_session, 1, bool(self.sessions)),
            (self.tally, 1, bool(self.sessions)), (self.draft_decision, 4, "voted" in stages),
            (self.sign, 4, bool(unsigned)), (self.discard, 1, bool(unsigned)), (self.remind, 2, self.outbox is not None),
            (self.deliver_webhooks, 2, self.webhooks is not None),
        ]
        return [(action, weight) for action, weight, possible in wanted if possible]

    @rule(data=st.data())
    def step(self, data: st.DataObject) -> None:
        self.outcomes["steps"] += 1
        weighted = [action for action, weight in self.actions() for _ in range(weight)]
        action = data.draw(st.sampled_from(weighted), label="action")
        action(data)

    # ---- after every step ----------------------------------------------------------------------------------
    @invariant()
    def the_law_holds(self) -> None:
        if not hasattr(self, "org"):
            return
        problems = violations(self.view)
        if self.outbox is not None:
            problems += mail_of_reminders(self.view, self.outbox.rows(), self.unsubscribed)
        if self.webhooks is not None:
            hooks, _deliverer, receiver = self.webhooks
            received, fresh = list(receiver.received), self.webhooks_judged
            self.webhooks_judged = len(received)
            with self.container.read_engine.connect() as conn:
                problems += webhooks_in_scope(self.view, self.app.webhook_subscriptions(hooks.ids()), received, conn, fresh)
        assert not problems, "\n".join(problems)

    def teardown(self) -> None:
        self.app.close()


def popo_app(clock: Callable[[], datetime]) -> Thidua:
    """The application on the in-memory store with the shipped rules."""
    from tests.builders import publish_shipped_rules
    from tests.conftest import accept_freezegun_values

    app = Thidua(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)
    accept_freezegun_values(app)
    publish_shipped_rules(app)
    return app
