"""Reading a nominee's history: titles held, consecutive runs, initiatives, discipline periods."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from domain.rules.ruleset import RuleSet
from domain.values import AwardType, InitiativeFact, NomineeHistory, Rating

INITIATIVE_LEVELS = ("grassroots", "provincial", "national")
INITIATIVE_LEVELS_VI = {
    "grassroots": "được công nhận ở cơ sở", "provincial": "có phạm vi ảnh hưởng trong bộ, ngành, tỉnh",
    "national": "có phạm vi ảnh hưởng toàn quốc",
}
# Forms of discipline from lightest to heaviest (Luật Cán bộ, công chức; Luật Viên chức).
DISCIPLINE_SEVERITY = {
    "khiển trách": 1, "cảnh cáo": 2, "hạ bậc lương": 3, "giáng chức": 4, "cách chức": 5, "bãi nhiệm": 6,
    "buộc thôi việc": 6,
}
UNKNOWN_SEVERITY = 99  # an unrecognised form counts as heavy: better to ask than to award
LOOKBACK_YEARS = 50


def severity(level: str) -> int:
    return DISCIPLINE_SEVERITY.get(unicodedata.normalize("NFC", level).strip().lower(), UNKNOWN_SEVERITY)


def rating_in(history: NomineeHistory, year: int) -> Rating | None:
    """The year's rating; keys may be ints or, after a JSON round trip, strings."""
    found = history.ratings.get(year) or history.ratings.get(str(year))  # type: ignore[call-overload]
    return Rating(found) if found else None


def rated_at_least(history: NomineeHistory, year: int, need: Rating) -> bool:
    got = rating_in(history, year)
    return got is not None and got.at_least(need)


def holds(ruleset: RuleSet, history: NomineeHistory, code: str, year: int) -> bool:
    """Whether a regular award of `code`, or of a higher title in its chain, was made for `year`.

    Thematic and ad hoc awards never count (ND 152 Art. 4(3)).
    """
    chain = ruleset.chain(ruleset.title(code).chain or "")
    enough = chain[chain.index(code):] if code in chain else (code,)
    return any(a.code in enough and a.year == year and a.award_type == AwardType.REGULAR for a in history.awards)


def disciplined_in(history: NomineeHistory, year: int) -> bool:
    """Whether a discipline period overlaps `year` (achievements count only after it ends)."""
    return any(d.year <= year and (d.until is None or year <= d.until.year) for d in history.disciplines)


def run_length(holds_in: Callable[[int], bool], year: int) -> int:
    """How many consecutive years, ending with `year`, satisfy `holds_in`."""
    count = 0
    while count < LOOKBACK_YEARS and holds_in(year - count):
        count += 1
    return count


def consecutive_titles(ruleset: RuleSet, history: NomineeHistory, code: str, year: int) -> int:
    return run_length(lambda y: holds(ruleset, history, code, y) and not disciplined_in(history, y), year)


def initiatives(
    history: NomineeHistory, level: str, years: range,
) -> tuple[tuple[InitiativeFact, ...], tuple[InitiativeFact, ...]]:
    """Initiatives of at least `level` within `years`: (still usable, already used for another award)."""
    floor = INITIATIVE_LEVELS.index(level)
    fitting = [
        i for i in history.initiatives
        if i.year in years and i.level in INITIATIVE_LEVELS and INITIATIVE_LEVELS.index(i.level) >= floor
    ]
    return tuple(i for i in fitting if i.used_for is None), tuple(i for i in fitting if i.used_for is not None)


def thematic_awards(history: NomineeHistory, code: str, years: range) -> int:
    return sum(1 for a in history.awards if a.code == code and a.year in years and a.award_type != AwardType.REGULAR)
