"""Council votes: thresholds over the total membership, quorum, and ranking within a quota."""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from domain.rules.errors import VoteCountError
from domain.rules.ruleset import Param, RuleSet

CandidateId = Hashable


@dataclass(frozen=True)
class VoteVerdict:
    passed: bool
    quorum_met: bool
    required_yes: int
    threshold: Fraction
    article: str
    message_vi: str


@dataclass(frozen=True)
class QuorumVerdict:
    met: bool
    attending: int
    required: int
    article: str
    message_vi: str


@dataclass(frozen=True)
class QuotaRanking:
    """Who fits the quota; `tied` holds an unbroken tie for the last places (then `tie_needs_chair`)."""

    selected: tuple[CandidateId, ...]
    beyond_quota: tuple[CandidateId, ...]
    tie_needs_chair: bool
    tied: tuple[CandidateId, ...] = ()
    below_threshold: tuple[CandidateId, ...] = ()


def required_count(share: Param, total: int) -> int:
    """The fewest of `total` that reach the share ("more than" it when strict)."""
    exact = share.share * total
    return math.floor(exact) + 1 if share.strict else math.ceil(exact)


def percent_vi(share: Param) -> str:
    value = share.share * 100
    shown = f"{value.numerator // value.denominator}%" if value.denominator == 1 else f"{share.share}"
    return f"{'quá' if share.strict else 'từ'} {shown}"


WRITTEN_VOTE_ARTICLE = "Điều 30 khoản 7 Nghị định 98/2023/NĐ-CP"


def written_counts_towards_vote(ruleset: RuleSet) -> Param:
    """Whether an absent member's written vote (phiếu bằng văn bản) is a vote; a rule set published before
    this switch existed counted it, as ND 98 Art. 30(7) does."""
    data = ruleset.section("council").get("written_counts_towards_vote", {"value": True, "article": WRITTEN_VOTE_ARTICLE})
    return Param.from_data(data)


def assess_quorum(ruleset: RuleSet, total_members: int, present: int, written: int = 0) -> QuorumVerdict:
    """The quorum is a share of ALL council members; those present take part, and absent members' written
    votes where the rule set says so. A session without quorum decides nothing."""
    quorum = ruleset.quorum
    counts_written = ruleset.param("council", "written_counts_towards_quorum").value
    attending = present + (written if counts_written else 0)
    required = required_count(quorum, total_members)
    message = (f"Không đủ số lượng thành viên dự họp: {attending}/{total_members}, cần {percent_vi(quorum)} tổng số "
               f"thành viên ({quorum.article})")
    return QuorumVerdict(attending >= required, attending, required, quorum.article, message)


def assess_vote(
    ruleset: RuleSet, code: str, total_members: int, present: int, yes: int, written: int = 0,
) -> VoteVerdict:
    """ND 98 Art. 30(7): the threshold is over ALL council members; absent members' written opinions are votes.

    `present` counts members at the meeting, `written` absent members who sent a written vote, and `yes`
    every vote in favour that counts: written votes count towards the vote and towards the quorum only
    where the rule set in force (with its overlays) says so. Without quorum nothing passes.
    """
    voters = present + (written if written_counts_towards_vote(ruleset).value else 0)
    if min(total_members, present, yes, written) < 0 or total_members == 0 or present + written > total_members \
            or yes > voters:
        raise VoteCountError(f"Số liệu biểu quyết không hợp lệ: {total_members=}, {present=}, {written=}, {yes=}.")
    threshold, quorum = ruleset.vote_threshold(code), assess_quorum(ruleset, total_members, present, written)
    required = required_count(threshold, total_members)
    if not quorum.met:
        return VoteVerdict(False, False, required, threshold.share, quorum.article, quorum.message_vi)
    passed = yes >= required
    message = (f"{'Đạt' if passed else 'Không đạt'}: {yes}/{total_members} thành viên Hội đồng đồng ý; cần ít nhất "
               f"{required} ({percent_vi(threshold)} tổng số thành viên) ({threshold.article})")
    return VoteVerdict(passed, True, required, threshold.share, threshold.article, message)


def rank_within_quota(
    candidates: Sequence[tuple[CandidateId, int]], quota: int | None,
    chair_pick: CandidateId | Collection[CandidateId] | None = None,
    *, min_yes: int = 0, preferred: Collection[CandidateId] = (),
) -> QuotaRanking:
    """TT 25/2025/TT-BKHCN Art. 23: candidates above the threshold but beyond the quota are ranked by votes,
    highest first; a tie for the last place is broken by the chair, else by ND 152 Art. 4(6)'s preference
    (women, or collectives with ≥ 70% women) passed as `preferred`."""
    below = tuple(c for c, votes in candidates if votes < min_yes)
    ranked = sorted(((c, votes) for c, votes in candidates if votes >= min_yes), key=lambda cv: -cv[1])
    if quota is None or len(ranked) <= quota:
        return QuotaRanking(tuple(c for c, _ in ranked), (), False, (), below)
    if quota <= 0:
        return QuotaRanking((), tuple(c for c, _ in ranked), False, (), below)
    cutoff = ranked[quota - 1][1]
    above = [c for c, votes in ranked if votes > cutoff]
    winners, tied = _break_tie([c for c, votes in ranked if votes == cutoff], quota - len(above), chair_pick, preferred)
    selected = above + winners
    beyond = tuple(c for c, _ in ranked if c not in selected and c not in tied)
    return QuotaRanking(tuple(selected), beyond, bool(tied), tuple(tied), below)


def _break_tie(
    tied: list[CandidateId], slots: int, chair_pick: object, preferred: Collection[CandidateId],
) -> tuple[list[CandidateId], list[CandidateId]]:
    """(winners, still tied): the chair's pick when it fills the places exactly, else the preferred ones."""
    if len(tied) <= slots:
        return tied, []
    picks = chair_pick if isinstance(chair_pick, list | tuple | set | frozenset) else {chair_pick}
    chosen = [c for c in tied if c in picks]
    if len(chosen) == slots:
        return chosen, []
    favoured = [c for c in tied if c in preferred]
    if len(favoured) > slots:
        return [], favoured
    rest = [c for c in tied if c not in favoured]
    return favoured, (rest if len(favoured) < slots else [])
