"""Participation: one participant (unit or person) in one campaign: sign-up, registered titles, progress reports.

Corrections are new events (ReportCorrected), never edits. Event class names are a persisted schema.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError, StageOrderError
from domain.rules.errors import UnknownTitleError
from domain.rules.targets import ensure_fits_metric
from domain.rules.ruleset import RuleSet
from domain.values import stable_id


class Participation(Entity):
    """Id = uuid5(campaign, participant), so a second sign-up is refused by the store itself."""

    @staticmethod
    def create_id(campaign_id: UUID, participant_id: UUID) -> UUID:
        return stable_id("participation", campaign_id, participant_id)

    @event("SignedUp")
    def __init__(
        self, campaign_id: UUID, participant_id: UUID, participant_kind: str, unit_id: UUID,
        registered_titles: list[str], by: UUID, role: str, at: datetime,
    ) -> None:
        self.campaign_id = campaign_id
        self.participant_id = participant_id
        self.participant_kind = participant_kind
        self.unit_id = unit_id
        self.registered_titles = registered_titles
        self.signed_up_by = by
        self.approved_by: UUID | None = None
        self.reports: dict[str, dict] = {}
        self.withdrawn = False

    @classmethod
    def sign_up(
        cls, campaign_id: UUID, participant_id: UUID, participant_kind: str, unit_id: UUID,
        registered_titles: list[str], ruleset: RuleSet, by: UUID, role: str, at: datetime,
    ) -> Participation:
        """Sign up aiming for titles and forms of the rule set's catalogue, and no others."""
        known = {spec.code for spec in ruleset.titles()}
        unknown = [code for code in dict.fromkeys(registered_titles) if code not in known]
        if unknown:
            raise UnknownTitleError(
                f"Danh hiệu/hình thức đăng ký không có trong danh mục của bộ quy tắc {ruleset.version}: "
                f"{', '.join(unknown)}."
            )
        return cls(campaign_id, participant_id, participant_kind, unit_id, list(registered_titles), by, role, at)

    def approve(self, by: UUID, role: str, at: datetime) -> None:
        """The unit head approves the sign-up; the clerk who filed it cannot."""
        self._ensure_open()
        if self.approved_by is not None:
            raise StageOrderError("Đăng ký thi đua đã được phê duyệt.")
        self._approved(by, role, at)

    @event("SignUpApproved")
    def _approved(self, by: UUID, role: str, at: datetime) -> None:
        self.approved_by = by

    def report(
        self, report_id: str, period_label: str, period_end: date, values: dict[str, float],
        evidence: list[dict], final: bool, by: UUID, role: str, at: datetime,
    ) -> None:
        """Report progress for a period against the campaign's targets."""
        self._ensure_open()
        if report_id in self.reports:
            raise InvalidCommandError(f"Báo cáo kỳ «{period_label}» đã có; hãy gửi báo cáo điều chỉnh.")
        check_values(values)
        self._progress_reported(report_id, period_label, period_end, values, evidence, final, by, role, at)

    @event("ProgressReported")
    def _progress_reported(
        self, report_id: str, period_label: str, period_end: date, values: dict[str, float],
        evidence: list[dict], final: bool, by: UUID, role: str, at: datetime,
    ) -> None:
        self.reports[report_id] = {
            "report_id": report_id, "period_label": period_label, "period_end": period_end,
            "values": dict(values), "evidence": list(evidence), "final": final, "approved_by": None,
        }

    def correct_report(
        self, report_id: str, values: dict[str, float], evidence: list[dict], by: UUID, role: str, at: datetime, reason: str
    ) -> None:
        """Correct a filed report: a new event with the corrected values and the reason."""
        self._ensure_open()
        if report_id not in self.reports:
            raise InvalidCommandError("Không tìm thấy báo cáo cần điều chỉnh.")
        if not reason.strip():
            raise InvalidCommandError("Điều chỉnh báo cáo phải nêu lý do.")
        check_values(values)
        self._report_corrected(report_id, values, evidence, by, role, at, reason)

    @event("ReportCorrected")
    def _report_corrected(
        self, report_id: str, values: dict[str, float], evidence: list[dict], by: UUID, role: str, at: datetime, reason: str
    ) -> None:
        report = self.reports[report_id]
        report["values"] = {**report["values"], **values}
        report["evidence"] = report["evidence"] + list(evidence)
        report["approved_by"] = None

    def approve_report(self, report_id: str, by: UUID, role: str, at: datetime) -> None:
        self._ensure_open()
        report = self.reports.get(report_id)
        if report is None:
            raise InvalidCommandError("Không tìm thấy báo cáo.")
        if report["approved_by"] is not None:
            raise StageOrderError("Báo cáo đã được phê duyệt.")
        self._report_approved(report_id, by, role, at)

    @event("ReportApproved")
    def _report_approved(self, report_id: str, by: UUID, role: str, at: datetime) -> None:
        self.reports[report_id]["approved_by"] = by

    def withdraw(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Leave the campaign, saying why."""
        self._ensure_open()
        if not reason.strip():
            raise InvalidCommandError("Rút khỏi phong trào phải nêu lý do.")
        self._withdrawn(by, role, at, reason)

    @event("ParticipationWithdrawn")
    def _withdrawn(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.withdrawn = True

    def _ensure_open(self) -> None:
        if self.withdrawn:
            raise StageOrderError("Đơn vị/cá nhân đã rút khỏi phong trào.")


def check_values(values: dict[str, float]) -> None:
    """At least one value, each a finite number (its range is the target's: `ensure_fits_metric`)."""
    if not values:
        raise InvalidCommandError("Báo cáo phải có ít nhất một giá trị chỉ tiêu.")
    for code, value in values.items():
        ensure_fits_metric(code, "number", value)
