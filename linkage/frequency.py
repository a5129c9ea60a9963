"""Term-frequency adjustment: agreeing on a common value is weaker evidence.

Two records sharing a rare name are more likely the same person than two
sharing a common one. For a level marked `tf`, the feature weight becomes
log2(m/u) + log2(mean / f), where f is the relative frequency of the agreed
value and mean is the chance that two random records agree on any value
(sum of squared frequencies). The adjustment is zero on average, negative for
common values and positive for rare ones, and is scale-free: it needs no
population size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

MAX_ADJUSTMENT = 8.0  # bits; bounds the effect of one value's frequency


@dataclass(frozen=True)
class FrequencyTable:
    """Relative frequency of each value of one field, and its agreement rate."""

    frequencies: pd.Series  # value -> relative frequency
    mean: float  # sum of squared frequencies
    floor: float  # frequency assumed for a value never seen
    # True when the table holds the values of the left (query) records only, as a
    # vetting check's registry counts do: a right-hand record's value is then found
    # only when another query row happens to share it, which would make one row's
    # score depend on its neighbours in a batch. Such a table weighs each pair at its
    # left value's frequency, whatever the right record holds.
    left_only: bool = False


def _present(values: pd.Series) -> pd.Series:
    if values.dtype == object:
        return values[values.notna() & (values.astype(str) != "")]
    return values[values.notna() & (values.astype("float64") >= 0)]


def frequency_table(values: pd.Series) -> FrequencyTable:
    """Frequency table of the present values (empty strings and negatives are missing)."""
    present = _present(values)
    freq = present.value_counts(normalize=True, sort=False)
    total = max(len(present), 1)
    mean = float(np.square(freq.to_numpy()).sum()) if len(freq) else 1.0
    return FrequencyTable(freq, mean, 1.0 / total)


def lookup(table: FrequencyTable, values: pd.Series) -> NDArray[np.float64]:
    """Relative frequency of each value; unseen values get the table's floor."""
    found = values.map(table.frequencies)
    return found.fillna(table.floor).to_numpy(dtype=np.float64)


def tf_adjustment(freq_left: NDArray[np.float64], freq_right: NDArray[np.float64],
                  mean: float) -> NDArray[np.float32]:
    """Extra weight (bits) for agreeing on values of these frequencies; the commoner counts."""
    freq = np.maximum(freq_left, freq_right)
    adjustment = np.log2(mean / np.maximum(freq, 1e-12))
    return np.clip(adjustment, -MAX_ADJUSTMENT, MAX_ADJUSTMENT).astype(np.float32)
