"""Province- or campaign-level overlays: local rules layered on a published rule set.

An overlay cites its own basis (e.g. "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh"), names only known
keys, and may change only values the rule set marks `configurable = true`. Shape:

    {"basis": "...", "quorum": "4/5", "written_counts_towards_quorum": True, "written_counts_towards_vote": True,
     "vote_thresholds": {"CSTDCS": 0.8}, "posting_days": 7, "posting_days_by_title": {"CSTDCS": 10},
     "criteria": {"TLDTT": {"min_ldtt_share": {"value": 0.7, "strict": False}}},
     "coefficients": {"GIAY_KHEN": {"individual": 0.3}},
     "quotas": {"TLDXS": {"max_share_of": "TLDTT", "share": 0.2, "minimum": 1, "scope": "all"}},
     "per_unit_max_individuals": 5, "per_unit_max_collectives": 1, "max_per_title": {"BK_TINH": 10},
     "ballot_required": {"CSTDCS": True}, "rounding_unit": 10000,
     "bonus_periodic_levels": {"HTXSNV": 3.0, "HTTNV": 2.4, "HTNV": 1.0}}
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from domain.rules.errors import NotConfigurableError, RuleSetError, UnknownOverlayKeyError
from domain.values import Rating

QUOTA_KEYS = frozenset({"max_share_of", "share", "minimum", "scope"})
QUOTA_SCOPES = ("unit", "all")


def share(value: Any) -> dict[str, Any]:
    """A share in (0, 1] written as a number, "a/b", or {"value": ..., "strict": bool}."""
    strict = False
    if isinstance(value, Mapping):
        value, strict = value.get("value"), value.get("strict", False)
    try:
        fraction = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise RuleSetError(f"Tỷ lệ «{value}» không hợp lệ.") from None
    if isinstance(value, bool) or not 0 < fraction <= 1 or not isinstance(strict, bool):
        raise RuleSetError(f"Tỷ lệ «{value}» phải lớn hơn 0 và không quá 1.")
    return {"value": str(fraction), "strict": strict}


def count(value: Any) -> dict[str, Any]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleSetError(f"Số lượng «{value}» phải là số nguyên không âm.")
    return {"value": value}


def positive_count(value: Any) -> dict[str, Any]:
    if not count(value)["value"]:
        raise RuleSetError("Giá trị phải lớn hơn 0.")
    return {"value": value}


def positive_number(value: Any) -> dict[str, Any]:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise RuleSetError(f"Hệ số «{value}» phải là số dương.")
    return {"value": value}


class _Writer:
    """Writes overlay values into a copy of rule-set data, refusing what the law fixes."""

    def __init__(self, data: dict[str, Any], basis: str) -> None:
        self.data, self.basis = data, basis

    def title(self, code: str) -> dict[str, Any]:
        if code not in self.data["titles"]:
            raise UnknownOverlayKeyError(f"Quy định bổ sung nêu danh hiệu/hình thức không có: «{code}».")
        return self.data["titles"][code]

    def existing(self, *path: str) -> dict[str, Any]:
        node: Any = self.data
        for key in path:
            if not isinstance(node, Mapping) or key not in node:
                raise UnknownOverlayKeyError(f"Quy định bổ sung nêu tham số không có: «{'.'.join(path)}».")
            node = node[key]
        return node

    def set(self, path: tuple[str, ...], fields: dict[str, Any], template: dict[str, Any] | None = None) -> None:
        node = self.data
        for key in path[:-1]:
            node = node.setdefault(key, {})
        old = node.get(path[-1]) or template
        if old is not None and not old.get("configurable", False):
            name = ".".join(path)
            raise NotConfigurableError(f"Tham số «{name}» do văn bản pháp luật quy định, không được thay đổi.")
        node[path[-1]] = {
            **(old or {}), **fields, "article": self.basis, "confidence": "H", "confirmed": True,
            "configurable": True, "note": "Quy định bổ sung cấp tỉnh/phong trào.",
        }


def _criteria(w: _Writer, value: Mapping[str, Mapping[str, Any]]) -> None:
    for code, params in value.items():
        w.title(code)
        for name, new in params.items():
            old = w.existing("titles", code, "criteria", name)
            if isinstance(new, bool) != isinstance(old["value"], bool):
                raise RuleSetError(f"Giá trị «{new}» không cùng kiểu với tiêu chí {code}.{name}.")
            is_share = isinstance(new, Mapping) or "strict" in old
            w.set(("titles", code, "criteria", name), share(new) if is_share else {"value": new})


def _coefficients(w: _Writer, value: Mapping[str, Mapping[str, Any]]) -> None:
    for code, by_kind in value.items():
        w.title(code)
        for kind, new in by_kind.items():
            w.existing("titles", code, "coefficient", kind)
            w.set(("titles", code, "coefficient", kind), positive_number(new))


def _quotas(w: _Writer, value: Mapping[str, Mapping[str, Any]]) -> None:
    for code, quota in value.items():
        w.title(code)
        unknown = set(quota) - QUOTA_KEYS
        if unknown or quota.get("scope", "all") not in QUOTA_SCOPES:
            raise UnknownOverlayKeyError(f"Chỉ tiêu «{code}» có khóa hoặc phạm vi không hợp lệ: {sorted(unknown)}.")
        if not {"max_share_of", "share"} <= set(quota):
            raise RuleSetError(f"Chỉ tiêu «{code}» cần «max_share_of» và «share».")
        w.title(quota["max_share_of"])
        old = w.data.get("quotas", {}).get(code)
        w.set(("quotas", code, "share"), share(quota["share"]), template=old and old["share"])
        w.data["quotas"][code].update(
            max_share_of=quota["max_share_of"], scope=quota.get("scope", "all"),
            minimum=count(quota.get("minimum", 0))["value"],
        )


def _each_title(path: Callable[[str], tuple[str, ...]], parse: Callable[[Any], dict],
                template: tuple[str, str] | None = None) -> Callable[[_Writer, Any], None]:
    """A handler for {code: value}; `template` is the rule-set default a new per-title value refines."""
    def write(w: _Writer, value: Mapping[str, Any]) -> None:
        for code, new in value.items():
            w.title(code)
            w.set(path(code), parse(new), template=w.existing(*template) if template else None)

    return write


def _bonus_levels(w: _Writer, value: Mapping[str, Any]) -> None:
    """An agency's own periodic bonus levels (its quy chế tiền thưởng, ND 73/2024 Art. 4)."""
    w.existing("bonus", "periodic_levels")
    levels = {Rating(code).value: positive_number(level)["value"] for code, level in value.items()}
    w.set(("bonus", "periodic_levels"), {"value": levels})


def _single(path: tuple[str, ...], parse: Callable[[Any], dict]) -> Callable:
    return lambda w, value: w.set(path, parse(value))


def _flag(value: Any) -> dict[str, Any]:
    if not isinstance(value, bool):
        raise RuleSetError(f"Giá trị «{value}» phải là đúng/sai.")
    return {"value": value}


HANDLERS: dict[str, Callable[[_Writer, Any], None]] = {
    "quorum": _single(("council", "quorum"), share),
    "written_counts_towards_quorum": _single(("council", "written_counts_towards_quorum"), _flag),
    "written_counts_towards_vote": _single(("council", "written_counts_towards_vote"), _flag),
    "vote_thresholds": _each_title(lambda code: ("titles", code, "vote"), share, ("council", "default_threshold")),
    "ballot_required": _each_title(lambda code: ("titles", code, "ballot_required"), _flag),
    "posting_days": _single(("publicity", "posting_days"), count),
    "posting_days_by_title": _each_title(
        lambda code: ("publicity", "posting_days_by_title", code), count, ("publicity", "posting_days"),
    ),
    "criteria": _criteria,
    "coefficients": _coefficients,
    "quotas": _quotas,
    "per_unit_max_individuals": _single(("unit_caps", "individual"), count),
    "per_unit_max_collectives": _single(("unit_caps", "collective"), count),
    "max_per_title": _each_title(lambda code: ("title_caps", code), count),
    "rounding_unit": _single(("money", "rounding_unit"), positive_count),
    "bonus_periodic_levels": _bonus_levels,
}
OVERLAY_KEYS = frozenset({"basis", *HANDLERS})


def check_overlay(overlay: Mapping[str, Any]) -> None:
    """Refuse unknown top-level keys and a missing basis (no rule set needed)."""
    unknown = set(overlay) - OVERLAY_KEYS
    if unknown:
        raise UnknownOverlayKeyError(f"Quy định bổ sung có khóa không hỗ trợ: {', '.join(sorted(unknown))}.")
    basis = overlay.get("basis")
    if not isinstance(basis, str) or not basis.strip():
        raise RuleSetError("Quy định bổ sung phải nêu căn cứ («basis»), ví dụ số quyết định của tỉnh.")


def apply_overlay(data: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of rule-set data with the overlay's values, each citing the overlay's basis."""
    check_overlay(overlay)
    writer = _Writer(copy.deepcopy(dict(data)), overlay["basis"])
    for key, value in overlay.items():
        if key == "basis":
            continue
        try:
            HANDLERS[key](writer, value)
        except (AttributeError, KeyError, TypeError, ValueError):
            raise RuleSetError(f"Giá trị của «{key}» trong quy định bổ sung không đúng dạng.") from None
    return writer.data
