"""Run each tool as its own measured subprocess over a dataset and score its output."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scripts.bench import metrics
from scripts.bench.datasets import Dataset, vetreg_command
from scripts.bench.measure import measured

Command = Callable[[Dataset, Path], list[str]]
ID_TYPES: dict[Hashable, type[str]] = {"record_id_l": str, "record_id_r": str, "record_id": str,
                                      "cluster_id": str}


def _module(name: str) -> list[str]:
    return [sys.executable, "-m", f"scripts.bench.{name}"]


def _files(dataset: Dataset) -> list[str]:
    return [str(p) for p in dataset.files]


@dataclass(frozen=True)
class Tool:
    """How to run one tool, and how to list its candidate pairs (None: it cannot say)."""

    name: str
    link: Command
    blocking: Command | None


TOOLS = {
    "engine": Tool(
        "engine",
        lambda d, out: [*vetreg_command(), "link", *_files(d), "--out", str(out)],
        lambda d, out: [*_module("engine_blocking"), *_files(d), "--truth", str(d.truth),
                        "--out", str(out)]),
    "splink": Tool(
        "splink",
        lambda d, out: [*_module("splink_baseline"), *_files(d), "--out", str(out)],
        lambda d, out: [*_module("splink_baseline"), *_files(d), "--out", str(out),
                        "--candidates-truth", str(d.truth)]),
    "recordlinkage": Tool(
        "recordlinkage",
        lambda d, out: [*_module("rl_baseline"), *_files(d), "--out", str(out)], None),
}


@dataclass
class Row:
    """One tool on one dataset: quality, cost and the command that produced it."""

    dataset: str
    tool: str
    records: int
    command: str
    ok: bool = False
    status: str = "not run"  # "ok", "failed" or "timed out"
    pairs: metrics.Quality | None = None
    clusters: metrics.Quality | None = None
    best_f1: tuple[float, float] | None = None
    completeness: float | None = None
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_mb: float = 0.0
    scripts: dict[str, tuple[float, int]] = field(default_factory=dict)
    load: float = 0.0  # 1-minute load average after the run: others' work slows wall time


def shell_text(command: list[str]) -> str:
    """A command as one would type it from the repository root."""
    text = " ".join(command).replace(sys.executable, "python")
    return text.replace(str(Path.cwd()) + "/", "")


def command_text(dataset: Dataset, command: list[str]) -> str:
    """The command with its input files shown as the glob one would type."""
    pattern = str(dataset.files[0].parent.parent / "*" / "personnel.csv")
    return shell_text(command).replace(shell_text(_files(dataset)), shell_text([pattern]))


def score(row: Row, truth: metrics.Truth, out: Path) -> None:
    """Fill `row` from a tool's pairs.csv and clusters.csv with the shared evaluation."""
    pairs = pd.read_csv(out / "pairs.csv", dtype=ID_TYPES, keep_default_na=False)
    links = pairs[pairs["band"] == "link"]
    clusters = pd.read_csv(out / "clusters.csv", dtype=ID_TYPES, keep_default_na=False)
    row.pairs = metrics.pair_quality(truth, links["record_id_l"], links["record_id_r"])
    row.clusters = metrics.cluster_quality(truth, clusters["record_id"], clusters["cluster_id"])
    row.best_f1 = metrics.best_threshold_f1(truth, pairs)
    row.scripts = metrics.script_recall(truth, links["record_id_l"], links["record_id_r"])


def run(tool: Tool, dataset: Dataset, truth: metrics.Truth, out: Path,
        completeness: bool, timeout: float) -> Row:
    """Run, measure and score one tool; a failed run is reported, not raised."""
    shutil.rmtree(out, ignore_errors=True)  # never score an earlier run's output
    out.mkdir(parents=True)
    command = tool.link(dataset, out / "output")
    row = Row(dataset.name, tool.name, dataset.records, command_text(dataset, command))
    print(f"  {tool.name:<14} {row.command[:110]}", flush=True)
    run_ = measured(command, out / "measure.json", out / "log.txt", timeout)
    row.wall_s, row.cpu_s, row.peak_mb = run_.wall_s, run_.cpu_s, run_.peak_mb
    row.ok, row.load = run_.returncode == 0, os.getloadavg()[0]
    print(f"  {'':<14} {row.wall_s:.1f} s wall, {row.cpu_s:.1f} s CPU, {row.peak_mb:.0f} MB, "
          f"load {row.load:.1f}", flush=True)
    if not row.ok:
        row.status = "timed out" if run_.returncode == -9 else "failed"
        print(f"  {tool.name} {row.status} (exit {run_.returncode}); see {out / 'log.txt'}")
        return row
    row.status = "ok"
    score(row, truth, out / "output")
    if completeness and tool.blocking is not None:
        row.completeness = _completeness(tool.blocking(dataset, out / "blocking"), out,
                                         timeout)
    return row


def _completeness(command: list[str], out: Path, timeout: float) -> float | None:
    probe = measured(command, out / "blocking-measure.json", out / "blocking-log.txt", timeout)
    if probe.returncode != 0:
        return None
    value = json.loads((out / "blocking" / "blocking.json").read_text())["pair_completeness"]
    return float(value)
