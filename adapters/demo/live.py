"""The current year's campaign of the Sở KH&CN Điện Biên, in progress on today's date.

The year and every business date come from the clock (never hard-coded): what happened is dated in the
past, so that on the first login something waits for each demo account — a report due and a dossier to
prepare (clerk), approvals (unit head), a dossier check, a posting and an objection (secretariat), an open
ballot (council members), a decision to sign (the Giám đốc Sở; the province's chairman), recent changes
(auditor). The drafter of the Sở's decisions checks none of the dossiers they list; the secretariat's own
dossier waits for another member's check.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from uuid import UUID

from adapters.demo.accounts import ALIASES
from adapters.demo.activity import (
    DEMO_TRUSTEE_PASSPHRASE, DEPARTMENT, DIENBIEN_KEY, PROVINCE, SUCCESSOR, actor, council_vote, drafter_of, secretary_for, value_for,
)
from adapters.demo.loader import SYSTEM, Demo, draft_campaign
from adapters.demo.people import load_campaign
from domain import commands as c
from domain.application import Thidua
from domain.campaign import Campaign
from domain.nomination import Nomination
from domain.values import Actor, Role

UNITS = ("vp", "ttr", "khtc", "bcvt", "cntt", "ttbcxb", "ttcntt")
CLERK_UNIT = "stttt-dienbien-khtc"  # vanthu's and truongphong's division
GOOD = ("HTTNV", "HTXSNV")
ACHIEVEMENTS = "Hoàn thành tốt nhiệm vụ được giao năm {year}; tích cực hưởng ứng phong trào thi đua của Ngành."


def live_key(year: int) -> str:
    return f"skhcn-dienbien-{year}"


def live_campaign(year: int) -> dict:
    """The 2025 programme re-issued by the successor Sở for `year`: same structure, the year's dates."""
    data = copy.deepcopy(load_campaign("dienbien-2025"))
    data["key"], data["issuer_unit_key"] = live_key(year), SUCCESSOR
    data["period"] = {**data["period"], "start": f"{year}-01-01", "end": f"{year}-12-31"}
    data["document"] = {
        **data["document"], "issued_on_assumed": f"{year}-01-05",
        "title": f"Phát động phong trào thi đua Ngành Khoa học và Công nghệ tỉnh Điện Biên năm {year}",
    }
    data["sections"] = [{**s, "heading": s["heading"].replace("2025", str(year))} for s in data["sections"]]
    return data


def LIVE_DONE(app: Thidua, today: date) -> bool:  # noqa: N802 - a named predicate
    """The last fact of the live year: the clerk's draft dossier."""
    return _last_draft_id(app, today) in app.repository


class LiveYear:
    """Business dates counted back from today, never before the campaign's launch."""

    def __init__(self, demo: Demo, today: date) -> None:
        self.demo, self.app, self.today, self.year = demo, demo.app, today, today.year
        self.launch = date(self.year, 1, 5)
        self.campaign = Campaign.create_id(live_key(self.year))

    def day(self, days_ago: int) -> date:
        return max(self.today - timedelta(days=days_ago), self.launch)

    def at(self, days_ago: int, hour: int = 9) -> tuple:
        d = self.day(days_ago)
        return (d.year, d.month, d.day, hour)

    def staff(self, unit_key: str) -> list[UUID]:
        """The unit's plainly eligible people (rated at least HTTNV, no scripted case), its head and the
        secretariat aside, in key order."""
        head = actor(self.demo, "unit_head", unit_key).person_id
        return [self.demo.person(k) for k, p in sorted(self.demo.people.items()) if p["unit_key"] == unit_key
                and self.demo.person(k) != head and not p["demo_case"] and not {"secretariat", "unit_clerk"} & set(p["roles"])
                and {r["year"]: r["rating"] for r in p["ratings"]}.get(2025) in GOOD]


def live_year(demo: Demo, today: date) -> None:
    live = LiveYear(demo, today)
    if live.campaign not in demo.app.repository:
        draft_campaign(demo, live_campaign(live.year))
    ratings(live)
    participations = {key: sign_up(live, key) for key in (f"stttt-dienbien-{u}" for u in UNITS)}
    reports(live, participations)
    decided = nominations_through(live, "stttt-dienbien-cntt", 4, posted=70)
    council_vote(demo, decided, live.at(40, 8), below_threshold=False)
    draft_decision(live, f"{90 + live.year % 100}/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến năm {year}",
                   decided, SUCCESSOR, 20)
    ballot = nominations_through(live, "stttt-dienbien-bcvt", 3, posted=30)
    open_ballot(live, ballot)
    objection(live, nominations_through(live, "stttt-dienbien-ttbcxb", 1, posted=12)[0])
    province_signer(live)
    waiting = live.staff(CLERK_UNIT)
    for nominee in waiting[:2]:
        nominate(live, nominee, 8, stop="checked")  # a posting to make
    for nominee in waiting[2:4]:
        nominate(live, nominee, 5, stop="unit_approved")  # a dossier check
    nominate(live, demo.person(ALIASES["thuky"]), 5, stop="unit_approved", unit_key="stttt-dienbien-vp")  # not hers to check
    for nominee in waiting[4:6]:
        nominate(live, nominee, 3, stop="submitted")  # the unit head's approvals
    nominate(live, waiting[6], 1, stop="drafted")  # the clerk's dossier to prepare: the last fact


def ratings(live: LiveYear) -> None:
    """This year's ratings, as last year's (the eligibility of an annual title reads the year's rating)."""
    demo = live.demo
    demo.at(*live.at(60, 8))
    for key, person in demo.people.items():
        rating = {r["year"]: r["rating"] for r in person.get("ratings", [])}.get(2025)
        if rating and person["unit_key"].startswith("stttt-dienbien-"):
            live.app.record_rating(SYSTEM, c.RecordRating(demo.person(key), live.year, rating, "Đánh giá sơ bộ năm"))
    for unit in UNITS:
        live.app.record_rating(SYSTEM, c.RecordRating(demo.unit(f"stttt-dienbien-{unit}"), live.year, "HTTNV", "Đánh giá sơ bộ năm"))


def sign_up(live: LiveYear, key: str) -> UUID:
    live.demo.at(*live.at(300, 9))
    participation = live.app.sign_up(actor(live.demo, "unit_clerk", key), c.SignUp(live.campaign, live.demo.unit(key), "unit", ["TLDTT"]))
    live.app.approve_sign_up(actor(live.demo, "unit_head", key), c.ApproveSignUp(participation))
    return participation


def reports(live: LiveYear, participations: dict[str, UUID]) -> None:
    """Quarterly reports of the quarters ended; the clerk's division waits for its head on the last one."""
    targets = live.app.repository.get(live.campaign).targets
    ends = [q for q in (date(live.year, 3, 31), date(live.year, 6, 30), date(live.year, 9, 30)) if q + timedelta(days=5) < live.today]
    for number, end in enumerate(ends, start=1):
        label = f"{live.year}-Q{number}"
        live.demo.at(*live.at((live.today - end).days - 3, 9))
        for key, participation in participations.items():
            values = {code: (1.0 if t["metric"] == "boolean" else value_for(key, code, label, low=70))
                      for code, t in targets.items() if t.get("measure") == "report" and t["metric"] in ("percent", "boolean")}
            report = live.app.report_progress(actor(live.demo, "unit_clerk", key), c.ReportProgress(participation, label, end, values))
            if not (key == CLERK_UNIT and end == ends[-1]):
                live.app.approve_report(actor(live.demo, "unit_head", key), c.ApproveReport(participation, report))


def nominate(live: LiveYear, nominee: UUID, days_ago: int, stop: str, unit_key: str = CLERK_UNIT) -> UUID:
    """An individual LĐTT dossier taken up to `stop` (drafted, submitted, unit_approved, checked)."""
    app, demo = live.app, live.demo
    demo.at(*live.at(days_ago, 9))
    clerk, head = actor(demo, "unit_clerk", unit_key), actor(demo, "unit_head", unit_key)
    n = app.nominate(clerk, c.Nominate(live.campaign, nominee, "individual", "LDTT", ACHIEVEMENTS.format(year=live.year)))
    steps = ("submitted", "unit_approved", "checked")
    if stop in steps:
        app.submit_nomination(clerk, c.SubmitNomination(n))
    if stop in steps[1:]:
        app.approve_stage(head, c.ApproveStage(n, "unit_approved", "Đồng ý đề nghị"))
    if stop == "checked":
        app.approve_stage(secretary_for(demo, n), c.ApproveStage(n, "checked", "Hồ sơ đầy đủ"))
    return n


def post(live: LiveYear, nominations: list[UUID], days_ago: int) -> None:
    live.demo.at(*live.at(days_ago, 15))
    secretary = Actor(live.demo.person(live.demo.holders("secretariat")[0]), Role.SECRETARIAT)
    live.app.post_publicly(secretary, c.PostPublicly(nominations, live.day(days_ago) + timedelta(days=20)))


def nominations_through(live: LiveYear, unit_key: str, count: int, posted: int) -> list[UUID]:
    """`count` of the unit's staff, checked and posted `posted` days ago."""
    done = [nominate(live, nominee, posted + 5, "checked", unit_key) for nominee in live.staff(unit_key)[:count]]
    post(live, done, posted)
    return done


def draft_decision(live: LiveYear, number: str, subject: str, nominations: list[UUID], issuer: str, days_ago: int) -> UUID:
    """A draft waiting for its signer: the department's drafter, who checked none of the dossiers."""
    app, demo = live.app, live.demo
    demo.at(*live.at(days_ago, 9))
    department = DEPARTMENT if issuer == SUCCESSOR else issuer
    signer = next(k for k, p in demo.people.items() if p["signing"] == "principal" and p["unit_key"] == department)
    title = "Giám đốc Sở Khoa học và Công nghệ" if issuer == SUCCESSOR else "Chủ tịch Ủy ban nhân dân tỉnh"
    voted = [n for n in nominations if app.repository.get(n).stage.value == "voted"]
    return app.draft_decision(Actor(drafter_of(demo, department), Role.SECRETARIAT), c.DraftDecision(
        demo.unit(issuer), number, subject.format(year=live.year), live.day(days_ago), demo.person(signer), title, voted,
    ))


def open_ballot(live: LiveYear, agenda: list[UUID]) -> None:
    """Convened three days ago for a meeting today, the box open: the demo's council accounts (hoidong,
    truongphong, lanhdao) have not voted yet, the other members have."""
    app, demo = live.app, live.demo
    demo.at(*live.at(3, 8))
    secretary = Actor(demo.person(demo.holders("secretariat")[0]), Role.SECRETARIAT)
    members = [demo.person(k) for k in demo.holders("council_member")]
    chair = next(demo.person(k) for k, p in demo.people.items() if p["council_position"] == "chair")
    session = app.convene_session(secretary, c.ConveneSession(
        demo.unit(SUCCESSOR), f"Hội đồng Thi đua – Khen thưởng Sở Khoa học và Công nghệ, phiên họp tháng {live.today.month}/{live.year}",
        members, chair, agenda, live.today,
    ))
    for trustee in app.repository.get(session).trustees:
        app.register_trustee_key(Actor(UUID(trustee["person_id"]), Role(trustee["role"])), c.RegisterTrusteeKey(session, DEMO_TRUSTEE_PASSPHRASE))
    app.record_attendance(secretary, c.RecordAttendance(session, members))
    waiting = {demo.person(ALIASES[alias]) for alias in ("hoidong", "truongphong", "lanhdao")}
    nominees = {n: app.repository.get(n).nominee_id for n in agenda}
    for member in (m for m in members if m not in waiting):
        choices = {str(n): "abstain" if nominees[n] == member else "yes" for n in agenda}
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, choices, written=False))


def objection(live: LiveYear, nomination: UUID) -> None:
    live.demo.at(*live.at(5, 14))
    live.app.raise_objection(None, c.RaiseObjection(nomination, "Đề nghị làm rõ kết quả thực hiện nhiệm vụ quý III của cán bộ này."))


def province_signer(live: LiveYear) -> None:
    """The province's chairman has a CSTĐ tỉnh to sign: the Trung tâm's engineer with CSTĐCS 2023–2025 and a
    provincial initiative, proposed under the 2025 campaign once its CSTĐCS was decided, voted by the Sở's council."""
    app, demo = live.app, live.demo
    key = next(k for k, p in sorted(demo.people.items()) if (p["demo_case"] or "").startswith("eligible_cstd_tinh:"))
    unit_key = demo.people[key]["unit_key"]
    demo.at(*live.at(55, 9))
    clerk, head = actor(demo, "unit_clerk", unit_key), actor(demo, "unit_head", unit_key)
    n = app.nominate(clerk, c.Nominate(Campaign.create_id(DIENBIEN_KEY), demo.person(key), "individual", "CSTD_TINH",
                                       "Ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở; sáng kiến cấp tỉnh."))
    app.submit_nomination(clerk, c.SubmitNomination(n))
    app.approve_stage(head, c.ApproveStage(n, "unit_approved", "Đồng ý"))
    app.approve_stage(secretary_for(demo, n), c.ApproveStage(n, "checked", "Hồ sơ đầy đủ"))
    post(live, [n], 50)
    council_vote(demo, [n], live.at(30, 8), below_threshold=False)
    draft_decision(live, f"{200 + live.year % 100}/QĐ-UBND", "Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025",
                   [n], PROVINCE, 15)


def _last_draft_id(app: Thidua, today: date) -> UUID:
    demo = Demo(app)
    staff = LiveYear(demo, today).staff(CLERK_UNIT)
    return Nomination.create_id(Campaign.create_id(live_key(today.year)), staff[6], "LDTT", today.year, 1)
