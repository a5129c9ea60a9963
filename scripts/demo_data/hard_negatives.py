"""Different people who look alike: namesakes, twins, fathers and sons, swapped units."""

import numpy as np

from scripts.demo_data.careers import Careers
from scripts.demo_data.config import PeopleRates
from scripts.demo_data.people import NAME_PARTS, People

Pair = tuple[int, int, str]


def _partners(state: np.ndarray, chosen: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each chosen row, another row of the same state (or itself when it is alone)."""
    order: np.ndarray = np.argsort(state, kind="stable")
    starts = np.searchsorted(state[order], state[chosen], side="left")
    sizes = np.searchsorted(state[order], state[chosen], side="right") - starts
    offset = (rng.random(len(chosen)) * sizes).astype(np.int64)
    partner: np.ndarray = order[starts + offset]
    clash = partner == chosen
    partner[clash] = order[starts[clash] + (offset[clash] + 1) % sizes[clash]]
    return partner


def _pick(people: People, rate: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    chosen = np.flatnonzero(rng.random(len(people)) < rate)
    partner = _partners(people.state, chosen, rng)
    keep = partner != chosen
    return chosen[keep], partner[keep]


def _copy_names(people: People, dst: np.ndarray, src: np.ndarray, parts: tuple[str, ...]) -> None:
    for part in parts:
        people.names[part][dst] = people.names[part][src]


def _pairs(people: People, a: np.ndarray, b: np.ndarray, kind: str) -> list[Pair]:
    return [(int(x), int(y), kind) for x, y in zip(people.gid[a], people.gid[b], strict=True)]


def add_namesakes(people: People, careers: Careers, rates: PeopleRates,
                  rng: np.random.Generator) -> list[Pair]:
    """Same name and birth year; some of them also swap units between rotations."""
    a, b = _pick(people, rates.namesake, rng)
    _copy_names(people, a, b, NAME_PARTS)
    people.female[a] = people.female[b]
    people.birth[a, 0] = people.birth[b, 0]
    pairs = _pairs(people, a, b, "namesake")
    swap = rng.random(len(a)) < rates.unit_swap
    a, b = a[swap], b[swap]
    # Later rotations of each carry the other's contingent number, so unit is no evidence.
    later_a, later_b = careers.unit[a, 1:].copy(), careers.unit[b, 1:].copy()
    careers.unit[a, 1:], careers.unit[b, 1:] = later_b, later_a
    return pairs + _pairs(people, a, b, "unit_swap")


def add_twins(people: People, rates: PeopleRates, rng: np.random.Generator) -> list[Pair]:
    """Same family (and father's) name, birth date and place; a different given name."""
    a, b = _pick(people, rates.twin, rng)
    _copy_names(people, a, b, ("family", "family2", "father", "grandfather", "prefix"))
    people.birth[a] = people.birth[b]
    people.place[a] = people.place[b]
    same_given = people.names["given"][a] == people.names["given"][b]
    people.female[a[same_given]] = ~people.female[b[same_given]]
    return _pairs(people, a, b, "twin")


def add_fathers_and_sons(people: People, rates: PeopleRates,
                         rng: np.random.Generator) -> list[Pair]:
    """A son named after his father, born 22-32 years later."""
    son, father = _pick(people, rates.father_son, rng)
    _copy_names(people, son, father, NAME_PARTS)
    people.female[son] = people.female[father] = False
    people.place[son] = people.place[father]
    age_gap = rng.integers(22, 33, len(son))
    people.birth[father, 0] = np.minimum(people.birth[father, 0], 1970)
    people.birth[son, 0] = people.birth[father, 0] + age_gap
    return _pairs(people, son, father, "father_son")
