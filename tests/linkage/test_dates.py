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
    # Other states' layouts
    ("03/14/1985", PartialDate(1985, 3, 14, "month-first format")),  # 14 cannot be a month
    ("05/06/1985", PartialDate(1985, 6, 5, "non-ISO format")),  # ambiguous: day first
    ("1985.03.14", PartialDate(1985, 3, 14, "non-ISO format")),
    ("14.03.85", PartialDate(1985, 3, 14, "two-digit year")),
    ("01.02.03", PartialDate(2003, 2, 1, "two-digit year")),
    ("March 14, 1985", PartialDate(1985, 3, 14, "month name")),
    ("14-Mar-1985", PartialDate(1985, 3, 14, "month name")),
    ("1er janvier 1980", PartialDate(1980, 1, 1, "month name")),
    ("14 de marzo de 1985", PartialDate(1985, 3, 14, "month name")),
    ("2 dezembro 1988", PartialDate(1988, 12, 2, "month name")),
    ("Sept. 1990", PartialDate(1990, 9, None, "month name")),
    ("31 Feb 1990", PartialDate(1990, 2, 31, "impossible date")),
    ("c. 1985", PartialDate(1985, None, None, "approximate date")),
    ("1985?", PartialDate(1985, None, None, "approximate date")),
    ("14-Mar-85", PartialDate(1985, 3, 14, "month name")),  # a spreadsheet's layout
    ("03/1985", PartialDate(1985, 3, None, "non-ISO format")),
    ("14031985", PartialDate(1985, 3, 14, "non-ISO format")),  # no YYYYMMDD: DDMMYYYY
    ("1985年3月14日", PartialDate(1985, 3, 14, "non-ISO format")),
    ("1985년 3월 14일", PartialDate(1985, 3, 14, "non-ISO format")),
    ("14 марта 1985", PartialDate(1985, 3, 14, "month name")),
    ("14 Agustus 1985", PartialDate(1985, 8, 14, "month name")),
    ("14. März 1985", PartialDate(1985, 3, 14, "month name")),
    ("14 березня 1985 р.", PartialDate(1985, 3, 14, "month name")),  # Ukrainian, year word
    ("14 марта 1985 года", PartialDate(1985, 3, 14, "month name")),
    ("14 Mart 1985", PartialDate(1985, 3, 14, "month name")),  # Turkish, Serbian
    ("14 Kasım 1985", PartialDate(1985, 11, 14, "month name")),  # Turkish dotless i
    ("14 maart 1985", PartialDate(1985, 3, 14, "month name")),  # Dutch
    ("14. 3. 1985", PartialDate(1985, 3, 14, "non-ISO format")),  # a space after each dot
    ("14/03/1985 00:00", PartialDate(1985, 3, 14, "non-ISO format")),  # a spreadsheet's time
    ("14-03-1985 10:30 AM", PartialDate(1985, 3, 14, "non-ISO format")),
    ("1985 г.", PartialDate(1985, None, None, "non-ISO format")),
    ("1985年", PartialDate(1985, None, None, "non-ISO format")),
    ("abt 1985", PartialDate(1985, None, None, "approximate date")),
    ("31120", PartialDate(1985, 3, 14, "spreadsheet day number")),
    ("99999", PartialDate(issue="unreadable date")),  # no day number of 1930 to 2029
    ("March", PartialDate(issue="unreadable date")),
    ("14 March 15 1985", PartialDate(issue="unreadable date")),
])
def test_parse_date(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


def test_precision() -> None:
    assert [parse_date(t).precision for t in ("1985", "1985-02", "1985-02-03", "")] == [
        "year", "month", "day", "none"]


_ETHIOPIAN, _BIKRAM_SAMBAT = "Ethiopian calendar", "Bikram Sambat"


@pytest.mark.parametrize(("text", "expected", "calendar"), [
    # 12 Tir 1975 of the Ethiopian calendar is 20 January 1983
    ("12/05/1975 E.C.", (1983, 1, 20), _ETHIOPIAN), ("1975/05/12 EC", (1983, 1, 20), _ETHIOPIAN),
    ("12 Tir 1975", (1983, 1, 20), _ETHIOPIAN), ("ጥር 12 1975 ዓ.ም.", (1983, 1, 20), _ETHIOPIAN),
    ("1 Meskerem 2016", (2023, 9, 12), _ETHIOPIAN),  # the year begins in September
    ("6 Pagume 2011 E.C.", (2019, 9, 11), _ETHIOPIAN),  # the thirteenth month, in a leap year
    ("5 Pagume 2012 E.C.", (2020, 9, 10), _ETHIOPIAN),  # ... and in a common year
    ("05/1975 E.C.", (1983, 1, None), _ETHIOPIAN), ("1975 E.C.", (1983, None, None), _ETHIOPIAN),
    # 15 Asar 2045 of Bikram Sambat is 29 June 1988
    ("2045/03/15 B.S.", (1988, 6, 29), _BIKRAM_SAMBAT),
    ("15/03/2045 BS", (1988, 6, 29), _BIKRAM_SAMBAT),
    ("Asar 15, 2045", (1988, 6, 29), _BIKRAM_SAMBAT),
    ("१५ असार २०४५ वि.सं.", (1988, 6, 29), _BIKRAM_SAMBAT),
    ("2045-03-15", (1988, 6, 29), _BIKRAM_SAMBAT),  # unmarked: no Gregorian birth date is that late
    ("2045-03", (1988, 6, None), _BIKRAM_SAMBAT), ("2045", (1988, None, None), _BIKRAM_SAMBAT),
])
def test_a_date_of_another_calendar_is_read_as_its_gregorian_date(
        text: str, expected: tuple[int, int | None, int | None], calendar: str) -> None:
    found = parse_date(text)
    assert (found.year, found.month, found.day) == expected
    assert found.issue == calendar


@pytest.mark.parametrize("text", ["31/01/1975 E.C.", "7 Pagume 2011 E.C.", "6 Pagume 2012 E.C.",
                                  "Tir Sene 1975"])
def test_an_impossible_ethiopian_date_is_no_date(text: str) -> None:
    found = parse_date(text)
    assert found.year is None and found.issue is not None and "Ethiopian" in found.issue


def test_a_month_ending_in_ec_is_no_ethiopian_mark() -> None:
    assert parse_date("14 Dec 1985") == PartialDate(1985, 12, 14, "month name")


@pytest.mark.parametrize("text", [
    "14 مارس 1985", "١٤ مارس ١٩٨٥", "14 آذار 1985",  # Arabic: Egyptian, Levantine
    "14 مارچ 1985", "১৪ মার্চ ১৯৮৫", "14 मार्च 1985", "१४ मार्च १९८५",  # Urdu, Bengali, Hindi
])
def test_a_month_named_in_arabic_urdu_bengali_or_hindi(text: str) -> None:
    assert parse_date(text) == PartialDate(1985, 3, 14, "month name")


def test_a_levantine_month_of_two_words() -> None:
    assert parse_date("3 كانون الثاني 1990") == PartialDate(1990, 1, 3, "month name")
    assert parse_date("3 تشرين الأول، 1990") == PartialDate(1990, 10, 3, "month name")


def test_a_gregorian_date_before_the_bikram_sambat_years_stays() -> None:
    assert parse_date("2034-01-01") == PartialDate(2034, 1, 1)
    assert parse_date("31 Chaitra 2045").issue == "impossible date (Bikram Sambat)"


@pytest.mark.parametrize(("text", "expected"), [
    ("১লা জানুয়ারি ১৯৮০", PartialDate(1980, 1, 1, "month name")),  # Bengali ordinal days
    ("২১শে ফেব্রুয়ারি ১৯৮০", PartialDate(1980, 2, 21, "month name")),
    ("२०४५ साल असार १५ गते", PartialDate(1988, 6, 29, "Bikram Sambat")),  # year, day named
    ("2045 sal Asar 15 gate", PartialDate(1988, 6, 29, "Bikram Sambat")),
])
def test_bengali_ordinals_and_nepali_year_and_day_words(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected
