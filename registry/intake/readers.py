"""Reading what states export: format, encoding and delimiter detection, rows streamed."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from registry.errors import InvalidInput, Problem
from registry.intake.encodings import detect_legacy

FORMATS = ("csv", "jsonl", "xlsx")
Row = tuple[int, dict[str, str] | Problem]

_CHUNK = 1 << 20
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xlsx": "xlsx",
}
_DELIMITERS = (",", ";", "\t")
# csv's default field limit (128 KiB) is far above any real cell; keep it as a guard.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class FileInfo:
    """What was detected about an uploaded file."""

    file_format: str
    encoding: str | None
    size: int
    sha256: str


def _reject(message: str, row: int | None = None) -> InvalidInput:
    return InvalidInput(message, [Problem(message, row=row)])


def inspect_file(stream: IO[bytes], file_name: str | None, file_format: str | None) -> FileInfo:
    """Hash the whole file and detect its format and (for text) encoding in one read."""
    stream.seek(0)
    head = stream.read(_CHUNK)
    fmt = _detect_format(head, file_name, file_format)
    digest = hashlib.sha256(head)
    decoder = codecs.getincrementaldecoder("utf-8")() if fmt != "xlsx" else None
    bad_chunk = _first_non_utf8(decoder, head, None)
    size = len(head)
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        bad_chunk = _first_non_utf8(decoder, chunk, bad_chunk)
    if decoder is not None and bad_chunk is None:
        bad_chunk = _first_non_utf8(decoder, b"", None, final=True)
    encoding = None if fmt == "xlsx" else _detect_encoding(head, bad_chunk)
    return FileInfo(fmt, encoding, size, digest.hexdigest())


def _first_non_utf8(
    decoder: codecs.IncrementalDecoder | None, chunk: bytes, bad: bytes | None, final: bool = False
) -> bytes | None:
    """The first chunk that is not UTF-8 (kept once found), for legacy-encoding detection."""
    if decoder is None or bad is not None:
        return bad
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        return chunk or b"\xff"
    return None


def _detect_format(head: bytes, file_name: str | None, declared: str | None) -> str:
    if declared:
        if declared not in FORMATS:
            raise _reject(f"unknown format {declared!r}: use one of {', '.join(FORMATS)}")
        return declared
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _reject("this is a legacy Excel .xls file: save it as .xlsx or CSV (UTF-8)")
    suffix = Path(file_name or "").suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    return "jsonl" if text.startswith(b"{") else "csv"


def _detect_encoding(head: bytes, bad_chunk: bytes | None) -> str:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # Checked first: the UTF-32 little-endian BOM begins with the UTF-16 one.
        raise _reject("the file is UTF-32 text: save it as UTF-8")
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head[:4096]:
        raise _reject("the file contains NUL bytes: send UTF-16 with a BOM, or UTF-8 text")
    if bad_chunk is None:
        return "utf-8"
    mixed = _mixed_encoding_line(head if bad_chunk is head else head + bad_chunk)
    if mixed is not None:
        where = f"line {mixed}" if bad_chunk is head else "a part past the first megabyte"
        raise _reject(
            f"the file mixes UTF-8 with another encoding ({where} is not UTF-8): "
            "save the whole file as UTF-8",
            mixed if bad_chunk is head else None,
        )
    # Only the part that is not UTF-8 tells which legacy code page was used.
    detected = detect_legacy(bad_chunk[: 256 * 1024])
    if detected is None:
        raise _reject("the file's encoding could not be recognised: save it as UTF-8")
    return detected


def _mixed_encoding_line(sample: bytes) -> int | None:
    """The first non-UTF-8 line when other lines are UTF-8 with non-ASCII text, else None.

    Decoding such a file with one legacy code page would garble the UTF-8 rows' names.
    """
    lines = sample.split(b"\n")[:-1] or [sample]  # the last piece may be cut mid-line
    utf8_text, first_bad = False, None
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or number
            continue
        utf8_text = utf8_text or not text.isascii()
    return first_bad if utf8_text else None


@contextmanager
def open_rows(
    stream: IO[bytes], info: FileInfo
) -> Iterator[tuple[list[str] | None, Iterator[Row]]]:
    """The header (None for JSON Lines) and the data rows numbered as a user sees them."""
    stream.seek(0)
    if info.file_format == "xlsx":
        yield _xlsx_rows(stream)
        return
    text = io.TextIOWrapper(stream, encoding=info.encoding or "utf-8", newline="")
    try:
        yield (None, _jsonl_rows(text)) if info.file_format == "jsonl" else _csv_rows(text)
    finally:
        # The stream belongs to the caller: the wrapper must not close it when collected.
        text.detach()


def csv_delimiter(first_line: str) -> str:
    """The delimiter of a CSV file by its header line: a comma, a semicolon (spreadsheets
    set to a decimal comma export so) or a tab, whichever it holds most of."""
    return max(_DELIMITERS, key=first_line.count)


def _csv_rows(text: IO[str]) -> tuple[list[str], Iterator[Row]]:
    first = _guarded(text.readline, 1)
    delimiter = csv_delimiter(first)
    cells = _guarded(lambda: next(csv.reader([first], delimiter=delimiter), []), 1)
    header = _trim([cell.strip().lower() for cell in cells])
    # strict: a quote left open at the end is a truncated file, never one long last cell.
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    return header, _csv_records(reader, header, text)


def _csv_records(reader: Any, header: list[str], text: IO[str]) -> Iterator[Row]:
    number = 1
    while True:
        number += 1
        cells = _guarded(lambda: next(reader, None), number)
        if cells is None:
            return
        if any(cells):
            yield number, _as_row(header, cells, number)


def _guarded(read: Any, row: int) -> Any:
    """Call `read`, turning decoding and CSV syntax errors into a rejection at `row`."""
    try:
        return read()
    except UnicodeDecodeError as exc:
        raise _reject(
            f"the text is not valid {exc.encoding} near row {row}: save as UTF-8", row
        ) from exc
    except csv.Error as exc:
        raise _reject(f"malformed CSV at row {row}: {exc}", row) from exc


def _as_row(header: list[str], cells: list[Any], number: int) -> dict[str, str] | Problem:
    if len(cells) <= len(header) and all(isinstance(c, str) for c in cells):
        return without_nul(dict(zip(header, map(str.strip, cells), strict=False)), number)
    if len(cells) > len(header) and any(_text(c) for c in cells[len(header) :]):
        message = (
            f"row has {len(cells)} cells but the header has {len(header)}: "
            "check quoting and the delimiter"
        )
        return Problem(message, row=number)
    row = {name: _text(cell) for name, cell in zip(header, cells, strict=False) if name}
    return without_nul(row, number)


def without_nul(row: dict[str, str], number: int) -> dict[str, str] | Problem:
    """`row`, or a problem naming the first cell holding a NUL character.

    NUL is never part of a name or code, and PostgreSQL cannot store it in text.
    """
    if "\x00" not in "".join(row.values()):
        return row  # one scan of the joined text: the common case stays cheap
    column = next(name for name, value in row.items() if "\x00" in value)
    return Problem("contains a NUL character: remove it", row=number, column=column)


def _trim(header: list[str]) -> list[str]:
    while header and not header[-1]:
        header.pop()
    return header


def _jsonl_rows(text: IO[str]) -> Iterator[Row]:
    number = 0
    while line := _guarded(text.readline, number + 1):
        number += 1
        if line.strip():
            yield number, _json_row(line, number)


def _json_row(line: str, number: int) -> dict[str, str] | Problem:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem(f"not valid JSON: {exc.msg} at column {exc.colno}", row=number)
    except RecursionError:
        return Problem("not valid JSON: nested too deeply", row=number)
    if not isinstance(value, dict):
        return Problem("each line must be one JSON object", row=number)
    nested = [k for k, v in value.items() if isinstance(v, dict | list)]
    if nested:
        return Problem("values must be text, numbers or true/false", row=number, column=nested[0])
    return without_nul({str(k).strip().lower(): _text(v) for k, v in value.items()}, number)


def _text(value: Any) -> str:
    """A cell as text: dates as ISO, whole numbers without `.0`, booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(stream: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged archive
        raise _reject(
            f"the workbook cannot be opened ({exc.__class__.__name__}): save it again as .xlsx"
        ) from exc
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = _trim([_text(c).lower() for c in next(rows, ())])
    numbered = (
        (n, _as_row(header, list(cells), n))
        for n, cells in enumerate(rows, start=2)
        if any(c is not None and _text(c) for c in cells)
    )
    return header, numbered
