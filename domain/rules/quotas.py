"""Quotas and caps, checked over a draft decision together with earlier decisions of the same year."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from domain.rules.ruleset import Param, RuleSet
from domain.values import NomineeKind

KIND_VI = {NomineeKind.INDIVIDUAL: "cá nhân", NomineeKind.COLLECTIVE: "tập thể"}


@dataclass(frozen=True)
class QuotaItem:
    nomination_id: Hashable
    unit_id: Hashable
    code: str
    kind: NomineeKind
    year: int


@dataclass(frozen=True)
class QuotaBreach:
    """One cap broken; `nomination_ids` are the new items that fall under it."""

    rule: str  # share_cap | unit_cap | title_cap
    code: str | None
    unit_id: Hashable | None
    year: int
    limit: int
    actual: int
    nomination_ids: tuple[Hashable, ...]
    message_vi: str
    message_en: str
    article: str


def check_quotas(
    ruleset: RuleSet, items: Sequence[QuotaItem], earlier_items: Iterable[QuotaItem] = (),
) -> tuple[QuotaBreach, ...]:
    """Every cap the new `items` break, counting `earlier_items` of the same year and scope too.

    Caps: a title's share of another title (ND 91 Art. 9(3): CSTĐCS ≤ 15% of the unit's LĐTT; local
    rules such as TLĐXS ≤ 20% of TLĐTT, minimum 1), per-unit maxima of individuals or collectives,
    and a campaign's maximum per title. A nominee proposed for a higher title is listed with the base
    title too (as decisions list LĐTT and CSTĐCS together), so the base count includes them.
    """
    new_ids = {i.nomination_id for i in items}
    every = list({i.nomination_id: i for i in [*earlier_items, *items]}.values())
    return (*_share_caps(ruleset, every, new_ids), *_unit_caps(ruleset, every, new_ids),
            *_title_caps(ruleset, every, new_ids))


def _groups(items: list[QuotaItem], per_unit: bool) -> Iterator[tuple[Hashable | None, int, list[QuotaItem]]]:
    keys = {(i.unit_id if per_unit else None, i.year) for i in items}
    for unit, year in sorted(keys, key=lambda k: (k[1], str(k[0]))):
        yield unit, year, [i for i in items if i.year == year and (not per_unit or i.unit_id == unit)]


def _breach(rule: str, code: str | None, unit: Hashable | None, year: int, limit: int, under: list[QuotaItem],
            new_ids: set, texts: tuple[str, str], article: str) -> QuotaBreach:
    vi, en = texts
    ids = tuple(i.nomination_id for i in under if i.nomination_id in new_ids)
    return QuotaBreach(
        rule, code, unit, year, limit, len(under), ids, f"{vi} ({article})", f"{en} ({article})", article,
    )


def _share_caps(ruleset: RuleSet, every: list[QuotaItem], new_ids: set) -> Iterator[QuotaBreach]:
    for code, quota in ruleset.section("quotas").items():
        share, base_code = Param.from_data(quota["share"]), quota["max_share_of"]
        for unit, year, group in _groups(every, quota.get("scope") == "unit"):
            capped = [i for i in group if i.code == code]
            base = sum(i.code == base_code for i in group)
            limit = math.floor(share.share * base)
            if base and quota.get("minimum"):
                limit = max(limit, quota["minimum"])
            if len(capped) > limit and any(i.nomination_id in new_ids for i in capped):
                title, base_title = ruleset.title(code), ruleset.title(base_code)
                percent = f"{float(share.share):.0%}"
                texts = (
                    f"Số «{title.name_vi}» năm {year} là {len(capped)}, vượt mức tối đa {limit} "
                    f"({percent} của {base} «{base_title.name_vi}»)",
                    f"{len(capped)} “{title.name_en}” in {year} exceed the cap of {limit} "
                    f"({percent} of {base} “{base_title.name_en}”)",
                )
                yield _breach("share_cap", code, unit, year, limit, capped, new_ids, texts, share.article)


def _unit_caps(ruleset: RuleSet, every: list[QuotaItem], new_ids: set) -> Iterator[QuotaBreach]:
    for kind_name, data in ruleset.section("unit_caps").items():
        kind, cap = NomineeKind(kind_name), Param.from_data(data)
        for unit, year, group in _groups(every, True):
            under = [i for i in group if NomineeKind(i.kind) is kind]
            if len(under) > cap.value and any(i.nomination_id in new_ids for i in under):
                texts = (
                    f"Đơn vị đề nghị {len(under)} {KIND_VI[kind]} năm {year}, vượt số lượng tối đa {cap.value}",
                    f"The unit proposes {len(under)} {kind.value}s in {year}, above the maximum of {cap.value}",
                )
                yield _breach("unit_cap", None, unit, year, cap.value, under, new_ids, texts, cap.article)


def _title_caps(ruleset: RuleSet, every: list[QuotaItem], new_ids: set) -> Iterator[QuotaBreach]:
    for code, data in ruleset.section("title_caps").items():
        cap = Param.from_data(data)
        for _, year, group in _groups(every, False):
            under = [i for i in group if i.code == code]
            if len(under) > cap.value and any(i.nomination_id in new_ids for i in under):
                title = ruleset.title(code)
                texts = (
                    f"Số «{title.name_vi}» năm {year} là {len(under)}, vượt chỉ tiêu {cap.value}",
                    f"{len(under)} “{title.name_en}” in {year} exceed the quota of {cap.value}",
                )
                yield _breach("title_cap", code, None, year, cap.value, under, new_ids, texts, cap.article)
