"""Campaign (phong trào thi đua): drafted, launched with its content and targets, closed with a summary.

Event class names are a persisted schema. The state is snapshotted (see `domain.application`): every
attribute must come back equal through the application's JSON transcoder, so dictionary keys are text.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.clock import local_date
from domain.exceptions import CampaignNotOpenError, InvalidCommandError, StageOrderError
from domain.rules.targets import ensure_fits_metric
from domain.text import TITLE_MAX, clean_key, clean_label, clean_name, nfc, visible
from domain.values import stable_id

TARGET_METRICS = ("percent", "count", "boolean", "number")
TARGET_DIRECTIONS = ("at_least", "at_most", "equals")
TARGET_LABELS = {"unit": ("Đơn vị tính", 20), "applies_to": ("Đối tượng áp dụng", 40), "title_code": ("Danh hiệu", 20)}
ITEM_LABELS = {"number": ("Số thứ tự", 20), "section": ("Mục", 20), "kind": ("Loại nội dung", 20)}


class Campaign(Entity):
    """One emulation movement of an issuer (a department, or a cluster of departments)."""

    @staticmethod
    def create_id(key: str) -> UUID:
        return stable_id("campaign", nfc(key))

    @event("Drafted")
    def __init__(
        self, key: str, issuer_id: UUID, scope: str, cluster_id: UUID | None, form: str, theme: str,
        mottos: list[dict], period_start: date, period_end: date, summary_arrangement: str,
        legal_bases: list[dict], preamble: list[str], document: dict, notes: list[str],
        by: UUID, role: str, at: datetime,
    ) -> None:
        self.key = key
        self.issuer_id = issuer_id
        self.scope = scope
        self.cluster_id = cluster_id
        self.form = form
        self.theme = theme
        self.period_start = period_start
        self.period_end = period_end
        self.content_items: list[dict] = []
        self.targets: dict[str, dict] = {}
        self.invited: list[UUID] = []
        self.covenant: dict[str, UUID] = {}  # signatory by the member unit's id (as text)
        self.launched_on: date | None = None
        self.closed_on: date | None = None

    @property
    def year(self) -> int:
        return self.period_end.year

    @property
    def is_launched(self) -> bool:
        return self.launched_on is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def ensure_active(self, at: datetime) -> None:
        """Nothing happens before the launch, before the period starts, or after the campaign is closed."""
        if not self.is_launched:
            raise CampaignNotOpenError("Phong trào chưa được phát động.")
        if self.is_closed:
            raise CampaignNotOpenError("Phong trào đã tổng kết, không nhận thêm thao tác.")
        if local_date(at) < self.period_start:
            raise CampaignNotOpenError(f"Phong trào bắt đầu từ ngày {self.period_start:%d/%m/%Y}.")

    def ensure_within_period(self, at: datetime) -> None:
        """Sign-ups and progress reports happen only within the campaign's period."""
        self.ensure_active(at)
        if local_date(at) > self.period_end:
            raise CampaignNotOpenError(f"Thời gian thực hiện phong trào đã kết thúc ngày {self.period_end:%d/%m/%Y}.")

    def _ensure_draft(self) -> None:
        if self.is_launched:
            raise StageOrderError("Phong trào đã phát động; nội dung chỉ được điều chỉnh bằng sửa đổi có lý do.")

    def add_content_item(self, item: dict, by: UUID, role: str, at: datetime) -> None:
        self._ensure_draft()
        if not visible(item.get("text")) and not visible(item.get("heading")):
            raise InvalidCommandError("Nội dung thi đua không được để trống.")
        self._content_item_added({**item, **short_labels(item, ITEM_LABELS)}, by, role, at)

    @event("ContentItemAdded")
    def _content_item_added(self, item: dict, by: UUID, role: str, at: datetime) -> None:
        self.content_items.append(item)

    def set_target(self, target: dict, by: UUID, role: str, at: datetime) -> None:
        """Set a measurable target (code, metric, value, direction, unit)."""
        self._ensure_draft()
        target = cleaned_target(target)
        if target["code"] in self.targets:
            raise InvalidCommandError(f"Chỉ tiêu «{target['code']}» đã có.")
        self._target_set(target, by, role, at)

    @event("TargetSet")
    def _target_set(self, target: dict, by: UUID, role: str, at: datetime) -> None:
        self.targets[target["code"]] = target

    def amend_target(self, code: str, value: float, by: UUID, role: str, at: datetime, reason: str) -> None:
        if code not in self.targets:
            raise InvalidCommandError(f"Không có chỉ tiêu «{code}».")
        if not reason.strip():
            raise InvalidCommandError("Điều chỉnh chỉ tiêu phải nêu lý do.")
        ensure_fits_metric(code, self.targets[code]["metric"], value)
        self._target_amended(code, value, by, role, at, reason)

    @event("TargetAmended")
    def _target_amended(self, code: str, value: float, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.targets[code] = {**self.targets[code], "value": value}

    def invite(self, participant_id: UUID, by: UUID, role: str, at: datetime) -> None:
        if participant_id in self.invited:
            raise InvalidCommandError("Đơn vị đã được mời tham gia.")
        if self.is_closed:
            raise CampaignNotOpenError("Phong trào đã tổng kết.")
        self._participant_invited(participant_id, by, role, at)

    @event("ParticipantInvited")
    def _participant_invited(self, participant_id: UUID, by: UUID, role: str, at: datetime) -> None:
        self.invited.append(participant_id)

    def launch(self, launched_on: date, by: UUID, role: str, at: datetime) -> None:
        """Launch (phát động): needs a theme, a period, content and at least one target or criterion."""
        self._ensure_draft()
        if not self.theme or not self.content_items:
            raise InvalidCommandError("Phong trào cần có chủ đề và nội dung trước khi phát động.")
        if not self.targets:
            raise InvalidCommandError("Phong trào cần có ít nhất một chỉ tiêu đo được trước khi phát động.")
        if launched_on > self.period_end:
            raise CampaignNotOpenError("Không thể phát động sau khi thời gian thực hiện đã kết thúc.")
        self._launched(launched_on, by, role, at)

    @event("Launched")
    def _launched(self, launched_on: date, by: UUID, role: str, at: datetime) -> None:
        self.launched_on = launched_on

    def sign_covenant(self, unit_id: UUID, signatory_id: UUID, by: UUID, role: str, at: datetime) -> None:
        """A cluster member signs the covenant (giao ước thi đua)."""
        self.ensure_active(at)
        if self.scope != "cluster":
            raise InvalidCommandError("Chỉ phong trào của cụm thi đua mới có giao ước.")
        if unit_id not in self.invited:
            raise InvalidCommandError("Đơn vị không thuộc danh sách tham gia phong trào.")
        if str(unit_id) in self.covenant:
            raise InvalidCommandError("Đơn vị đã ký giao ước.")
        self._covenant_signed(unit_id, signatory_id, by, role, at)

    @event("CovenantSigned")
    def _covenant_signed(self, unit_id: UUID, signatory_id: UUID, by: UUID, role: str, at: datetime) -> None:
        self.covenant[str(unit_id)] = signatory_id

    def close(self, summary: str, by: UUID, role: str, at: datetime) -> None:
        """Close with the summary (tổng kết); only after the period has ended."""
        self.ensure_active(at)
        if local_date(at) <= self.period_end:
            raise CampaignNotOpenError("Chỉ tổng kết sau khi thời gian thực hiện kết thúc.")
        if not summary.strip():
            raise InvalidCommandError("Tổng kết phải có nội dung.")
        self._closed(summary, local_date(at), by, role, at)

    @event("Closed")
    def _closed(self, summary: str, closed_on: date, by: UUID, role: str, at: datetime) -> None:
        self.closed_on = closed_on


def cleaned_target(target: dict) -> dict:
    """A well-formed target, its code a key and its description a name (as `domain.text` cleans them)."""
    check_target(target)
    return {**target, "code": clean_key(target["code"], "Mã chỉ tiêu"),
            "description": clean_name(target["description"], "Mô tả chỉ tiêu", TITLE_MAX),
            **short_labels(target, TARGET_LABELS)}


def short_labels(values: dict, labels: dict[str, tuple[str, int]]) -> dict:
    """The short texts of a target or a content item (a unit, a number), each within its limit."""
    return {k: clean_label(values[k], name, limit) for k, (name, limit) in labels.items() if values.get(k) is not None}


def check_target(target: dict) -> None:
    """A target needs a textual code, a description, a known metric and direction, and a numeric value."""
    missing = [k for k in ("code", "description", "metric", "value", "direction") if target.get(k) in (None, "")]
    if missing:
        raise InvalidCommandError(f"Chỉ tiêu thiếu thông tin: {', '.join(missing)}.")
    if not isinstance(target["code"], str):
        raise InvalidCommandError("Mã chỉ tiêu phải là chuỗi ký tự.")
    if target["metric"] not in TARGET_METRICS or target["direction"] not in TARGET_DIRECTIONS:
        raise InvalidCommandError("Chỉ tiêu có loại đo hoặc chiều đánh giá không hợp lệ.")
    value = target["value"]
    if isinstance(value, bool) != (target["metric"] == "boolean") or not isinstance(value, (int, float)):
        raise InvalidCommandError("Giá trị chỉ tiêu phải là số (hoặc đúng/sai với chỉ tiêu loại đạt/không đạt).")
    ensure_fits_metric(target["code"], target["metric"], int(value) if isinstance(value, bool) else value)
    if target.get("weight") is not None:
        ensure_fits_metric(target["code"], "number", target["weight"])
