"""Review page timings with 10,000 pending pairs: queue, filtered queue, pair page, decision.

    python -m scripts.bench.review_bench [--pairs 10000] [--repeat 20] [--database-url URL]

Seeds a fresh database (a temporary SQLite file unless --database-url names an empty,
migrated one), signs an analyst in through the test client and times each GET.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from api import create_app
from api.auth import issue_token
from registry.db import session_scope
from registry.models import (
    Allegation,
    MatchCandidate,
    Organisation,
    Person,
    PersonnelRecord,
    RecordLink,
    Submission,
)
from registry.schema import migrate

NAMES = [
    ("Karim", "Abdul"),
    ("করিম", "আব্দুল"),
    ("करीम", "अब्दुल"),
    ("كريم", "عبد"),
    ("ከበደ", "አበበ"),
    ("张", "伟"),
    ("Traoré", "Moussa"),
    ("Коваль", "Олександр"),
]
ORGS = ["BGD", "NPL", "IND", "PAK", "ETH", "EGY", "CHN", "SEN", "UKR"]
EXPLANATION = [
    {
        "field": "name",
        "level": "similar .92",
        "weight": 6.5,
        "left": None,
        "right": None,
        "similarity": 0.93,
    },
    {
        "field": "date_of_birth",
        "level": "same year",
        "weight": 1.0,
        "left": None,
        "right": None,
        "similarity": None,
    },
    {
        "field": "nationality",
        "level": "different",
        "weight": -4.1,
        "left": None,
        "right": None,
        "similarity": None,
    },
    {
        "field": "sex",
        "level": "same",
        "weight": 1.0,
        "left": None,
        "right": None,
        "similarity": None,
    },
]


def _ids(session: Session, model: Any, column: Any) -> dict[str, int]:
    return {key: pk for pk, key in session.execute(select(model.id, column))}


def _seed_orgs(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    session.execute(insert(Organisation), [{"code": c, "name": c, "kind": "state"} for c in ORGS])
    orgs = _ids(session, Organisation, Organisation.code)
    session.execute(
        insert(Submission),
        [
            {
                "uid": str(uuid.uuid4()),
                "organisation_id": orgs[c],
                "kind": "personnel",
                "submitted_by": "bench",
                "file_name": f"{c}.csv",
                "status": "accepted",
                "file_sha256": hashlib.sha256(c.encode()).hexdigest(),
                "file_format": "csv",
            }
            for c in ORGS
        ],
    )
    subs = {
        code: pk
        for pk, code in session.execute(select(Submission.id, Organisation.code).join(Organisation))
    }
    return orgs, subs


def _record_rows(n: int, orgs: dict[str, int], subs: dict[str, int]) -> list[dict[str, Any]]:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        org = ORGS[i % len(ORGS)]
        family, given = NAMES[rng.randrange(len(NAMES))]
        rows.append(
            {
                "organisation_id": orgs[org],
                "submission_id": subs[org],
                "record_id": f"B{i:07d}",
                "content_hash": f"{i:064x}",
                "family_name": family,
                "given_names": given,
                "nationality": org,
                "date_of_birth": f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}",
                "sex": "M",
            }
        )
    return rows


def seed(session: Session, pairs: int) -> None:
    """`pairs` pending review-band candidates over 2 x `pairs` records, one in ten alleged."""
    orgs, subs = _seed_orgs(session)
    session.execute(insert(PersonnelRecord), _record_rows(2 * pairs, orgs, subs))
    records = session.execute(
        select(
            PersonnelRecord.id, PersonnelRecord.organisation_id, PersonnelRecord.record_id
        ).order_by(PersonnelRecord.id)
    ).all()
    session.execute(insert(Person), [{"uid": str(uuid.uuid4())} for _ in records])
    persons = list(session.scalars(select(Person.id).order_by(Person.id)))
    session.execute(
        insert(RecordLink),
        [
            {"organisation_id": org, "record_id": rid, "person_id": person, "method": "singleton"}
            for (_, org, rid), person in zip(records, persons, strict=True)
        ],
    )
    rng = random.Random(11)
    session.execute(
        insert(MatchCandidate),
        [
            {
                "left_record_id": records[2 * i][0],
                "right_record_id": records[2 * i + 1][0],
                "score": round(rng.uniform(0.5, 0.95), 4),
                "match_weight": 2.0,
                "band": "review",
                "explanation": EXPLANATION,
                "model_name": "vetreg-fs",
                "model_version": "1",
                "status": "pending",
                "involves_allegation": i % 10 == 0,
            }
            for i in range(pairs)
        ],
    )
    session.execute(
        insert(Allegation),
        [
            {
                "case_number": f"VR-2026-{i:06d}-0",
                "organisation_id": records[2 * i][1],
                "submission_id": subs[ORGS[0]],
                "source_reference": f"A{i}",
                "subject_record_id": records[2 * i][2],
                "content_hash": f"{i:064x}",
                "category": "sexual_exploitation",
                "status": "reported",
                "mission": "MINUSCA",
            }
            for i in range(0, pairs, 10)
        ],
    )


def _signed_in(client: FlaskClient, token: str) -> None:
    page = client.get("/review/sign-in").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    response = client.post("/review/sign-in", data={"token": token, "csrf_token": csrf.group(1)})
    assert response.status_code == 302


def _time(client: FlaskClient, path: str, repeat: int) -> tuple[float, float]:
    """(first, median of the rest) in milliseconds for GET `path`."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times[0], statistics.median(times[1:])


def main(argv: list[str] | None = None) -> None:
    """Seed, sign in, time the pages, print the figures."""
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.review_bench")
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    var_dir = Path(tempfile.mkdtemp(prefix="review-bench-"))
    url = args.database_url or f"sqlite:///{var_dir / 'bench.sqlite3'}"
    migrate(url)
    start = time.perf_counter()
    with session_scope(url) as session:
        seed(session, args.pairs)
    backend = url.split(":")[0]
    print(f"seeded {args.pairs} pending pairs in {time.perf_counter() - start:.1f} s ({backend})")
    app = create_app({"database_url": url, "var_dir": var_dir})
    client = app.test_client()
    token = issue_token(
        app.config["SETTINGS"], sub="bench", org="REG", roles=["analyst"], ttl_seconds=600
    )
    _signed_in(client, token)
    with session_scope(url) as session:
        top = session.scalar(select(MatchCandidate.id).where(MatchCandidate.involves_allegation))
    pages = {
        "queue": "/review/queue",
        "queue, page 100": "/review/queue?page=100",
        "queue, Bengali script": "/review/queue?script=Beng",
        "queue, state NPL": "/review/queue?state=NPL",
        "pair page": f"/review/pairs/{top}",
    }
    print(f"{'page':<24}{'first ms':>10}{'median ms':>11}")
    for name, path in pages.items():
        first, median = _time(client, path, args.repeat)
        print(f"{name:<24}{first:>10.1f}{median:>11.1f}")


if __name__ == "__main__":
    main()
