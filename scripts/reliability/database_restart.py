"""Fault (b): restart PostgreSQL while checks keep arriving.

Every answer while the database is away must be a quick 503 problem (no hang, no 500,
no traceback), and the same gunicorn processes must answer 200 again once it is back.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scripts.reliability.http import Answer, call
from scripts.reliability.stack import Stack

__all__ = ["RestartReport", "restart_under_load"]

QUERY = {"family_name": "Rahman", "given_names": "Kamal", "nationality": "BGD"}


@dataclass
class RestartReport:
    """Answers seen before, during and after the outage."""

    statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    bad_answers: list[str] = field(default_factory=list)
    slowest_outage_answer_seconds: float = 0.0
    seconds_to_recover: float | None = None
    gunicorn_restarted: bool = False

    @property
    def passed(self) -> bool:
        """503 problems only while down, recovery without a restart."""
        return (
            not self.bad_answers
            and self.seconds_to_recover is not None
            and not self.gunicorn_restarted
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the verdict."""
        return {**self.__dict__, "passed": self.passed}


class _Phase:
    def __init__(self) -> None:
        self.name = "before"
        self.lock = threading.Lock()
        self.answers: list[tuple[str, float, Answer]] = []


def _requests(stack: Stack) -> list[tuple[str, str, str, Any]]:
    """A check (reads and writes: audit) and a submission lookup (a plain read)."""
    base = stack.service.base_url
    return [
        ("POST", f"{base}/v1/checks", stack.token("vetting", "UNMISS"), QUERY),
        ("GET", f"{base}/v1/submissions/{uuid.uuid4()}", stack.token("submitter", "BGD"), None),
    ]


def _client(stack: Stack, phase: _Phase, stop: threading.Event) -> None:
    requests = _requests(stack)
    turn = 0
    while not stop.is_set():
        method, url, token, body = requests[turn % len(requests)]
        turn += 1
        sent_in = phase.name
        answer = call(method, url, token=token, json_body=body, timeout=60)
        with phase.lock:
            phase.answers.append((sent_in, time.monotonic(), answer))
        time.sleep(0.05)


def _judge(phase: _Phase, report: RestartReport, back_at: float) -> None:
    by_phase: dict[str, Counter[int]] = {}
    for name, at, answer in phase.answers:
        by_phase.setdefault(name, Counter())[answer.status] += 1
        if name == "down":
            report.slowest_outage_answer_seconds = max(
                report.slowest_outage_answer_seconds, answer.seconds
            )
            # Answers to requests already past the database when it stopped may still be 2xx/4xx.
            refused = answer.status == 503 and not answer.is_problem
            if answer.status not in {200, 404, 503} or refused or answer.seconds > 10:
                report.bad_answers.append(f"down: {answer.status} in {answer.seconds:.1f} s")
        elif answer.status not in {200, 404, 503} or (
            answer.status == 503 and not answer.is_problem
        ):
            report.bad_answers.append(f"{name}: {answer.status} {answer.body[:200]!r}")
        if name == "after" and answer.status in {200, 404} and report.seconds_to_recover is None:
            report.seconds_to_recover = round(at - back_at, 2)
    report.statuses = {k: {str(s): n for s, n in v.items()} for k, v in by_phase.items()}


def restart_under_load(
    stack: Stack, *, clients: int = 4, down_seconds: float = 8.0, settle_seconds: float = 20.0
) -> RestartReport:
    """Stop PostgreSQL for `down_seconds` under `clients` looping check clients."""
    pids_before = sorted(stack.service.worker_pids())
    phase, stop = _Phase(), threading.Event()
    threads = [threading.Thread(target=_client, args=(stack, phase, stop)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(5)
    phase.name = "down"
    stack.postgres.stop("fast")
    time.sleep(down_seconds)
    stack.postgres.start()
    back_at = time.monotonic()
    phase.name = "after"
    time.sleep(settle_seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=90)
    report = RestartReport()
    _judge(phase, report, back_at)
    report.gunicorn_restarted = sorted(stack.service.worker_pids()) != pids_before
    return report
