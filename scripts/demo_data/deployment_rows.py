"""Render the deployment rows a state submits for its personnel records."""

import random

from scripts.demo_data.careers import Careers
from scripts.demo_data.dates import from_month_number
from scripts.demo_data.people import People
from scripts.demo_data.plan import HOME, HOME_AGAIN, OTHER_STATE, RecordSpec
from scripts.demo_data.ranks import ROLES
from scripts.demo_data.states import Mission

DEPLOYMENT_COLUMNS = ("record_id", "mission", "start_date", "end_date", "role")
LISTED = 0.95  # share of a person's deployments their home record lists


def _listed(spec: RecordSpec, count: int, rng: random.Random) -> list[int]:
    if spec.kind == HOME:
        return [k for k in range(count) if rng.random() < LISTED]
    if spec.kind == HOME_AGAIN:
        return list(range(spec.deployment, count))  # a later rotation lists what came since
    if spec.kind == OTHER_STATE and rng.random() < 0.5:
        return [spec.deployment]
    return []


def deployment_rows(record_id: str, spec: RecordSpec, people: People, careers: Careers,
                    missions: tuple[Mission, ...], partial_rate: float,
                    rng: random.Random) -> list[tuple[str, ...]]:
    """The deployments listed under one state personnel record."""
    rows: list[tuple[str, ...]] = []
    category = int(people.category[spec.row])
    for k in _listed(spec, int(careers.count[spec.row]), rng):
        partial = rng.random() < partial_rate
        start = from_month_number(int(careers.start[spec.row, k]),
                                  int(careers.start_day[spec.row, k]), partial)
        end = "" if careers.ongoing(spec.row, k) else from_month_number(
            int(careers.end[spec.row, k]), int(careers.end_day[spec.row, k]), partial)
        role = rng.choice(ROLES[category])
        rows.append((record_id, missions[int(careers.mission[spec.row, k])].code, start, end, role))
    return rows
