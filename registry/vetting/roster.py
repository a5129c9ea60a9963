"""Reading a roster to screen: personnel format, as CSV, XLSX, JSON Lines or a JSON array.

The rules are those of personnel intake (unknown columns refused, cells checked,
`record_id` required and unique, a name on every row); every problem is reported
with its row and column so the sender can fix the file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

import pandas as pd

from linkage import columns as c
from registry.errors import InvalidInput, LimitExceeded, Problem
from registry.intake.readers import Row, inspect_file, open_rows, without_nul
from registry.intake.rules import PERSONNEL, FieldError
from registry.intake.validation import check_columns

MAX_PROBLEMS = 1_000
_FIELDS = {f.name: f for f in PERSONNEL.fields}


def _cell(number: int, name: str, raw: str) -> tuple[str, Problem | None]:
    spec = _FIELDS[name]
    if len(raw) > spec.max_len:
        return raw, Problem(f"longer than {spec.max_len} characters", number, name)
    if spec.check is None:
        return raw, None
    try:
        return spec.check(raw, None), None
    except FieldError as exc:
        return raw, Problem(str(exc), number, name, raw[:100])


def _row(number: int, row: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    out = {}
    for name in c.PERSONNEL_COLUMNS:
        raw = (row.get(name) or "").strip()
        value, problem = _cell(number, name, raw) if raw else ("", None)
        out[name] = value
        if problem is not None:
            problems.append(problem)
    if not out[c.RECORD_ID]:
        problems.append(Problem("required: this cell must not be empty", number, c.RECORD_ID))
    if not any(out[name] for name in PERSONNEL.one_of):
        message = f"give at least one of {', '.join(PERSONNEL.one_of)}"
        problems.append(Problem(message, number, PERSONNEL.one_of[0]))
    return out


def _unknown(row: dict[str, str], number: int) -> list[Problem]:
    message = f"unknown column: the personnel columns are {', '.join(PERSONNEL.names)}"
    return [Problem(message, number, name) for name in sorted(row.keys() - set(PERSONNEL.names))]


def _duplicates(rows: list[dict[str, str]], numbers: list[int]) -> list[Problem]:
    seen: dict[str, int] = {}
    found = []
    for number, row in zip(numbers, rows, strict=True):
        rid = row[c.RECORD_ID]
        if rid and rid in seen:
            message = f"record_id {rid!r} already appears on row {seen[rid]}"
            found.append(Problem(message, number, c.RECORD_ID, rid))
        seen.setdefault(rid, number)
    return found


def validate_rows(header: list[str] | None, rows: Iterable[Row], max_rows: int) -> pd.DataFrame:
    """The roster as a frame of personnel columns (text), or InvalidInput listing every problem."""
    problems = check_columns(header, PERSONNEL, row=1) if header is not None else []
    if problems:
        raise InvalidInput("the roster's header has problems", problems)
    clean: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, row in rows:
        if len(clean) >= max_rows:
            raise LimitExceeded(
                f"the roster has more than {max_rows} rows: split it", max_rows=max_rows
            )
        if isinstance(row, Problem):
            problems.append(row)
            continue
        if header is None:
            problems += _unknown(row, number)
        clean.append(_row(number, row, problems))
        numbers.append(number)
    problems += _duplicates(clean, numbers)
    if problems:
        raise InvalidInput(f"the roster has {len(problems)} problems", problems[:MAX_PROBLEMS])
    if not clean:
        raise InvalidInput("the roster has no rows")
    return pd.DataFrame(clean, columns=list(c.PERSONNEL_COLUMNS))


def read_roster(
    stream: IO[bytes], file_name: str | None, file_format: str | None, max_rows: int
) -> pd.DataFrame:
    """A roster file (CSV, XLSX or JSON Lines) as a validated frame."""
    info = inspect_file(stream, file_name, file_format)
    with open_rows(stream, info) as (header, rows):
        return validate_rows(header, rows, max_rows)


def _json_rows(items: list[Any]) -> Iterator[Row]:
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield number, Problem("each roster entry must be a JSON object", number)
            continue
        nested = [k for k, v in item.items() if isinstance(v, dict | list)]
        if nested:
            yield number, Problem("values must be text or numbers", number, str(nested[0]))
            continue
        row = {str(k): "" if v is None else str(v) for k, v in item.items()}
        yield number, without_nul(row, number)


def roster_from_json(items: Any, max_rows: int) -> pd.DataFrame:
    """A roster given as a JSON array of personnel objects, validated."""
    if not isinstance(items, list):
        raise InvalidInput("`roster` must be a JSON array of personnel objects")
    return validate_rows(None, _json_rows(items), max_rows)
