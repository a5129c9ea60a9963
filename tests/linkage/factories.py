"""Tiny factories for normalised record frames, independent of the normaliser."""

from __future__ import annotations

import re
from typing import Any

import jellyfish
import pandas as pd

from linkage import columns as c
from linkage.names import parse_name


def _skeleton(token: str) -> str:
    return token[0] + re.sub("[aeiouy]", "", token[1:]) if token else ""


def make_normalised(**overrides: Any) -> dict[str, Any]:
    """One normalised record; `given`/`family` (ASCII) and `dob` ('YYYY[-MM[-DD]]') shortcuts."""
    given = str(overrides.pop("given", "john")).lower().split()
    family = str(overrides.pop("family", "smith")).lower().split()
    dob = str(overrides.pop("dob", "1980-05-17"))
    aliases = overrides.pop("aliases", ())
    tokens = tuple(given + family)
    parts = [int(p) for p in dob.split("-")] if dob else []
    parts += [None] * (3 - len(parts))
    record: dict[str, Any] = {
        c.RECORD_ID: "r0",
        c.NAME_DISPLAY: " ".join(tokens), c.NAME_LATIN: " ".join(tokens), c.SCRIPT: "Latn",
        c.NAME_TOKENS: tokens, c.GIVEN_TOKENS: tuple(given), c.FAMILY_TOKENS: tuple(family),
        c.NAME_SORTED: " ".join(sorted(tokens)), c.NAME_JOINED: "".join(sorted(tokens)),
        c.NAME_SYMBOLS: frozenset(), c.INITIALS: "".join(sorted(t[0] for t in tokens)),
        c.NAME_PHONETIC: tuple(jellyfish.metaphone(t) for t in tokens),
        c.NAME_SKELETON: tuple(_skeleton(t) for t in tokens),
        c.ALIAS_SORTED: tuple(" ".join(sorted(a.lower().split())) for a in aliases),
        c.DOB_YEAR: parts[0], c.DOB_MONTH: parts[1], c.DOB_DAY: parts[2],
        c.NATIONALITY_N: "KEN", c.SEX_N: "M", c.PLACE_N: None,
        c.SERVICE_N: None, c.PASSPORT_N: None, c.NATIONAL_ID_N: None,
        c.UNIT_N: None, c.CATEGORY_N: None, c.ISSUES: (),
    }
    record.update(overrides)
    return record


def make_frame(*records: dict[str, Any]) -> pd.DataFrame:
    """A normalised frame from records; record ids default to r0, r1, ..."""
    rows = [{**r, c.RECORD_ID: r[c.RECORD_ID] if r[c.RECORD_ID] != "r0" else f"r{i}"}
            for i, r in enumerate(records)]
    frame = pd.DataFrame(rows)
    for column in (c.DOB_YEAR, c.DOB_MONTH, c.DOB_DAY):
        frame[column] = frame[column].astype("Int64")
    return frame


def name_tokens(full: str) -> tuple[str, ...]:
    """The canonical tokens of a name written in one field."""
    return parse_name("", "", full).tokens
