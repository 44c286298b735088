"""Title and form criteria, chosen by the catalogue's `criteria.rule` name; each lists every unmet part."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.rules.errors import RuleSetError
from domain.rules.history import (
    INITIATIVE_LEVELS_VI, consecutive_titles, holds, initiatives, rated_at_least, rating_in, run_length, severity,
    thematic_awards,
)
from domain.rules.ruleset import Param, RuleSet, TitleSpec
from domain.rules.verdicts import RATING_NAMES_EN, RATING_NAMES_VI, Unmet
from domain.values import AwardType, InitiativeFact, NomineeHistory, NomineeKind, Rating


@dataclass(frozen=True)
class Case:
    """One nominee assessed for one title or form and year."""

    ruleset: RuleSet
    spec: TitleSpec
    history: NomineeHistory
    year: int
    award_type: AwardType

    def param(self, name: str) -> Param:
        try:
            return Param.from_data(self.spec.criteria[name])
        except KeyError:
            raise RuleSetError(f"Tiêu chí «{self.spec.code}» thiếu tham số «{name}».") from None

    def name(self, code: str) -> str:
        return self.ruleset.title(code).name_vi

    def initiatives(self, window: int) -> tuple[tuple[InitiativeFact, ...], tuple[InitiativeFact, ...]]:
        years = range(self.year - window + 1, self.year + 1)
        return initiatives(self.history, self.param("initiative_level").value, years)


def assess_criteria(case: Case) -> list[Unmet]:
    """The unmet criteria of the catalogue entry's rule (none when it has no checkable criteria)."""
    rule = case.spec.criteria.get("rule")
    applies_to = case.spec.criteria.get("award_types")
    if rule is None or (applies_to and case.award_type.value not in applies_to):
        return []
    if rule not in RULES:
        raise RuleSetError(f"Quy tắc tiêu chí «{rule}» của «{case.spec.code}» không được hỗ trợ.")
    return RULES[rule](case)


def _rating(case: Case, name: str) -> list[Unmet]:
    p = case.param(name)
    need, got = Rating(p.value), rating_in(case.history, case.year)
    if got is not None and got.at_least(need):
        return []
    now_vi = f"«{RATING_NAMES_VI[got]}»" if got else "chưa có kết quả"
    now_en = f"“{RATING_NAMES_EN[got]}”" if got else "no rating"
    return [Unmet.of(
        "rating_below",
        f"Chưa đạt xếp loại từ «{RATING_NAMES_VI[need]}» trở lên năm {case.year} — hiện: {now_vi}",
        f"Rating for {case.year} is below “{RATING_NAMES_EN[need]}” — now: {now_en}", p.article,
    )]


def _no_initiative(case: Case, used: Sequence[InitiativeFact], window: int) -> list[Unmet]:
    level = case.param("initiative_level")
    span = f"năm {case.year}" if window == 1 else f"các năm {case.year - window + 1}–{case.year}"
    unmet = [Unmet.of(
        "initiative_missing",
        f"{span[0].upper()}{span[1:]} chưa có sáng kiến {INITIATIVE_LEVELS_VI[level.value]}",
        f"No recognised initiative of {level.value} scope or wider in {span}", level.article,
    )]
    return unmet + _used(case, used)


def _used(case: Case, used: Sequence[InitiativeFact]) -> list[Unmet]:
    article = case.ruleset.param("principles", "initiative_single_use").article
    return [Unmet.of(
        "initiative_used",
        f"Sáng kiến «{i.title}» đã được dùng làm căn cứ khen thưởng «{i.used_for}»; mỗi sáng kiến chỉ dùng một lần",
        f"Initiative “{i.title}” already backed “{i.used_for}”; an initiative is used once", article,
    ) for i in used]


def _chain_short(case: Case, code: str, need: Param, got: int) -> list[Unmet]:
    unmet = [Unmet.of(
        "chain_short",
        f"Chưa đủ {need.value:02d} lần liên tục đạt «{case.name(code)}» đến năm {case.year} — hiện: {got}",
        f"Fewer than {need.value} consecutive “{case.ruleset.title(code).name_en}” up to {case.year} — now: {got}",
        need.article,
    )]
    if thematic_awards(case.history, code, range(case.year - need.value + 1, case.year + 1)):
        article = case.ruleset.param("principles", "thematic_excluded_from_chains").article
        unmet.append(Unmet.of(
            "thematic_not_counted",
            f"Khen thưởng theo chuyên đề, đột xuất «{case.name(code)}» không làm căn cứ đề nghị khen thưởng cao hơn",
            f"Thematic or ad hoc “{case.ruleset.title(code).name_en}” awards do not count towards higher awards", article,
        ))
    return unmet


def rating_at_least(case: Case) -> list[Unmet]:
    """LĐTT (Law Art. 24(1)), Giấy khen: the year's rating at least the given level."""
    return _rating(case, "min_rating")


def grassroots_soldier(case: Case) -> list[Unmet]:
    """CSTĐCS (Law Art. 23): LĐTT standard and (HTXSNV or a grassroots initiative); ND 91: initiative required."""
    unmet = _rating(case, "min_rating")
    window = case.param("initiative_window_years").value
    usable, used = case.initiatives(window)
    if usable:
        return unmet
    if case.param("initiative_required").value:
        return unmet + _no_initiative(case, used, window)
    excellent = case.param("excellent_rating")
    if rating_in(case.history, case.year) == Rating(excellent.value):
        return unmet
    unmet.append(Unmet.of(
        "excellent_or_initiative",
        f"Năm {case.year} chưa đạt «{RATING_NAMES_VI[Rating(excellent.value)]}» và chưa có sáng kiến được công nhận",
        f"In {case.year} neither rated excellent nor holding a recognised initiative", excellent.article,
    ))
    return unmet + _used(case, used)


def chain(case: Case) -> list[Unmet]:
    """CSTĐ bộ/tỉnh (Law Art. 22), CSTĐ toàn quốc (Art. 21): consecutive lower titles and a wider initiative."""
    prerequisite, need = case.param("prerequisite").value, case.param("consecutive")
    got = consecutive_titles(case.ruleset, case.history, prerequisite, case.year)
    unmet = _chain_short(case, prerequisite, need, got) if got < need.value else []
    window = case.param("initiative_window_years").value
    usable, used = case.initiatives(window)
    return unmet if usable else unmet + _no_initiative(case, used, window)


def _member_share(case: Case, title: str, share: Param) -> list[Unmet]:
    members = case.history.members
    holders = sum(holds(case.ruleset, m, case.param(title).value, case.year) for m in members)
    if share.admits(holders, len(members)):
        return []
    bound = f"{'trên' if share.strict else 'ít nhất'} {float(share.share):.0%}"
    name = case.name(case.param(title).value)
    return [Unmet.of(
        "member_share_low", f"Tỷ lệ thành viên đạt «{name}» năm {case.year} là {holders}/{len(members)}, cần {bound}",
        f"{holders}/{len(members)} members hold “{name}” in {case.year}; needs {bound}", share.article,
    )]


def _member_discipline(case: Case) -> list[Unmet]:
    p = case.param("max_discipline")
    n = sum(any(d.year == case.year and severity(d.level) >= severity(p.value) for d in m.disciplines)
            for m in case.history.members)
    return [Unmet.of(
        "member_disciplined",
        f"Có {n} thành viên bị kỷ luật từ hình thức «{p.value}» trở lên năm {case.year}",
        f"{n} member(s) disciplined at “{p.value}” or above in {case.year}", p.article,
    )] if n else []


def advanced_collective(case: Case) -> list[Unmet]:
    """TLĐTT (Law Art. 28): good completion, LĐTT share, no member disciplined at warning or above."""
    return [*_rating(case, "min_rating"), *_member_share(case, "member_title", case.param("min_ldtt_share")),
            *_member_discipline(case)]


def excellent_collective(case: Case) -> list[Unmet]:
    """TLĐXS (Law Art. 27): excellent completion, 100% members complete, ≥ 70% LĐTT, ≥ 1 CSTĐCS."""
    members, need = case.history.members, case.param("members_min_rating")
    level = Rating(need.value)
    short = sum(not rated_at_least(m, case.year, level) for m in members)
    unmet = _rating(case, "min_rating")
    if short or not members:
        unmet.append(Unmet.of(
            "members_incomplete",
            f"Có {short}/{len(members)} thành viên chưa đạt «{RATING_NAMES_VI[level]}» năm {case.year}; cần 100%",
            f"{short}/{len(members)} members below “{RATING_NAMES_EN[level]}” in {case.year}; needs 100%", need.article,
        ))
    unmet += _member_share(case, "member_title", case.param("min_ldtt_share"))
    soldier, least = case.param("soldier_title").value, case.param("min_cstdcs_members")
    if sum(holds(case.ruleset, m, soldier, case.year) for m in members) < least.value:
        unmet.append(Unmet.of(
            "no_soldier_member", f"Chưa có ít nhất {least.value} thành viên đạt «{case.name(soldier)}» năm {case.year}",
            f"Fewer than {least.value} member(s) hold “{soldier}” in {case.year}", least.article,
        ))
    return unmet + (_member_discipline(case) if case.param("no_member_discipline").value else [])


def provincial_commendation(case: Case) -> list[Unmet]:
    """Bằng khen bộ/tỉnh, regular: 2 consecutive CSTĐCS, or HTXSNV 2 years with 2 initiatives; collectives:
    2 consecutive years HTXSNV or TLĐXS (Law Art. 74, as Bắc Ninh QĐ 86/2025 Art. 4 applies it)."""
    if case.history.kind is NomineeKind.COLLECTIVE:
        return _collective_commendation(case)
    prerequisite, need = case.param("prerequisite").value, case.param("consecutive")
    if consecutive_titles(case.ruleset, case.history, prerequisite, case.year) >= need.value:
        return []
    years, wanted = case.param("excellent_years").value, case.param("initiatives").value
    excellent = run_length(lambda y: rating_in(case.history, y) == Rating.EXCELLENT, case.year)
    usable, used = initiatives(case.history, "grassroots", range(case.year - years + 1, case.year + 1))
    if excellent >= years and len(usable) >= wanted:
        return []
    return [Unmet.of(
        "commendation_route_missing",
        f"Chưa có {need.value:02d} lần liên tục «{case.name(prerequisite)}», cũng chưa có {years:02d} năm liên tục "
        f"«{RATING_NAMES_VI[Rating.EXCELLENT]}» với {wanted:02d} sáng kiến được công nhận đến năm {case.year}",
        f"Neither {need.value} consecutive “{prerequisite}” nor {years} excellent years with {wanted} initiatives "
        f"up to {case.year}", need.article,
    )] + _used(case, used)


def _collective_commendation(case: Case) -> list[Unmet]:
    need, title = case.param("collective_years"), case.param("collective_title").value
    def excellent(y: int) -> bool:
        return rating_in(case.history, y) == Rating.EXCELLENT or holds(case.ruleset, case.history, title, y)

    got = run_length(excellent, case.year)
    return [] if got >= need.value else [Unmet.of(
        "commendation_route_missing",
        f"Chưa có {need.value:02d} năm liên tục «{RATING_NAMES_VI[Rating.EXCELLENT]}» hoặc «{case.name(title)}» "
        f"đến năm {case.year} — hiện: {got}",
        f"Fewer than {need.value} consecutive years excellent or “{title}” up to {case.year} — now: {got}",
        need.article,
    )]


RULES: dict[str, Callable[[Case], list[Unmet]]] = {
    "rating_at_least": rating_at_least,
    "grassroots_soldier": grassroots_soldier,
    "chain": chain,
    "advanced_collective": advanced_collective,
    "excellent_collective": excellent_collective,
    "provincial_commendation": provincial_commendation,
}
