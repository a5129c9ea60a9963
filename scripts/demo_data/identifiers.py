"""Service, passport and national id numbers: unique per person, formatted as each state does."""

import random
from dataclasses import dataclass

import numpy as np

from scripts.demo_data.states import State

SERVICE_DIGITS = 7
PASSPORT_DIGITS = 7
PASSPORTS_PER_PERSON = 3  # first, renewed, and one from a second nationality
NATIONAL_DIGITS = 8


@dataclass(frozen=True)
class Scrambler:
    """A bijection on 0..10**digits-1, so numbers look random yet never collide."""

    multiplier: int
    offset: int
    modulus: int

    def __call__(self, index: np.ndarray) -> np.ndarray:
        """Scrambled numbers for the given indexes."""
        return (index * self.multiplier + self.offset) % self.modulus

    def one(self, index: int) -> int:
        """The scrambled number of one index."""
        return (index * self.multiplier + self.offset) % self.modulus


def make_scrambler(seed: int, salt: int, digits: int) -> Scrambler:
    """A scrambler chosen by the run's seed: odd and not a multiple of 5 keeps it a bijection."""
    rng = np.random.default_rng([seed, salt])
    modulus = 10**digits
    multiplier = int(rng.integers(modulus // 10, modulus)) | 1
    if multiplier % 5 == 0:
        multiplier += 2
    return Scrambler(multiplier, int(rng.integers(0, modulus)), modulus)


@dataclass(frozen=True)
class IdentifierMakers:
    """The three scramblers of a run."""

    service: Scrambler
    passport: Scrambler
    national: Scrambler


def make_identifier_makers(seed: int) -> IdentifierMakers:
    """Scramblers shared by every chunk of the run, so numbers are unique across chunks."""
    return IdentifierMakers(
        service=make_scrambler(seed, 1, SERVICE_DIGITS),
        passport=make_scrambler(seed, 2, PASSPORT_DIGITS + 1),
        national=make_scrambler(seed, 3, NATIONAL_DIGITS),
    )


def service_number(state: State, number: int) -> str:
    """The canonical service number, e.g. BA-0123456."""
    return f"{state.service_prefix}-{number:0{SERVICE_DIGITS}d}"


def passport_number(state: State, number: int) -> str:
    """The passport number as printed, e.g. A01234567."""
    return f"{state.passport_prefix}{number:0{PASSPORT_DIGITS + 1}d}"


def national_id(state: State, number: int) -> str:
    """A national id of the state's length, all digits; the last 8 alone keep it unique."""
    extra = max(state.national_id_digits - NATIONAL_DIGITS, 0)
    lead = f"{(number * 7919) % 10**extra:0{extra}d}" if extra else ""
    return f"{lead}{number:0{NATIONAL_DIGITS}d}"


def reformat_service_number(text: str, rng: random.Random) -> str:
    """The same service number as another clerk typed it: spaces, no dash, zeros, no prefix."""
    prefix, _, digits = text.partition("-")
    style = rng.randrange(5)
    if style == 0:
        return prefix + digits
    if style == 1:
        return f"{prefix} {digits}"
    if style == 2:
        return f"{prefix}-{digits.lstrip('0') or '0'}"
    if style == 3:
        return f"{prefix}-0{digits}"
    return digits
