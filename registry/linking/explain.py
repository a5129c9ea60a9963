"""Per-field explanations of scored pairs, in the JSON form stored on match candidates."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from linkage import Model, level_column, weight_column
from linkage import columns as c

# Which raw interchange column an analyst should see for each compared feature.
DISPLAY_COLUMN: dict[str, str] = {
    "name": c.FULL_NAME,
    "date_of_birth": c.DATE_OF_BIRTH,
    "passport": c.PASSPORT_NUMBER,
    "national_id": c.NATIONAL_ID,
    "service_number": c.SERVICE_NUMBER,
    "nationality": c.NATIONALITY,
    "sex": c.SEX,
    "place_of_birth": c.PLACE_OF_BIRTH,
    "unit": c.UNIT,
    "personnel_category": c.PERSONNEL_CATEGORY,
}


def display_names(frame: pd.DataFrame) -> pd.Series:
    """The name as written: full name, else given names then family name."""
    parts = frame.reindex(columns=[c.GIVEN_NAMES, c.FAMILY_NAME]).fillna("").astype(str)
    joined = (parts[c.GIVEN_NAMES] + " " + parts[c.FAMILY_NAME]).str.strip()
    full = frame.reindex(columns=[c.FULL_NAME])[c.FULL_NAME].fillna("").astype(str)
    return full.where(full.str.len() > 0, joined)


def _values(frame: pd.DataFrame, feature: str, positions: np.ndarray[Any, Any]) -> list[Any]:
    column = DISPLAY_COLUMN.get(feature)
    if column is None:
        return [None] * len(positions)
    series = display_names(frame) if feature == "name" else frame.reindex(columns=[column])[column]
    values = series.to_numpy(dtype=object)[positions]
    return [None if v is None or v != v or v == "" else str(v) for v in values]


def explanations(
    frame: pd.DataFrame, pairs: pd.DataFrame, model: Model
) -> list[list[dict[str, Any]]]:
    """For each pair: one entry per feature with its level label, weight and both values."""
    left = pairs[c.LEFT].to_numpy()
    right = pairs[c.RIGHT].to_numpy()
    per_feature = []
    for feature in model.features:
        levels = pairs[level_column(feature.name)].to_numpy()
        weights = pairs[weight_column(feature.name)].to_numpy(dtype=float)
        labels = ["missing"] + [lv.label for lv in feature.levels]
        per_feature.append(
            (
                feature.name,
                [labels[int(lv) + 1] for lv in levels],
                np.round(weights, 3).tolist(),
                _values(frame, feature.name, left),
                _values(frame, feature.name, right),
            )
        )
    return [
        [
            {
                "field": name,
                "level": lab[i],
                "weight": w[i],
                "left": lv[i],
                "right": rv[i],
                "similarity": None,
            }
            for name, lab, w, lv, rv in per_feature
        ]
        for i in range(len(pairs))
    ]
