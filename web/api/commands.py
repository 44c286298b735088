"""Every command of the application as a JSON POST under /api/v1, generated from one table.

The body (with the URL's ids merged in) is loaded by the command's schema; the token's person and
role act; the domain checks the role and its scope. A command that creates something answers 201
with its id, the others 200 with the ledger position (202 when the read models are not there yet).
Every command takes an optional Idempotency-Key header (`web.api.idempotency`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_type_hints

from flask import request
from flask_smorest import abort
from marshmallow import Schema, ValidationError

from domain.application import Thidua
from web.api.schemas import bonus
from web.api.schemas import commands as org
from web.api.schemas import workflow as flow
from web.api.base import actor, api_blueprint, public
from web.api.idempotency import idempotent
from web.api.second_factor import second_factor_checked
from web.context import container, services
from web.api.schemas.common import CreatedSchema, PositionSchema

blp = api_blueprint("api_commands", "Thao tác ghi: mọi lệnh của hệ thống (e-office, hệ thống nhân sự)")
P, N, S = "/participations/<uuid:participation_id>", "/nominations/<uuid:nomination_id>", "/council-sessions/<uuid:session_id>"
C, R = "/campaigns/<uuid:campaign_id>", "/records/<uuid:subject_id>"
B = "/bonus-funds/<uuid:fund_id>"
SECOND_FACTOR = frozenset({"sign_decision"})  # asked for a fresh code on the pages too (web.api.second_factor)


@dataclass(frozen=True)
class Command:
    rule: str
    method: str  # the application method, also the endpoint name
    schema: type[Schema]
    summary: str
    public: bool = False

    @property
    def path_fields(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.rule)

    @property
    def creates(self) -> bool:
        """Whether the method answers with a new id (rather than a ledger position)."""
        return not issubclass(get_type_hints(getattr(Thidua, self.method))["return"], int)


COMMANDS = (
    Command("/units", "register_unit", org.RegisterUnitSchema, "Đăng ký đơn vị."),
    Command("/units/<uuid:unit_id>/renamings", "rename_unit", org.RenameUnitSchema, "Đổi tên đơn vị."),
    Command("/units/<uuid:unit_id>/mergers", "merge_unit", org.MergeUnitSchema, "Sáp nhập đơn vị vào đơn vị kế thừa."),
    Command("/people", "register_person", org.RegisterPersonSchema, "Đăng ký cán bộ, công chức."),
    Command("/people/<uuid:person_id>/transfers", "transfer_person", org.TransferPersonSchema, "Điều động cán bộ."),
    Command("/people/<uuid:person_id>/departures", "record_person_left", org.RecordPersonLeftSchema, "Ghi nhận nghỉ công tác."),
    Command("/people/<uuid:person_id>/roles", "grant_role", org.GrantRoleSchema, "Giao vai trò (cho một đơn vị hoặc toàn hệ thống)."),
    Command("/people/<uuid:person_id>/role-revocations", "revoke_role", org.RevokeRoleSchema, "Thu hồi vai trò."),
    Command("/people/<uuid:person_id>/disciplines", "record_discipline", org.RecordDisciplineSchema, "Ghi nhận kỷ luật."),
    Command("/people/<uuid:person_id>/initiatives", "recognise_initiative", org.RecogniseInitiativeSchema, "Công nhận sáng kiến."),
    Command(f"{R}/ratings", "record_rating", org.RecordRatingSchema, "Ghi nhận xếp loại năm (lần sau của cùng năm là điều chỉnh, cần lý do)."),
    Command(f"{R}/proceedings", "open_proceeding", org.OpenProceedingSchema, "Mở vụ việc đang xem xét (tạm dừng khen thưởng)."),
    Command(f"{R}/proceedings/<proceeding_id>/closing", "close_proceeding", org.CloseProceedingSchema, "Kết thúc vụ việc."),
    Command(f"{R}/prior-awards", "record_prior_award", org.RecordPriorAwardSchema, "Nhập khen thưởng đã có trước khi dùng hệ thống."),
    Command("/clusters", "form_cluster", org.FormClusterSchema, "Thành lập cụm thi đua."),
    Command("/clusters/<uuid:cluster_id>/memberships", "change_cluster_membership", org.ChangeClusterMembershipSchema, "Thay đổi thành viên cụm (có ngày)."),
    Command("/clusters/<uuid:cluster_id>/heads", "assign_cluster_head", org.AssignClusterHeadSchema, "Phân công cụm trưởng của năm."),
    Command("/rulebooks", "publish_rulebook", org.PublishRulebookSchema, "Công bố bộ quy tắc (một phiên bản không bao giờ bị sửa)."),
    Command("/salary-schedules", "record_salary_schedule", org.RecordSalaryScheduleSchema, "Cập nhật bảng lương cơ sở."),
    Command("/overlays", "publish_overlay", org.PublishOverlaySchema, "Công bố hoặc sửa quy định bổ sung của tỉnh hoặc phong trào."),
    Command("/holiday-years/<int:year>", "declare_holidays", org.DeclareHolidaysSchema,
            "Khai báo ngày nghỉ lễ, Tết và ngày làm bù của một năm (thay cả năm trong dữ liệu có sẵn)."),
    Command("/campaigns", "draft_campaign", flow.DraftCampaignSchema, "Dự thảo phong trào thi đua."),
    Command(f"{C}/content-items", "add_content_item", flow.AddContentItemSchema, "Thêm nội dung thi đua."),
    Command(f"{C}/targets", "set_target", flow.SetTargetSchema, "Đặt chỉ tiêu đo được."),
    Command(f"{C}/targets/<code>/amendments", "amend_target", flow.AmendTargetSchema, "Điều chỉnh chỉ tiêu (nêu lý do)."),
    Command(f"{C}/invitations", "invite_participant", flow.InviteParticipantSchema, "Mời đơn vị tham gia."),
    Command(f"{C}/launch", "launch_campaign", flow.LaunchCampaignSchema, "Phát động phong trào."),
    Command(f"{C}/covenants", "sign_covenant", flow.SignCovenantSchema, "Ký giao ước thi đua của cụm."),
    Command(f"{C}/closing", "close_campaign", flow.CloseCampaignSchema, "Tổng kết phong trào."),
    Command(f"{C}/sign-ups", "sign_up", flow.SignUpSchema, "Đăng ký thi đua (đơn vị hoặc cá nhân)."),
    Command(f"{P}/approval", "approve_sign_up", flow.ApproveSignUpSchema, "Phê duyệt đăng ký thi đua."),
    Command(f"{P}/reports", "report_progress", flow.ReportProgressSchema, "Báo cáo kết quả thi đua của một kỳ."),
    Command(f"{P}/reports/<report_id>/corrections", "correct_report", flow.CorrectReportSchema, "Điều chỉnh báo cáo (nêu lý do)."),
    Command(f"{P}/reports/<report_id>/approval", "approve_report", flow.ApproveReportSchema, "Phê duyệt báo cáo."),
    Command(f"{P}/withdrawal", "withdraw_participation", flow.WithdrawParticipationSchema, "Rút khỏi phong trào."),
    Command("/nominations", "nominate", flow.NominateSchema, "Lập hồ sơ đề nghị khen thưởng."),
    Command(f"{N}/revisions", "revise_dossier", flow.ReviseDossierSchema, "Sửa hồ sơ (khi còn là dự thảo)."),
    Command(f"{N}/submissions", "submit_nomination", flow.SubmitNominationSchema, "Trình hồ sơ lên thủ trưởng đơn vị."),
    Command(f"{N}/approvals", "approve_stage", flow.ApproveStageSchema, "Duyệt một bước (đơn vị duyệt; thẩm định)."),
    Command(f"{N}/returns", "return_nomination", flow.ReturnNominationSchema, "Trả hồ sơ về một bước trước (nêu lý do)."),
    Command(f"{N}/withdrawals", "withdraw_nomination", flow.WithdrawNominationSchema, "Rút hồ sơ đề nghị."),
    Command(f"{N}/rejections", "reject_nomination", flow.RejectNominationSchema, "Từ chối hồ sơ (nêu lý do)."),
    Command("/postings", "post_publicly", flow.PostPubliclySchema, "Công khai danh sách hồ sơ để lấy ý kiến."),
    Command(f"{N}/objections", "raise_objection", flow.RaiseObjectionSchema, "Gửi ý kiến phản ánh (không cần đăng nhập).", public=True),
    Command(f"{N}/objections/<objection_id>/resolution", "resolve_objection", flow.ResolveObjectionSchema, "Xử lý ý kiến phản ánh."),
    Command("/council-sessions", "convene_session", flow.ConveneSessionSchema, "Triệu tập phiên họp Hội đồng."),
    Command(f"{S}/attendance", "record_attendance", flow.RecordAttendanceSchema, "Ghi nhận thành viên có mặt."),
    Command(f"{S}/trustee-keys", "register_trustee_key", flow.RegisterTrusteeKeySchema, "Người giữ khoá kiểm phiếu đăng ký khoá từ cụm mật khẩu (chỉ lưu khoá công khai)."),
    Command(f"{S}/ballots", "cast_ballot", flow.CastBallotSchema, "Bỏ phiếu kín (thành viên vắng mặt gửi phiếu bằng văn bản)."),
    Command(f"{S}/closing", "close_session", flow.CloseSessionSchema, "Kết thúc bỏ phiếu."),
    Command(f"{S}/tally", "tally_session", flow.TallySessionSchema, "Kiểm phiếu: ngưỡng, túc số, chỉ tiêu."),
    Command("/decisions", "draft_decision", flow.DraftDecisionSchema, "Dự thảo quyết định khen thưởng (kiểm tra chỉ tiêu, thẩm quyền, tiền thưởng)."),
    Command("/decisions/<uuid:decision_id>/signature", "sign_decision", flow.SignDecisionSchema, "Ký quyết định."),
    Command("/decisions/<uuid:decision_id>/discarding", "discard_decision", flow.DiscardDecisionSchema, "Hủy bỏ dự thảo quyết định chưa ký, nêu lý do; các hồ sơ trở lại chờ quyết định."),
    Command("/bonus-funds", "open_bonus_fund", bonus.OpenBonusFundSchema, "Lập quỹ tiền thưởng năm của cơ quan (Nghị định 73/2024/NĐ-CP)."),
    Command(f"{B}/periodic-allocation", "allocate_periodic_bonus", bonus.AllocatePeriodicBonusSchema, "Phân bổ tiền thưởng định kỳ theo xếp loại năm."),
    Command(f"{B}/periodic-payment", "pay_periodic_bonus", bonus.PayPeriodicBonusSchema, "Duyệt chi tiền thưởng định kỳ đã phân bổ."),
    Command(f"{B}/ad-hoc-payments", "pay_ad_hoc_bonus", bonus.PayAdHocBonusSchema, "Chi thưởng đột xuất từ quỹ tiền thưởng."),
    Command(f"{B}/lapse", "lapse_bonus_fund", bonus.LapseBonusFundSchema, "Kết thúc quỹ sau ngày 31/01 năm sau (không chuyển nguồn)."),
)


def run(command: Command, path: dict) -> tuple[dict, int]:
    """Load, act as the token's person, and wait briefly until the read models show the write."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(422, message="Nội dung gửi lên phải là một đối tượng JSON.", messages={"json": {"_schema": ["Not a JSON object."]}})
    try:
        cmd = command.schema().load({**body, **path})
    except ValidationError as error:
        abort(422, message="Dữ liệu gửi lên không hợp lệ.", messages={"json": error.messages})
    result = getattr(services(), command.method)(actor(), cmd)
    if command.creates:
        position = services().recorder.max_notification_id() or 0
        container().settle(position)
        return {"id": str(result), "position": position}, 201
    settled = container().settle(result)
    receipt = {"tracking_code": result.tracking_code} if hasattr(result, "tracking_code") else {}  # a cast ballot's
    return {"position": result, "settled": settled, **receipt}, 200 if settled else 202


def register(command: Command) -> None:
    def view(**path: object) -> tuple[dict, int]:
        return run(command, path)

    view.__name__, view.__doc__ = command.method, command.summary
    body = {"required": True, "content": {"application/json": {"schema": command.schema(exclude=command.path_fields)}}}
    if command.creates:
        view = blp.response(201, CreatedSchema)(view)
    else:
        view = blp.alt_response(202, schema=PositionSchema, description="Đã ghi; bảng đọc chưa kịp cập nhật")(
            blp.response(200, PositionSchema)(view)
        )
    view = blp.doc(requestBody=body)(idempotent(view, creates=command.creates))
    if command.method in SECOND_FACTOR:
        view = second_factor_checked(view)
    blp.route(command.rule, methods=["POST"], endpoint=command.method)(public(view) if command.public else view)


for _command in COMMANDS:
    register(_command)
