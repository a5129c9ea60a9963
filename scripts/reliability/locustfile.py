"""The load mix for `make load`: single checks, roster screenings and submissions.

Run by `python -m scripts.reliability.load`, which starts the service, loads demo data and
passes the tokens and data files here through VETREG_LOAD_* environment variables.
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

DATA_DIR = Path(os.environ.get("VETREG_LOAD_DATA_DIR", "."))
SCREENING_TIMEOUT_SECONDS = float(os.environ.get("VETREG_LOAD_SCREENING_TIMEOUT", "180"))
SUBMISSION_ROWS = int(os.environ.get("VETREG_LOAD_SUBMISSION_ROWS", "20"))
# Check queries (demo personnel records and unseen names) and the roster, written by load.py.
QUERIES: list[dict[str, Any]] = []
ROSTER = ""


def _load_data(**_kwargs: Any) -> None:
    global ROSTER
    lines = (DATA_DIR / "checks.jsonl").read_text(encoding="utf-8").splitlines()
    QUERIES.extend(json.loads(line) for line in lines if line)
    ROSTER = (DATA_DIR / "roster.csv").read_text(encoding="utf-8")


events.init.add_listener(_load_data)


def _bearer(variable: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {os.environ[variable]}"}


def _submission_csv() -> str:
    """A fresh personnel file: new record ids, so every upload is a real write."""
    batch = uuid.uuid4().hex[:10].upper()
    rows = ["record_id,family_name,given_names,date_of_birth,nationality,sex,service_number"]
    for i in range(SUBMISSION_ROWS):
        year = 1970 + random.randrange(30)
        rows.append(
            f"LOAD-{batch}-{i:03d},Hossain{random.randrange(10_000)},Mohammad Load,"
            f"{year}-0{1 + i % 9}-1{i % 10},BGD,M,BA-{random.randrange(10**7):07d}"
        )
    return "\n".join(rows) + "\n"


def _record_job(name: str, started: float, error: Exception | None) -> None:
    """Report a whole screening (submit, poll, fetch) as one request of type JOB."""
    events.request.fire(
        request_type="JOB",
        name=name,
        response_time=(time.perf_counter() - started) * 1000,
        response_length=0,
        exception=error,
        context={},
    )


class RegistryUser(FastHttpUser):
    """A mix of mission HR, contributing-state vetting staff and records clerks."""

    wait_time = between(0.2, 1.0)

    @task(20)
    def check(self) -> None:
        """One pre-deployment check."""
        query = random.choice(QUERIES)
        self.client.post(
            "/v1/checks", json=query, headers=_bearer("VETREG_LOAD_VETTING_TOKEN"), name="check"
        )

    @task(1)
    def submission(self) -> None:
        """One personnel upload by a contributing state."""
        headers = {**_bearer("VETREG_LOAD_SUBMITTER_TOKEN"), "Content-Type": "text/csv"}
        with self.client.post(
            "/v1/submissions/personnel",
            data=_submission_csv(),
            headers=headers,
            name="submission",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"expected 201, got {response.status_code}")

    @task(1)
    def screening(self) -> None:
        """A roster screening: submit, poll until done, fetch the results."""
        started = time.perf_counter()
        headers = {**_bearer("VETREG_LOAD_VETTING_TOKEN"), "Content-Type": "text/csv"}
        response = self.client.post(
            "/v1/screenings", data=ROSTER, headers=headers, name="screening submit"
        )
        if response.status_code != 202:
            return
        body = response.json()
        try:
            self._poll(body["status_url"], headers)
        except RuntimeError as exc:
            _record_job("screening end to end", started, exc)
            return
        self.client.get(body["results_url"], headers=headers, name="screening results")
        _record_job("screening end to end", started, None)

    def _poll(self, url: str, headers: dict[str, str]) -> None:
        deadline = time.monotonic() + SCREENING_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            response = self.client.get(url, headers=headers, name="screening status")
            status = response.json().get("status") if response.status_code == 200 else None
            if status == "succeeded":
                return
            if status == "failed":
                raise RuntimeError("the screening failed")
            time.sleep(1.0)
        raise RuntimeError(f"the screening did not finish in {SCREENING_TIMEOUT_SECONDS} s")
