"""A year of activity for each seed campaign, through the application service at simulated times.

Điện Biên 2025 leaves items at every stage and exercises the refusals a person can see: an
ineligible nominee (reasons on the dossier), a vote below the threshold, and a TLĐXS beyond
the campaign's 20% quota.
"""

from __future__ import annotations

import zlib
from datetime import date
from uuid import UUID

from adapters.demo.loader import DEPARTMENT_ROLES, SYSTEM, Demo, register_unit
from adapters.demo.people import demo_organisation
from domain import commands as c
from domain.application import Thidua
from domain.campaign import Campaign
from domain.decision import AwardDecision
from domain.exceptions import RuleViolationError
from domain.organisation import Cluster
from domain.values import Actor, Role

CLUSTER_KEY, DIENBIEN_KEY = "cum2-2023", "dienbien-2025"
QUARTERS = (("2025-Q1", date(2025, 3, 31)), ("2025-Q2", date(2025, 6, 30)), ("2025-Q3", date(2025, 9, 30)), ("2025-Q4", date(2025, 12, 31)))
DIENBIEN_UNITS = ("vp", "ttr", "khtc", "bcvt", "cntt", "ttbcxb", "ttcntt")
EXCELLENT_UNITS = ("ttr", "cntt", "ttcntt")  # rated HTXSNV for 2025: the TLĐXS candidates
SUCCESSOR = "skhcn-dienbien"
DEPARTMENT = "stttt-dienbien"  # the department whose staff run the demo's workflow (it merges into SUCCESSOR)
DECISION_1, DECISION_2, DECISION_3 = "05/QĐ-SKHCN", "12/QĐ-SKHCN", "145/QĐ-UBND"
PROVINCE = "ubnd-dienbien"  # confers TLĐXS (Law Art. 79): the Sở forwards, the provincial chairman decides


def CLUSTER_DONE(app: Thidua) -> bool:  # noqa: N802 - a named predicate
    campaign_id = Campaign.create_id(CLUSTER_KEY)
    return campaign_id in app.repository and app.repository.get(campaign_id).is_closed


def DIENBIEN_DONE(app: Thidua) -> bool:  # noqa: N802
    return AwardDecision.create_id(Demo.unit(PROVINCE), 2026, DECISION_3) in app.repository


def value_for(*parts: object, low: float = 60, high: float = 100) -> float:
    """A deterministic, plausible reported value."""
    spread = zlib.crc32("/".join(map(str, parts)).encode()) % 1000 / 1000
    return round(low + (high - low) * spread, 1)


def actor(demo: Demo, role: str, unit_key: str) -> Actor:
    """The unit's holder of a role; for a department, a holder in one of its divisions (its Văn phòng)."""
    holders = demo.holders(role, unit_key) or [
        k for k in demo.holders(role) if demo.department_of(demo.people[k]["unit_key"]) == unit_key
    ]
    return Actor(demo.person(holders[0]), Role(role))


# --- Cụm Thi đua số 2, 2023 -------------------------------------------------------------------


def cluster_year(demo: Demo) -> None:
    """Members sign up and sign the covenant, report on the criteria twice, and the year is summarised."""
    app, campaign = demo.app, Campaign.create_id(CLUSTER_KEY)
    targets = app.repository.get(campaign).targets
    members = [u for u in app.repository.get(Cluster.create_id("cum2")).members_on(date(2023, 2, 1))]
    keys = {demo.unit(k): k for k in demo.units}
    for unit_id in members:
        key = keys[unit_id]
        demo.at(2023, 2, 20, 9)
        participation = app.sign_up(actor(demo, "unit_clerk", key), c.SignUp(campaign, unit_id, "unit", ["CO_TINH", "BK_TINH"]))
        app.approve_sign_up(actor(demo, "unit_head", key), c.ApproveSignUp(participation))
        demo.at(2023, 3, 15, 10)
        app.sign_covenant(actor(demo, "unit_head", key), c.SignCovenant(campaign, unit_id))
        for label, end, when in (("2023-H1", date(2023, 6, 30), (2023, 7, 5, 9)), ("2023", date(2023, 12, 31), (2023, 12, 31, 15))):
            demo.at(*when)
            values = {code: value_for(key, code, label) for code, t in targets.items() if t["metric"] == "percent"}
            app.report_progress(actor(demo, "unit_clerk", key), c.ReportProgress(participation, label, end, values, final=label == "2023"))
    demo.at(2024, 3, 20, 9)
    app.close_campaign(SYSTEM, c.CloseCampaign(
        campaign, "Hội nghị tổng kết Cụm Thi đua số 2 năm 2023 do Sở Thông tin và Truyền thông Lào Cai (Cụm trưởng) "
        "chủ trì: các Sở đã ký giao ước, báo cáo kết quả theo tiêu chí giao ước và chấm điểm chéo.",
    ))


# --- Điện Biên ICT sector, 2025 -----------------------------------------------------------------


def dienbien_year(demo: Demo) -> None:
    app, campaign = demo.app, Campaign.create_id(DIENBIEN_KEY)
    units = [f"stttt-dienbien-{u}" for u in DIENBIEN_UNITS]
    participations = {key: sign_up(demo, campaign, key) for key in units}
    apply_successions(demo, "2025-03-01")
    report_quarter(demo, campaign, participations, *QUARTERS[0], (2025, 4, 3, 9))
    apply_successions(demo, "2025-07-01")
    report_quarter(demo, campaign, participations, *QUARTERS[1], (2025, 7, 3, 9))
    demo.at(2025, 7, 10, 9)
    key = units[3]
    app.correct_report(actor(demo, "unit_clerk", key), c.CorrectReport(
        participations[key], "2025-Q2", {"plan-targets-100": 96.5}, "Số liệu quý II cập nhật sau rà soát của Phòng KH-TC",
    ))
    report_quarter(demo, campaign, participations, *QUARTERS[2], (2025, 10, 3, 9))
    report_quarter(demo, campaign, participations, *QUARTERS[3], (2025, 12, 31, 15))
    for key in units:
        rating = "HTXSNV" if key.endswith(EXCELLENT_UNITS) else "HTTNV"
        app.record_rating(SYSTEM, c.RecordRating(demo.unit(key), 2025, rating, "Kết quả đánh giá tập thể năm 2025"))
    app.publish_overlay(SYSTEM, c.PublishOverlay("campaign", campaign, {
        "basis": "Phát động phong trào thi đua năm 2025, mục III.1: «trong đó có 20% được công nhận danh hiệu Tập thể lao động xuất sắc»",
        "quotas": {"TLDXS": {"max_share_of": "TLDTT", "share": 0.2, "minimum": 1, "scope": "all"}},
    }, "Chỉ tiêu 20% TLĐXS của phong trào"))
    individual_nominations(demo, campaign, units)
    collective_nominations(demo, campaign, units)


def sign_up(demo: Demo, campaign: UUID, key: str) -> UUID:
    demo.at(2025, 1, 10, 9)
    titles = ["TLDTT", "TLDXS"] if key.endswith(EXCELLENT_UNITS) else ["TLDTT"]
    participation = demo.app.sign_up(actor(demo, "unit_clerk", key), c.SignUp(campaign, demo.unit(key), "unit", titles))
    demo.app.approve_sign_up(actor(demo, "unit_head", key), c.ApproveSignUp(participation))
    return participation


def report_quarter(demo: Demo, campaign: UUID, participations: dict, label: str, end: date, when: tuple) -> None:
    app = demo.app
    demo.at(*when)
    targets = app.repository.get(campaign).targets
    for key, participation in participations.items():
        values = {
            code: (1.0 if t["metric"] == "boolean" else value_for(key, code, label, low=70))
            for code, t in targets.items() if t.get("measure") == "report" and t["metric"] in ("percent", "boolean")
        }
        report = app.report_progress(actor(demo, "unit_clerk", key), c.ReportProgress(participation, label, end, values, final=label.endswith("Q4")))
        app.approve_report(actor(demo, "unit_head", key), c.ApproveReport(participation, report))


def apply_successions(demo: Demo, on: str) -> None:
    """Units merge into their successors on a date; the successor takes the cluster seat (and roles)."""
    app, cluster = demo.app, Cluster.create_id("cum2")
    day = date.fromisoformat(on)
    demo.at(day.year, day.month, day.day, 8)
    for succession in demo_organisation()["successions"]:
        if succession["on"] != on:
            continue
        successor = succession["into_key"]
        if demo.unit(successor) not in app.repository:
            register_unit(demo, demo.units[successor])
        for old in succession["from_keys"]:
            app.merge_unit(SYSTEM, c.MergeUnit(demo.unit(old), demo.unit(successor), succession["basis"]))
            if demo.unit(old) in app.repository.get(cluster).members_on(day):
                for unit, joined in ((old, False), (successor, True)):
                    app.change_cluster_membership(SYSTEM, c.ChangeClusterMembership(cluster, demo.unit(unit), joined, day, succession["basis"]))
    for key, person in demo.people.items():
        if on == "2025-03-01" and demo.department_of(person["unit_key"]) == "stttt-dienbien":
            for role in DEPARTMENT_ROLES & set(person["roles"]):
                app.grant_role(SYSTEM, c.GrantRole(demo.person(key), role, demo.unit(SUCCESSOR), "Sáp nhập Sở TT&TT vào Sở KH&CN từ 01/3/2025"))


def nominate(demo: Demo, campaign: UUID, clerk: Actor, nominee: UUID, kind: str, code: str, text: str) -> UUID:
    return demo.app.nominate(clerk, c.Nominate(campaign, nominee, kind, code, text))


def individual_nominations(demo: Demo, campaign: UUID, units: list[str]) -> None:
    """LĐTT for staff rated HTTNV or above, CSTĐCS for the demo cases; every stage, then council and decision 1."""
    app = demo.app
    demo.at(2025, 12, 2, 9)
    secretary = Actor(demo.person(demo.holders("secretariat")[0]), Role.SECRETARIAT)
    ready: list[tuple[UUID, Actor]] = []
    for key in units:
        clerk, head = actor(demo, "unit_clerk", key), actor(demo, "unit_head", key)
        for pkey in sorted(k for k, p in demo.people.items() if p["unit_key"] == key):
            person = demo.people[pkey]
            if demo.person(pkey) == head.person_id:
                continue
            rating = {r["year"]: r["rating"] for r in person["ratings"]}.get(2025)
            code = "CSTDCS" if (person["demo_case"] or "").startswith(("eligible_cstd", "on_hold")) else "LDTT"
            n = nominate(demo, campaign, clerk, demo.person(pkey), "individual", code,
                         f"Hoàn thành {'xuất sắc' if rating == 'HTXSNV' else 'tốt'} nhiệm vụ năm 2025; tích cực hưởng ứng phong trào thi đua của Ngành.")
            try:
                app.submit_nomination(clerk, c.SubmitNomination(n))
            except RuleViolationError:
                continue  # stays a draft: the dossier page shows every unmet criterion
            ready.append((n, head))
    for i, (n, head) in enumerate(ready):
        if i % 25 == 24:
            continue  # waiting for the unit head
        app.approve_stage(head, c.ApproveStage(n, "unit_approved", "Đồng ý đề nghị"))
        if i % 25 == 23:
            continue  # waiting for the secretariat
        if i == 5:
            app.return_nomination(secretary_for(demo, n), c.ReturnNomination(n, "drafted", "Thiếu biên bản họp bình xét của phòng"))
            app.submit_nomination(clerk_of(demo, n), c.SubmitNomination(n, "Đã bổ sung biên bản bình xét"))
            app.approve_stage(head, c.ApproveStage(n, "unit_approved", "Đồng ý"))
        if i == 7:
            app.withdraw_nomination(clerk_of(demo, n), c.WithdrawNomination(n, "Đơn vị đề nghị hình thức khen thưởng khác"))
            continue
        if i == 9:
            app.reject_nomination(secretary_for(demo, n), c.RejectNomination(n, "Báo cáo thành tích không có số liệu minh chứng"))
            continue
        app.approve_stage(secretary_for(demo, n), c.ApproveStage(n, "checked", "Hồ sơ đầy đủ"))
    checked = [n for n, _h in ready if app.repository.get(n).stage.value == "checked"]
    app.post_publicly(secretary, c.PostPublicly(checked, date(2025, 12, 20)))
    demo.at(2025, 12, 8, 10)
    objection = app.raise_objection(None, c.RaiseObjection(checked[2], "Đề nghị làm rõ số ngày nghỉ việc trong năm của cán bộ này."))
    demo.at(2025, 12, 12, 10)
    app.resolve_objection(secretary, c.ResolveObjection(checked[2], objection, False, "Đã xác minh: nghỉ thai sản, được tính là thời gian công tác (Điều 4 khoản 5 NĐ 152/2025)."))
    council_vote(demo, checked, (2026, 1, 6, 8), below_threshold=True)
    draft_and_sign(demo, DECISION_1, "Về việc tặng danh hiệu thi đua cá nhân năm 2025", (2026, 1, 10, 9), checked)


def collective_nominations(demo: Demo, campaign: UUID, units: list[str]) -> None:
    """TLĐTT for every division and centre, TLĐXS for two; the second TLĐXS is beyond the 20% quota."""
    app = demo.app
    demo.at(2026, 1, 12, 9)
    secretary = Actor(demo.person(demo.holders("secretariat")[0]), Role.SECRETARIAT)
    posted = []
    for key in units:
        clerk, head = actor(demo, "unit_clerk", key), actor(demo, "unit_head", key)
        codes = ["TLDTT", "TLDXS"] if key.endswith(EXCELLENT_UNITS) else ["TLDTT"]
        for code in codes:
            n = nominate(demo, campaign, clerk, demo.unit(key), "collective", code, "Tập thể hoàn thành tốt nhiệm vụ năm 2025, đoàn kết, thực hiện tốt phong trào thi đua.")
            try:
                app.submit_nomination(clerk, c.SubmitNomination(n))
            except RuleViolationError:
                continue
            app.approve_stage(head, c.ApproveStage(n, "unit_approved", "Đồng ý"))
            app.approve_stage(secretary_for(demo, n), c.ApproveStage(n, "checked", "Hồ sơ đầy đủ"))
            posted.append(n)
    app.post_publicly(secretary, c.PostPublicly(posted, date(2026, 1, 22)))
    council_vote(demo, posted, (2026, 1, 23, 8), below_threshold=False)
    voted = [n for n in posted if app.repository.get(n).stage.value == "voted"]
    excellent = [n for n in voted if app.repository.get(n).title_code == "TLDXS"]
    draft_and_sign(demo, DECISION_2, "Về việc tặng danh hiệu Tập thể lao động tiên tiến năm 2025", (2026, 1, 26, 9),
                   [n for n in voted if n not in excellent], SUCCESSOR)
    province_decision(demo, excellent[:1])


def province_decision(demo: Demo, nominations: list[UUID]) -> None:
    """The provincial chairman grants TLĐXS within the 20% quota; a second TLĐXS would break it."""
    app = demo.app
    demo.at(2026, 1, 27, 8)
    demo.units[PROVINCE] = {"key": PROVINCE, "name": "Ủy ban nhân dân tỉnh Điện Biên", "short_name": "UBND tỉnh Điện Biên",
                            "kind": "province", "province": "Điện Biên", "abbreviation": "UBND", "parent_key": None}
    register_unit(demo, demo.units[PROVINCE])
    for key, name, position, role in (
        ("ubnd-chairman", "Lường Văn Thắng", "Chủ tịch UBND tỉnh", "signer"),
        ("snv-tdkt", "Hoàng Thị Mai", "Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ", "secretariat"),
    ):
        person = app.register_person(SYSTEM, c.RegisterPerson(key, name, "male" if role == "signer" else "female", demo.unit(PROVINCE), position))
        app.grant_role(SYSTEM, c.GrantRole(person, role, demo.unit(PROVINCE), "Demo: cấp tỉnh quyết định TLĐXS"))
        demo.people[key] = {"roles": [role], "unit_key": PROVINCE, "signing": "principal" if role == "signer" else None}
    draft_and_sign(demo, DECISION_3, "Về việc tặng danh hiệu Tập thể lao động xuất sắc năm 2025", (2026, 2, 2, 9), nominations, PROVINCE)


def secretary_for(demo: Demo, nomination: UUID) -> Actor:
    """A secretariat member who neither proposed nor is the nominee, nor drafts the department's decisions
    (separation of duties)."""
    n = demo.app.repository.get(nomination)
    drafter = drafter_of(demo, DEPARTMENT)
    key = next(k for k in demo.holders("secretariat") if demo.person(k) not in n.acted_by | {n.nominee_id, drafter})
    return Actor(demo.person(key), Role.SECRETARIAT)


def drafter_of(demo: Demo, department: str) -> UUID:
    """The department's secretariat member who drafts its decisions (the last one listed) and checks no dossier."""
    keys = [k for k in demo.holders("secretariat") if demo.department_of(demo.people[k]["unit_key"]) == department]
    return demo.person(keys[-1])


def clerk_of(demo: Demo, nomination: UUID) -> Actor:
    return Actor(demo.app.repository.get(nomination).proposer_id, Role.UNIT_CLERK)


DEMO_TRUSTEE_PASSPHRASE = "khoá kiểm phiếu của bản demo"  # the demo's trustees (docs/ballot.md)


def council_vote(demo: Demo, agenda: list[UUID], when: tuple, *, below_threshold: bool) -> None:
    """The Sở council: one member absent votes in writing; each member abstains on their own dossier."""
    app = demo.app
    demo.at(*when)
    secretary = Actor(demo.person(demo.holders("secretariat")[0]), Role.SECRETARIAT)
    members = [demo.person(k) for k in demo.holders("council_member")]
    chair = next(demo.person(k) for k, p in demo.people.items() if p["council_position"] == "chair")
    session = app.convene_session(secretary, c.ConveneSession(
        demo.unit(SUCCESSOR), "Hội đồng Thi đua – Khen thưởng Sở Khoa học và Công nghệ", members, chair, agenda, date(*when[:3]),
    ))
    trustees = [Actor(UUID(t["person_id"]), Role(t["role"])) for t in app.repository.get(session).trustees]
    for trustee in trustees:
        app.register_trustee_key(trustee, c.RegisterTrusteeKey(session, DEMO_TRUSTEE_PASSPHRASE))
    app.record_attendance(secretary, c.RecordAttendance(session, members[:-1]))
    nominees = {n: app.repository.get(n).nominee_id for n in agenda}
    strict = next((n for n in agenda if app.repository.get(n).title_code == "CSTDCS"), None) if below_threshold else None
    for i, member in enumerate(members):
        choices = {str(n): ("abstain" if nominees[n] == member else "no" if n == strict and i < 2 else "yes") for n in agenda}
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, choices, written=member == members[-1]))
    app.close_session(secretary, c.CloseSession(session))
    app.tally_session(secretary, c.TallySession(session, passphrases={str(t.person_id): DEMO_TRUSTEE_PASSPHRASE for t in trustees}))


def draft_and_sign(demo: Demo, number: str, subject: str, when: tuple, nominations: list[UUID], issuer: str = SUCCESSOR) -> None:
    app = demo.app
    demo.at(*when)
    department = DEPARTMENT if issuer == SUCCESSOR else issuer
    director = next(k for k, p in demo.people.items() if p["signing"] == "principal" and p["unit_key"] == department)
    title = "Giám đốc Sở Khoa học và Công nghệ" if issuer == SUCCESSOR else "Chủ tịch Ủy ban nhân dân tỉnh"
    voted = [n for n in nominations if app.repository.get(n).stage.value == "voted"]
    decision = app.draft_decision(Actor(drafter_of(demo, department), Role.SECRETARIAT), c.DraftDecision(
        demo.unit(issuer), number, subject, date(*when[:3]), demo.person(director), title, voted,
    ))
    app.sign_decision(Actor(demo.person(director), Role.SIGNER), c.SignDecision(decision))
