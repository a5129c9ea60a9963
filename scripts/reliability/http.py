"""A small blocking HTTP client for the fault runs: every answer timed, none raised."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

__all__ = ["Answer", "call"]


@dataclass(frozen=True)
class Answer:
    """One request's outcome; `status` 0 means no HTTP answer (connection error, time-out)."""

    status: int
    content_type: str
    body: bytes
    seconds: float
    error: str = ""

    def json(self) -> Any:
        """The body as JSON (None when it is not JSON)."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def is_problem(self) -> bool:
        """An RFC 9457 problem body that shows no internals."""
        body = self.json()
        return (
            self.content_type.startswith("application/problem+json")
            and isinstance(body, dict)
            and body.get("status") == self.status
            and b"Traceback" not in self.body
        )


def call(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: bytes | None = None,
    content_type: str | None = None,
    json_body: Any = None,
    timeout: float = 30.0,
) -> Answer:
    """Send one request and time it."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if json_body is not None:
        body, content_type = json.dumps(json_body).encode(), "application/json"
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
            return Answer(
                response.status,
                response.headers.get("Content-Type", ""),
                data,
                time.perf_counter() - started,
            )
    except urllib.error.HTTPError as exc:
        data = exc.read()
        return Answer(
            exc.code, exc.headers.get("Content-Type", ""), data, time.perf_counter() - started
        )
    except (urllib.error.URLError, OSError) as exc:
        return Answer(0, "", b"", time.perf_counter() - started, error=type(exc).__name__)
