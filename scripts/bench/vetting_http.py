"""Checks over HTTP: gunicorn as configured for production, and a closed-loop client.

Each client thread holds one keep-alive connection and sends the next check as soon
as the previous answer is read, for a fixed duration. Every answer other than 200
(and every connection failure) is an error.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api import gunicorn_conf

CONF = Path(__file__).resolve().parents[2] / "api" / "gunicorn_conf.py"
# The bench measures the check path, not the limiter: limits are raised out of the way.
UNLIMITED = str(10**9)


@dataclass
class LoadResult:
    """What the clients saw, and the CPU the server used meanwhile."""

    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def errors(self) -> int:
        """Answers other than 200, and failed requests."""
        return sum(n for status, n in self.statuses.items() if status != "200")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    database_url: str,
    var_dir: Path,
    port: int,
    workers: int | None,
    threads: int | None,
    log: Path,
) -> subprocess.Popen[bytes]:
    """gunicorn with api/gunicorn_conf.py on `port`; returns once /healthz answers."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VETREG_VAR_DIR": str(var_dir),
        "VETREG_BIND": f"127.0.0.1:{port}",
        **({"VETREG_WORKERS": str(workers)} if workers else {}),
        **({"VETREG_THREADS": str(threads)} if threads else {}),
        "VETREG_RATE_LIMIT_PER_MINUTE": UNLIMITED,
        "VETREG_RATE_LIMIT_ORG_PER_MINUTE": UNLIMITED,
        "VETREG_LOG_LEVEL": "info",  # each worker's READY line
    }
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-m", "gunicorn", "-c", str(CONF), "api.wsgi:app"]
    with log.open("wb") as sink:
        server = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(server, port)
        _wait_ready(server, log, workers or gunicorn_conf.workers)
    except BaseException:
        stop_server(server)
        raise
    return server


def _wait_healthy(server: subprocess.Popen[bytes], port: int, timeout: float = 600.0) -> None:
    """Wait for /healthz: every worker loads the name tables first (seconds of CPU each)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def _wait_ready(
    server: subprocess.Popen[bytes], log: Path, workers: int, timeout: float = 900.0
) -> None:
    """Wait until every worker has said it is warmed up: /healthz answers as soon as one
    worker is, and each loads the registry's candidates and keys first (~45 s at 1M records)."""
    ready = gunicorn_conf.READY.partition("%")[0]
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count(ready) < workers:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn's workers did not all warm up in time; see {log}")
        time.sleep(0.5)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn gracefully (SIGTERM to the master)."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process, from /proc (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def server_cpu_seconds(server: subprocess.Popen[bytes]) -> float:
    """User + system CPU of the gunicorn master and its live workers."""
    return sum(_cpu_seconds(pid) for pid in [server.pid, *_children(server.pid)])


class _Client(threading.Thread):
    def __init__(
        self, port: int, token: str, bodies: list[bytes], offset: int, until: float
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.bodies, self.offset, self.until = port, bodies, offset, until
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.latencies: list[float] = []
        self.statuses: Counter[str] = Counter()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def run(self) -> None:
        conn, i = self._connect(), self.offset
        while time.perf_counter() < self.until:
            body = self.bodies[i % len(self.bodies)]
            i += 1
            start = time.perf_counter()
            try:
                conn.request("POST", "/v1/checks", body=body, headers=self.headers)
                response = conn.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = self._connect()
            self.latencies.append((time.perf_counter() - start) * 1000)
            self.statuses[status] += 1
        conn.close()


def run_load(
    server: subprocess.Popen[bytes],
    port: int,
    token: str,
    queries: list[dict[str, Any]],
    clients: int,
    seconds: float,
) -> LoadResult:
    """`clients` closed-loop clients posting checks for `seconds`."""
    bodies = [json.dumps(q).encode() for q in queries]
    cpu_before, own_before = server_cpu_seconds(server), time.process_time()
    started = time.perf_counter()
    until = started + seconds
    threads = [
        _Client(port, token, bodies, i * len(bodies) // clients, until) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = LoadResult(seconds=time.perf_counter() - started)
    for thread in threads:
        result.latencies_ms += thread.latencies
        result.statuses.update(thread.statuses)
    result.server_cpu_s = server_cpu_seconds(server) - cpu_before
    result.client_cpu_s = time.process_time() - own_before
    return result
