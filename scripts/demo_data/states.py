"""Contributing states and missions, read from the package's data files."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class State:
    """A troop- or police-contributing state and how its records are written."""

    code: str
    name: str
    script: str  # ISO 15924 code of its native script
    convention: str  # how a name is built: see names.py
    weight: float  # share of contributed personnel
    native_rate: float  # share of its own records written in the native script
    full_name_rate: float  # share of its records with the whole name in full_name
    faker_locale: str
    language: str  # language of rank titles
    unit: str  # contingent abbreviation, e.g. BANBAT
    service_prefix: str
    passport_prefix: str
    national_id_digits: int

    @property
    def has_native_script(self) -> bool:
        """True when the state writes names in a script other than Latin."""
        return self.script != "Latn"


@dataclass(frozen=True)
class Mission:
    """A peacekeeping mission that keeps its own personnel and allegation records."""

    code: str
    name: str
    weight: float


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def load_states() -> tuple[State, ...]:
    """All contributing states, in file order."""
    return tuple(
        State(
            code=row["code"],
            name=row["name"],
            script=row["script"],
            convention=row["convention"],
            weight=float(row["weight"]),
            native_rate=float(row["native_rate"]),
            full_name_rate=float(row["full_name_rate"]),
            faker_locale=row["faker_locale"],
            language=row["language"],
            unit=row["unit"],
            service_prefix=row["service_prefix"],
            passport_prefix=row["passport_prefix"],
            national_id_digits=int(row["national_id_digits"]),
        )
        for row in _rows("states.csv")
    )


@lru_cache(maxsize=1)
def load_missions() -> tuple[Mission, ...]:
    """All missions, in file order."""
    return tuple(
        Mission(code=row["code"], name=row["name"], weight=float(row["weight"]))
        for row in _rows("missions.csv")
    )
