"""Which records exist for each person, who submitted them, and their record ids."""

import random
from dataclasses import dataclass

from scripts.demo_data.careers import Careers
from scripts.demo_data.config import RecordRates
from scripts.demo_data.people import People
from scripts.demo_data.states import Mission, State

HOME, HOME_AGAIN, OTHER_STATE, MISSION = "home", "home_again", "other_state", "mission"


@dataclass(frozen=True)
class RecordSpec:
    """One personnel record to write."""

    row: int  # the person's row in the chunk
    org: str
    kind: str
    deployment: int  # which deployment the record describes


@dataclass(frozen=True)
class Plan:
    """All records of a chunk, with their ids, in output order per organisation."""

    by_org: dict[str, list[tuple[str, RecordSpec]]]
    home_ids: dict[int, list[str]]  # person row -> ids of home-state records
    mission_ids: dict[tuple[int, int], str]  # (person row, deployment) -> mission record id


def _specs(people: People, careers: Careers, states: tuple[State, ...],
           missions: tuple[Mission, ...], rates: RecordRates, forced: set[tuple[int, int]],
           rng: random.Random) -> list[RecordSpec]:
    specs: list[RecordSpec] = []
    counts = careers.count.tolist()
    for row, (state, n) in enumerate(zip(people.state.tolist(), counts, strict=True)):
        specs.append(RecordSpec(row, states[state].code, HOME, n - 1))
        if rng.random() < rates.duplicate_home:
            specs.append(RecordSpec(row, states[state].code, HOME_AGAIN, rng.randrange(n)))
        if rng.random() < rates.other_state:
            other = rng.choice([s.code for s in states if s.code != states[state].code])
            specs.append(RecordSpec(row, other, OTHER_STATE, rng.randrange(n)))
        for k in range(n):
            if (row, k) in forced or rng.random() < rates.mission_record:
                mission = missions[int(careers.mission[row, k])].code
                specs.append(RecordSpec(row, mission, MISSION, k))
    return specs


def make_plan(people: People, careers: Careers, states: tuple[State, ...],
              missions: tuple[Mission, ...], rates: RecordRates, forced: set[tuple[int, int]],
              id_prefix: str, rng: random.Random) -> Plan:
    """Plan the records; `forced` deployments get a mission record whatever the rates say."""
    by_org: dict[str, list[RecordSpec]] = {}
    for spec in _specs(people, careers, states, missions, rates, forced, rng):
        by_org.setdefault(spec.org, []).append(spec)
    numbered: dict[str, list[tuple[str, RecordSpec]]] = {}
    home_ids: dict[int, list[str]] = {}
    mission_ids: dict[tuple[int, int], str] = {}
    for org in sorted(by_org):
        specs = by_org[org]
        rng.shuffle(specs)  # so that ids and row order say nothing about who is who
        numbered[org] = [(f"{org}-P{id_prefix}{i:05d}", spec) for i, spec in enumerate(specs)]
        for record_id, spec in numbered[org]:
            if spec.kind in (HOME, HOME_AGAIN):
                home_ids.setdefault(spec.row, []).append(record_id)
            elif spec.kind == MISSION:
                mission_ids[(spec.row, spec.deployment)] = record_id
    return Plan(numbered, home_ids, mission_ids)


def id_width(chunks: int) -> int:
    """Digits of the chunk number in record ids."""
    return max(3, len(str(max(chunks - 1, 0))))
