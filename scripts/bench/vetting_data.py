"""The vetting benchmark's data: a registry built through intake, and the queries put to it.

The registry is generated (`vetreg demo-data`), imported through the intake path every
submission takes, then indexed for retrieval with a model trained on it (or linked,
which does both). Queries
are records of the registry as another state might write them (a typo, a year for a
date, identifiers left out, the name in one field), mixed with people the registry has
never seen.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from linkage import columns as c
from registry.config import Settings
from registry.db import session_factory
from registry.models import PersonnelRecord

log = logging.getLogger(__name__)

Query = dict[str, str]
INDEX_CHUNK = 50_000
UNSEEN_SEED_OFFSET = 1_000
# Interchange columns a query carries (record_id is the submitter's own and never sent).
QUERY_COLUMNS = [name for name in c.PERSONNEL_COLUMNS if name != c.RECORD_ID]


def generated(data_dir: Path, people: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The demo data set for (people, seed) under `data_dir`, generated on first use."""
    from scripts.demo_data import generate

    out = data_dir / f"people-{people}-seed-{seed}"
    manifest_path = out / "manifest.json"
    if not manifest_path.exists():
        started = time.perf_counter()
        generate(out, people, seed=seed, workers=2)
        print(f"  generated {people:,} people in {time.perf_counter() - started:.1f} s")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    return out, manifest


def registry_size(url: str) -> int:
    """Current personnel records in the registry at `url`."""
    with session_factory(url)() as session:
        query = select(func.count()).where(PersonnelRecord.is_current.is_(True))
        return int(session.scalar(query) or 0)


def import_registry(settings: Settings, out: Path, manifest: dict[str, Any]) -> float:
    """Import the personnel, then the allegations, of a generated set; returns seconds."""
    from registry.intake import import_file

    started = time.perf_counter()
    for kind in ("personnel", "allegations"):
        for item in (s for s in manifest["submissions"] if s["kind"] == kind):
            with session_factory(settings.database_url)() as session:
                report = import_file(
                    session,
                    kind,
                    out / item["path"],
                    org_code=item["org"],
                    submitted_by="bench",
                    settings=settings,
                )
            if report.status not in {"accepted", "unchanged"}:
                raise RuntimeError(f"{item['path']} was {report.status}")
    return time.perf_counter() - started


def index_registry(settings: Settings) -> float:
    """Write the retrieval keys of every record, a chunk per transaction; returns seconds."""
    from registry.vetting import index_records

    started = time.perf_counter()
    with session_factory(settings.database_url)() as session:
        pks = [int(pk) for pk in session.scalars(select(PersonnelRecord.id))]
        for start in range(0, len(pks), INDEX_CHUNK):
            index_records(session, pks[start : start + INDEX_CHUNK])
            session.commit()
            log.info("indexed %d/%d records", min(start + INDEX_CHUNK, len(pks)), len(pks))
    return time.perf_counter() - started


def analyse(settings: Settings) -> None:
    """VACUUM ANALYZE the retrieval tables after the bulk load, as autovacuum would later.

    Freshly loaded, PostgreSQL has neither statistics nor a visibility map for them, and
    every key lookup then reads the table itself: a check took seconds at 1M records.
    """
    from sqlalchemy import create_engine, text

    engine = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            for table in ("record_keys", "personnel_records", "allegations", "record_links"):
                conn.execute(text(f"VACUUM (ANALYZE) {table}"))
    engine.dispose()


def has_model(settings: Settings) -> bool:
    """Whether the registry has an active scoring model stored (by a link run or `train_model`)."""
    from registry.models import LinkageModel

    with session_factory(settings.database_url)() as session:
        query = select(func.count()).where(LinkageModel.is_active.is_(True))
        return bool(session.scalar(query))


def train_model(settings: Settings) -> float:
    """Estimate the scoring model on the registry's current records and make it active, as
    every link run of a real registry does; returns seconds.

    An indexed registry that was never linked is scored by the engine's hand-set default
    model, whose prior (1e-2) suits a registry of a hundred people: on a million records
    it sent 94 % of the benchmark's checks to review, against 20 % with a trained model.
    """
    from linkage import LinkConfig, link_normalised, normalise_records
    from linkage.parallel import default_workers
    from registry.frames import ORG, PK, current_personnel_frame
    from registry.linking.model_store import store_model, versioned

    started, workers = time.perf_counter(), default_workers()
    with session_factory(settings.database_url)() as session:
        frame = current_personnel_frame(session).drop(columns=[PK, ORG])
        normalised = normalise_records(frame, workers=workers)
        del frame
        result = link_normalised(normalised, config=LinkConfig(train=True, workers=workers))
        store_model(session, versioned(result.model))
        session.commit()
    return time.perf_counter() - started


def link_registry(settings: Settings) -> float:
    """Link the whole registry (which also indexes it); returns seconds."""
    from registry.linking import relink_registry

    started = time.perf_counter()
    with session_factory(settings.database_url)() as session:
        relink_registry(session, settings)
        session.commit()
    return time.perf_counter() - started


def personnel_rows(out: Path, manifest: dict[str, Any]) -> Iterator[Query]:
    """Every personnel row of a generated set."""
    for item in manifest["submissions"]:
        if item["kind"] == "personnel":
            with (out / item["path"]).open(encoding="utf-8", newline="") as stream:
                yield from csv.DictReader(stream)


def _typo(rng: random.Random, query: Query) -> None:
    column = next(
        (k for k in (c.FAMILY_NAME, c.FULL_NAME, c.GIVEN_NAMES) if len(query.get(k, "")) > 3), None
    )
    if column is not None:
        text = query[column]
        i = rng.randrange(1, len(text) - 2)
        query[column] = text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _year_only(rng: random.Random, query: Query) -> None:
    query[c.DATE_OF_BIRTH] = query.get(c.DATE_OF_BIRTH, "")[:4]


def _no_identifiers(rng: random.Random, query: Query) -> None:
    for column in (c.PASSPORT_NUMBER, c.NATIONAL_ID, c.SERVICE_NUMBER):
        query[column] = ""


def _one_name_field(rng: random.Random, query: Query) -> None:
    parts = [query.get(c.FAMILY_NAME, ""), query.get(c.GIVEN_NAMES, "")]
    if any(parts):
        query[c.FULL_NAME] = " ".join(p for p in parts if p)
        query[c.FAMILY_NAME] = query[c.GIVEN_NAMES] = ""


VARIATIONS: tuple[Callable[[random.Random, Query], None], ...] = (
    _typo,
    _year_only,
    _no_identifiers,
    _one_name_field,
)


def as_query(row: Query, rng: random.Random | None = None) -> Query:
    """The row's personnel fields without its record_id, with 0-2 variations when `rng`."""
    query = {k: (row.get(k) or "").strip() for k in QUERY_COLUMNS}
    if rng is not None:
        for vary in rng.sample(VARIATIONS, rng.randint(0, 2)):
            vary(rng, query)
    return {k: v for k, v in query.items() if v}


def sample_queries(
    registry: list[Query], unseen: list[Query], count: int, seed: int, unseen_share: float
) -> list[Query]:
    """`count` queries: registry records with variations, and unseen people."""
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        if rng.random() < unseen_share:
            queries.append(as_query(rng.choice(unseen)))
        else:
            queries.append(as_query(rng.choice(registry), rng))
    return queries


def reservoir(rows: Iterator[Query], size: int, seed: int) -> list[Query]:
    """A uniform sample of `size` rows from a stream (all rows when fewer)."""
    rng = random.Random(seed)
    sample: list[Query] = []
    for i, row in enumerate(rows):
        if i < size:
            sample.append(row)
        else:
            j = rng.randrange(i + 1)
            if j < size:
                sample[j] = row
    return sample


def write_roster(path: Path, queries: list[Query]) -> None:
    """A personnel CSV of the queries, with record ids R0000001..."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(c.PERSONNEL_COLUMNS))
        writer.writeheader()
        for i, query in enumerate(queries, start=1):
            writer.writerow({c.RECORD_ID: f"R{i:07d}", **query})
