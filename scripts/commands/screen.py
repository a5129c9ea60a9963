"""`vetreg screen ROSTER --out RESULTS.csv`: screen a roster against the registry."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from registry.config import load_settings
from registry.db import session_factory
from registry.errors import InvalidInput, LimitExceeded
from registry.export import write_csv
from registry.jobs.store import claim, finish
from registry.models import Screening
from registry.vetting.roster import read_roster
from registry.vetting.screening import (
    RESULT_COLUMNS,
    Progress,
    outcome_counts,
    record_results,
    result_rows,
    screen_roster,
    screening_job_row,
    start_screening,
)
from scripts.commands.options import workers_option


@contextmanager
def _progress_bar(total: int) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on a terminal; None when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="screening", file=sys.stderr) as bar:
        yield lambda done, _total: bar.update(done - bar.pos)


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    # The roster's own ids come back here: a formula-like one must not run in a spreadsheet.
    with path.open("w", newline="", encoding="utf-8") as out:
        write_csv(out, RESULT_COLUMNS, ([row[c] for c in RESULT_COLUMNS] for row in rows))


@click.command("screen")
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Results CSV: roster_record_id,person_id,record_id,score,band,outcome.",
)
@click.option(
    "--org",
    "org_code",
    default="REGISTRY",
    show_default=True,
    help="Screening organisation: its own records are shown unmasked.",
)
@click.option("--skip-cleared", is_flag=True, help="Leave out persons an analyst cleared.")
@workers_option("Processes sharing the roster's batches (results do not change).")
def screen(roster: Path, out: Path, org_code: str, skip_cleared: bool, workers: int) -> None:
    """Screen a ROSTER (personnel CSV, XLSX or JSON Lines) against the registry."""
    settings = load_settings()
    with session_factory(settings.database_url)() as session:
        try:
            with roster.open("rb") as stream:
                frame = read_roster(stream, roster.name, None, settings.max_roster_rows)
        except (InvalidInput, LimitExceeded) as exc:
            problems = getattr(exc, "problems", [])
            lines = [exc.detail, *(f"  row {p.row}, {p.column}: {p.message}" for p in problems)]
            raise click.ClickException("\n".join(lines)) from exc
        actor = f"cli:{getpass.getuser()}"
        record: Screening = start_screening(
            session, requested_by=actor, org=org_code, roster=frame, skip_cleared=skip_cleared
        )
        job_uid = screening_job_row(session, record).uid
        claim(session, job_uid)  # commits: this process runs it, no worker may pick it up
        with _progress_bar(len(frame)) as progress:
            results = screen_roster(
                session,
                settings,
                org_code,
                frame,
                skip_cleared=skip_cleared,
                progress=progress,
                workers=workers,
            )
        summary = record_results(session, record, frame, results)
        session.commit()
        finish(session, job_uid, result=summary, error=None)
    _write(out, result_rows(results))
    counts = ", ".join(f"{k} {v}" for k, v in outcome_counts(results).items())
    click.echo(f"screened {len(frame)} roster rows: {counts}; results in {out}", err=True)
