"""Generate one chunk of people and every record they leave behind, as CSV text."""

import csv
import io
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from scripts.demo_data.allegations import (
    Report,
    mission_records_needed,
    plan_incidents,
    render_reports,
)
from scripts.demo_data.careers import make_careers
from scripts.demo_data.config import Rates
from scripts.demo_data.deployment_rows import deployment_rows
from scripts.demo_data.hard_negatives import add_fathers_and_sons, add_namesakes, add_twins
from scripts.demo_data.identifiers import make_identifier_makers
from scripts.demo_data.people import People, make_people
from scripts.demo_data.personnel import PersonnelRenderer
from scripts.demo_data.plan import MISSION, Plan, id_width, make_plan
from scripts.demo_data.states import load_missions, load_states

CHUNK_SIZE = 10_000  # fixed, so the output depends on the seed and not on the worker count


@dataclass(frozen=True)
class RunSpec:
    """What every chunk of a run needs to know."""

    seed: int
    people: int
    rates: Rates = field(default_factory=Rates)
    chunk_size: int = CHUNK_SIZE

    @property
    def chunks(self) -> int:
        """Number of chunks of the run."""
        return max(1, -(-self.people // self.chunk_size))


@dataclass
class ChunkOutput:
    """CSV bodies (no header) keyed by (org, kind), the truth files' bodies, and counters."""

    people: int
    bodies: dict[tuple[str, str], str]
    rows: Counter[tuple[str, str]]
    truth: str
    serial: str
    hard_negatives: str
    counts: Counter[str]


class _Sink:
    """CSV writers into strings, one per key."""

    def __init__(self) -> None:
        self.buffers: dict[tuple[str, str], io.StringIO] = {}
        self.rows: Counter[tuple[str, str]] = Counter()

    def write(self, key: tuple[str, str], rows: Sequence[tuple[str, ...]]) -> None:
        if not rows:
            return
        if key not in self.buffers:
            self.buffers[key] = io.StringIO()
        csv.writer(self.buffers[key], lineterminator="\n").writerows(rows)
        self.rows[key] += len(rows)

    def text(self, key: tuple[str, str]) -> str:
        return self.buffers[key].getvalue() if key in self.buffers else ""


def person_id(gid: int) -> str:
    """The true person id of a global person index."""
    return f"P{gid + 1:07d}"


def _serial_rows(reports: list[Report], people: People) -> list[tuple[str, ...]]:
    by_person: dict[int, list[Report]] = {}
    for report in reports:
        by_person.setdefault(report.person_row, []).append(report)
    rows: list[tuple[str, ...]] = []
    for row in sorted(by_person):
        found = by_person[row]
        missions = sorted({r.mission for r in found})
        submitters = sorted({r.org for r in found})
        redeployed = any(r.later_deployment for r in found)
        if len(missions) >= 2 or len(submitters) >= 2 or redeployed:
            rows.append((person_id(int(people.gid[row])), str(len(found)), ";".join(missions),
                         ";".join(submitters), str(redeployed).lower()))
    return rows


def _records(plan: Plan, renderer: PersonnelRenderer, spec_people: People, run: RunSpec,
             rng: random.Random, sink: _Sink) -> None:
    careers, missions = renderer.careers, load_missions()
    partial = run.rates.variation.partial_date
    for org, numbered in plan.by_org.items():
        personnel, deployments, truth = [], [], []
        for record_id, spec in numbered:
            row, script = renderer.row(record_id, spec)
            personnel.append(row)
            truth.append((record_id, person_id(int(spec_people.gid[spec.row])), org, script))
            if spec.kind != MISSION:
                deployments += deployment_rows(record_id, spec, spec_people, careers, missions,
                                               partial, rng)
        sink.write((org, "personnel"), personnel)
        sink.write((org, "deployments"), deployments)
        sink.write(("", "truth"), truth)


def generate_chunk(run: RunSpec, index: int) -> ChunkOutput:
    """All records of chunk `index`; the same (seed, index) always gives the same text."""
    seeds = np.random.SeedSequence([run.seed, index])
    np_rng = np.random.default_rng(seeds)
    rng = random.Random(int(seeds.generate_state(1)[0]))
    states, missions, rates = load_states(), load_missions(), run.rates
    first = index * run.chunk_size
    people = make_people(states, first, min(run.chunk_size, run.people - first), rates.people,
                         np_rng)
    pairs = add_twins(people, rates.people, np_rng) + add_fathers_and_sons(people, rates.people,
                                                                           np_rng)
    careers = make_careers(people, missions, rates.people.deployments, np_rng)
    pairs += add_namesakes(people, careers, rates.people, np_rng)
    incidents = plan_incidents(people, careers, rates.allegations, rng)
    prefix = f"{index:0{id_width(run.chunks)}d}"
    plan = make_plan(people, careers, states, missions, rates.records,
                     mission_records_needed(incidents), prefix, rng)
    renderer = PersonnelRenderer(people, careers, states, make_identifier_makers(run.seed),
                                 rates.records, rates.variation, rng)
    sink = _Sink()
    _records(plan, renderer, people, run, rng, sink)
    reports = render_reports(incidents, people, careers, plan, states, missions,
                             rates.allegations, prefix, rng)
    by_org: dict[str, list[tuple[str, ...]]] = {}
    for report in reports:
        by_org.setdefault(report.org, []).append(report.row)
    for org, rows in by_org.items():
        sink.write((org, "allegations"), rows)
    sink.write(("", "serial"), _serial_rows(reports, people))
    sink.write(("", "hard_negatives"), [(person_id(a), person_id(b), kind) for a, b, kind in pairs])
    bodies = {key: sink.text(key) for key in sink.buffers if key[0]}
    return ChunkOutput(len(people), bodies, Counter({k: v for k, v in sink.rows.items() if k[0]}),
                       sink.text(("", "truth")), sink.text(("", "serial")),
                       sink.text(("", "hard_negatives")), renderer.counts)
