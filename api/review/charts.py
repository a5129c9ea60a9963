"""Geometry for the server-rendered SVG charts: a weight waterfall and a score histogram."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WATERFALL_WIDTH = 560
LABEL_WIDTH = 130
ROW_HEIGHT = 22
HIST_WIDTH = 420
HIST_HEIGHT = 90


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, in SVG user units."""

    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    kind: str  # positive | negative | total | bin


@dataclass(frozen=True)
class Chart:
    """Bars, the chart's size and where the zero (or threshold) lines go."""

    bars: list[Bar]
    width: float
    height: float
    marks: list[tuple[float, str]]


def _steps(weights: Sequence[tuple[str, float]], total: float) -> list[tuple[str, float]]:
    """Field weights plus whatever the total holds beyond them (prior, adjustments)."""
    steps = list(weights)
    rest = total - sum(w for _, w in steps)
    if abs(rest) >= 0.005:
        steps.insert(0, ("prior & other", rest))
    return steps


def waterfall(weights: Sequence[tuple[str, float]], total: float) -> Chart:
    """Horizontal waterfall: each field moves the running match weight; the last bar is it."""
    steps = _steps(weights, total)
    ends, running = [], 0.0
    for _, weight in steps:
        ends.append((running, running + weight))
        running += weight
    low = min([0.0, total, *(min(e) for e in ends)])
    high = max([0.0, total, *(max(e) for e in ends)])
    span = (high - low) or 1.0
    plot = WATERFALL_WIDTH - LABEL_WIDTH - 50

    def x(value: float) -> float:
        return round(LABEL_WIDTH + (value - low) / span * plot, 1)

    bars = [
        Bar(
            label,
            weight,
            min(x(a), x(b)),
            i * ROW_HEIGHT + 4,
            max(abs(x(b) - x(a)), 1.0),
            ROW_HEIGHT - 8,
            "positive" if weight >= 0 else "negative",
        )
        for i, ((label, weight), (a, b)) in enumerate(zip(steps, ends, strict=True))
    ]
    row = len(steps)
    bars.append(
        Bar(
            "match weight",
            total,
            min(x(0), x(total)),
            row * ROW_HEIGHT + 4,
            max(abs(x(total) - x(0)), 1.0),
            ROW_HEIGHT - 8,
            "total",
        )
    )
    return Chart(bars, WATERFALL_WIDTH, (row + 1) * ROW_HEIGHT + 8, [(x(0), "0")])


def histogram(counts: Sequence[int], thresholds: Sequence[tuple[float, str]]) -> Chart:
    """Vertical bars of counts over equal score bins on [0, 1], with threshold marks."""
    peak = max(counts, default=0) or 1
    width = HIST_WIDTH / max(len(counts), 1)
    bars = []
    for i, count in enumerate(counts):
        height = round(count / peak * (HIST_HEIGHT - 14), 1)
        label = f"{i / len(counts):.2f}–{(i + 1) / len(counts):.2f}"
        bars.append(
            Bar(
                label,
                count,
                round(i * width + 1, 1),
                HIST_HEIGHT - 14 - height,
                round(width - 2, 1),
                height,
                "bin",
            )
        )
    marks = [(round(t * HIST_WIDTH, 1), name) for t, name in thresholds]
    return Chart(bars, HIST_WIDTH, HIST_HEIGHT, marks)
