"""Curated name lexicons: each name in its native spelling and the Latin spellings records use.

The Latin spellings are popular conventions collected by hand (and from Faker for Latin-script
states); they are deliberately not produced by any transliterator, so that the linkage engine's
own transliteration is tested rather than reproduced.
"""

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

from scripts.demo_data.faker_pools import faker_names
from scripts.demo_data.states import DATA_DIR, State

KINDS = ("prefix", "male", "female", "middle", "middle_f", "family", "family_f", "place")
ZIPF_EXPONENT = 1.0  # common names are very common: the hard negatives of real registers


@dataclass(frozen=True)
class Entry:
    """One name: native spellings (first is standard) and Latin spellings (first is commonest)."""

    native: tuple[str, ...]
    latin: tuple[str, ...]
    pat_native: tuple[str, ...] = ()  # masculine patronymic made from this name
    pat_latin: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """All names of one state: entries, and for each kind the entry ids and sampling weights."""

    entries: tuple[Entry, ...]
    pools: dict[str, np.ndarray]
    weights: dict[str, np.ndarray]

    def has(self, kind: str) -> bool:
        """True when the state has names of this kind."""
        return kind in self.pools

    def sample(self, kind: str, rng: np.random.Generator, size: int) -> np.ndarray:
        """Entry ids of `kind`, popular names more often."""
        return rng.choice(self.pools[kind], size=size, p=self.weights[kind])


def strip_accents(text: str) -> str:
    """The text without combining marks, as typed on a keyboard without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _with_unaccented(latin: tuple[str, ...]) -> tuple[str, ...]:
    plain = tuple(strip_accents(name) for name in latin)
    return latin + tuple(name for name in dict.fromkeys(plain) if name not in latin)


def _curated(state: State) -> list[tuple[str, Entry]]:
    path = DATA_DIR / f"{state.code}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (
                row["kind"],
                Entry(
                    native=_split(row["native"]),
                    latin=_split(row["latin"]),
                    pat_native=_split(row.get("pat_native")),
                    pat_latin=_split(row.get("pat_latin")),
                ),
            )
            for row in csv.DictReader(handle)
        ]


def _from_faker(state: State, curated: list[tuple[str, Entry]]) -> list[tuple[str, Entry]]:
    known = {(kind, entry.latin[0]) for kind, entry in curated}
    extra: list[tuple[str, Entry]] = []
    for kind, names in faker_names(state.faker_locale).items():
        extra += [(kind, Entry((), (n,))) for n in names if (kind, n) not in known]
    return extra


def _zipf(size: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, size + 1) ** ZIPF_EXPONENT
    return np.asarray(weights / weights.sum())


@cache
def load_lexicon(state: State) -> Lexicon:
    """The state's lexicon: curated entries first (they rank as the most popular), then Faker's."""
    items = _curated(state)
    if state.faker_locale:
        items += _from_faker(state, items)
    entries = tuple(
        Entry(e.native, _with_unaccented(e.latin), e.pat_native, _with_unaccented(e.pat_latin))
        for _, e in items
    )
    pools: dict[str, np.ndarray] = {}
    for kind in KINDS:
        ids = [i for i, (k, _) in enumerate(items) if k == kind]
        if ids:
            pools[kind] = np.asarray(ids, dtype=np.int64)
    weights = {kind: _zipf(len(ids)) for kind, ids in pools.items()}
    return Lexicon(entries=entries, pools=pools, weights=weights)
