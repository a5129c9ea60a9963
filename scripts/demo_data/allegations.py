"""Allegations: who is alleged to have done what, where, and which organisations reported it."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from scripts.demo_data.careers import TODAY, Careers
from scripts.demo_data.config import CATEGORIES, STATUSES, AllegationRates
from scripts.demo_data.dates import from_month_number
from scripts.demo_data.people import People
from scripts.demo_data.plan import Plan
from scripts.demo_data.states import Mission, State

ALLEGATION_COLUMNS = (
    "source_reference", "subject_record_id", "mission", "incident_date", "reported_date",
    "category", "status", "outcome", "minors_involved", "victim_count",
)
OUTCOMES = {
    "substantiated": ("repatriated", "dismissed", "prosecuted", "convicted", "repatriated"),
    "unsubstantiated": ("none", ""),
    "closed": ("none", "", "repatriated"),
}
RECENT_MONTHS = 18  # incidents this recent are mostly still open


@dataclass(frozen=True)
class Incident:
    """One alleged incident during one of the person's deployments."""

    row: int
    deployment: int
    month: int
    day: int
    by_mission: bool
    by_state: bool


@dataclass(frozen=True)
class Report:
    """One allegation row, with the truth behind it."""

    org: str
    row: tuple[str, ...]
    person_row: int
    mission: str
    later_deployment: bool


def _incident(row: int, k: int, careers: Careers, rates: AllegationRates,
              rng: random.Random) -> Incident:
    start, end = int(careers.start[row, k]), min(int(careers.end[row, k]), TODAY)
    roll = rng.random()
    return Incident(
        row=row,
        deployment=k,
        month=start + rng.randrange(max(end - start, 1)),
        day=rng.randrange(1, 29),
        by_mission=roll < rates.reported_by_mission or roll >= rates.reported_by_mission
        + rates.reported_by_state,
        by_state=roll >= rates.reported_by_mission,
    )


def _deployments(count: int, n: int, rng: random.Random) -> list[int]:
    """Which deployments n incidents fall in: different ones while there are enough."""
    spread = rng.sample(range(count), min(n, count))
    return spread + [rng.randrange(count) for _ in range(n - len(spread))]


def plan_incidents(people: People, careers: Careers, rates: AllegationRates,
                   rng: random.Random) -> list[Incident]:
    """Incidents of the chunk's offenders; a serial offender's may span several deployments."""
    incidents = []
    counts = range(1, len(rates.allegation_counts) + 1)
    for row in range(len(people)):
        if rng.random() < rates.offender:
            n = rng.choices(counts, weights=rates.allegation_counts)[0]
            incidents += [_incident(row, k, careers, rates, rng)
                          for k in _deployments(int(careers.count[row]), n, rng)]
    return incidents


def mission_records_needed(incidents: list[Incident]) -> set[tuple[int, int]]:
    """(person row, deployment) pairs whose mission must hold a record of the subject."""
    return {(i.row, i.deployment) for i in incidents if i.by_mission}


def _status(incident: Incident, rates: AllegationRates, rng: random.Random) -> str:
    if TODAY - incident.month < RECENT_MONTHS:
        return rng.choice(STATUSES[:3])
    return rng.choices(STATUSES, weights=rates.status)[0]


def _facts(incident: Incident, rates: AllegationRates, rng: random.Random) -> tuple[str, ...]:
    partial = rng.random() < 0.15
    incident_date = from_month_number(incident.month, incident.day, partial)
    if rng.random() < rates.incident_date_missing:
        incident_date = ""
    year, month = divmod(incident.month, 12)
    when = date(year, month + 1, incident.day) + timedelta(days=rng.randrange(0, 150))
    reported = when.isoformat()
    status = _status(incident, rates, rng)
    minors = rng.random()
    victims = "" if rng.random() < rates.victim_count_unknown else str(
        rng.choices((1, 2, 3, 4), weights=(70, 18, 8, 4))[0])
    return (
        incident_date,
        reported,
        rng.choices(CATEGORIES, weights=rates.category)[0],
        status,
        rng.choice(OUTCOMES.get(status, ("",))),
        "" if minors < rates.minors_unknown else str(minors < rates.minors_unknown
                                                      + rates.minors_involved).lower(),
        victims,
    )


def _reporters(incident: Incident, people: People, careers: Careers, plan: Plan,
               states: tuple[State, ...], mission: str, rng: random.Random
               ) -> list[tuple[str, str, str]]:
    """(org, subject record id, mission column) for each organisation that reported it."""
    out = []
    if incident.by_mission:
        out.append((mission, plan.mission_ids[(incident.row, incident.deployment)], mission))
    if incident.by_state:
        home = states[int(people.state[incident.row])].code
        shown = "" if rng.random() < 0.05 else mission
        out.append((home, rng.choice(plan.home_ids[incident.row]), shown))
    return out


def render_reports(incidents: list[Incident], people: People, careers: Careers, plan: Plan,
                   states: tuple[State, ...], missions: tuple[Mission, ...],
                   rates: AllegationRates, id_prefix: str, rng: random.Random) -> list[Report]:
    """One allegation row per reporting organisation, with unique references per organisation."""
    pending = []
    for incident in incidents:
        mission = missions[int(careers.mission[incident.row, incident.deployment])].code
        for reporter in _reporters(incident, people, careers, plan, states, mission, rng):
            pending.append((incident, mission, reporter))
    rng.shuffle(pending)  # so that references say nothing about who is who
    numbers: dict[str, int] = {}
    reports = []
    for incident, mission, (org, subject, shown) in pending:
        numbers[org] = numbers.get(org, 0) + 1
        reference = f"{org}-A{id_prefix}{numbers[org]:05d}"
        row = (reference, subject, shown, *_facts(incident, rates, rng))
        later = incident.deployment < int(careers.count[incident.row]) - 1
        reports.append(Report(org, row, incident.row, mission, later))
    return reports
