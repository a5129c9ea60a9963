"""The interchange formats of DESIGN.md as data: per kind, its columns and their checks."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pycountry

from registry.intake.dates import DateFormat, normalise_date
from registry.models.base import CODE_LEN, ID_LEN, IDENT_LEN, NAME_LEN, TEXT_LEN

KINDS = ("personnel", "deployments", "allegations")
Check = Callable[[str, "DateFormat | None"], str]

_ALPHA3 = frozenset(country.alpha_3 for country in pycountry.countries)
_MISSION = re.compile(r"^[A-Z0-9][A-Z0-9_-]*$")


class FieldError(ValueError):
    """A cell that breaks its column's rule; the message says what to send instead."""


@dataclass(frozen=True)
class Field:
    """One column: required or not, and how a cell is checked (plain text: length only)."""

    name: str
    rule: Check | None = None
    required: bool = False
    max_len: int = TEXT_LEN

    @property
    def check(self) -> Check:
        """The cell check: the column's rule, or for plain text its length limit."""
        return self.rule or length_limit(self.max_len)


@functools.cache
def length_limit(max_len: int) -> Check:
    """Free text of at most `max_len` characters."""

    def check(value: str, _fmt: DateFormat | None) -> str:
        if len(value) > max_len:
            raise FieldError(f"longer than {max_len} characters ({len(value)})")
        return value

    return check


@dataclass(frozen=True)
class KindSpec:
    """The columns of one kind, its key columns and any one-of-these-required group."""

    kind: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    subject: str | None = None
    one_of: tuple[str, ...] = ()
    ordered: tuple[str, str] | None = None  # (earlier, later) dates

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in their canonical order."""
        return tuple(f.name for f in self.fields)


def choice(*allowed: str, upper: bool = False) -> Check:
    """One of `allowed` (compared without regard to case)."""
    values = frozenset(allowed)

    def check(value: str, _fmt: DateFormat | None) -> str:
        folded = value.upper() if upper else value.lower()
        if folded not in values:
            raise FieldError(f"must be one of {', '.join(allowed)}")
        return folded

    return check


def country(value: str, _fmt: DateFormat | None) -> str:
    """An ISO 3166-1 alpha-3 country code."""
    code = value.upper()
    if code not in _ALPHA3:
        raise FieldError("not an ISO 3166-1 alpha-3 country code (e.g. BGD, NPL)")
    return code


def mission(value: str, _fmt: DateFormat | None) -> str:
    """A mission code: letters, digits, `-` and `_`."""
    code = value.upper()
    if len(code) > CODE_LEN or not _MISSION.match(code):
        raise FieldError(f"not a mission code (letters, digits, - or _; at most {CODE_LEN})")
    return code


def a_date(value: str, fmt: DateFormat | None) -> str:
    """A full or partial date, ISO or in the submission's declared format."""
    try:
        return normalise_date(value, fmt)
    except ValueError as exc:
        raise FieldError(str(exc)) from exc


def boolean(value: str, _fmt: DateFormat | None) -> str:
    """`true` or `false`."""
    folded = value.lower()
    if folded not in ("true", "false"):
        raise FieldError("must be true or false")
    return folded


def count(value: str, _fmt: DateFormat | None) -> str:
    """A whole number from 0 to 10000."""
    if not value.isdigit() or int(value) > 10_000:
        raise FieldError("must be a whole number from 0 to 10000")
    return str(int(value))


PERSONNEL = KindSpec(
    "personnel",
    (
        Field("record_id", max_len=ID_LEN, required=True),
        Field("family_name", max_len=NAME_LEN),
        Field("given_names", max_len=NAME_LEN),
        Field("full_name", max_len=NAME_LEN),
        Field("aliases", max_len=4 * NAME_LEN),
        Field("date_of_birth", a_date),
        Field("place_of_birth", max_len=TEXT_LEN),
        Field("nationality", country),
        Field("sex", choice("F", "M", "X", upper=True)),
        Field("service_number", max_len=IDENT_LEN),
        Field("passport_number", max_len=IDENT_LEN),
        Field("national_id", max_len=IDENT_LEN),
        Field("rank", max_len=TEXT_LEN),
        Field("unit", max_len=TEXT_LEN),
        Field("personnel_category", choice("military", "police", "civilian", "contractor")),
    ),
    key=("record_id",),
    one_of=("family_name", "given_names", "full_name"),
)

DEPLOYMENTS = KindSpec(
    "deployments",
    (
        Field("record_id", max_len=ID_LEN, required=True),
        Field("mission", mission, required=True),
        Field("start_date", a_date),
        Field("end_date", a_date),
        Field("role", max_len=TEXT_LEN),
    ),
    key=("record_id", "mission", "start_date"),
    subject="record_id",
    ordered=("start_date", "end_date"),
)

ALLEGATIONS = KindSpec(
    "allegations",
    (
        Field("source_reference", max_len=ID_LEN, required=True),
        Field("subject_record_id", max_len=ID_LEN, required=True),
        Field("mission", mission),
        Field("incident_date", a_date),
        Field("reported_date", a_date),
        Field(
            "category",
            choice("sexual_exploitation", "sexual_abuse", "sexual_harassment", "other"),
            required=True,
        ),
        Field(
            "status",
            choice("reported", "under_investigation", "substantiated", "unsubstantiated", "closed"),
            required=True,
        ),
        Field("outcome", max_len=32),
        Field("minors_involved", boolean),
        Field("victim_count", count),
    ),
    key=("source_reference",),
    subject="subject_record_id",
    ordered=("incident_date", "reported_date"),
)

SPECS: dict[str, KindSpec] = {spec.kind: spec for spec in (PERSONNEL, DEPLOYMENTS, ALLEGATIONS)}
