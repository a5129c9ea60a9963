"""Turning locust's CSV statistics into the figures docs/RELIABILITY.md gives."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = ["LoadFigures", "markdown_table", "read_stats"]


@dataclass(frozen=True)
class LoadFigures:
    """Throughput, latency percentiles (ms) and errors of one request type."""

    kind: str
    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float
    max: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def _number(value: str) -> float:
    return float(value) if value not in {"", "N/A"} else 0.0


def read_stats(path: Path) -> list[LoadFigures]:
    """One row per request type from locust's `*_stats.csv`, the aggregate last."""
    with path.open(encoding="utf-8", newline="") as source:
        return [
            LoadFigures(
                kind=row["Type"],
                name=row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                per_second=round(_number(row["Requests/s"]), 2),
                p50=_number(row["50%"]),
                p95=_number(row["95%"]),
                p99=_number(row["99%"]),
                max=round(_number(row["Max Response Time"])),
            )
            for row in csv.DictReader(source)
        ]


def markdown_table(figures: list[LoadFigures]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| request | count | errors | per second | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        label = f"{f.kind} {f.name}".strip()
        lines.append(
            f"| {label} | {f.requests} | {f.failures} | {f.per_second:g} | {f.p50:g} | "
            f"{f.p95:g} | {f.p99:g} | {f.max:g} |"
        )
    return "\n".join(lines)
