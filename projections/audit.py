"""Audit trail read model: every event of every item as a readable Vietnamese line: who, in which
role, when, what and why.

Secret ballot: the ballot box's ballots (encrypted, formerly sealed) are never stored; a BallotCast line
says only that a member voted, and the box's decryption (formerly its opening) only how many took part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from eventsourcing.domain import DomainEvent
from sqlalchemy import BigInteger, Column, DateTime, Index, String, Table, Text, Uuid

import domain.application  # noqa: F401 - loads every aggregate, so every event class is known below
import domain.reminders  # noqa: F401 - and the reminders, recorded by the scan rather than a command
from domain.council import BallotBox, CouncilSession
from domain.explanation import thousands
from domain.rulesets import load_shipped_rulesets
from domain.values import Rating, Role, Stage, name_vi_of
from projections.base import Projection, Writes, handles
from projections.common import aggregate_type, event_type, utc
from projections.tables import metadata

audit_trail = Table(
    "audit_trail",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),  # one line per event: appended in order
    Column("item_id", Uuid, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("event_type", String(60), nullable=False),
    Column("aggregate_type", String(40), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("actor_id", Uuid),
    Column("role", String(20)),
    Column("summary", Text, nullable=False),
    Column("reason", Text),
    Index("ix_audit_trail_item", "item_id", "version", unique=True),
)


@cache
def title_names() -> dict[str, str]:
    """Titles and forms by code, named as the shipped rule sets name them (newest regime last, so it wins): a
    line is a function of its event alone, so it cannot ask the rulebook in the ledger."""
    return {code: spec["name_vi"] for ruleset in load_shipped_rulesets() for code, spec in ruleset["titles"].items()}


def title(code: str) -> str:
    return f"«{title_names().get(code, code)}»"


Summary = Callable[[Any], str]

SUMMARIES: dict[str, Summary] = {
    "Unit.Registered": lambda e: f"Đăng ký đơn vị «{e.name}»",
    "Unit.Renamed": lambda e: f"Đổi tên đơn vị thành «{e.name}»" + (f" từ ngày {e.effective_on:%d/%m/%Y}" if e.effective_on else ""),
    "Unit.Merged": lambda e: "Sáp nhập vào đơn vị kế thừa",
    "Unit.MemberJoined": lambda e: "Một cán bộ vào đơn vị",
    "Unit.MemberLeft": lambda e: "Một cán bộ rời đơn vị",
    "Person.Registered": lambda e: f"Đăng ký cán bộ «{e.full_name}» ({e.position})",
    "Person.RoleGranted": lambda e: f"Giao vai trò «{name_vi_of(Role, e.role_code)}»",
    "Person.RoleRevoked": lambda e: f"Thu hồi vai trò «{name_vi_of(Role, e.role_code)}»",
    "Person.Transferred": lambda e: f"Điều động sang đơn vị khác, chức vụ «{e.position}»",
    "Person.Left": lambda e: "Nghỉ công tác",
    "Person.DisciplineRecorded": lambda e: f"Ghi nhận kỷ luật năm {e.year}: {e.level}",
    "Person.InitiativeRecognised": lambda e: f"Công nhận sáng kiến «{e.title}» năm {e.year}",
    "Record.AnnualRatingRecorded": lambda e: f"Xếp loại năm {e.year}: {name_vi_of(Rating, e.rating)}",
    "Record.ProceedingOpened": lambda e: f"Mở vụ việc đang xem xét ({e.kind}): tạm dừng khen thưởng",
    "Record.ProceedingClosed": lambda e: "Kết thúc vụ việc đang xem xét",
    "Record.AwardRecorded": lambda e: f"Ghi nhận khen thưởng {title(e.code)} năm {e.year}",
    "Record.AwardRevoked": lambda e: f"Thu hồi khen thưởng {title(e.code)}",
    "Cluster.Formed": lambda e: f"Thành lập «{e.name}»",
    "Cluster.MembershipChanged": lambda e: f"{'Kết nạp' if e.joined else 'Rút'} thành viên cụm từ ngày {e.on:%d/%m/%Y}",
    "Cluster.HeadAssigned": lambda e: f"Phân công cụm trưởng năm {e.year}",
    "Rulebook.Published": lambda e: f"Công bố bộ quy tắc {e.version}, hiệu lực từ {e.effective_from:%d/%m/%Y}",
    "RulebookOverlay.Published": lambda e: "Công bố quy định bổ sung",
    "RulebookOverlay.Amended": lambda e: "Sửa đổi quy định bổ sung",
    "RulebookIndex.Opened": lambda e: "Mở danh mục bộ quy tắc",
    "RulebookIndex.VersionListed": lambda e: f"Đưa bộ quy tắc {e.version} vào danh mục",
    "RulebookIndex.SalaryScheduleRecorded": lambda e: "Cập nhật bảng lương cơ sở",
    "AwardRegister.Opened": lambda e: "Mở sổ khen thưởng của phong trào",
    "BallotBox.Opened": lambda e: "Mở hòm phiếu kín",
    "BallotBox.Unsealed": lambda e: f"Mở niêm phong hòm phiếu: {len(e.ballots)} phiếu, xếp theo thứ tự ngẫu nhiên",
    "BallotBox.Decrypted": lambda e: f"Giải mã tổng số phiếu với {len(e.partials)} người giữ khoá (không giải mã phiếu nào riêng)",
    "AwardRegister.DecisionRegistered": lambda e: f"Ghi {len(e.items)} mục của một quyết định vào sổ khen thưởng",
    "AwardRegister.DecisionReleased": lambda e: "Xóa khỏi sổ khen thưởng các mục của một dự thảo quyết định bị hủy bỏ",
    "Campaign.Drafted": lambda e: f"Dự thảo phong trào «{e.theme}»",
    "Campaign.ContentItemAdded": lambda e: "Thêm nội dung thi đua",
    "Campaign.TargetSet": lambda e: f"Đặt chỉ tiêu «{e.target['description']}»",
    "Campaign.TargetAmended": lambda e: f"Điều chỉnh chỉ tiêu {e.code} thành {e.value:g}",
    "Campaign.ParticipantInvited": lambda e: "Mời đơn vị tham gia",
    "Campaign.Launched": lambda e: f"Phát động phong trào ngày {e.launched_on:%d/%m/%Y}",
    "Campaign.CovenantSigned": lambda e: "Ký giao ước thi đua",
    "Campaign.Closed": lambda e: "Tổng kết phong trào",
    "Participation.SignedUp": lambda e: "Đăng ký thi đua",
    "Participation.SignUpApproved": lambda e: "Phê duyệt đăng ký thi đua",
    "Participation.ProgressReported": lambda e: f"Báo cáo kết quả kỳ {e.period_label}",
    "Participation.ReportCorrected": lambda e: f"Điều chỉnh báo cáo kỳ {e.report_id}",
    "Participation.ReportApproved": lambda e: f"Phê duyệt báo cáo kỳ {e.report_id}",
    "Participation.ParticipationWithdrawn": lambda e: "Rút khỏi phong trào",
    "Nomination.Drafted": lambda e: f"Lập hồ sơ đề nghị {title(e.title_code)}",
    "Nomination.DossierRevised": lambda e: "Sửa hồ sơ đề nghị",
    "Nomination.Submitted": lambda e: "Trình hồ sơ lên thủ trưởng đơn vị",
    "Nomination.Resubmitted": lambda e: "Trình lại hồ sơ sau khi bổ sung",
    "Nomination.StageApproved": lambda e: f"Duyệt bước «{name_vi_of(Stage, e.stage)}»",
    "Nomination.Returned": lambda e: f"Trả hồ sơ về bước «{name_vi_of(Stage, e.to_stage)}»",
    "Nomination.Withdrawn": lambda e: "Rút hồ sơ đề nghị",
    "Nomination.Rejected": lambda e: "Từ chối hồ sơ đề nghị",
    "Nomination.PostedPublicly": lambda e: f"Công khai hồ sơ đến hết ngày {e.until:%d/%m/%Y}",
    "Nomination.ObjectionRaised": lambda e: "Nhận ý kiến phản ánh",
    "Nomination.ObjectionResolved": lambda e: f"Xử lý ý kiến phản ánh: {'có cơ sở' if e.upheld else 'không có cơ sở'}",
    "Nomination.CouncilResultRecorded": lambda e: (
        f"Hội đồng biểu quyết: {e.result['yes']}/{e.result['total_members']} đồng ý, "
        f"{'đạt' if e.result['passed'] else 'không đạt'}"
    ),
    "Nomination.AddedToDecision": lambda e: "Đưa vào dự thảo quyết định",
    "Nomination.ReleasedFromDecision": lambda e: "Dự thảo quyết định bị hủy bỏ; hồ sơ chờ quyết định khác",
    "Nomination.Decided": lambda e: "Được khen thưởng theo quyết định" if e.awarded else "Không được khen thưởng",
    "CouncilSession.Convened": lambda e: f"Triệu tập «{e.name}» họp ngày {e.meeting_on:%d/%m/%Y}",
    "CouncilSession.AttendanceRecorded": lambda e: f"Ghi nhận {len(e.present)} thành viên có mặt",
    "CouncilSession.BallotCast": lambda e: "Thành viên Hội đồng đã bỏ phiếu kín",
    "CouncilSession.Closed": lambda e: "Kết thúc bỏ phiếu",
    "CouncilSession.Tallied": lambda e: f"Kiểm phiếu {len(e.results)} hồ sơ",
    "CouncilSession.QuorumNotMet": lambda e: e.message,
    "CouncilSession.TrusteesNamed": lambda e: f"Chỉ định {len(e.trustees)} người giữ khoá kiểm phiếu kín",
    "CouncilSession.TrusteeKeyRegistered": lambda e: "Người giữ khoá kiểm phiếu đã đăng ký khoá",
    "CouncilSession.BallotsNotCounted": lambda e: e.message,
    "AwardDecision.Drafted": lambda e: f"Dự thảo quyết định số {e.number}: {e.subject}",
    "AwardDecision.Signed": lambda e: f"Ký quyết định ngày {e.signed_on:%d/%m/%Y}",
    "SecondFactorReset.Recorded": lambda e: f"Đặt lại xác thực hai lớp của tài khoản «{e.username}» (phải đăng ký lại)",
    "WebhookSubscription.WebhookRegistered": lambda e: f"Đăng ký webhook «{e.label}» gửi đến {e.endpoint}",
    "WebhookSubscription.WebhookScopeChanged": lambda e: f"Đổi phạm vi webhook (gửi đến {e.endpoint}): {e.reason}",
    "WebhookSubscription.WebhookPaused": lambda e: f"Tạm dừng webhook: {e.reason}",
    "WebhookSubscription.WebhookResumed": lambda e: f"Tiếp tục webhook: {e.reason}",
    "WebhookSubscription.WebhookSecretRotated": lambda e: "Đổi khoá ký webhook",
    "WebhookSubscription.WebhookDeleted": lambda e: f"Xoá webhook: {e.reason}",
    "WebhookSubscription.WebhookDeadLettersReplayed": lambda e: f"Gửi lại {len(e.positions)} sự kiện gửi hỏng (dead letter)",
    "Evidence.Uploaded": lambda e: f"Tải lên tệp minh chứng «{e.name}» ({thousands(e.size)} byte)",
    "HolidayCalendar.Opened": lambda e: "Mở lịch ngày nghỉ lễ, Tết",
    "HolidayCalendar.YearDeclared": lambda e: f"Công bố ngày nghỉ lễ, Tết năm {e.year['year']}",
    "RulebookIndex.OverlayListed": lambda e: "Đưa quy định bổ sung vào danh mục quy định",
    "ImportedFile.ImportRecorded": lambda e: f"Nhập tệp «{e.file_name}»: {sum(e.recorded.values())} dòng được ghi nhận",
    "LedgerSeal.DigestSealed": lambda e: f"Niêm phong sổ cái đến sự kiện #{e.position} ({e.count} sự kiện)",
    "Person.PersonalDetailsRecorded": lambda e: "Ghi nhận thông tin cá nhân (căn cước, dân tộc, ngày sinh)",
    "Reminder.Issued": lambda e: f"{'Báo quá hạn' if e.escalation else 'Nhắc hạn'} ngày {e.due_on:%d/%m/%Y}: {e.title}",
    "AwardDecision.Discarded": lambda e: "Hủy bỏ dự thảo quyết định (chưa ký)",
    "AwardDecision.Amended": lambda e: "Được sửa đổi bởi một quyết định sau",
    "AwardDecision.Revoked": lambda e: "Bị hủy bởi một quyết định sau",
    "BonusFund.Opened": lambda e: f"Lập quỹ tiền thưởng năm {e.year}: {thousands(e.amount)} đồng",
    "BonusFund.PeriodicBonusAllocated": lambda e: f"Phân bổ tiền thưởng định kỳ cho {len(e.payments)} người",
    "BonusFund.PeriodicBonusPaid": lambda e: f"Chi tiền thưởng định kỳ ngày {e.paid_on:%d/%m/%Y}",
    "BonusFund.AdHocBonusPaid": lambda e: f"Chi thưởng đột xuất {thousands(e.payment['amount'])} đồng",
    "BonusFund.Lapsed": lambda e: f"Kết thúc quỹ: {thousands(e.remaining)} đồng chưa chi không được chuyển nguồn",
}
REASON_FIELDS = ("reason", "comment", "resolution", "summary", "text")


def domain_events() -> tuple[type, ...]:
    """Every event class of the domain except the ballot box's ballots (encrypted, or formerly sealed)."""
    found, pending = set(), [DomainEvent]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    ballots = (BallotBox.BallotDeposited, BallotBox.EnvelopeDeposited)
    return tuple(e for e in found if e.__module__.startswith("domain.") and e not in ballots)


def recorded_events() -> tuple[type, ...]:
    """The events the ledger records: `domain_events()` without the library's base classes (`X.Event`,
    `X.Created`), which no aggregate here records as such."""
    return tuple(e for e in domain_events() if not e.__qualname__.endswith((".Event", ".Created")))


@dataclass(frozen=True)
class Line:
    """What every event of one class shows in the trail: its names, its summary, who acted."""

    event_type: str
    aggregate_type: str
    describe: Summary
    actor: str  # the attribute naming who acted


@cache
def line_of(event_class: type) -> Line:
    default = f"Sự kiện {event_type(event_class)}"
    describe = next(
        (SUMMARIES[k.__qualname__] for k in event_class.__mro__ if k.__qualname__ in SUMMARIES), lambda _e: default,
    )
    actor = "voter_id" if issubclass(event_class, CouncilSession.BallotCast) else "by"
    return Line(event_type(event_class), aggregate_type(event_class), describe, actor)


def reason_of(event: Any) -> str | None:
    for name in REASON_FIELDS:
        value = getattr(event, name, None)
        if value:
            return value
    return None


class AuditTrailProjection(Projection):
    name = "audit"
    tables = (audit_trail,)

    @handles(*domain_events(), batch=True)
    def recorded(self, conn: Writes, events: Sequence[tuple[Any, int]]) -> None:
        """One line per event, a function of that event alone: a batch's lines are built column by column."""
        batch = [e for e, _position in events]
        lines = [line_of(e.__class__) for e in batch]
        recorded = [utc(e.timestamp) for e in batch]
        conn.extend(
            audit_trail,
            item_id=[e.originator_id for e in batch],
            version=[e.originator_version for e in batch],
            position=[position for _e, position in events],
            event_type=[line.event_type for line in lines],
            aggregate_type=[line.aggregate_type for line in lines],
            at=[utc(at) if (at := getattr(e, "at", None)) else r for e, r in zip(batch, recorded)],
            recorded_at=recorded,
            actor_id=[getattr(e, line.actor, None) for e, line in zip(batch, lines)],
            role=[getattr(e, "role", None) for e in batch],
            summary=[line.describe(e) for e, line in zip(batch, lines)],
            reason=[reason_of(e) for e in batch],
        )
