"""Full or partial dates (YYYY-MM-DD, YYYY-MM, YYYY), parsed leniently."""

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ][\d:.Z+\-]*$")
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; parts as written."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    issue: str | None = None

    @property
    def precision(self) -> str:
        """"day", "month", "year" or "none": how much of the date is known."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else ("year" if self.year else "none")


def _checked(year: int, month: int | None, day: int | None, issue: str | None) -> PartialDate:
    """Keep the parts as written; note an impossible date rather than drop it."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        issue = issue or "implausible year"
    if month is not None and not 1 <= month <= 12:
        return PartialDate(year, None, None, "impossible month")
    if day is not None and month is not None:
        if not 1 <= day <= 31:
            return PartialDate(year, month, None, "impossible day")
        if day > calendar.monthrange(year, month)[1]:
            issue = issue or "impossible date"
    return PartialDate(year, month, day, issue)


def _parts(match: re.Match[str], order: tuple[int, int, int]) -> tuple[int, int | None, int | None]:
    groups = [match.group(i) for i in order]
    year, month, day = (int(g) if g else None for g in groups)
    assert year is not None
    return year, month, day


@lru_cache(maxsize=100_000)
def parse_date(text: str) -> PartialDate:
    """Parse a full or partial date; an unreadable one gives an empty date with an issue."""
    value = text.strip()
    time = _ISO_TIME.match(value)
    if time:
        value = time.group(1)
    for pattern, order, issue in (
        (_ISO, (1, 2, 3), None),
        (_COMPACT, (1, 2, 3), "non-ISO format"),
        (_DAY_FIRST, (3, 2, 1), "non-ISO format"),
    ):
        match = pattern.match(value)
        if match:
            return _checked(*_parts(match, order), issue)
    return PartialDate(issue="unreadable date") if value else PartialDate()
