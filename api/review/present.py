"""Turning records and the engine's explanation into what the pair page shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkage.names import detect_script, split_words, transliterate_word
from registry.models import PersonnelRecord

# (record column, label, explanation field): the side-by-side rows, most telling first.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", "name"),
    ("aliases", "Aliases", ""),
    ("date_of_birth", "Date of birth", "date_of_birth"),
    ("place_of_birth", "Place of birth", "place_of_birth"),
    ("nationality", "Nationality", "nationality"),
    ("sex", "Sex", "sex"),
    ("passport_number", "Passport", "passport"),
    ("national_id", "National id", "national_id"),
    ("service_number", "Service number", "service_number"),
    ("rank", "Rank", ""),
    ("unit", "Unit", "unit"),
    ("personnel_category", "Category", "personnel_category"),
)
AGREE_LEVELS = frozenset({"exact", "same"})
DIFFER_LEVELS = frozenset({"different", "different, other issuer"})


@dataclass(frozen=True)
class DisplayName:
    """A name as written, its script and (for non-Latin scripts) a romanisation."""

    original: str
    script: str
    latin: str


@dataclass(frozen=True)
class FieldRow:
    """One line of the side-by-side table."""

    label: str
    left: str
    right: str
    mark: str  # agree | close | differ | missing
    level: str
    weight: float | None


def full_name(record: PersonnelRecord) -> str:
    """The record's name as written: the full name, else given names then family name."""
    if record.full_name:
        return record.full_name
    return " ".join(p for p in (record.given_names, record.family_name) if p)


def display_name(text: str) -> DisplayName:
    """`text` with its script and a romanisation when it is not written in Latin."""
    script = detect_script(text) if text else "Zyyy"
    if script in ("Latn", "Zyyy"):
        return DisplayName(text, script, "")
    words = [transliterate_word(w, script) for w in split_words(text)]
    return DisplayName(text, script, " ".join(w.capitalize() for w in words if w))


def explanation_by_field(explanation: Any) -> dict[str, Mapping[str, Any]]:
    """The engine's explanation keyed by field; malformed entries are skipped."""
    if not isinstance(explanation, list):
        return {}
    return {
        str(item["field"]): item
        for item in explanation
        if isinstance(item, Mapping) and item.get("field")
    }


def _value(record: PersonnelRecord, column: str) -> str:
    if column == "name":
        return full_name(record)
    value = getattr(record, column, None)
    return "" if value is None else str(value)


def _weight(entry: Mapping[str, Any]) -> float | None:
    try:
        return float(entry["weight"])
    except (KeyError, TypeError, ValueError):
        return None


def mark_of(level: str, left: str, right: str) -> str:
    """agree / close / differ from the engine's level, else from the values themselves."""
    label = level.strip().lower()
    if label in AGREE_LEVELS:
        return "agree"
    if label in DIFFER_LEVELS:
        return "differ"
    if label and label not in ("null", "missing"):
        return "close"
    if not left or not right:
        return "missing"
    return "agree" if left.strip().casefold() == right.strip().casefold() else "differ"


def field_rows(left: PersonnelRecord, right: PersonnelRecord, explanation: Any) -> list[FieldRow]:
    """The side-by-side rows, each marked agree / close / differ / missing."""
    explained = explanation_by_field(explanation)
    rows = []
    for column, label, field in FIELDS:
        entry = explained.get(field, {}) if field else {}
        a, b = _value(left, column), _value(right, column)
        if not (a or b or entry):
            continue
        level = str(entry.get("level") or "")
        rows.append(FieldRow(label, a, b, mark_of(level, a, b), level, _weight(entry)))
    return rows


def weights(explanation: Any) -> list[tuple[str, float]]:
    """(field, weight) of each explained field, in the engine's order."""
    found = []
    for field, entry in explanation_by_field(explanation).items():
        weight = _weight(entry)
        if weight is not None:
            found.append((field, weight))
    return found


def labels_of(rows: Sequence[FieldRow]) -> dict[str, int]:
    """How many rows carry each mark, for the summary line."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.mark] = counts.get(row.mark, 0) + 1
    return counts
