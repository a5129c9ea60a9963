"""Intake reads CSV (any of three delimiters), JSON Lines and XLSX in the usual encodings."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import PersonnelRecord
from tests.registry.intake_helpers import personnel_csv, rejected, submit

pytestmark = pytest.mark.db


def _names(session: Session) -> list[tuple[str, str | None]]:
    query = select(PersonnelRecord.record_id, PersonnelRecord.family_name).order_by(
        PersonnelRecord.record_id
    )
    return [(r, f) for r, f in session.execute(query)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(session: Session, delimiter: str) -> None:
    data = personnel_csv("A1,Karim,Abdul,1985-03-14,BGD,M").decode().replace(",", delimiter)
    report = submit(session, "personnel", data.encode())
    assert report.rows_created == 1
    assert _names(session) == [("A1", "Karim")]


def test_quoted_cells_keep_delimiters_and_newlines(session: Session) -> None:
    data = personnel_csv('A1,"Karim, Jr","Abdul\nRahim",1985,BGD,M')
    submit(session, "personnel", data)
    record = session.scalars(select(PersonnelRecord)).one()
    assert (record.family_name, record.given_names) == ("Karim, Jr", "Abdul\nRahim")


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
    ],
)
def test_unicode_encodings(session: Session, encoding: str, prefix: bytes, expected: str) -> None:
    text = personnel_csv("A1,Ðặng,Thị Hương,1985,VNM,F", "A2,Иванов,Пётр,1970,UKR,M").decode()
    report = submit(session, "personnel", prefix + text.encode(encoding))
    assert report.encoding == expected
    assert _names(session) == [("A1", "Ðặng"), ("A2", "Иванов")]


def test_legacy_single_byte_file_is_detected_and_reported(session: Session) -> None:
    rows = [f"F{i},Lefèvre-Ñúñez,Élodie Françoise,1980,SEN,F" for i in range(30)]
    report = submit(session, "personnel", personnel_csv(*rows).decode().encode("cp1252"))
    assert report.encoding is not None and report.encoding == "cp1252"
    assert "encoding " + report.encoding in " ".join(report.lines())
    assert _names(session)[0] == ("F0", "Lefèvre-Ñúñez")


def test_json_lines(session: Session) -> None:
    lines = [
        {"record_id": "J1", "full_name": "Nguyễn Văn An", "nationality": "vnm"},
        {"record_id": "J2", "family_name": "Smith", "date_of_birth": 1975},
    ]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    report = submit(session, "personnel", data, name="people.jsonl")
    assert (report.file_format, report.rows_created) == ("jsonl", 2)
    record = session.scalars(select(PersonnelRecord).where(PersonnelRecord.record_id == "J1")).one()
    assert record.nationality == "VNM"


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_typed_cells_and_formula_text(session: Session) -> None:
    data = _xlsx(
        [
            ["record_id", "family_name", "date_of_birth", "service_number"],
            ["X1", "Karim", date(1985, 3, 14), 123456],
            ["X2", '=HYPERLINK("http://x")', 1990, "+880"],
        ]
    )
    report = submit(session, "personnel", data, name="people.bin")  # detected by content
    assert report.file_format == "xlsx"
    rows = {r.record_id: r for r in session.scalars(select(PersonnelRecord))}
    assert (rows["X1"].date_of_birth, rows["X1"].service_number) == ("1985-03-14", "123456")
    assert rows["X2"].family_name == '=HYPERLINK("http://x")'  # kept as text, never evaluated
    assert rows["X2"].date_of_birth == "1990"


def test_declared_date_format_is_converted_to_iso(session: Session) -> None:
    data = personnel_csv("D1,Karim,Abdul,14/03/1985,BGD,M", "D2,Karim,Abdul,03/1985,BGD,M")
    submit(session, "personnel", data, date_format="DD/MM/YYYY")
    dates = sorted(session.scalars(select(PersonnelRecord.date_of_birth)))
    assert dates == ["1985-03", "1985-03-14"]


def test_without_declared_format_only_iso_dates_pass(session: Session) -> None:
    error = rejected(session, "personnel", personnel_csv("D1,Karim,Abdul,14/03/1985,BGD,M"))
    assert error.problems[0].column == "date_of_birth"
    assert "YYYY-MM-DD" in error.problems[0].message


def test_bad_declared_format_is_rejected(session: Session) -> None:
    error = rejected(
        session, "personnel", personnel_csv("D1,Karim,,1985,BGD,M"), date_format="DD/MM"
    )
    assert error.problems[0].column == "date_format"
