"""What a vetting answer may show about a candidate, and nothing more.

A candidate is shown by its registry person id, score, band, the fields compared and
the live allegations' case number, status, category and mission. Nothing about
victims (victim count, minors involved, outcome) ever leaves this module.

The record side of `matched_on` shows the compared value only when the requesting
organisation owns that record. For another state's record it is masked: the name
becomes initials ("A. K."), the date of birth its year, and every other field
`null` — the similarity and weight still say how well it agreed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from linkage import columns as c
from registry.linking.explain import DISPLAY_COLUMN as EXPLAINED_COLUMN

DISCLOSED_ALLEGATION_FIELDS = ("case_number", "status", "category", "mission")

# The raw column shown for each compared feature; the name is shown as parsed instead.
DISPLAY_COLUMN = {k: v for k, v in EXPLAINED_COLUMN.items() if k != "name"}


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def display_name(fields: Mapping[str, Any]) -> str | None:
    """The name as written: full name, else given names and family name."""
    full = _text(fields.get(c.FULL_NAME))
    if full:
        return full
    parts = [_text(fields.get(c.GIVEN_NAMES)), _text(fields.get(c.FAMILY_NAME))]
    return " ".join(p for p in parts if p) or None


def field_value(fields: Mapping[str, Any], feature: str) -> str | None:
    """The raw value of a compared feature, as the submitter wrote it."""
    if feature == "name":
        return display_name(fields)
    column = DISPLAY_COLUMN.get(feature)
    return _text(fields.get(column)) if column else None


def masked_value(fields: Mapping[str, Any], feature: str) -> str | None:
    """The value of another state's record as it may be shown: initials, birth year, or null."""
    value = field_value(fields, feature)
    if value is None:
        return None
    if feature == "name":
        return " ".join(f"{token[0].upper()}." for token in value.split() if token)
    if feature == "date_of_birth":
        return value[:4]
    return None


def matched_on(
    explained: list[dict[str, Any]], query: Mapping[str, Any], record: Mapping[str, Any], own: bool
) -> list[dict[str, Any]]:
    """The `matched_on` entries: field, query value, (masked) record value, similarity, weight."""
    show = field_value if own else masked_value
    return [
        {
            "field": e["field"],
            "query": field_value(query, e["field"]),
            "record": show(record, e["field"]),
            "similarity": e["similarity"],
            "weight": e["weight"],
        }
        for e in explained
    ]


def allegations(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Case number, status, category and mission of each allegation, once per case."""
    cases = {str(row["case_number"]): row for row in reversed(rows)}  # each case's first row
    return [{k: _text(cases[n][k]) for k in DISCLOSED_ALLEGATION_FIELDS} for n in sorted(cases)]
