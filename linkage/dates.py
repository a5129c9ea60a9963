"""Full or partial dates (YYYY-MM-DD, YYYY-MM, YYYY), parsed leniently.

Other states' records write dates their own way: day first (14/03/1985, 14031985),
year first with dots (1985.03.14), month and year (03/1985), a two-digit year
(14.03.85, 14-Mar-85), a month by name in English, French, Spanish, Portuguese,
German, Italian, Dutch, Indonesian, Turkish, Serbian, Russian or Ukrainian (14 Mar 1985,
March 14, 1985, 14 de marzo de 1985, 14 марта 1985 г.), Chinese, Japanese or Korean
digits and signs (1985年3月14日, 1985년 3월 14일), a spreadsheet's day number (31120)
or time of day (14/03/1985 00:00), or only roughly (c. 1985). Each is read, and noted
as an issue. Ethiopian and Nepali records may give a date in their
own calendar, marked (E.C., ዓ.ም.; B.S., वि.सं.) or with one of its months' names (12 Tir
1975, Asar 15, 2045), and a Nepali date in Bikram Sambat is often unmarked (2045-03-15):
such a date is converted to the Gregorian one.
"""

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import nepali_datetime

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$")
_SHORT_YEAR = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2})$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ][\d:.Z+\-]*$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./\-](\d{4})$")
_EAST_ASIAN = re.compile(r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(?:(\d{1,2})\s*[日일])?$")
_ROUGHLY = re.compile(r"^(?:c|ca|circa|about|abt|around|approx|approximately|env|environ|vers|"
                      r"~)\.?\s*(\d{4})$|^(\d{4})\s*\?$")
# A spreadsheet's date as its day number (days since 1899-12-30, as Excel and LibreOffice
# count), when a date column was exported as numbers: five digits, 1930 to 2029.
_SERIAL = re.compile(r"^\d{5}$")
_SERIAL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (10_958, 47_483)
MIN_YEAR, MAX_YEAR = 1900, 2100
# Two-digit years up to this are of the 2000s, later ones of the 1900s: personnel are
# adults, and no one serving was born in 1916.
SHORT_YEAR_PIVOT = 15

# Month names and abbreviations (accents folded, lowercase): English, French, Spanish,
# Portuguese, German, Italian, Dutch, Indonesian, Turkish, Serbian (both scripts), and
# Russian and Ukrainian (named and in the genitive a date writes: 14 марта, 14 березня).
_MONTH_WORDS = (
    "jan january janv janvier ene enero janeiro januar gennaio januari янв январь января "
    "січня січень ocak јануар",
    "feb february fev fevr fevrier febrero fevereiro februar febbraio februari фев февраль "
    "февраля лютого лютий subat фебруар",
    "mar march mars marzo marco marz maret maart мар март марта березня березень mart",
    "apr april avr avril abr abril aprile апр апрель апреля квітня квітень nisan април",
    "may mai mayo maio maggio mei maj май мая травня травень mayis mayıs мај",
    "jun june juin junio junho juni giugno июн июнь июня червня червень haziran јун",
    "jul july juil juillet julio julho juli luglio июл июль июля липня липень temmuz јул",
    "aug august aou aout ago agosto agustus augustus avgust авг август августа серпня серпень "
    "agustos",
    "sep sept september septembre septiembre setiembre set setembro settembre septembar сен "
    "сент сентябрь сентября вересня вересень eylul септембар",
    "oct october octobre octubre out outubro oktober ottobre oktobar okt окт октябрь "
    "октября жовтня жовтень ekim октобар",
    "nov november novembre noviembre novembro novembar нояб ноя ноябрь ноября листопада "
    "листопад kasim kasım новембар",
    "dec december decembre dic diciembre dez dezembro dezember dicembre desember decembar des "
    "дек декабрь декабря грудня грудень aralik aralık децембар",
)
# The Gregorian months in Arabic (Egyptian and Gulf; Moroccan; Algerian and Tunisian;
# Levantine, whose two-word names are read first), Urdu, Bengali, Hindi and Nepali.
_SCRIPT_MONTH_WORDS = (
    "يناير جانفي جنوری জানুয়ারি জানুয়ারী जनवरी",
    "فبراير فيفري شباط فروری ফেব্রুয়ারি ফেব্রুয়ারী फ़रवरी फरवरी फेब्रुअरी",
    "مارس آذار مارچ মার্চ मार्च",
    "أبريل ابريل أفريل نيسان اپریل এপ্রিল अप्रैल अप्रिल",
    "مايو ماي أيار مئی মে मई मे",
    "يونيو يونيه جوان حزيران جون জুন जून जुन",
    "يوليو يوليه يوليوز جويلية تموز جولائی জুলাই जुलाई",
    "أغسطس اغسطس غشت أوت آب اگست আগস্ট আগষ্ট अगस्त अगस्ट",
    "سبتمبر شتنبر أيلول ستمبر সেপ্টেম্বর सितंबर सितम्बर सेप्टेम्बर",
    "أكتوبر اكتوبر اکتوبر অক্টোবর अक्टूबर अक्टोबर",
    "نوفمبر نونبر نومبر নভেম্বর नवंबर नवम्बर नोभेम्बर",
    "ديسمبر دجنبر دسمبر ডিসেম্বর दिसंबर दिसम्बर डिसेम्बर",
)
_TWO_WORD_MONTHS = {"كانون الثاني": "يناير", "تشرين الأول": "أكتوبر",
                    "تشرين الثاني": "نوفمبر", "كانون الأول": "ديسمبر"}


def _folded(text: str) -> str:
    """Lowercase, with accents, vowel signs and other combining marks dropped (as month
    names are looked up: "août" -> "aout", "मार्च" and "मार्च" alike)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _month_names(*months: str) -> dict[str, int]:
    """Month number by folded name; `months` holds each month's names, in order."""
    return {_folded(word): i for i, words in enumerate(months, start=1) for word in words.split()}


_MONTHS = {**_month_names(*_MONTH_WORDS), **_month_names(*_SCRIPT_MONTH_WORDS)}
_FILLERS = frozenset({"de", "del", "of", "the", "le"})
_SEPARATORS = re.compile(r"[\s,./\-،]+")
# A day's number with an ordinal ending: 1st, 1er, 1o, and Bengali ১লা, ৪ঠা, ২১শে.
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er|eme|o|a|লা|রা|ঠা|ই|শে)?")
_YEAR = re.compile(r"\d{4}")


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
            issue = "impossible date"  # says more than how the date was written
    return PartialDate(year, month, day, issue)


def _parts(match: re.Match[str], order: tuple[int, int, int]) -> tuple[int, int | None, int | None]:
    groups = [match.group(i) if i else None for i in order]  # 0: a part not written
    year, month, day = (int(g) if g else None for g in groups)
    assert year is not None
    return year, month, day


@lru_cache(maxsize=100_000)
def parse_date(text: str) -> PartialDate:
    """Parse a full or partial date; an unreadable one gives an empty date with an issue."""
    value = text.strip()
    other = _in_other_calendar(value)
    if other is not None:
        return other
    found = _gregorian_date(value)
    if found.year is not None and _BIKRAM_SAMBAT_YEARS[0] <= found.year <= _BIKRAM_SAMBAT_YEARS[1]:
        return _converted(_BIKRAM_SAMBAT, found.year, found.month, found.day)
    return found


# What records write around a date: a time of day (a spreadsheet's export), the word for
# year after it (Russian г. and года, Ukrainian р. and року, 1985年), and a space after
# each dot (14. 3. 1985).
_CLOCK = re.compile(r"(?<=\d)[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?$",
                    re.IGNORECASE)
_YEAR_WORD = re.compile(r"(?<=\d)\s*(?:г\.?|года|год|р\.?|року|рік|年|년)$")
_DOT_SPACE = re.compile(r"(?<=\d)\.\s+(?=\d)")


def _gregorian_date(value: str) -> PartialDate:
    """parse_date of a date that names no other calendar."""
    time = _ISO_TIME.match(value)
    if time:
        value = time.group(1)
    marked = _YEAR_WORD.search(value)
    value = _DOT_SPACE.sub(".", _YEAR_WORD.sub("", _CLOCK.sub("", value)))
    for pattern, order, issue in (
        (_ISO, (1, 2, 3), None),
        (_COMPACT, (1, 2, 3), "non-ISO format"),
        (_DAY_FIRST, (3, 2, 1), "non-ISO format"),
        (_YEAR_FIRST, (1, 2, 3), "non-ISO format"),
        (_MONTH_YEAR, (2, 1, 0), "non-ISO format"),
        (_EAST_ASIAN, (1, 2, 3), "non-ISO format"),
    ):
        match = pattern.match(value)
        if match:
            year, month, day = _parts(match, order)
            if pattern is _DAY_FIRST and month is not None and day is not None and (
                    month > 12 >= day):
                return _checked(year, day, month, "month-first format")  # 03/14/1985
            if pattern is _COMPACT and not _plausible(year, month, day):
                return _day_first_compact(value)  # 14031985
            return _checked(year, month, day, issue or ("non-ISO format" if marked else None))
    return _other_format(value) if value else PartialDate()


def _plausible(year: int, month: int | None, day: int | None) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR and 1 <= (month or 1) <= 12 and 1 <= (day or 1) <= 31


def _day_first_compact(value: str) -> PartialDate:
    """Eight digits that are no YYYYMMDD date, as DDMMYYYY (14031985)."""
    day, month, year = int(value[:2]), int(value[2:4]), int(value[4:])
    if not _plausible(year, month, day):
        return PartialDate(issue="unreadable date")
    return _checked(year, month, day, "non-ISO format")


def _other_format(value: str) -> PartialDate:
    """A date written with a two-digit year, a month name, or only roughly."""
    short = _SHORT_YEAR.match(value)
    if short:
        day, month, year = (int(g) for g in short.groups())
        century = 2000 if year <= SHORT_YEAR_PIVOT else 1900
        return _checked(century + year, month, day, "two-digit year")
    rough = _ROUGHLY.match(value.lower())
    if rough:
        return _checked(int(rough.group(1) or rough.group(2)), None, None, "approximate date")
    if _SERIAL.match(value) and _SERIAL_RANGE[0] <= int(value) <= _SERIAL_RANGE[1]:
        serial = _SERIAL_EPOCH + timedelta(days=int(value))
        return PartialDate(serial.year, serial.month, serial.day, "spreadsheet day number")
    named = _named_month(value)
    return named if named is not None else PartialDate(issue="unreadable date")


def _named_month(value: str) -> PartialDate | None:
    """`14 Mar 1985`, `March 14, 1985`, `14 de marzo de 1985`, `mars 1985`, `1985 Mar 14`,
    and with a two-digit year after the month, `14-Mar-85`."""
    for two_words, one_word in _TWO_WORD_MONTHS.items():
        value = value.replace(two_words, one_word)
    folded = _folded(value)
    words = [w for w in _SEPARATORS.split(folded) if w and w not in _FILLERS]
    months = [i for i, w in enumerate(words) if w in _MONTHS]
    if len(months) != 1 or not 2 <= len(words) <= 3:
        return None
    at = months[0]
    month = _MONTHS[words.pop(at)]
    years = [w for w in words if _YEAR.fullmatch(w)]
    if not years and len(words) == 2 and at == 1 and words[1].isdigit() and len(words[1]) == 2:
        short = int(words.pop())  # 14-Mar-85: the number after the month is the year
        years = [str((2000 if short <= SHORT_YEAR_PIVOT else 1900) + short)]
    days = [_ORDINAL.fullmatch(w) for w in words if not _YEAR.fullmatch(w)]
    if len(years) != 1 or not all(days):
        return None
    day = next((int(d.group(1)) for d in days if d is not None), None)
    return _checked(int(years[0]), month, day, "month name")


@dataclass(frozen=True)
class _Calendar:
    """Another calendar a record may give a date of birth in: how a date says it is one
    (a mark after it, or a month's name), and its dates in the Gregorian calendar."""

    name: str  # the issue noted with a date read in it
    mark: re.Pattern[str]
    months: dict[str, int]  # folded month names
    gregorian: Callable[[int, int | None, int | None], date | None]  # None: no such date
    years_after: int  # Gregorian year = the calendar's year + this, for most of a year


def _ethiopian_date(year: int, month: int | None, day: int | None) -> date | None:
    """The Ethiopian calendar (Amete Mihret): twelve months of 30 days and Pagume of 5 or
    6; its year begins on 11 or 12 September, seven or eight years after the Gregorian."""
    # Pagume has its sixth day in the year before a Gregorian leap year's February.
    last = 30 if month != 13 else 6 if year % 4 == 3 else 5
    if not 1 <= (month or 1) <= 13 or not 1 <= (day or 1) <= last:
        return None
    return date.fromordinal(_ETHIOPIC_EPOCH + 365 * (year - 1) + year // 4
                            + 30 * ((month or 1) - 1) + (day or min(15, last)))


def _bikram_sambat_date(year: int, month: int | None, day: int | None) -> date | None:
    """Nepal's Bikram Sambat: months of 29 to 32 days that follow no rule, so
    nepali-datetime's table of them; its year begins in mid-April, 56 or 57 years after
    the Gregorian."""
    try:
        found: date = nepali_datetime.date(year, month or 1, day or 15).to_datetime_date()
    except (ValueError, OverflowError):
        return None
    return found


_ETHIOPIC_EPOCH = 2795  # the day before 1 Meskerem of year 1, as date.toordinal counts
_ETHIOPIAN = _Calendar(
    "Ethiopian calendar",
    re.compile(r"(?<![^\W\d_])(?:e\.?\s?c\.?|ዓ\.?\s?ም\.?)\s*$", re.IGNORECASE),
    _month_names(
        "meskerem maskaram መስከረም", "tikimt tiqimt tekemt teqemt ጥቅምት", "hidar hedar ኅዳር ህዳር",
        "tahsas tahisas takhsas ታኅሣሥ ታህሳስ", "tir ter ጥር", "yekatit yakatit የካቲት",
        "megabit magabit መጋቢት", "miyazya miyazia miazia ሚያዝያ", "ginbot genbot ግንቦት",
        "sene sane ሰኔ", "hamle hamlie ሐምሌ ሀምሌ", "nehase nehasse nahase ነሐሴ ነሃሴ",
        "pagume pagumen paguemen ጳጉሜ ጳጉሜን"),
    _ethiopian_date, 8)
_BIKRAM_SAMBAT = _Calendar(
    "Bikram Sambat",
    re.compile(r"(?<![^\W\d_])(?:b\.?\s?s\.?|[वब]ि\.?\s?सं\.?)\s*$", re.IGNORECASE),
    _month_names(
        "baisakh baishakh vaishakh वैशाख बैशाख", "jestha jeth जेठ ज्येष्ठ",
        "asar ashadh asadh असार आषाढ", "shrawan srawan saun साउन श्रावण",
        "bhadra bhadau भदौ भाद्र", "ashwin asoj असोज आश्विन", "kartik kattik कार्तिक कात्तिक",
        "mangsir marga मंसिर मङ्सिर मार्ग", "poush paush push पुष पौष पुस", "magh माघ",
        "falgun fagun phalgun फागुन फाल्गुन", "chaitra chait चैत चैत्र"),
    _bikram_sambat_date, -57)
# An unmarked date of birth in these years cannot be Gregorian (no one serving in the
# years this registry is used was born after 2034), and Nepali records write Bikram
# Sambat dates without a mark: 2035 BS is 1978, 2065 BS 2008.
_BIKRAM_SAMBAT_YEARS = (2035, 2100)
# Nepali dates name the year and the day: "२०४५ साल असार १५ गते", "2045 sal Asar 15 gate".
_CALENDAR_FILLERS = frozenset(_folded(w) for w in ("sal", "gate", "साल", "गते"))


def _in_other_calendar(value: str) -> PartialDate | None:
    """A date of the Ethiopian or the Bikram Sambat calendar as its Gregorian date, when
    it is marked as one (E.C., ዓ.ም.; B.S., वि.सं.) or names one of its months; None for
    any other date. Numbers are read day first (12/05/1975) or year first (1975/05/12)."""
    for other in (_ETHIOPIAN, _BIKRAM_SAMBAT):
        marked = other.mark.search(value)
        text = _folded(value[:marked.start()] if marked else value)
        words = [w for w in _SEPARATORS.split(text) if w and w not in _CALENDAR_FILLERS]
        months = [other.months[w] for w in words if w in other.months]
        if marked or months:
            return _read_in(other, words, months)
    return None


def _read_in(other: _Calendar, words: list[str], months: list[int]) -> PartialDate:
    """The date of calendar `other` that `words` (numbers, month names) give."""
    numbers = [int(w) for w in words if w.isdigit()]
    years = [n for n in numbers if n >= 1000]
    if len(years) != 1 or len(months) > 1 or len(words) != len(numbers) + len(months):
        return PartialDate(issue=f"unreadable date ({other.name})")
    rest = [n for n in numbers if n < 1000]
    if not months and rest:  # the month is next to the year: 12/05/1975, 1975/05/12
        months = [rest.pop(0) if numbers[0] >= 1000 else rest.pop()]
    return _converted(other, years[0], months[0] if months else None,
                      rest[0] if rest else None)


def _converted(other: _Calendar, year: int, month: int | None, day: int | None
               ) -> PartialDate:
    """A date of calendar `other` as a Gregorian one: a month alone gives the Gregorian
    month of its 15th, a year alone the Gregorian year most of it falls in."""
    if month is None:
        return _checked(year + other.years_after, None, None, other.name)
    found = other.gregorian(year, month, day)
    if found is None:
        return PartialDate(issue=f"impossible date ({other.name})")
    return _checked(found.year, found.month, found.day if day else None, other.name)
