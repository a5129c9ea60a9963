"""Lay name parts out in the columns a state or a mission fills in."""

import random
from collections import Counter

from scripts.demo_data.names import NameFields
from scripts.demo_data.states import State

UN_STYLE_RATE = 0.7  # mission records written "FAMILY, Given Middle" in full_name


def _state_full(state: State, given: str, family: str, native: bool) -> str:
    if not family:
        return given
    if state.convention == "chinese":
        return family + given if native else f"{family.upper()} {given}"
    if state.convention == "french":
        return f"{family.upper()} {given}"
    if state.convention == "slavic" and native:
        return f"{family} {given}"  # official order in Ukraine: family, given, patronymic
    return f"{given} {family}"


def _mission_full(given: str, family: str) -> str:
    if not family:
        return given.upper()
    return f"{family.upper()}, {given}" if given else family.upper()


def format_name(state: State, parts: tuple[list[str], list[str]], native: bool, mission: bool,
                rng: random.Random, swap_rate: float, counts: Counter[str]) -> NameFields:
    """Name columns of one row; sometimes given and family names land in each other's place."""
    given, family = " ".join(parts[0]), " ".join(parts[1])
    if family and rng.random() < swap_rate:
        counts["order_swapped"] += 1
        given, family = family, given
    if mission:
        if rng.random() < UN_STYLE_RATE:
            return NameFields("", "", _mission_full(given, family))
        return NameFields(family.upper(), given, "")
    if rng.random() < state.full_name_rate:
        return NameFields("", "", _state_full(state, given, family, native))
    caps = state.convention in ("french", "chinese") and not native
    return NameFields(family.upper() if caps else family, given, "")
