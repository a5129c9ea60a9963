"""Name pools drawn once from Faker for the Latin-script states that have a fitting locale."""

from collections import Counter
from functools import cache

from faker import Faker

POOL_DRAWS = 600  # draws per kind; Faker's weighted lists make frequent names come first
POOL_SEED = 20240601  # pools are fixed data, independent of the run's seed


def _ranked(draws: list[str]) -> tuple[str, ...]:
    # Faker returns double given names ("Maria Alice"); keep them, they are realistic.
    counts = Counter(draws)
    return tuple(name for name, _ in counts.most_common())


@cache
def faker_names(locale: str) -> dict[str, tuple[str, ...]]:
    """Male, female and family names of the locale, commonest first."""
    fake = Faker(locale)
    fake.seed_instance(POOL_SEED)
    return {
        "male": _ranked([fake.first_name_male() for _ in range(POOL_DRAWS)]),
        "female": _ranked([fake.first_name_female() for _ in range(POOL_DRAWS)]),
        "family": _ranked([fake.last_name() for _ in range(POOL_DRAWS)]),
    }
