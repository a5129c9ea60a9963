"""Intake: one path from a state's exported file to committed, versioned records.

`import_file` checks the whole file in one streaming pass (spooling clean rows to a
temporary file), then writes everything in one transaction, or nothing.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from registry.config import Settings
from registry.errors import InvalidInput, LimitExceeded, Problem
from registry.intake.apply import (
    find_organisation,
    normalise_org_code,
    register_organisation,
    write,
)
from registry.intake.dates import DateError, DateFormat
from registry.intake.queries import changed_personnel_ids
from registry.intake.readers import FileInfo, Row, inspect_file, open_rows
from registry.intake.report import IntakeReport
from registry.intake.rules import KINDS, SPECS
from registry.intake.spool import Spool
from registry.intake.validation import Context, validate
from registry.intake.writers import Progress

__all__ = [
    "KINDS",
    "IntakeReport",
    "Progress",
    "Source",
    "changed_personnel_ids",
    "import_file",
    "parse_date_format",
]

log = logging.getLogger(__name__)

Source = str | Path | bytes | IO[bytes]


def import_file(
    session: Session,
    kind: str,
    source: Source,
    *,
    org_code: str,
    submitted_by: str,
    date_format: str | None = None,
    dry_run: bool = False,
    file_name: str | None = None,
    file_format: str | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> IntakeReport:
    """Check and (unless `dry_run`) commit one submission; InvalidInput lists every problem.

    On success the session is committed and `report.submission_id` names the submission:
    its personnel rows (`PersonnelRecord.submission_id`) are exactly the changed records.
    """
    spec = SPECS.get(kind)
    if spec is None:
        raise InvalidInput(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    code = normalise_org_code(org_code)
    limits = settings or Settings()
    declared = parse_date_format(date_format)
    with _opened(source) as stream:
        # A path's own name tells its format, as an upload's file name does.
        info = _inspect(stream, limits, _name(source, file_name), file_format)
        report = IntakeReport(
            kind,
            code,
            _name(source, file_name),
            dry_run=dry_run,
            date_format=declared.text if declared else None,
            file_format=info.file_format,
            encoding=info.encoding,
            sha256=info.sha256,
        )
        try:
            _run(session, stream, info, report, declared, limits, submitted_by, progress)
        except BaseException:
            session.rollback()
            raise
    return report


def _run(
    session: Session,
    stream: IO[bytes],
    info: FileInfo,
    report: IntakeReport,
    declared: DateFormat | None,
    limits: Settings,
    submitted_by: str,
    progress: Progress | None,
) -> None:
    org = find_organisation(session, report.organisation)
    spool = Spool()
    try:
        ctx = Context(
            SPECS[report.kind],
            report,
            spool,
            declared,
            limits.max_rows,
            session,
            org.id if org else None,
        )
        with open_rows(stream, info) as (header, rows):
            validate(header, _counted(rows, stream, info, progress), ctx)
        _reject_if_invalid(report)
        if report.dry_run:
            report.status = "valid"
            session.rollback()
            return
        org = org or register_organisation(session, report.organisation)
        write(session, org, spool, report, submitted_by, progress)
        session.commit()
        log.info("submission %s committed: %s", report.submission_uid, report.lines()[-2])
    finally:
        spool.close()


def _reject_if_invalid(report: IntakeReport) -> None:
    if report.rows_total == 0 and not report.problem_count:
        report.add(Problem("the file has no data rows", row=None))
    if report.problem_count:
        report.status = "rejected"
        report.problems.sort(key=lambda p: p.row or 0)
        summary = report.as_dict()
        summary.pop("problems")
        raise InvalidInput(
            f"{report.problem_count} problem(s) in {report.file_name}; nothing was written",
            report.problems,
            problem_count=report.problem_count,
            report=summary,
        )


def parse_date_format(text: str | None) -> DateFormat | None:
    """The declared date format, or InvalidInput saying how to write one."""
    if not text:
        return None
    try:
        return DateFormat.parse(text)
    except DateError as exc:
        raise InvalidInput(str(exc), [Problem(str(exc), column="date_format", value=text)]) from exc


def _inspect(
    stream: IO[bytes], limits: Settings, file_name: str | None, file_format: str | None
) -> FileInfo:
    size = stream.seek(0, io.SEEK_END)
    if size > limits.max_upload_bytes:
        raise LimitExceeded(
            f"the file is {size} bytes; the limit is {limits.max_upload_bytes}: split it",
            max_upload_bytes=limits.max_upload_bytes,
        )
    return inspect_file(stream, file_name, file_format)


def _counted(
    rows: Iterator[Row], stream: IO[bytes], info: FileInfo, progress: Progress | None
) -> Iterator[Row]:
    """`rows`, reporting how far through the file checking has got every 5,000 rows."""
    for i, item in enumerate(rows, start=1):
        if progress is not None and i % 5_000 == 0:
            progress("checking", min(stream.tell(), info.size), info.size)
        yield item
    if progress is not None:
        progress("checking", info.size, info.size)


def _name(source: Source, file_name: str | None) -> str:
    if file_name:
        return file_name
    return Path(source).name if isinstance(source, str | Path) else "upload"


@contextmanager
def _opened(source: Source) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    elif isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield handle
    else:
        yield source
