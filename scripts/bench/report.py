"""The benchmark's tables: printed, as Markdown for docs/BENCHMARKS.md, and as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from scripts.bench.linkage_bench import Row

HEADER = ("dataset", "tool", "records", "F1", "precision", "recall", "cluster F1",
          "best-cut F1", "pair compl.", "wall s", "CPU s", "peak MB", "time / Splink",
          "F1 / Splink")


def _num(value: float | None, digits: int = 4) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _splink(rows: list[Row], row: Row) -> Row | None:
    for other in rows:
        if other.dataset == row.dataset and other.tool == "splink" and other.ok:
            return other
    return None


def cells(rows: list[Row], row: Row) -> list[str]:
    """One table row as text."""
    if not row.ok or row.pairs is None or row.clusters is None:
        return [row.dataset, row.tool, f"{row.records:,}", row.status, *[""] * 5,
                _num(row.wall_s, 1), _num(row.cpu_s, 1), _num(row.peak_mb, 0), "", ""]
    base = _splink(rows, row)
    time_ratio = row.wall_s / base.wall_s if base and base.wall_s else None
    f1_ratio = row.pairs.f1 / base.pairs.f1 if base and base.pairs and base.pairs.f1 else None
    best = row.best_f1[0] if row.best_f1 else None
    return [row.dataset, row.tool, f"{row.records:,}", _num(row.pairs.f1),
            _num(row.pairs.precision), _num(row.pairs.recall), _num(row.clusters.f1),
            _num(best), _num(row.completeness), _num(row.wall_s, 1), _num(row.cpu_s, 1),
            _num(row.peak_mb, 0),
            _num(time_ratio, 2), _num(f1_ratio, 3)]


def script_table(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    """Per dataset and script: true pairs and each tool's recall of them (link band)."""
    tools = list(dict.fromkeys(r.tool for r in rows if r.scripts))
    header = ["dataset", "script", "true pairs", *[f"{t} recall" for t in tools]]
    body: list[list[str]] = []
    for dataset in dict.fromkeys(r.dataset for r in rows if r.scripts):
        by_tool = {r.tool: r.scripts for r in rows if r.dataset == dataset and r.scripts}
        names = sorted({s for scripts in by_tool.values() for s in scripts})
        for name in names:
            total = next(s[name][1] for s in by_tool.values() if name in s)
            body.append([dataset, name or "?", f"{total:,}", *[
                _num(by_tool[t][name][0]) if t in by_tool and name in by_tool[t] else ""
                for t in tools]])
    return header, body


def markdown(header: list[str] | tuple[str, ...], body: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])


def plain(header: list[str] | tuple[str, ...], body: list[list[str]]) -> str:
    """A fixed-width table for the terminal."""
    widths = [max(len(str(x)) for x in column) for column in zip(header, *body, strict=True)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True))
                     for line in [list(header), *body])


def write(rows: list[Row], out: Path) -> str:
    """Print both tables; write results.md and results.json under `out`; return the text."""
    main_body = [cells(rows, r) for r in rows]
    script_header, script_body = script_table(rows)
    commands = [f"- {r.dataset}, {r.tool}: `{r.command}`" for r in rows]
    text = "\n\n".join([plain(HEADER, main_body), plain(script_header, script_body)])
    md = "\n\n".join([markdown(HEADER, main_body), markdown(script_header, script_body),
                      "\n".join(commands)])
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text(md + "\n")
    (out / "results.json").write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    print(text)
    return text
