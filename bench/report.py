"""RESULTS.md: the machine, then every figure as a ratio against its same-run baseline, then notes."""

from __future__ import annotations

from datetime import datetime, timezone

from bench.measure import Figure, Note

HEADER = "| suite | figure | ours (median) | baseline (median) | ratio | target | met | spread |"
RULE = "| --- | --- | ---: | ---: | ---: | ---: | :---: | ---: |"


def number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:,.2f}"
    return f"{value:.4f}"


def row(f: Figure) -> str:
    target = "—" if f.target is None else f"{'≥' if f.higher_is_better else '≤'} {f.target:g}×"
    met = {True: "yes", False: "**no**", None: "—"}[f.met]
    return (f"| {f.suite} | {f.name} | {number(f.ours)} {f.unit} | {number(f.baseline)} {f.unit} "
            f"({f.baseline_name}) | {f.ratio:.2f}× | {target} | {met} | {f.spread:.0%} |")


def render(command: str, machine: list[tuple[str, str]], load: tuple[str, str], elapsed: float,
           figures: list[Figure], notes: list[Note], runs: int) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Reproduce: `{command}` (about {elapsed / 60:.0f} min here). Every figure is the **median of {runs} runs**; "
        "its baseline was measured in the same run on the same machine, and the ratio is ours ÷ baseline. "
        "*Spread* is (max − min) ÷ median of our runs: how noisy the machine was for that figure.",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. Profiles, what was optimised (before/after) "
        "and what would meet the targets not met: [ANALYSIS.md](ANALYSIS.md).",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *(f"| {k} | {v} |" for k, v in machine),
        f"| load average (1/5/15 min) before / after | {load[0]} / {load[1]} |",
        "",
        "## Figures",
        "",
        HEADER,
        RULE,
        *(row(f) for f in figures),
        "",
        "## Measurements without a baseline, and what is missing",
        "",
        *(f"- **{n.suite} — {n.name}**: {n.value}" for n in notes),
        "",
    ]
    return "\n".join(lines)
