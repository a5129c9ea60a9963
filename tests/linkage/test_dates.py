"""Partial dates."""

import pytest

from linkage.dates import PartialDate, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("1985-02-03", PartialDate(1985, 2, 3)),
    ("1985-02", PartialDate(1985, 2)),
    ("1985", PartialDate(1985)),
    ("", PartialDate()),
    ("1985-02-30", PartialDate(1985, 2, 30, "impossible date")),  # kept as written
    ("1985-13", PartialDate(1985, None, None, "impossible month")),
    ("03/02/1985", PartialDate(1985, 2, 3, "non-ISO format")),
    ("19850203", PartialDate(1985, 2, 3, "non-ISO format")),
    ("soon", PartialDate(issue="unreadable date")),
])
def test_parse_date(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


def test_precision() -> None:
    assert [parse_date(t).precision for t in ("1985", "1985-02", "1985-02-03", "")] == [
        "year", "month", "day", "none"]
