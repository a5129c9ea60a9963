"""The true people of one chunk: home state, sex, birth date, name parts and service details."""

from dataclasses import dataclass

import numpy as np

from scripts.demo_data.config import PeopleRates
from scripts.demo_data.lexicon import Lexicon, load_lexicon
from scripts.demo_data.states import State

NONE = -1  # "no such name part"
FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1962, 2002
DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
NAME_PARTS = ("prefix", "given", "middle", "father", "grandfather", "family", "family2")

# Per naming convention: P(second given name), P(father's name), P(grandfather's), P(family name),
# P(second family name). Why: these are what separates e.g. an Ethiopian from a Brazilian name.
CONVENTIONS: dict[str, tuple[float, float, float, float, float]] = {
    "western": (0.45, 0.0, 0.0, 1.0, 0.0),
    "french": (0.45, 0.0, 0.0, 1.0, 0.0),
    "bengali": (0.5, 0.0, 0.0, 0.9, 0.0),
    "arabic_chain": (0.0, 1.0, 0.8, 0.5, 0.0),
    "ethiopian": (0.0, 1.0, 0.9, 0.0, 0.0),
    "slavic": (0.0, 1.0, 0.0, 1.0, 0.0),
    "chinese": (0.7, 0.0, 0.0, 1.0, 0.0),
    "two_surnames": (0.4, 0.0, 0.0, 1.0, 0.85),
}
MONONYM_STATES = {"IDN": 0.45}  # P(no family name): many Indonesians have a single name
PREFIX_RATE = 0.6  # Bangladeshi men with a Mohammad / Md. prefix


@dataclass
class People:
    """Column arrays, one row per true person of the chunk."""

    gid: np.ndarray  # global person index
    state: np.ndarray  # index into load_states()
    female: np.ndarray
    birth: np.ndarray  # (n, 3): year, month, day
    place: np.ndarray
    category: np.ndarray  # 0 military, 1 police, 2 civilian, 3 contractor
    rank: np.ndarray  # 0 (lowest) .. 9
    unit: np.ndarray  # contingent number, e.g. 7 in BANBAT-7
    names: dict[str, np.ndarray]  # NAME_PARTS -> entry id or NONE

    def __len__(self) -> int:
        return len(self.gid)


def _births(rng: np.random.Generator, n: int) -> np.ndarray:
    year = rng.integers(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1, n)
    month = rng.integers(1, 13, n)
    day = 1 + (rng.random(n) * DAYS_IN_MONTH[month - 1]).astype(np.int64)
    return np.stack([year, month, day], axis=1)


def _maybe(rng: np.random.Generator, rate: float, ids: np.ndarray) -> np.ndarray:
    return np.where(rng.random(len(ids)) < rate, ids, NONE)


def _by_sex(lex: Lexicon, male: str, female: str, sex: np.ndarray, rng: np.random.Generator
            ) -> np.ndarray:
    n = len(sex)
    his = lex.sample(male, rng, n)
    hers = lex.sample(female if lex.has(female) else male, rng, n)
    return np.where(sex, hers, his)


def _second_given(lex: Lexicon, sex: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if lex.has("middle"):
        return _by_sex(lex, "middle", "middle_f" if lex.has("middle_f") else "female", sex, rng)
    return _by_sex(lex, "male", "female", sex, rng)


def _family(lex: Lexicon, sex: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    family = lex.sample("family", rng, len(sex)) if lex.has("family") else np.full(len(sex), NONE)
    if lex.has("family_f"):
        theirs = lex.sample("family_f", rng, len(sex))
        family = np.where(sex & (rng.random(len(sex)) < 0.6), theirs, family)
    return family


def _names(state: State, sex: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    lex = load_lexicon(state)
    p_middle, p_father, p_grand, p_family, p_family2 = CONVENTIONS[state.convention]
    p_family *= 1.0 - MONONYM_STATES.get(state.code, 0.0)
    n = len(sex)
    prefix = np.full(n, NONE)
    if lex.has("prefix"):
        prefix = np.where(~sex, _maybe(rng, PREFIX_RATE, lex.sample("prefix", rng, n)), NONE)
    return {
        "prefix": prefix,
        "given": _by_sex(lex, "male", "female", sex, rng),
        "middle": _maybe(rng, p_middle, _second_given(lex, sex, rng)),
        "father": _maybe(rng, p_father, lex.sample("male", rng, n)),
        "grandfather": _maybe(rng, p_grand, lex.sample("male", rng, n)),
        "family": _maybe(rng, p_family, _family(lex, sex, rng)),
        "family2": _maybe(rng, p_family2, _family(lex, sex, rng)),
    }


def _categories(rates: PeopleRates, rng: np.random.Generator, n: int) -> np.ndarray:
    p = [rates.military, rates.police, rates.civilian]
    p.append(1.0 - sum(p))
    return rng.choice(4, size=n, p=p)


def make_people(states: tuple[State, ...], first_gid: int, n: int, rates: PeopleRates,
                rng: np.random.Generator) -> People:
    """Draw n people, numbered from first_gid."""
    weights = np.array([s.weight for s in states], dtype=float)
    state = rng.choice(len(states), size=n, p=weights / weights.sum())
    female = rng.random(n) < rates.female
    names = {part: np.full(n, NONE) for part in NAME_PARTS}
    place = np.zeros(n, dtype=np.int64)
    for index, st in enumerate(states):
        rows = np.flatnonzero(state == index)
        for part, ids in _names(st, female[rows], rng).items():
            names[part][rows] = ids
        place[rows] = load_lexicon(st).sample("place", rng, len(rows))
    return People(
        gid=np.arange(first_gid, first_gid + n, dtype=np.int64),
        state=state,
        female=female,
        birth=_births(rng, n),
        place=place,
        category=_categories(rates, rng, n),
        rank=np.minimum(rng.geometric(0.35, n) - 1, 9),
        unit=rng.integers(1, 16, n),
        names=names,
    )
