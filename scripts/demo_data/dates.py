"""Dates as records give them: full, partial, missing, or with day and month swapped."""

import random

from scripts.demo_data.config import VariationRates


def iso(year: int, month: int, day: int) -> str:
    """YYYY-MM-DD."""
    return f"{year:04d}-{month:02d}-{day:02d}"


def from_month_number(months: int, day: int, partial: bool) -> str:
    """A date from a month number (year * 12 + month - 1), as YYYY-MM when partial."""
    year, month = divmod(months, 12)
    return f"{year:04d}-{month + 1:02d}" if partial else iso(year, month + 1, day)


def birth_date(year: int, month: int, day: int, rates: VariationRates, rng: random.Random,
               counts: dict[str, int]) -> str:
    """The birth date as one record gives it; counts which variation was applied."""
    roll = rng.random()
    if roll < rates.dob_missing:
        counts["dob_missing"] += 1
        return ""
    roll -= rates.dob_missing
    if roll < rates.dob_year_only:
        counts["dob_year_only"] += 1
        return f"{year:04d}"
    roll -= rates.dob_year_only
    if roll < rates.dob_year_month:
        counts["dob_year_month"] += 1
        return f"{year:04d}-{month:02d}"
    roll -= rates.dob_year_month
    # A swap must still be a real date, so it only happens where the day could be a month.
    if roll < rates.dob_day_month_swapped and day <= 12 and day != month:
        counts["dob_day_month_swapped"] += 1
        return iso(year, day, month)
    return iso(year, month, day)
