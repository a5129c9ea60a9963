"""The service under test: gunicorn with the production config, and Redis queue workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from scripts.reliability.services import free_port

__all__ = ["Service", "service_env"]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def service_env(database_url: str, redis_url: str | None, var_dir: Path) -> dict[str, str]:
    """The environment of every vetreg process in a run."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DATABASE_URL=database_url, VETREG_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class Service:
    """gunicorn (api/gunicorn_conf.py) plus `vetreg worker` processes, logging to files."""

    def __init__(self, env: dict[str, str], log_dir: Path, *, workers: int, threads: int) -> None:
        self.port = free_port()
        self.env = {
            **env,
            "VETREG_BIND": f"127.0.0.1:{self.port}",
            "VETREG_WORKERS": str(workers),
            "VETREG_THREADS": str(threads),
            "VETREG_LOG_LEVEL": "warning",
            # Booting a worker warms the name tables; on a busy machine that can take longer
            # than the 60 s request time-out, which gunicorn also applies to the boot.
            "GUNICORN_CMD_ARGS": "--timeout 180",
        }
        self.log_dir = log_dir
        self.gunicorn: subprocess.Popen[bytes] | None = None
        self.job_workers: list[subprocess.Popen[bytes]] = []

    @property
    def base_url(self) -> str:
        """Where the API answers."""
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"{name}.log").open("ab")
        # A session of its own, so stopping it reaches every process it forked.
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self, job_workers: int = 1) -> None:
        """Start gunicorn and `job_workers` queue workers; wait until /healthz answers."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.gunicorn = self._spawn(
            "gunicorn", [str(BIN / "gunicorn"), "-c", "api/gunicorn_conf.py", "api.wsgi:app"]
        )
        self.start_job_workers(job_workers)
        self.wait_healthy()

    def start_job_workers(self, count: int) -> None:
        """Start `count` more `vetreg worker` processes (only with Redis configured)."""
        for _ in range(count if "REDIS_URL" in self.env else 0):
            name = f"worker-{len(self.job_workers)}"
            self.job_workers.append(self._spawn(name, [str(BIN / "vetreg"), "worker"]))

    def stop_job_workers(self) -> None:
        """Stop every queue worker; queued jobs wait."""
        for process in self.job_workers:
            _stop_group(process)
        self.job_workers = []

    def wait_healthy(self, timeout: float = 300.0) -> None:
        """Block until GET /healthz answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.gunicorn is not None and self.gunicorn.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_dir / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise TimeoutError(f"the service did not answer within {timeout} s")

    def worker_pids(self) -> list[int]:
        """The pids of gunicorn's request workers (children of the arbiter)."""
        if self.gunicorn is None:
            return []
        children = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        """Stop every process of the service."""
        for process in [*self.job_workers, *([self.gunicorn] if self.gunicorn else [])]:
            _stop_group(process)
        self.job_workers, self.gunicorn = [], None


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
