"""Eligibility of one nominee for one title or form: holds, duplicates, then the title's criteria."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from domain.rules.criteria import Case, assess_criteria
from domain.rules.ruleset import RuleSet, TitleSpec
from domain.rules.verdicts import OTHER_PROCEEDING, PROCEEDING_KINDS, Unmet, Verdict
from domain.values import AwardType, DisciplineFact, NomineeHistory, NomineeKind

PRINCIPLES = ("hold_pending", "discipline_period", "one_achievement_one_award")
KINDS_VI = {NomineeKind.INDIVIDUAL: "cá nhân", NomineeKind.COLLECTIVE: "tập thể"}


def assess_eligibility(
    ruleset: RuleSet, code: str, history: NomineeHistory, year: int, award_type: AwardType, on: date,
) -> Verdict:
    """Every unmet criterion of `code` for the achievements of `year`, judged on date `on`."""
    spec, award_type = ruleset.title(code), AwardType(award_type)
    unmet = [
        *_pending(ruleset, history),
        *(u for d in history.disciplines for u in _discipline(ruleset, d, year, award_type, on)),
        *_duplicate(ruleset, spec, history, year, award_type),
    ]
    if NomineeKind(history.kind) in spec.kinds:
        unmet += assess_criteria(Case(ruleset, spec, history, year, award_type))
    else:
        unmet.append(Unmet.of(
            "kind_mismatch", f"«{spec.name_vi}» chỉ xét tặng cho {', '.join(KINDS_VI[k] for k in spec.kinds)}",
            f"“{spec.name_en}” is only for {', '.join(k.value for k in spec.kinds)}", spec.defined_in.article,
        ))
    return Verdict.of(unmet, ruleset.version, applied_articles(ruleset, spec))


def applied_articles(ruleset: RuleSet, spec: TitleSpec) -> tuple[str, ...]:
    """The articles an assessment applies: the title's own, its criteria's and the principles' (holds,
    discipline, one achievement one award), each once."""
    criteria = [p["article"] for p in spec.criteria.values() if isinstance(p, Mapping) and p.get("article")]
    principles = [ruleset.section("principles").get(name, {}).get("article") for name in PRINCIPLES]
    return tuple(dict.fromkeys(a for a in (spec.defined_in.article, *criteria, *principles) if a))


def _pending(ruleset: RuleSet, history: NomineeHistory) -> list[Unmet]:
    """ND 152 Art. 4(4): no award or proposal while a review, inspection or complaint is pending: the
    consideration is held (tạm dừng xét) until it is closed."""
    if not history.pending_proceedings:
        return []
    words = list(dict.fromkeys(PROCEEDING_KINDS.get(kind, OTHER_PROCEEDING) for kind in history.pending_proceedings))
    vi, en = "; ".join(vi for vi, _en in words), "; ".join(en for _vi, en in words)
    return [Unmet.of(
        "pending_proceedings",
        f"Tạm dừng xét khen thưởng: {vi}; chưa khen thưởng, chưa đề nghị khen thưởng cho đến khi có kết luận",
        f"Consideration held: {en}; no award or proposal until cleared",
        ruleset.param("principles", "hold_pending").article, hold=True,
    )]


def _discipline(ruleset: RuleSet, d: DisciplineFact, year: int, award_type: AwardType, on: date) -> list[Unmet]:
    """ND 152 Art. 4(4): none while a discipline period runs; achievements count only after it ends."""
    article = ruleset.param("principles", "discipline_period").article
    until_vi = f" đến ngày {d.until:%d/%m/%Y}" if d.until else ""
    if d.until is None or on <= d.until:
        return [Unmet.of(
            "discipline_running", f"Đang trong thời gian thi hành kỷ luật «{d.level}»{until_vi}",
            f"Discipline “{d.level}” still running{until_vi and ' until ' + d.until.isoformat()}", article,
        )]
    if award_type is AwardType.REGULAR and d.year <= year <= d.until.year:
        return [Unmet.of(
            "achievement_in_discipline",
            f"Thành tích năm {year} nằm trong thời gian thi hành kỷ luật «{d.level}»{until_vi}; "
            "thành tích chỉ được tính từ khi hết thời hạn kỷ luật",
            f"The {year} achievements fall within the “{d.level}” discipline period; they count only after it",
            article,
        )]
    return []


def _duplicate(
    ruleset: RuleSet, spec: TitleSpec, history: NomineeHistory, year: int, award_type: AwardType,
) -> list[Unmet]:
    """Law Art. 5(2)(c): one achievement, one award. Titles are annual; a regular form once per year."""
    regular = award_type is AwardType.REGULAR
    same = [
        a for a in history.awards
        if a.code == spec.code and a.year == year and (spec.is_title or regular and a.award_type == AwardType.REGULAR)
    ]
    if not same:
        return []
    return [Unmet.of(
        "duplicate_award",
        f"Đã được tặng «{spec.name_vi}» cho thành tích năm {year} (quyết định ngày {same[0].decided_on:%d/%m/%Y}); "
        "mỗi thành tích chỉ khen thưởng một lần",
        f"Already awarded “{spec.name_en}” for {year}; one achievement, one award",
        ruleset.param("principles", "one_achievement_one_award").article,
    )]
