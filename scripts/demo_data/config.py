"""Every rate the generator uses, in one place, so the docs and benchmarks can cite them."""

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class PeopleRates:
    """Who the true people are."""

    female: float = 0.12
    namesake: float = 0.01  # another person of the same state with the same name and birth year
    twin: float = 0.003  # same family name, date and place of birth
    father_son: float = 0.003  # identical name, one generation apart
    unit_swap: float = 0.3  # share of namesake pairs who also swap units between rotations
    deployments: tuple[float, float, float] = (0.55, 0.30, 0.15)  # P(1, 2, 3 deployments)
    military: float = 0.75
    police: float = 0.17
    civilian: float = 0.05  # the rest are contractors


@dataclass(frozen=True)
class RecordRates:
    """How many records each person leaves behind, and where."""

    duplicate_home: float = 0.10  # a second record from the home state (a later rotation)
    other_state: float = 0.03  # a record from another state (dual national, contractor)
    mission_record: float = 0.12  # per deployment: the mission keeps its own record
    alias: float = 0.04
    place_missing: float = 0.4
    sex_missing: float = 0.04
    nationality_missing: float = 0.03
    category_missing: float = 0.05
    service_number_home: float = 0.9
    service_number_mission: float = 0.5
    passport_home: float = 0.6
    passport_mission: float = 0.45
    national_id_home: float = 0.5
    national_id_mission: float = 0.1


@dataclass(frozen=True)
class VariationRates:
    """How one person's name, birth date and identifiers differ between records."""

    alt_spelling: float = 0.35  # a name part in a less popular romanisation
    alt_native: float = 0.15  # a name part in an alternative native spelling
    order_swapped: float = 0.05
    middle_dropped: float = 0.2
    initials: float = 0.05
    patronymic_dropped: float = 0.5  # Latin records of patronymic cultures
    connector: float = 0.15  # bin / ibn / ben between a name and the father's name
    prefix_toggled: float = 0.3  # Md. / Mohammad present, absent or spelt out
    accents_stripped: float = 0.4
    typo_keyboard: float = 0.03
    typo_ocr: float = 0.015
    dob_day_month_swapped: float = 0.04  # only where the day is 12 or less
    dob_year_only: float = 0.05
    dob_year_month: float = 0.02
    dob_missing: float = 0.06
    service_number_reformatted: float = 0.25
    passport_renewed: float = 0.35  # a later record carries a renewed passport
    partial_date: float = 0.12  # deployment and incident dates given as YYYY-MM


@dataclass(frozen=True)
class AllegationRates:
    """Who is alleged to have done what, and who reported it."""

    offender: float = 0.04
    allegation_counts: tuple[float, ...] = (0.62, 0.23, 0.10, 0.05)  # P(1, 2, 3, 4 allegations)
    reported_by_mission: float = 0.55
    reported_by_state: float = 0.30  # the rest are reported by both
    status: tuple[float, ...] = (0.18, 0.2, 0.27, 0.2, 0.15)
    category: tuple[float, ...] = (0.5, 0.3, 0.12, 0.08)
    minors_involved: float = 0.22
    minors_unknown: float = 0.15
    victim_count_unknown: float = 0.1
    incident_date_missing: float = 0.05


STATUSES = ("reported", "under_investigation", "substantiated", "unsubstantiated", "closed")
CATEGORIES = ("sexual_exploitation", "sexual_abuse", "sexual_harassment", "other")


@dataclass(frozen=True)
class Rates:
    """All rates of one run."""

    people: PeopleRates = field(default_factory=PeopleRates)
    records: RecordRates = field(default_factory=RecordRates)
    variation: VariationRates = field(default_factory=VariationRates)
    allegations: AllegationRates = field(default_factory=AllegationRates)


def rate_table(rates: Rates) -> list[tuple[str, str, str]]:
    """(group, name, value) for every rate, for the docs and the log."""
    rows: list[tuple[str, str, str]] = []
    for group in fields(rates):
        part = getattr(rates, group.name)
        for item in fields(part):
            rows.append((group.name, item.name, str(getattr(part, item.name))))
    return rows
