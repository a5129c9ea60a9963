"""`vetreg import` and `vetreg withdraw`: submissions from the command line."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy.orm import Session

from registry.config import Settings, load_settings
from registry.db import session_factory
from registry.errors import InvalidInput, LimitExceeded, NotFound, Problem
from registry.intake import KINDS, IntakeReport, Progress, import_file
from registry.jobs.dispatch import wait_local
from registry.linking import link_after_change
from registry.models import Job
from registry.withdrawal import withdraw_records


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_code", required=True, help="Submitting organisation's code.")
@click.option("--date-format", help="How dates are written in the file, e.g. DD/MM/YYYY.")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "jsonl", "xlsx"]),
    help="Override format detection.",
)
@click.option("--dry-run", is_flag=True, help="Check the file only; write nothing.")
def import_command(
    kind: str,
    file: Path,
    org_code: str,
    date_format: str | None,
    file_format: str | None,
    dry_run: bool,
) -> None:
    """Import one submission FILE of KIND for an organisation: all rows or none."""
    settings = load_settings()
    session = session_factory(settings.database_url)()
    try:
        with _progress_bars() as progress:
            report = import_file(
                session,
                kind,
                file,
                org_code=org_code,
                submitted_by=_actor(),
                date_format=date_format,
                dry_run=dry_run,
                file_format=file_format,
                settings=settings,
                progress=progress,
            )
    except InvalidInput as exc:
        session.close()
        _fail(exc.detail, exc.problems, exc.extra)
    except (LimitExceeded, NotFound) as exc:
        session.close()
        _fail(exc.detail, [], {})
    for line in report.lines():
        click.echo(line)
    changed = report.submission_id if report.status == "accepted" else None
    _link(session, settings, changed, org_code)


def _link(session: Session, settings: Settings, submission_id: int | None, org: str) -> None:
    """Re-link the registry after a committed change and say how it went.

    In process the job runs here and the command waits for it; with Redis a worker runs
    it and the command only names the job to watch.
    """
    try:
        job, future = link_after_change(
            session, settings, submission_id, requested_by=_actor(), org_code=org
        )
        if job is None:
            return
        uid = job.uid
        if future is None:
            click.echo(f"linking job {uid} queued for a worker")
            return
        click.echo(f"linking job {uid} running...", err=True)
        wait_local()
        session.expire_all()
        finished = session.get(Job, job.id)
        status = finished.status if finished is not None else "missing"
        detail = f": {finished.error}" if finished is not None and finished.error else ""
        click.echo(f"linking job {uid} {status}{detail}")
    finally:
        session.close()


def _fail(detail: str, problems: list[Problem], extra: dict[str, Any]) -> NoReturn:
    """Print the row-level report of a rejection and exit with status 1."""
    summary = extra.get("report")
    shown = (
        IntakeReport(**{k: v for k, v in summary.items() if k != "problems"}) if summary else None
    )
    if shown is not None:
        shown.problems = problems
        for line in shown.lines():
            click.echo(line, err=True)
    else:
        for problem in problems:
            click.echo(f"{problem.column or ''} {problem.value or ''}: {problem.message}", err=True)
    click.echo(f"rejected: {detail}", err=True)
    sys.exit(1)


@contextmanager
def _progress_bars() -> Iterator[Progress | None]:
    """A progress callback drawing a bar per phase on a terminal; None when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: dict[str, Any] = {}

    def progress(phase: str, done: int, total: int) -> None:
        bar = bars.get(phase)
        if bar is None:
            for other in bars.values():
                other.render_finish()
            bar = bars[phase] = click.progressbar(
                length=max(total, 1), label=phase, file=sys.stderr
            )
        bar.update(done - bar.pos)

    try:
        yield progress
    finally:
        for bar in bars.values():
            bar.render_finish()


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("ids", nargs=-1, required=True)
@click.option("--org", "org_code", required=True, help="Submitting organisation's code.")
@click.option("--reason", required=True, help="Why the records are withdrawn.")
def withdraw(kind: str, ids: tuple[str, ...], org_code: str, reason: str) -> None:
    """Withdraw records of KIND by their IDS (record_id, or source_reference for allegations)."""
    settings = load_settings()
    session = session_factory(settings.database_url)()
    try:
        report = withdraw_records(
            session, kind, list(ids), org_code=org_code, reason=reason, withdrawn_by=_actor()
        )
    except InvalidInput as exc:
        session.close()
        _fail(exc.detail, exc.problems, {})
    except NotFound as exc:
        session.close()
        _fail(exc.detail, [], {})
    click.echo(
        f"withdrawn {report.withdrawn} {kind} record(s) of {report.organisation} "
        f"({report.already_withdrawn} already withdrawn); submission {report.submission_uid}"
    )
    _link(session, settings, report.submission_id if report.withdrawn else None, org_code)
