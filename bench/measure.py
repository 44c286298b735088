"""Timing helpers and the figures a benchmark reports: medians of repeated runs, each as a ratio
against a baseline measured in the same run on the same machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """One line of RESULTS.md: our median against the baseline's median, and the target ratio.

    `higher_is_better` is False for costs (seconds, bytes): the ratio is then ours ÷ baseline and the
    target a ceiling; for rates it is ours ÷ baseline and the target a floor.
    """

    suite: str
    name: str
    ours: float
    baseline: float
    unit: str
    baseline_name: str
    target: float | None = None
    higher_is_better: bool = True
    runs: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("nan")

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target

    @property
    def spread(self) -> float:
        """Relative spread (max − min) ÷ median of our runs: how noisy this figure was."""
        if len(self.runs) < 2:
            return 0.0
        return (max(self.runs) - min(self.runs)) / statistics.median(self.runs)


@dataclass(frozen=True)
class Note:
    """A measured value with no baseline (latencies, sizes), or a missing measurement and why."""

    suite: str
    name: str
    value: str


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figure(suite: str, name: str, ours: list[float], baseline: list[float], unit: str, baseline_name: str,
           target: float | None = None, *, higher_is_better: bool = True) -> Figure:
    return Figure(suite, name, median(ours), median(baseline), unit, baseline_name, target, higher_is_better, list(ours))


def clocked(action: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds (`time.process_time`) of `action`."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu
