"""What a rule says about a case: each unmet criterion with its article, in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.values import Rating

RATING_NAMES_VI = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "Hoàn thành tốt nhiệm vụ",
    Rating.COMPLETED: "Hoàn thành nhiệm vụ",
    Rating.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
RATING_NAMES_EN = {
    Rating.EXCELLENT: "completed duties excellently",
    Rating.GOOD: "completed duties well",
    Rating.COMPLETED: "completed duties",
    Rating.NOT_COMPLETED: "did not complete duties",
}

# Kinds of proceeding that hold an award (ND 152 Art. 4(4), DOMAIN.md §3.4), in words; others read as the last entry.
PROCEEDING_KINDS = {
    "discipline": ("đang bị xem xét thi hành kỷ luật", "under disciplinary review"),
    "review": ("đang bị xem xét thi hành kỷ luật", "under disciplinary review"),
    "investigation": ("đang bị điều tra khi có dấu hiệu vi phạm", "under investigation for signs of violation"),
    "inspection": ("đang bị thanh tra khi có dấu hiệu vi phạm", "under inspection for signs of violation"),
    "audit": ("đang bị kiểm tra, kiểm toán khi có dấu hiệu vi phạm", "under audit for signs of violation"),
    "complaint": ("có đơn thư khiếu nại đang được xác minh, làm rõ", "a complaint is being verified"),
    "denunciation": ("có đơn thư tố cáo đang được xác minh, làm rõ", "a denunciation is being verified"),
    "press": ("có vấn đề tham nhũng, tiêu cực được báo chí nêu đang được xác minh, làm rõ",
              "press reports of corruption are being verified"),
}
OTHER_PROCEEDING = ("có vụ việc đang được cơ quan có thẩm quyền xem xét, xử lý", "proceedings are pending")


@dataclass(frozen=True)
class Unmet:
    """One criterion a case does not meet; `message_vi` ends with the article in parentheses. A hold (a
    pending proceeding) pauses the consideration rather than refusing it."""

    code: str
    message_vi: str
    message_en: str
    article: str
    hold: bool = False

    @classmethod
    def of(cls, code: str, vi: str, en: str, article: str, *, hold: bool = False) -> Unmet:
        return cls(code, f"{vi} ({article})", f"{en} ({article})", article, hold)


@dataclass(frozen=True)
class Verdict:
    """Every unmet criterion of one assessment, the rule-set version that judged it and the articles applied.

    `held` (tạm dừng xét): only holds stand in the way; the case is considered again once they are closed.
    """

    eligible: bool
    unmet: tuple[Unmet, ...]
    ruleset_version: str
    articles: tuple[str, ...] = ()
    held: bool = False

    @classmethod
    def of(cls, unmet: Iterable[Unmet], ruleset_version: str, articles: Iterable[str] = ()) -> Verdict:
        found = tuple(unmet)
        return cls(not found, found, ruleset_version, tuple(articles), bool(found) and all(u.hold for u in found))

    @property
    def status(self) -> str:
        """eligible | held | not_eligible"""
        return "eligible" if self.eligible else "held" if self.held else "not_eligible"
