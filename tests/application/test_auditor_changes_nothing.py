"""The auditor (kiểm toán, thanh tra) and the integration role read everything and change nothing:
every command of the application refuses them, and the ledger does not move."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date, datetime, timezone
from uuid import UUID, uuid4

import pytest

from domain import commands as c
from domain import webhooks as wh
from domain.accounts_security import ResetSecondFactor
from domain.application import Thidua
from domain.exceptions import PermissionDeniedError
from domain.seal import SealLedger
from domain.values import Actor, Role
from tests.application.test_lifecycle import to_voted
from tests.builders import World, build_world, grant, launch_campaign, person, publish_shipped_rules
from tests.conftest import MutableClock
from tests.reliability.paths import posted as posted_nominations


@dataclass
class Scene:
    """One item in every state a command can be aimed at, and a person holding both read-only roles."""

    w: World
    reader: UUID
    participation: UUID
    report: str
    cluster: UUID
    drafted: UUID
    posted: UUID
    session: UUID
    voted: UUID
    decision: UUID
    fund: UUID
    webhook: UUID

    @property
    def campaign(self) -> UUID:
        return self.w.campaign


@pytest.fixture(scope="module")
def scene():
    clock = MutableClock(datetime(2025, 1, 2, 2, 0, tzinfo=timezone.utc))
    app = Thidua(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)
    publish_shipped_rules(app)
    clock.set(2025, 1, 2, 9)
    w = build_world(app)
    launch_campaign(w)
    reader = person(app, "reader", "Kiểm toán viên", w.department)
    grant(app, reader, Role.AUDITOR, None)
    grant(app, reader, Role.INTEGRATION, None)
    participation = app.sign_up(w.as_clerk, c.SignUp(w.campaign, w.division, "unit", ["TLDTT"]))
    clock.set(2025, 4, 2, 9)
    report = app.report_progress(w.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"dvc-online": 55}))
    cluster = app.form_cluster(Actor.system(), c.FormCluster("cum-a", "Cụm thi đua A"))
    voted = to_voted(w, clock, w.staff[0])
    clock.set(2025, 12, 1, 9)
    drafted = app.nominate(w.as_clerk, c.Nominate(w.campaign, w.staff[1], "individual", "LDTT", "Thành tích"))
    fund = app.open_bonus_fund(w.as_clerk, c.OpenBonusFund(w.division, 2025, 1_000_000_000, "Quy chế tiền thưởng"))
    posted = posted_nominations(w, clock, [w.staff[2]])[0]
    session = app.convene_session(w.as_secretary, c.ConveneSession(
        w.department, "Hội đồng", w.members, w.members[0], [posted], date(2025, 12, 22),
    ))
    clock.set(2026, 1, 10, 9)
    decision = app.draft_decision(w.as_drafter, c.DraftDecision(
        w.department, "05/QĐ-SKHCN", "Tặng danh hiệu", date(2026, 1, 10), w.signer, "Giám đốc Sở", [voted],
    ))
    admin = person(app, "admin", "Quản trị hệ thống", w.department)
    grant(app, admin, Role.ADMIN, None)
    webhook = app.register_webhook(Actor(admin, Role.ADMIN), wh.RegisterWebhook(
        uuid4(), "Cổng dữ liệu tỉnh", "https://lgsp.example/hook", [], [], ["NominationSubmitted"], "0" * 64, 0,
    ))
    clock.set(2025, 12, 10, 9)  # while the list is posted, when anyone may object
    yield Scene(w, reader, participation, report, cluster, drafted, posted, session, voted, decision, fund, webhook)
    app.close()


TARGET = {"code": "x", "description": "x", "metric": "percent", "unit": "%", "value": 1, "direction": "at_least", "weight": 1}
COMMANDS = {
    "change_webhook_scope": lambda s: wh.ChangeWebhookScope(s.webhook, "https://lgsp.example/other", [], [], ["NominationSubmitted"], "Đổi"),
    "delete_webhook": lambda s: wh.WebhookStep(s.webhook, "Xoá"),
    "pause_webhook": lambda s: wh.WebhookStep(s.webhook, "Tạm dừng"),
    "register_webhook": lambda s: wh.RegisterWebhook(uuid4(), "Khác", "https://lgsp.example/x", [], [], [], "1" * 64, 0),
    "replay_dead_letters": lambda s: wh.ReplayDeadLetters(s.webhook, [1]),
    "resume_webhook": lambda s: wh.WebhookStep(s.webhook, "Tiếp tục"),
    "rotate_webhook_secret": lambda s: wh.RotateWebhookSecret(s.webhook, "2" * 64),
    "add_content_item": lambda s: c.AddContentItem(s.campaign, {"number": "9", "text": "Nội dung"}),
    "allocate_periodic_bonus": lambda s: c.AllocatePeriodicBonus(s.fund),
    "amend_target": lambda s: c.AmendTarget(s.campaign, "ldtt-95", 90, "Điều chỉnh"),
    "approve_report": lambda s: c.ApproveReport(s.participation, s.report),
    "approve_sign_up": lambda s: c.ApproveSignUp(s.participation),
    "approve_stage": lambda s: c.ApproveStage(s.drafted, "unit_approved"),
    "assign_cluster_head": lambda s: c.AssignClusterHead(s.cluster, s.w.division, 2025),
    "cast_ballot": lambda s: c.CastBallot(s.session, {str(s.posted): "yes"}),
    "change_cluster_membership": lambda s: c.ChangeClusterMembership(s.cluster, s.w.division, True, date(2025, 1, 1)),
    "close_campaign": lambda s: c.CloseCampaign(s.campaign, "Tổng kết"),
    "close_proceeding": lambda s: c.CloseProceeding(s.w.staff[3], "vv-1", "Kết thúc"),
    "close_session": lambda s: c.CloseSession(s.session),
    "convene_session": lambda s: c.ConveneSession(
        s.w.department, "Hội đồng", s.w.members, s.w.members[0], [s.posted], date(2025, 12, 22)),
    "correct_report": lambda s: c.CorrectReport(s.participation, s.report, {"dvc-online": 60}, "Sửa số liệu"),
    "declare_holidays": lambda s: c.DeclareHolidays(2027, [{"on": "2027-02-11", "name": "Nghỉ hoán đổi"}], [], "Thông báo", "Hoán đổi"),
    "discard_decision": lambda s: c.DiscardDecision(s.decision, "Lập nhầm"),
    "draft_campaign": lambda s: c.DraftCampaign("pt-x", s.w.department, "sector", "Chủ đề", date(2026, 1, 1), date(2026, 12, 31)),
    "draft_decision": lambda s: c.DraftDecision(s.w.department, "99/QĐ", "Tặng", date(2026, 1, 10), s.w.signer, "GĐ", [s.voted]),
    "form_cluster": lambda s: c.FormCluster("cum-x", "Cụm X"),
    "grant_role": lambda s: c.GrantRole(s.reader, "admin"),
    "invite_participant": lambda s: c.InviteParticipant(s.campaign, s.w.division),
    "lapse_bonus_fund": lambda s: c.LapseBonusFund(s.fund),
    "launch_campaign": lambda s: c.LaunchCampaign(s.campaign, date(2025, 1, 2)),
    "merge_unit": lambda s: c.MergeUnit(s.w.division, s.w.department, "Sáp nhập"),
    "nominate": lambda s: c.Nominate(s.campaign, s.w.staff[3], "individual", "LDTT", "Thành tích"),
    "open_bonus_fund": lambda s: c.OpenBonusFund(s.w.department, 2025, 1_000_000_000, "Quy chế tiền thưởng"),
    "open_proceeding": lambda s: c.OpenProceeding(s.w.staff[3], "vv-2", "review", "Xem xét"),
    "pay_ad_hoc_bonus": lambda s: c.PayAdHocBonus(s.fund, s.w.staff[3], 1_000_000, "Thành tích đột xuất"),
    "pay_periodic_bonus": lambda s: c.PayPeriodicBonus(s.fund),
    "post_publicly": lambda s: c.PostPublicly([s.drafted], date(2025, 12, 30)),
    "publish_overlay": lambda s: c.PublishOverlay("campaign", s.campaign, {}, "Quy định riêng"),
    "publish_rulebook": lambda s: c.PublishRulebook("X/v9", date(2030, 1, 1), None, [], {}),
    "raise_objection": lambda s: c.RaiseObjection(s.posted, "Ý kiến phản ánh"),
    "recognise_initiative": lambda s: c.RecogniseInitiative(s.w.staff[3], "Sáng kiến", 2025, "grassroots"),
    "record_attendance": lambda s: c.RecordAttendance(s.session, s.w.members),
    "record_discipline": lambda s: c.RecordDiscipline(s.w.staff[3], 2025, "khiển trách", None, "Vi phạm"),
    "record_evidence": lambda s: c.RecordEvidence(s.w.division, "bc.pdf", "b" * 64, 10, "application/pdf"),
    "record_person_left": lambda s: c.RecordPersonLeft(s.w.staff[3], "Nghỉ hưu"),
    "record_prior_award": lambda s: c.RecordPriorAward(s.w.staff[3], 2020, "LDTT", "regular", "1/QĐ", date(2020, 12, 1)),
    "record_rating": lambda s: c.RecordRating(s.w.staff[3], 2025, "HTXSNV", "Điều chỉnh"),
    "record_salary_schedule": lambda s: c.RecordSalarySchedule([], "Nghị định"),
    "register_person": lambda s: c.RegisterPerson("p-x", "Người mới", "f", s.w.division, "Chuyên viên"),
    "register_trustee_key": lambda s: c.RegisterTrusteeKey(s.session, "một cụm mật khẩu đủ dài"),
    "register_unit": lambda s: c.RegisterUnit("u-x", "Đơn vị mới", "ĐV", "division", "A", "DV"),
    "reject_nomination": lambda s: c.RejectNomination(s.drafted, "Không đạt"),
    "rename_unit": lambda s: c.RenameUnit(s.w.division, "Tên mới", "TM", "Đổi tên"),
    "report_progress": lambda s: c.ReportProgress(s.participation, "2025-Q2", date(2025, 6, 30), {"dvc-online": 70}),
    "reset_second_factor": lambda s: ResetSecondFactor(s.w.signer, "lanhdao", "Mất điện thoại"),
    "resolve_objection": lambda s: c.ResolveObjection(s.posted, "yk-1", False, "Không có cơ sở"),
    "return_nomination": lambda s: c.ReturnNomination(s.drafted, "drafted", "Bổ sung"),
    "revise_dossier": lambda s: c.ReviseDossier(s.drafted, "Thành tích mới"),
    "revoke_role": lambda s: c.RevokeRole(s.w.clerk, "unit_clerk", s.w.division),
    "seal_ledger": lambda s: SealLedger("Niêm phong"),
    "set_target": lambda s: c.SetTarget(s.campaign, TARGET),
    "sign_covenant": lambda s: c.SignCovenant(s.campaign, s.w.division),
    "sign_decision": lambda s: c.SignDecision(s.decision),
    "sign_up": lambda s: c.SignUp(s.campaign, s.w.staff[3], "person"),
    "submit_nomination": lambda s: c.SubmitNomination(s.drafted),
    "tally_session": lambda s: c.TallySession(s.session),
    "transfer_person": lambda s: c.TransferPerson(s.w.staff[3], s.w.department, "Chuyên viên", "Điều động"),
    "withdraw_nomination": lambda s: c.WithdrawNomination(s.drafted, "Rút"),
    "withdraw_participation": lambda s: c.WithdrawParticipation(s.participation, "Rút"),
}


def command_methods() -> set[str]:
    """Every public method of the application that takes (actor, cmd): a command."""
    return {
        name for name, method in inspect.getmembers(Thidua, inspect.isfunction)
        if not name.startswith("_") and list(inspect.signature(method).parameters)[1:3] == ["actor", "cmd"]
    }


def test_every_command_of_the_application_is_tried():
    assert set(COMMANDS) == command_methods()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.INTEGRATION])
@pytest.mark.parametrize("method", sorted(COMMANDS))
def test_a_read_only_role_is_refused_and_the_ledger_does_not_move(scene, role, method):
    app: Thidua = scene.w.app
    before = app.recorder.max_notification_id()

    with pytest.raises(PermissionDeniedError):
        getattr(app, method)(Actor(scene.reader, role), COMMANDS[method](scene))

    assert app.recorder.max_notification_id() == before
