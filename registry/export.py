"""CSV and XLSX writers every export uses, neutralising spreadsheet formulas.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheet programs strip before evaluating) would run as a formula when a reviewer
opens the file; such text is prefixed with an apostrophe so it shows as written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

__all__ = ["FORMULA_PREFIXES", "escape_cell", "write_csv", "write_xlsx"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """`value` made safe for a spreadsheet: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _escaped(row: Iterable[Any]) -> list[Any]:
    return [escape_cell(value) for value in row]


def write_csv(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write `header` and `rows` as escaped CSV to a text stream; returns the row count."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(_escaped(header))
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in _escaped(row)])
        count += 1
    return count


def write_xlsx(
    target: str | Path | IO[bytes],
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "export",
) -> int:
    """Write `header` and `rows` as an escaped one-sheet workbook; returns the row count."""
    # Write-only mode streams rows to disk, so an export of any size stays small in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    sheet.append(_escaped(header))
    count = 0
    for row in rows:
        sheet.append(_escaped(row))
        count += 1
    workbook.save(target)
    return count
