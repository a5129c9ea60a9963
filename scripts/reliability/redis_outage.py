"""Fault (c): Redis down, frozen, or restarted with its queue lost.

Each case submits a roster screening and follows its job: the request must be answered
at once, the job's state must be readable all along, and the job must finish.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from scripts.reliability.http import call
from scripts.reliability.stack import Stack

__all__ = ["OutageCase", "redis_outages"]

ROSTER = (
    b"record_id,family_name,given_names,date_of_birth,nationality,sex\n"
    b"R1,Rahman,Kamal,1980-01-05,BGD,M\n"
    b"R2,Islam,Shafiqul,1979-11-02,BGD,M\n"
    b"R3,Nakamura,Yui,1990-04-04,JPN,F\n"
)


@dataclass
class OutageCase:
    """What happened to one screening submitted during one kind of outage."""

    case: str
    submit_status: int
    submit_seconds: float
    states_seen: list[str] = field(default_factory=list)
    unreadable_polls: int = 0
    final_status: str = ""
    seconds_to_finish: float | None = None

    @property
    def passed(self) -> bool:
        """Accepted quickly, state always readable, finished."""
        return (
            self.submit_status == 202
            and self.submit_seconds < 5
            and self.unreadable_polls == 0
            and self.final_status == "succeeded"
        )


def _follow(stack: Stack, token: str, case: OutageCase, url: str, timeout: float) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        answer = call("GET", f"{stack.service.base_url}{url}", token=token, timeout=10)
        body = answer.json()
        if answer.status != 200 or not isinstance(body, dict):
            case.unreadable_polls += 1
        else:
            status = str(body.get("status"))
            if not case.states_seen or case.states_seen[-1] != status:
                case.states_seen.append(status)
            if status in {"succeeded", "failed"}:
                case.final_status = status
                case.seconds_to_finish = round(time.monotonic() - started, 1)
                return
        time.sleep(0.5)


def _screen(
    stack: Stack, name: str, during: Callable[[], None] = lambda: None, timeout: float = 120
) -> OutageCase:
    token = stack.token("vetting", "UNMISS")
    answer = call(
        "POST",
        f"{stack.service.base_url}/v1/screenings",
        token=token,
        body=ROSTER,
        content_type="text/csv",
        timeout=60,
    )
    case = OutageCase(name, answer.status, round(answer.seconds, 2))
    body = answer.json()
    if answer.status == 202 and isinstance(body, dict):
        during()
        _follow(stack, token, case, str(body["status_url"]), timeout)
    return case


def redis_outages(stack: Stack) -> list[OutageCase]:
    """Run the three outage cases in turn, restoring Redis after each."""
    redis = stack.redis
    if redis is None:
        raise ValueError("the stack runs without Redis")
    cases = [_screen(stack, "baseline (Redis up)")]
    redis.stop()
    cases.append(_screen(stack, "Redis down: job runs in the API process"))
    redis.start()
    redis.pause()
    cases.append(_screen(stack, "Redis frozen: enqueue times out, job runs in process"))
    redis.resume()

    def lose_queue() -> None:
        redis.stop()  # no persistence: the queued job is forgotten by Redis
        redis.start()
        stack.service.start_job_workers(1)

    stack.service.stop_job_workers()
    cases.append(
        _screen(
            stack,
            "Redis restarted with the job queued: worker re-enqueues it",
            during=lose_queue,
            timeout=180,
        )
    )
    for case in cases:
        print(f"  {case.case}: {asdict(case)} passed={case.passed}", flush=True)
    return cases
