"""`vetreg link` (offline linkage of personnel files) and `vetreg evaluate`."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click
import pandas as pd

from linkage import (
    DEFAULT_CONFIG,
    DEFAULT_MODEL,
    DEFAULT_THRESHOLDS,
    LinkConfig,
    Model,
    Thresholds,
    evaluate_linkage,
    link_records,
)
from linkage import columns as c
from registry.errors import InvalidInput, Problem
from registry.intake.readers import FileInfo, csv_delimiter, inspect_file, open_rows
from scripts.commands.options import workers_option

log = logging.getLogger(__name__)

STAGES = ("normalise", "prepare", "block", "compare", "train", "score", "cluster")
PAIR_COLUMNS = ("record_id_l", "record_id_r", c.SCORE, c.BAND)


def read_table(path: Path) -> pd.DataFrame:
    """A CSV, JSON Lines or XLSX file as strings, empty cells as empty strings, column
    names in lower case. Its format, encoding (a BOM, UTF-16, a legacy code page) and
    delimiter are detected as intake detects them; what cannot be read is an error
    naming the file."""
    try:
        with path.open("rb") as stream:
            info = inspect_file(stream, path.name, None)
            if info.file_format == "xlsx":
                frame = _workbook(stream, info)
            elif info.file_format == "jsonl":
                frame = pd.read_json(path, lines=True, dtype=False, encoding=info.encoding)
                frame = frame.astype(object).where(frame.notna(), "").astype(str)
            else:
                frame = _csv(path, info.encoding or "utf-8")
    except InvalidInput as exc:
        raise click.ClickException(f"{path}: {exc.detail}") from exc
    except (ValueError, UnicodeError) as exc:  # pandas' parser errors are ValueErrors
        raise click.ClickException(f"{path}: cannot be read: {exc}") from exc
    frame.columns = [str(name).strip().lower() for name in frame.columns]
    return frame


def _csv(path: Path, encoding: str) -> pd.DataFrame:
    with path.open(encoding=encoding, newline="") as text:
        delimiter = csv_delimiter(text.readline())
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, sep=delimiter)


def _workbook(stream: IO[bytes], info: FileInfo) -> pd.DataFrame:
    """The first sheet's rows; a row that cannot be read is an error."""
    with open_rows(stream, info) as (header, rows):
        records = []
        for number, row in rows:
            if isinstance(row, Problem):
                raise InvalidInput(f"row {number}: {row.message}")
            records.append(row)
    return pd.DataFrame(records, columns=header, dtype=object).fillna("").astype(str)


def _personnel(paths: tuple[Path, ...]) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """All inputs in one frame; unknown columns dropped and reported per file."""
    frames, unknown = [], {}
    for path in paths:
        frame = read_table(path)
        if c.RECORD_ID not in frame:
            raise click.ClickException(f"{path}: no {c.RECORD_ID} column")
        extra = [col for col in frame.columns if col not in c.PERSONNEL_COLUMNS]
        if extra:
            log.warning("%s: ignoring unknown columns %s", path, ", ".join(extra))
            unknown[str(path)] = extra
        frames.append(frame.drop(columns=extra).assign(**{c.SOURCE: str(path)}))
    records = pd.concat(frames, ignore_index=True)
    repeated = records[c.RECORD_ID].duplicated(keep=False)
    if repeated.any():
        shown = records.loc[repeated, [c.RECORD_ID, c.SOURCE]].head(6).to_string(index=False)
        raise click.ClickException(
            f"record_id must be unique across inputs; {int(repeated.sum())} rows share ids:\n"
            f"{shown}"
        )
    return records.drop(columns=[c.SOURCE]), unknown


@contextmanager
def _progress_bar() -> Iterator[Any]:
    """A stage-by-stage progress callback, drawn only on a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(
        length=len(STAGES), label="linking", file=sys.stderr, item_show_func=lambda s: s
    ) as bar:

        def advance(stage: str) -> None:
            bar.update(1, stage)

        yield advance


def _write_outputs(
    out: Path, pairs: pd.DataFrame, clusters: pd.DataFrame, report: dict[str, Any], model: Model
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pairs.loc[:, list(PAIR_COLUMNS)].to_csv(out / "pairs.csv", index=False, float_format="%.6f")
    clusters.to_csv(out / "clusters.csv", index=False)
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    (out / "model.json").write_text(model.to_json() + "\n")


def _truth(path: Path | None) -> pd.Series | None:
    if path is None:
        return None
    truth = read_table(path)
    return truth.set_index(c.RECORD_ID)[c.PERSON_ID]


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for pairs.csv, clusters.csv, report.json and model.json.",
)
@click.option("--link-threshold", default=DEFAULT_THRESHOLDS.link, show_default=True, type=float)
@click.option(
    "--review-threshold", default=DEFAULT_THRESHOLDS.review, show_default=True, type=float
)
@click.option(
    "--max-bucket",
    default=DEFAULT_CONFIG.max_bucket,
    show_default=True,
    type=int,
    help="Largest blocking bucket kept (after splitting by birth year).",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, path_type=Path),
    help="Start from this model.json instead of the built-in one.",
)
@click.option("--no-train", is_flag=True, help="Score with the model as given (no EM).")
@workers_option("Processes normalising and threads comparing at once (results do not change).")
@click.option(
    "--truth",
    "truth_path",
    type=click.Path(exists=True, path_type=Path),
    help="truth.csv (record_id,person_id): adds blocking pair completeness.",
)
def link(
    files: tuple[Path, ...],
    out: Path,
    link_threshold: float,
    review_threshold: float,
    max_bucket: int,
    model_path: Path | None,
    no_train: bool,
    workers: int,
    truth_path: Path | None,
) -> None:
    """Link personnel FILES offline (no database) into people."""
    start = time.perf_counter()
    try:
        thresholds = Thresholds(link=link_threshold, review=review_threshold)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error
    records, unknown = _personnel(files)
    # Handed over in a list that link_records empties, so the raw frame is freed once it
    # is normalised instead of living through blocking and scoring.
    inputs = [records]
    del records
    model = Model.from_json(model_path.read_text()) if model_path else DEFAULT_MODEL
    config = LinkConfig(
        thresholds=thresholds, max_bucket=max_bucket, train=not no_train, workers=workers
    )
    with _progress_bar() as progress:
        result = link_records(
            inputs, model=model, config=config, truth=_truth(truth_path), progress=progress
        )
    report = {"inputs": [str(p) for p in files], "unknown_columns": unknown, **result.report}
    report["timings"]["total"] = round(time.perf_counter() - start, 3)
    _write_outputs(out, result.pairs, result.clusters, report, result.model)
    click.echo(
        f"{report['records']} records, {report['pairs']['link']} links, "
        f"{report['pairs']['review']} for review, {report['clusters']['total']} clusters "
        f"in {report['timings']['total']:.1f}s -> {out}"
    )


@click.command()
@click.option(
    "--truth",
    "truth_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--pairs",
    "pairs_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--clusters",
    "clusters_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="report.json of the run (default: beside pairs.csv), for blocking figures.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the metrics here as JSON.",
)
def evaluate(
    truth_path: Path,
    pairs_path: Path,
    clusters_path: Path,
    report_path: Path | None,
    json_path: Path | None,
) -> None:
    """Compare a `vetreg link` output with a truth file (record_id,person_id)."""
    truth = _truth(truth_path)
    assert truth is not None
    pairs = read_table(pairs_path)
    links = pairs[pairs[c.BAND] == "link"]
    clusters = read_table(clusters_path).set_index(c.RECORD_ID)[c.CLUSTER_ID]
    metrics: dict[str, Any] = evaluate_linkage(
        truth, clusters, links["record_id_l"], links["record_id_r"]
    )
    report_path = report_path or pairs_path.parent / "report.json"
    if report_path.exists():
        blocking = json.loads(report_path.read_text()).get("blocking", {})
        metrics["blocking"] = {
            "reduction_ratio": blocking.get("reduction_ratio"),
            "candidate_pairs": blocking.get("candidate_pairs"),
            **blocking.get("truth", {}),
        }
    text = json.dumps(metrics, indent=2)
    click.echo(text)
    if json_path is not None:
        json_path.write_text(text + "\n")
