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


@dataclass(frozen=True)
class Unmet:
    """One criterion a case does not meet; `message_vi` ends with the article in parentheses."""

    code: str
    message_vi: str
    message_en: str
    article: str

    @classmethod
    def of(cls, code: str, vi: str, en: str, article: str) -> Unmet:
        return cls(code, f"{vi} ({article})", f"{en} ({article})", article)


@dataclass(frozen=True)
class Verdict:
    """Every unmet criterion of one assessment, the rule-set version that judged it and the articles applied."""

    eligible: bool
    unmet: tuple[Unmet, ...]
    ruleset_version: str
    articles: tuple[str, ...] = ()

    @classmethod
    def of(cls, unmet: Iterable[Unmet], ruleset_version: str, articles: Iterable[str] = ()) -> Verdict:
        found = tuple(unmet)
        return cls(not found, found, ruleset_version, tuple(articles))
