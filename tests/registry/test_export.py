"""Exports neutralise spreadsheet formulas in CSV and XLSX alike."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from registry.export import escape_cell, write_csv, write_xlsx

DANGEROUS = ["=1+2", "+33 1 23", "-2+3", "@SUM(A1)", "\t=cmd", "plain", "a=b"]


def test_escape_cell() -> None:
    assert [escape_cell(v) for v in DANGEROUS] == [
        "'=1+2",
        "'+33 1 23",
        "'-2+3",
        "'@SUM(A1)",
        "'\t=cmd",
        "plain",
        "a=b",
    ]
    assert escape_cell(-5) == -5 and escape_cell(None) is None


def test_csv_writer_escapes_every_cell() -> None:
    out = io.StringIO()
    assert write_csv(out, ["value", "=header"], [[v, None] for v in DANGEROUS]) == len(DANGEROUS)
    lines = out.getvalue().splitlines()
    assert lines[0] == "value,'=header"
    assert lines[1] == "'=1+2,"


def test_xlsx_writer_stores_text_not_formulas() -> None:
    out = io.BytesIO()
    write_xlsx(out, ["value"], [[v] for v in DANGEROUS] + [[7]])
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type in ("s", "n") for cell in cells)
    assert cells[0].value == "'=1+2" and cells[-1].value == 7
