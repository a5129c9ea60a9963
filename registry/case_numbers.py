"""Universal case numbers: `VR-<year>-<serial>-<check>`, e.g. `VR-2026-000123-6`.

The check character is ISO/IEC 7064 MOD 11-2 (as in ORCID and ISNI) computed over the
year and serial digits: `0`-`9` or `X`.  Being a pure system with a prime modulus, it
catches every single-digit substitution and every transposition of two digits, adjacent
or not; tests/registry/test_case_numbers.py checks this exhaustively.  (The hybrid
MOD 37,36 was rejected: it lets some adjacent transpositions through.)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from registry.errors import InvalidInput, NotFound, Problem
from registry.models import Allegation, CaseNumberCounter

__all__ = [
    "allocate_serials",
    "check_character",
    "find_allegation_by_case_number",
    "format_case_number",
    "issue_case_number",
    "validate_case_number",
]

_MODULUS = 11
PREFIX = "VR"
SERIAL_WIDTH = 6
_PATTERN = re.compile(r"^VR-(\d{4})-(\d{6,})-([0-9X])$")


def check_character(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character (`0`-`9` or `X`) of a digit string."""
    total = 0
    for char in digits:
        total = (total + int(char)) * 2 % _MODULUS
    value = (_MODULUS + 1 - total) % _MODULUS
    return "X" if value == 10 else str(value)


def format_case_number(year: int, serial: int) -> str:
    """The case number for `serial` in `year`, check character included."""
    body = f"{year:04d}{serial:0{SERIAL_WIDTH}d}"
    return f"{PREFIX}-{year:04d}-{serial:0{SERIAL_WIDTH}d}-{check_character(body)}"


def validate_case_number(text: str) -> str:
    """The canonical case number, or InvalidInput naming what is wrong with `text`."""
    canonical = text.strip().upper()
    match = _PATTERN.match(canonical)
    if match is None:
        problem = "expected VR-YYYY-NNNNNN-C (year, serial of at least 6 digits, check character)"
        raise _invalid(text, problem)
    year, serial, check = match.groups()
    if check_character(year + serial) != check:
        raise _invalid(text, "the check character does not match: the number is mistyped")
    return canonical


def _invalid(text: str, message: str) -> InvalidInput:
    problem = Problem(message, column="case_number", value=text)
    return InvalidInput(f"invalid case number {text!r}: {message}", [problem])


def allocate_serials(session: Session, year: int, count: int) -> range:
    """Reserve `count` consecutive serials of `year`; the counter row stays locked until commit."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table: Table = CaseNumberCounter.__table__  # type: ignore[assignment]
    # The upsert takes the row lock in one statement, so concurrent submissions queue here.
    statement = (
        insert(table)
        .values(year=year, last_serial=count)
        .on_conflict_do_update(
            index_elements=["year"], set_={"last_serial": table.c.last_serial + count}
        )
        .returning(table.c.last_serial)
    )
    last = int(session.execute(statement).scalar_one())
    return range(last - count + 1, last + 1)


def issue_case_number(session: Session, year: int | None = None) -> str:
    """One new case number for `year` (default: the current UTC year)."""
    year = year or datetime.now(UTC).year
    return format_case_number(year, allocate_serials(session, year, 1)[0])


def find_allegation_by_case_number(session: Session, text: str) -> Allegation:
    """The allegation with case number `text`; InvalidInput if mistyped, NotFound if absent."""
    number = validate_case_number(text)
    allegation = session.scalar(select(Allegation).where(Allegation.case_number == number))
    if allegation is None:
        raise NotFound(f"no allegation has case number {number}")
    return allegation
