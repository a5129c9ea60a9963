"""One streaming pass over a file: check every row, spool the normalised ones."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.errors import LimitExceeded, Problem
from registry.intake.dates import DateFormat
from registry.intake.duplicates import DuplicateFinder
from registry.intake.readers import Row
from registry.intake.report import IntakeReport
from registry.intake.rules import Field, FieldError, KindSpec
from registry.intake.spool import Spool
from registry.models import PersonnelRecord

SUBJECT_BATCH = 5_000
REQUIRED = "required: this cell must not be empty"


@dataclass
class Context:
    """What a validation pass needs besides the rows."""

    spec: KindSpec
    report: IntakeReport
    spool: Spool
    date_format: DateFormat | None
    max_rows: int
    session: Session
    organisation_id: int | None

    def __post_init__(self) -> None:
        # Positions in a spooled row, which starts with the row number.
        names = self.spec.names
        self.key_at = tuple(names.index(k) + 1 for k in self.spec.key)
        self.subject_at = names.index(self.spec.subject) + 1 if self.spec.subject else None
        self.plan = tuple((f.name, f.rule, f.required, f.max_len, f) for f in self.spec.fields)


def check_columns(columns: Iterable[str], spec: KindSpec, row: int | None) -> list[Problem]:
    """Problems with a set of column names: unknown ones and missing required ones."""
    names = list(columns)
    known = set(spec.names)
    problems = [
        Problem(f"unknown column: the {spec.kind} columns are {', '.join(spec.names)}", row, name)
        for name in names
        if name not in known
    ]
    problems += [
        Problem(f"column {name!r} appears more than once", row, name)
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    missing = [f.name for f in spec.fields if f.required and f.name not in names]
    problems += [Problem("required column is missing", row, name) for name in missing]
    return problems


def validate(header: list[str] | None, rows: Iterator[Row], ctx: Context) -> None:
    """Check the header and every row, adding problems to the report and clean rows to the spool."""
    if header is not None:
        for problem in check_columns(header, ctx.spec, row=1):
            ctx.report.add(problem)
        if ctx.report.problem_count:
            return  # every row would repeat the header's problem
    duplicates = DuplicateFinder()
    subjects: list[tuple[int, str]] = []
    for number, row in rows:
        ctx.report.rows_total += 1
        if ctx.report.rows_total > ctx.max_rows:
            raise LimitExceeded(
                f"the file has more than {ctx.max_rows} rows: split it into several submissions",
                max_rows=ctx.max_rows,
            )
        values = _check_row(number, row, header is None, ctx)
        if values is None:
            continue
        _note_key(number, values, ctx, duplicates)
        if ctx.subject_at is not None:
            _note_subject(number, values, ctx, subjects)
        if not ctx.report.problem_count:
            ctx.spool.add(values)
    _report_duplicates([*duplicates.flush(), *duplicates.take_earlier()], ctx)
    _check_subjects(subjects, ctx)


def _check_row(
    number: int, row: dict[str, str] | Problem, keyed: bool, ctx: Context
) -> tuple[object, ...] | None:
    """The row's normalised values led by its number, or None when it cannot be read."""
    if isinstance(row, Problem):
        ctx.report.add(row)
        return None
    if keyed and not row.keys() <= set(ctx.spec.names):
        for problem in check_columns(row.keys() - set(ctx.spec.names), ctx.spec, number):
            ctx.report.add(problem)
    values: list[object] = [number]
    get, fmt = row.get, ctx.date_format
    for name, check, required, max_len, spec_field in ctx.plan:
        raw = get(name)
        if not raw:
            if required:
                ctx.report.add(Problem(REQUIRED, number, name))
            values.append(None)
        elif check is None and len(raw) <= max_len:
            values.append(raw)  # the common case, kept free of calls for speed
        else:
            values.append(_check_cell(number, raw, spec_field, fmt, ctx.report))
    if ctx.spec.one_of and not any(row.get(name) for name in ctx.spec.one_of):
        message = f"give at least one of {', '.join(ctx.spec.one_of)}"
        ctx.report.add(Problem(message, number, ctx.spec.one_of[0]))
    if ctx.spec.ordered is not None:
        _check_order(number, values, ctx.spec.ordered, ctx)
    return tuple(values)


def _check_order(number: int, values: list[object], ordered: tuple[str, str], ctx: Context) -> None:
    """The later date must not precede the earlier one (compared as far as both are known)."""
    first, second = ordered
    names = ctx.spec.names
    start, end = values[names.index(first) + 1], values[names.index(second) + 1]
    if isinstance(start, str) and isinstance(end, str):
        known = min(len(start), len(end))
        if end[:known] < start[:known]:
            ctx.report.add(Problem(f"{second} is before {first} ({start})", number, second, end))


def _check_cell(
    number: int, raw: str, spec_field: Field, fmt: DateFormat | None, report: IntakeReport
) -> str | None:
    try:
        return spec_field.check(raw, fmt)
    except FieldError as exc:
        report.add(Problem(str(exc), number, spec_field.name, raw))
        return None


def _note_key(
    number: int, values: tuple[object, ...], ctx: Context, finder: DuplicateFinder
) -> None:
    key = "\x1f".join([str(values[i] or "") for i in ctx.key_at])
    repeat = finder.add(number, key)
    if repeat is not None:
        _report_duplicates([repeat], ctx)


def _report_duplicates(found: Iterable[tuple[int, str, int]], ctx: Context) -> None:
    column = ctx.spec.key[0]
    for row, key, first in found:
        shown = key.replace("\x1f", " / ")
        message = f"duplicate {' / '.join(ctx.spec.key)}: already given at row {first}"
        ctx.report.add(Problem(message, row, column, shown))


def _note_subject(
    number: int, values: tuple[object, ...], ctx: Context, pending: list[tuple[int, str]]
) -> None:
    subject = values[ctx.subject_at or 0]
    if isinstance(subject, str):
        pending.append((number, subject))
    if len(pending) >= SUBJECT_BATCH:
        _check_subjects(pending, ctx)


def _check_subjects(pending: list[tuple[int, str]], ctx: Context) -> None:
    """Report subjects that are not current personnel records of the same organisation."""
    if not pending or ctx.spec.subject is None:
        return
    known = existing_record_ids(ctx.session, ctx.organisation_id, {s for _, s in pending})
    message = (
        "no current personnel record of your organisation has this record_id: "
        "submit the personnel record first"
    )
    for number, subject in pending:
        if subject not in known:
            ctx.report.add(Problem(message, number, ctx.spec.subject, subject))
    pending.clear()


def existing_record_ids(session: Session, organisation_id: int | None, ids: set[str]) -> set[str]:
    """Which of `ids` are current, not withdrawn personnel records of the organisation."""
    if organisation_id is None or not ids:
        return set()
    t = PersonnelRecord
    # Current and withdrawn are checked here, not in SQL, so the index on
    # (organisation_id, record_id) is used whatever the planner's statistics say.
    query = select(t.record_id, t.is_current, t.withdrawn_at).where(
        t.organisation_id == organisation_id, t.record_id.in_(ids)
    )
    return {r[0] for r in session.execute(query) if r[1] and r[2] is None}
