"""Normalisation stage: interchange personnel records to the normalised record frame.

Pure and lenient: pandas in, pandas out; a bad value is noted in ISSUES and
kept as written where it can still be compared, never raised. Work is done
once per distinct value (names, dates, identifiers repeat across records),
then spread back to the rows.
"""

import gc
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from pandas.arrays import IntegerArray

from linkage import columns as c
from linkage import forked
from linkage.countries import normalise_place, read_country
from linkage.dates import parse_date
from linkage.identifiers import read_identifier, read_identifiers
from linkage.names import parse_name, phonetic_key, skeleton_key, warm_up
from linkage.names.relations import own_name

NAME_OUTPUTS = (c.NAME_DISPLAY, c.NAME_LATIN, c.SCRIPT, c.NAME_TOKENS, c.GIVEN_TOKENS,
                c.FAMILY_TOKENS, c.NAME_SORTED, c.NAME_JOINED, c.NAME_SYMBOLS,
                c.NAME_PHONETIC, c.NAME_SKELETON, c.INITIALS)
OUTPUT_COLUMNS = (c.RECORD_ID, *NAME_OUTPUTS, c.ALIAS_SORTED, c.DOB_YEAR, c.DOB_MONTH,
                  c.DOB_DAY, c.NATIONALITY_N, c.SEX_N, c.PLACE_N, c.SERVICE_N, c.PASSPORT_N,
                  c.NATIONAL_ID_N, c.UNIT_N, c.CATEGORY_N, c.ISSUES)
# Bump whenever normalisation gives a different output for any input: registries store
# each record's normalised form under this number, and a stored form of another number
# is recomputed rather than trusted.
NORMALISED_FORM_VERSION = 79
IDENTIFIERS = ((c.SERVICE_NUMBER, c.SERVICE_N), (c.PASSPORT_NUMBER, c.PASSPORT_N),
               (c.NATIONAL_ID, c.NATIONAL_ID_N))
_SEXES = {"F": "F", "M": "M", "X": "X", "FEMALE": "F", "MALE": "M", "W": "F"}
# Other ways records write a sex, each noted as an issue: French, Spanish and
# Portuguese words, and ISO/IEC 5218's digits (1 male, 2 female; 0 and 9 say nothing).
_SEX_WORDS = {"HOMME": "M", "FEMME": "F", "MASCULIN": "M", "FEMININ": "F", "FÉMININ": "F",
              "MASCULINO": "M", "FEMENINO": "F", "FEMININO": "F", "1": "M", "2": "F"}
_SEX_UNKNOWN = frozenset({"0", "9", "U", "UNKNOWN"})
_KEY_SEP = "\x1f"
PERSONNEL_CATEGORIES = frozenset({"military", "police", "civilian", "contractor"})
_NOT_WORD = re.compile(r"[\W_]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])")

Issues = tuple[str, ...]
S = TypeVar("S")
# With workers, the share of distinct names this process parses, relative to a child's
# (1.0): it also normalises the other columns meanwhile, about half as long as parsing
# a child's share of names at a million records, so it takes less.
PARENT_NAME_SHARE = 0.3


def _name_values(given: str, family: str, full: str) -> tuple[Any, ...]:
    # A relative's name (after s/o, "son of") and an alias (after @, "alias") are not
    # parsed as the person's own; the alias is compared with the aliases instead.
    own = [own_name(text)[0] if text else text for text in (given, family, full)]
    parsed = parse_name.__wrapped__(*own)
    tokens = parsed.tokens
    ordered = tuple(sorted(tokens))
    return (
        full or " ".join(p for p in (given, family) if p),
        parsed.latin,
        parsed.script,
        tokens,
        parsed.given,
        parsed.family,
        " ".join(ordered),
        "".join(ordered),
        parsed.symbols,
        tuple(phonetic_key(t) for t in tokens),
        tuple(skeleton_key(t) for t in tokens),
        "".join(sorted(t[0] for t in tokens)),
    )


@lru_cache(maxsize=100_000)
def name_values(given: str, family: str, full: str) -> tuple[Any, ...]:
    """The NAME_OUTPUTS values for one person's name fields."""
    return _name_values(given, family, full)


def embedded_alias(full_name: str) -> str:
    """Another name written in the full name ("Ali @ Babu": "Babu"), or ""."""
    return own_name(full_name)[1] if full_name else ""


def with_alias(aliases: str, embedded: str) -> str:
    """The aliases field with an embedded alias added."""
    return f"{aliases};{embedded}" if embedded else aliases


@lru_cache(maxsize=100_000)
def alias_values(aliases: str) -> tuple[str, ...]:
    """NAME_SORTED of each ';'-separated alias (aliases without a usable token skipped)."""
    sorted_names = (name_values("", "", a.strip())[6] for a in aliases.split(";") if a.strip())
    return tuple(s for s in sorted_names if s)


def date_values(raw: str) -> tuple[int | None, int | None, int | None, Issues]:
    """(year, month, day, issues) of a date of birth."""
    date = parse_date(raw)
    issues = (f"{c.DATE_OF_BIRTH}: {date.issue} ({raw})",) if date.issue else ()
    return date.year, date.month, date.day, issues


def country_values(raw: str) -> tuple[str | None, Issues]:
    """(alpha-3 nationality, issues)."""
    code, issue = read_country(raw)
    return code, ((f"{c.NATIONALITY}: {issue} ({raw})",) if issue else ())


def sex_values(raw: str) -> tuple[str | None, Issues]:
    """(F / M / X or None, issues)."""
    if not raw:
        return None, ()
    written = raw.strip().upper()
    sex = _SEXES.get(written)
    if sex:
        return sex, ()
    if written in _SEX_UNKNOWN:
        return None, (f"{c.SEX}: not known ({raw})",)
    sex = _SEX_WORDS.get(written)
    return sex, ((f"{c.SEX}: read as {sex} ({raw})",) if sex else (f"{c.SEX}: invalid ({raw})",))


def unit_value(raw: str) -> str | None:
    """A unit's words and numbers: case, punctuation, zero padding and the digits'
    script do not count ("BANBAT-07" = "Banbat 7"), so two records of one rotation
    agree."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw).casefold()
    text = _LETTER_DIGIT.sub(" ", _NOT_WORD.sub(" ", text))
    words = [str(int(w)) if w.isdecimal() else w for w in text.split()]
    return " ".join(words) or None


def category_values(raw: str) -> tuple[str | None, Issues]:
    """(personnel category, issues); an unknown one is counted and compared as written."""
    if not raw:
        return None, ()
    category = raw.strip().casefold()
    known = category in PERSONNEL_CATEGORIES
    return category, (() if known else (f"{c.PERSONNEL_CATEGORY}: unknown ({raw})",))


def identifier_values(column: str, raw: str) -> tuple[str | None, Issues]:
    """(normal form, issues); a generic value such as 000000 becomes None."""
    if not raw:
        return None, ()
    normal, issue = read_identifier(raw)
    return normal, ((f"{column}: {issue} ({raw})",) if issue else ())


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column as stripped strings, "" for missing values or an absent column."""
    if column not in frame.columns:
        return [""] * len(frame)
    series = frame[column]
    values = series.where(series.notna(), "").astype(str).str.strip()
    return values.tolist()


def _spread(values: Sequence[str], func: Callable[[str], Any]) -> np.ndarray:
    """Apply `func` once per distinct value and return its result for every row."""
    return _spread_many(values, lambda uniques: [func(u) for u in uniques])


def _spread_many(values: Sequence[str], func: Callable[[np.ndarray], list[Any]]) -> np.ndarray:
    """Apply a vectorised `func` to the distinct values; its results for every row."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=False)
    results = np.empty(len(uniques), dtype=object)
    results[:] = func(np.asarray(uniques, dtype=object))
    return results[codes]


def _column(values: Sequence[Any]) -> np.ndarray:
    """An object array holding `values` as they are (tuples stay tuples)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _parsed_names(keys: Sequence[str]) -> list[tuple[Any, ...]]:
    return [_name_values(*key.split(_KEY_SEP)) for key in keys]


def _name_columns(frame: pd.DataFrame, workers: int, beside: Callable[[], S]
                  ) -> tuple[dict[str, np.ndarray], S]:
    """Name outputs, computed once per distinct (given, family, full) and spread to rows;
    and `beside()`, run meanwhile.

    The bulk path bypasses the per-name caches (each distinct name is parsed once
    here anyway), so a million records do not leave a million cached entries behind;
    the word- and field-level caches underneath still serve every repeat. With
    `workers` > 1 the distinct names are parsed in that many processes at once, and
    this process, which also runs `beside` (the other columns), takes a smaller share.
    """
    keys = [_KEY_SEP.join(t) for t in zip(
        _texts(frame, c.GIVEN_NAMES), _texts(frame, c.FAMILY_NAME), _texts(frame, c.FULL_NAME),
        strict=True)]
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object), sort=False)
    if workers > 1:
        warm_up()  # loaded once here, then shared by the forked workers
    share = PARENT_NAME_SHARE / (PARENT_NAME_SHARE + workers - 1)
    values, other = forked.map_split_beside(_parsed_names, uniques.tolist(), workers, beside,
                                            first_share=share)
    return {name: _column([v[i] for v in values])[codes]
            for i, name in enumerate(NAME_OUTPUTS)}, other


def _pairs(values: np.ndarray) -> tuple[np.ndarray, list[Issues]]:
    return _column([v[0] for v in values]), [v[1] for v in values]


def _identifier_column(frame: pd.DataFrame, raw: str) -> np.ndarray:
    def read(uniques: np.ndarray) -> list[tuple[str | None, Issues]]:
        found = read_identifiers(uniques)
        return [(None, ()) if not u else (n, () if not i else (f"{raw}: {i} ({u})",))
                for u, (n, i) in zip(uniques, found, strict=True)]
    return _spread_many(_texts(frame, raw), read)


def _other_columns(frame: pd.DataFrame) -> tuple[dict[str, Any], list[list[Issues]]]:
    out: dict[str, Any] = {}
    issues: list[list[Issues]] = []
    dates = _spread(_texts(frame, c.DATE_OF_BIRTH), date_values)
    for i, name in enumerate((c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY)):
        out[name] = pd.array([d[i] for d in dates], dtype="Int64")
    issues.append([d[3] for d in dates])
    out[c.NATIONALITY_N], found = _pairs(_spread(_texts(frame, c.NATIONALITY), country_values))
    issues.append(found)
    out[c.SEX_N], found = _pairs(_spread(_texts(frame, c.SEX), sex_values))
    issues.append(found)
    for raw, normal in IDENTIFIERS:
        out[normal], found = _pairs(_identifier_column(frame, raw))
        issues.append(found)
    out[c.PLACE_N] = _spread(_texts(frame, c.PLACE_OF_BIRTH), normalise_place)
    out[c.UNIT_N] = _spread(_texts(frame, c.UNIT), unit_value)
    out[c.CATEGORY_N], found = _pairs(_spread(_texts(frame, c.PERSONNEL_CATEGORY),
                                              category_values))
    issues.append(found)
    embedded = _spread(_texts(frame, c.FULL_NAME), embedded_alias)
    aliases = [with_alias(a, e) for a, e in zip(_texts(frame, c.ALIASES), embedded, strict=True)]
    out[c.ALIAS_SORTED] = _spread(aliases, alias_values)
    return out, issues


def _row_issues(tokens: tuple[str, ...], found: Sequence[Issues]) -> Issues:
    """All issues of one record, starting with a missing name."""
    return sum(found, () if tokens else (f"{c.FULL_NAME}: no usable name",))


def _issues(names: dict[str, np.ndarray], found: list[list[Issues]]) -> list[Issues]:
    rows = zip(names[c.NAME_TOKENS], *found, strict=True)
    return [_row_issues(tokens, parts) for tokens, *parts in rows]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for work that makes millions of small objects
    with no cycles among them (normalising a large frame, a server worker loading its
    registry), which each collection would walk again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def normalise_records(frame: pd.DataFrame, *, workers: int = 1) -> pd.DataFrame:
    """Normalise interchange personnel records: one output row per input row, same order.

    `workers` > 1 parses names in forked processes (see linkage.forked): for large
    offline runs, not for a server's request threads.
    """
    with collector_paused():
        return _normalise_records(frame, workers)


def _normalise_records(frame: pd.DataFrame, workers: int) -> pd.DataFrame:
    names, (others, found) = _name_columns(frame, workers, lambda: _other_columns(frame))
    data: dict[str, Any] = {c.RECORD_ID: _texts(frame, c.RECORD_ID), **names, **others}
    data[c.ISSUES] = _column(_issues(names, found))
    data[c.RECORD_ID] = _column(data[c.RECORD_ID])
    result = pd.DataFrame(data, index=pd.RangeIndex(len(frame)))
    return result[list(OUTPUT_COLUMNS)]


def normalised_row(fields: Mapping[str, str | None]) -> dict[str, Any]:
    """Every output value of one record by column, by the same per-value functions as the
    bulk path, with no frame: a vetting check reads one row, and building and reading a
    frame cost it more than normalising. Missing date parts are None (NA in a frame)."""
    def text(column: str) -> str:
        value = fields.get(column)
        return "" if value is None or value != value else str(value).strip()

    names = name_values(text(c.GIVEN_NAMES), text(c.FAMILY_NAME), text(c.FULL_NAME))
    row: dict[str, Any] = {c.RECORD_ID: text(c.RECORD_ID)}
    row.update(zip(NAME_OUTPUTS, names, strict=True))
    year, month, day, date_issues = date_values(text(c.DATE_OF_BIRTH))
    row.update({c.DOB_YEAR: year, c.DOB_MONTH: month, c.DOB_DAY: day})
    found = [date_issues]
    for normal, value in (
        (c.NATIONALITY_N, country_values(text(c.NATIONALITY))),
        (c.SEX_N, sex_values(text(c.SEX))),
        *((normal, identifier_values(raw, text(raw))) for raw, normal in IDENTIFIERS),
        (c.CATEGORY_N, category_values(text(c.PERSONNEL_CATEGORY))),
    ):
        row[normal] = value[0]
        found.append(value[1])
    row[c.PLACE_N] = normalise_place(text(c.PLACE_OF_BIRTH))
    row[c.UNIT_N] = unit_value(text(c.UNIT))
    row[c.ALIAS_SORTED] = alias_values(with_alias(text(c.ALIASES),
                                                  embedded_alias(text(c.FULL_NAME))))
    row[c.ISSUES] = _row_issues(row[c.NAME_TOKENS], found)
    return row


def _one_cell(value: Any, column: str) -> Any:
    """A one-element column array of the documented type."""
    if column in (c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY):
        return IntegerArray(np.array([value or 0], dtype="int64"), np.array([value is None]))
    cell = np.empty(1, dtype=object)
    cell[0] = value
    return cell


def normalise_one(fields: Mapping[str, str | None]) -> pd.DataFrame:
    """Normalise a single record (one vetting check) into a one-row frame, fast."""
    row = normalised_row(fields)
    data = {column: _one_cell(row[column], column) for column in OUTPUT_COLUMNS}
    return pd.DataFrame(data, index=pd.RangeIndex(1), copy=False)
