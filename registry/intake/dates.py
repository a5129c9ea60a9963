"""Dates on intake: ISO (full or partial) always, plus one declared format per submission."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TOKENS = {"YYYY": r"(?P<y>\d{4})", "MM": r"(?P<m>\d{1,2})", "DD": r"(?P<d>\d{1,2})"}
_TOKEN_SPLIT = re.compile(r"(YYYY|MM|DD)")
EARLIEST_YEAR = 1900


class DateError(ValueError):
    """A value that is not an acceptable date; the message says what to send instead."""


@dataclass(frozen=True)
class DateFormat:
    """A declared date format such as `DD/MM/YYYY`, with its partial forms (`MM/YYYY`)."""

    text: str
    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def parse(cls, text: str) -> DateFormat:
        """The format declared as `text` (tokens YYYY, MM, DD and any separators)."""
        spec = text.strip().upper()
        parts = [p for p in _TOKEN_SPLIT.split(spec) if p]
        if sorted(p for p in parts if p in _TOKENS) != ["DD", "MM", "YYYY"]:
            raise DateError(f"date format {text!r} must use each of YYYY, MM and DD once")
        if any(p not in _TOKENS and re.search(r"\w", p) for p in parts):
            raise DateError(f"date format {text!r}: only separators may stand between YYYY, MM, DD")
        patterns = [_compile(parts), _compile(_without(parts, "DD"))]
        return cls(spec, tuple(patterns))


def _without(parts: list[str], token: str) -> list[str]:
    """`parts` with `token` and one adjacent separator removed (the partial form)."""
    i = parts.index(token)
    drop = {i, i + 1} if i + 1 < len(parts) and parts[i + 1] not in _TOKENS else {i, i - 1}
    return [p for j, p in enumerate(parts) if j not in drop]


def _compile(parts: list[str]) -> re.Pattern[str]:
    return re.compile("^" + "".join(_TOKENS.get(p, re.escape(p)) for p in parts) + "$")


def normalise_date(value: str, declared: DateFormat | None = None) -> str:
    """`value` as ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or DateError saying what is wrong."""
    match = _ISO.match(value)
    if match:
        return _checked(*match.groups())
    for pattern in declared.patterns if declared else ():
        found = pattern.match(value)
        if found:
            parts = found.groupdict()
            return _checked(parts["y"], parts.get("m"), parts.get("d"))
    expected = f"{declared.text} or " if declared else ""
    raise DateError(f"not a date: use {expected}YYYY-MM-DD (or YYYY-MM, YYYY when partly known)")


def _checked(year: str, month: str | None, day: str | None) -> str:
    y = int(year)
    if y < EARLIEST_YEAR or y > date.today().year:
        raise DateError(f"year {y} is implausible: expected {EARLIEST_YEAR} to this year")
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        raise DateError(f"month {m} does not exist")
    if day is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, int(day)).isoformat()
    except ValueError as exc:
        raise DateError(f"{y:04d}-{m:02d}-{int(day):02d} is not a calendar date") from exc
