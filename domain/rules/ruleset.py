"""A versioned rule set (catalogue, thresholds, caps, coefficients) read from published data.

Every number is a `Param`: its value, the article it comes from and DOMAIN.md's confidence label.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from fractions import Fraction
from functools import cached_property
from typing import Any

from domain.rules.errors import RuleSetError, RuleSetNotFoundError, UnknownTitleError
from domain.rules.overlay import apply_overlay, check_overlay
from domain.values import NomineeKind

SIGNER_LEVELS = ("unit_head", "province", "prime_minister")
CATEGORIES = ("title", "form")  # danh hiệu thi đua | hình thức khen thưởng
REQUIRED_KEYS = ("version", "effective_from", "legal_bases", "titles", "principles", "council", "publicity", "money")


@dataclass(frozen=True)
class Param:
    """One number or switch of a rule set, with its article and confidence (H/M/L)."""

    value: Any = None  # None for principles that cite an article but carry no number
    article: str = ""
    confidence: str = "H"
    confirmed: bool = True
    configurable: bool = False
    strict: bool = False  # for shares: "more than" instead of "at least"
    note: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Param:
        return cls(**{k: v for k, v in data.items() if k in PARAM_FIELDS})

    @property
    def share(self) -> Fraction:
        return Fraction(str(self.value))

    def admits(self, part: int, whole: int) -> bool:
        """Whether part/whole reaches this share ("more than" when strict); nothing of nothing never does."""
        if whole <= 0:
            return False
        ratio = Fraction(part, whole)
        return ratio > self.share if self.strict else ratio >= self.share


PARAM_FIELDS = frozenset(f.name for f in fields(Param))


@dataclass(frozen=True)
class TitleSpec:
    """One entry of the catalogue: an emulation title or a commendation form."""

    code: str
    name_vi: str
    name_en: str
    category: str
    kinds: tuple[NomineeKind, ...]
    level: str
    defined_in: Param
    signers: Param
    ballot_required: Param
    vote: Param | None
    coefficients: Mapping[NomineeKind, Param]
    chain: str | None
    criteria: Mapping[str, Any]

    @property
    def is_title(self) -> bool:
        return self.category == "title"


@dataclass(frozen=True)
class LegalText:
    """A text a decision rests on ("Căn cứ …"); it is never cited before it was issued or took effect."""

    citation: str
    issued_on: date | None = None
    effective_from: date | None = None

    @classmethod
    def from_data(cls, entry: str | Mapping[str, Any]) -> LegalText:
        """A table {citation, issued_on?, effective_from?}, or a bare citation (rule sets published before dates)."""
        if isinstance(entry, str):
            return cls(entry)
        dates = (entry.get(key) for key in ("issued_on", "effective_from"))
        return cls(entry["citation"], *(as_date(d) if d else None for d in dates))

    def citable_on(self, on: date) -> bool:
        return all(known <= on for known in (self.issued_on, self.effective_from) if known)


@dataclass(frozen=True)
class Transition:
    """A rule set handing some cases to another version (e.g. ND 152 Art. 60(3))."""

    kind: str  # dossier_received_before | achievement_year_before
    before: str | int
    to_version: str
    enabled: bool
    article: str
    legal_basis: str = ""  # how a decision cites the hand-over ("Căn cứ khoản 3 Điều 60 …"); else the article

    def applies(self, received_on: date | None, achievement_year: int | None) -> bool:
        if not self.enabled:
            return False
        if self.kind == "dossier_received_before":
            return received_on is not None and received_on < as_date(self.before)
        return achievement_year is not None and achievement_year < int(self.before)


@dataclass(frozen=True)
class RuleSet:
    """A published rule set; build with `from_dict`, refine with `with_overlay`.

    `select_ruleset` returns it as chosen for a date (and through which transitions): its `legal_bases`
    are then what a decision of that date cites.
    """

    data: Mapping[str, Any]
    chosen_on: date | None = None
    via: tuple[Transition, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        missing = [key for key in REQUIRED_KEYS if key not in data]
        if missing:
            raise RuleSetError(f"Bộ quy tắc thiếu khóa: {', '.join(missing)}.")
        ruleset = cls(copy.deepcopy(dict(data)))
        ruleset.titles()
        try:
            ruleset.legal_texts
        except (KeyError, TypeError, ValueError) as error:
            raise RuleSetError(f"Căn cứ pháp lý của bộ quy tắc không hợp lệ: {error}.") from None
        return ruleset

    check_overlay = staticmethod(check_overlay)

    def as_dict(self) -> dict[str, Any]:
        """The data as published (a copy), e.g. for an API or a new Rulebook version."""
        return copy.deepcopy(dict(self.data))

    def with_overlay(self, overlay: Mapping[str, Any]) -> RuleSet:
        """This rule set refined by a province- or campaign-level overlay (see `overlay.py`)."""
        return RuleSet.from_dict(apply_overlay(self.data, overlay)).chosen(self.chosen_on, self.via)

    def chosen(self, on: date | None, via: tuple[Transition, ...] = ()) -> RuleSet:
        """This rule set as chosen for a decision on `on` through the transitions `via` (same data)."""
        view = replace(self, chosen_on=on, via=via)
        view.__dict__["_catalogue"] = self._catalogue  # the same data: the catalogue is not read again
        return view

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def name_vi(self) -> str:
        return self.data.get("name_vi", self.version)

    @cached_property
    def effective_from(self) -> date:
        return as_date(self.data["effective_from"])

    @cached_property
    def effective_to(self) -> date | None:
        end = self.data.get("effective_to")
        return as_date(end) if end else None

    @property
    def legal_texts(self) -> tuple[LegalText, ...]:
        return tuple(LegalText.from_data(entry) for entry in self.data["legal_bases"])

    @property
    def legal_bases(self) -> tuple[str, ...]:
        """The "Căn cứ" lines: as chosen for a date, the texts citable on it, then the transitional articles
        the rule set was chosen under (ND 152 Art. 60(3)); as published, every text."""
        on = self.chosen_on
        texts = tuple(t.citation for t in self.legal_texts if on is None or t.citable_on(on))
        return texts + tuple(t.legal_basis or t.article for t in self.via)

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def section(self, name: str) -> Mapping[str, Any]:
        return self.data.get(name) or {}

    def param(self, section: str, name: str) -> Param:
        try:
            return Param.from_data(self.data[section][name])
        except KeyError:
            raise RuleSetError(f"Bộ quy tắc {self.version} thiếu tham số {section}.{name}.") from None

    def title(self, code: str) -> TitleSpec:
        spec = self._catalogue.get(code)
        if spec is None:
            raise UnknownTitleError(f"Danh hiệu/hình thức «{code}» không có trong bộ quy tắc {self.version}.")
        return spec

    def titles(self) -> tuple[TitleSpec, ...]:
        return tuple(self._catalogue.values())

    @cached_property
    def _catalogue(self) -> dict[str, TitleSpec]:
        """The catalogue's entries, read once per rule set (its data is not changed after `from_dict`)."""
        return {code: _title_spec(code, entry, self._chain_name(code)) for code, entry in self.data["titles"].items()}

    def chain(self, name: str) -> tuple[str, ...]:
        return tuple(self.section("chains").get(name, ()))

    def _chain_name(self, code: str) -> str | None:
        return next((n for n in ("individual", "collective") if code in self.chain(n)), None)

    @property
    def quorum(self) -> Param:
        """Share of ALL council members who must take part."""
        return self.param("council", "quorum")

    def vote_threshold(self, code: str) -> Param:
        """The title's own ballot threshold, else the council's default (over total membership)."""
        return self.title(code).vote or self.param("council", "default_threshold")

    def posting_days(self, code: str | None = None) -> int:
        """Minimum days a candidate list stays posted publicly (per title when an overlay says so)."""
        return int(self._posting(code).value)

    @property
    def posting_article(self) -> str:
        return self._posting(None).article

    def _posting(self, code: str | None) -> Param:
        by_title = self.section("publicity").get("posting_days_by_title", {})
        if code in by_title:
            return Param.from_data(by_title[code])
        return self.param("publicity", "posting_days")

    def council_quota(self, code: str) -> int | None:
        """The overlay's maximum number of `code` awards, used to rank candidates by votes."""
        cap = self.section("title_caps").get(code)
        return int(cap["value"]) if cap else None

    @cached_property
    def transitions(self) -> tuple[Transition, ...]:
        keys = ("kind", "before", "to_version", "enabled", "article")
        return tuple(
            Transition(**{k: t[k] for k in keys}, legal_basis=t.get("legal_basis", ""))
            for t in self.data.get("transitions", ())
        )


def _title_spec(code: str, entry: Mapping[str, Any], chain: str | None) -> TitleSpec:
    try:
        kinds = tuple(NomineeKind(k) for k in entry["kinds"])
        spec = TitleSpec(
            code=code, name_vi=entry["name_vi"], name_en=entry["name_en"], category=entry["category"], kinds=kinds,
            level=entry["level"], defined_in=Param.from_data(entry["defined_in"]),
            signers=Param.from_data(entry["signers"]), ballot_required=Param.from_data(entry["ballot_required"]),
            vote=Param.from_data(entry["vote"]) if "vote" in entry else None,
            coefficients={NomineeKind(k): Param.from_data(v) for k, v in entry["coefficient"].items()},
            chain=chain, criteria=entry.get("criteria", {}),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise RuleSetError(f"Mục «{code}» của danh mục không hợp lệ: {error}.") from None
    if spec.category not in CATEGORIES or not set(spec.signers.value) <= set(SIGNER_LEVELS):
        raise RuleSetError(f"Mục «{code}» có loại hoặc cấp ký không hợp lệ.")
    return spec


def as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def select_ruleset(
    rulesets: Iterable[RuleSet], decided_on: date, dossier_received_on: date | None = None,
    *, achievement_year: int | None = None,
) -> RuleSet:
    """The rule set governing a decision: the one in force on `decided_on`, then its transitions, chosen
    for that date (what it cites).

    ND 152/2025 Art. 60(3): a dossier received before 01/7/2025 continues under ND 98/2023.
    """
    by_version = {r.version: r for r in rulesets}
    in_force = [r for r in by_version.values() if r.covers(decided_on)]
    if len(in_force) != 1:
        found = len(in_force)
        raise RuleSetNotFoundError(f"Cần đúng một bộ quy tắc có hiệu lực ngày {decided_on:%d/%m/%Y}; có {found}.")
    chosen, via, seen = in_force[0], (), set()
    while chosen.version not in seen:
        seen.add(chosen.version)
        hand_over = next((t for t in chosen.transitions if t.applies(dossier_received_on, achievement_year)), None)
        if hand_over is None:
            break
        if hand_over.to_version not in by_version:
            raise RuleSetNotFoundError(f"Chưa công bố bộ quy tắc {hand_over.to_version} ({hand_over.article}).")
        chosen, via = by_version[hand_over.to_version], (*via, hand_over)
    return chosen.chosen(decided_on, via)


def base_salary_on(schedule: Iterable[Mapping[str, Any]], on: date) -> int:
    """The base salary (lương cơ sở) in force on `on`, the decision date (ND 152 Art. 49(1))."""
    return int(salary_period_on(schedule, on)["amount"])


def check_salary_schedule(schedule: Iterable[Any]) -> None:
    """Refuse a base-salary schedule that `salary_period_on` could not read: each period needs a positive whole
    amount of dong and an ISO start date, and an end date, if any, not before its start."""
    for period in schedule:
        try:
            start, end, amount = as_date(period["effective_from"]), period.get("effective_to"), period["amount"]
            readable = type(amount) is int and amount > 0 and (not end or as_date(end) >= start)
        except (KeyError, TypeError, ValueError, AttributeError):
            readable = False
        if not readable:
            raise RuleSetError("Mỗi kỳ lương cơ sở cần mức lương (số đồng, lớn hơn 0) và ngày bắt đầu dạng 2024-07-01; "
                               "ngày kết thúc, nếu có, không trước ngày bắt đầu.")


def salary_period_on(schedule: Iterable[Mapping[str, Any]], on: date) -> Mapping[str, Any]:
    """The base-salary period in force on `on`: {amount, effective_from, effective_to?, article, confidence}."""
    for period in schedule:
        end = period.get("effective_to")
        if as_date(period["effective_from"]) <= on and (not end or on <= as_date(end)):
            return period
    raise RuleSetNotFoundError(f"Không có mức lương cơ sở áp dụng cho ngày {on:%d/%m/%Y}.")
