"""A whole private deployment for one run: PostgreSQL, Redis, gunicorn, queue workers."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from api.auth import issue_token
from registry.config import Settings, load_settings
from registry.schema import migrate
from scripts.reliability.server import BIN, ROOT, Service, service_env
from scripts.reliability.services import PrivatePostgres, PrivateRedis, private_postgres

__all__ = ["Stack", "running_stack"]


@dataclass
class Stack:
    """The servers of a run and how to reach them."""

    postgres: PrivatePostgres
    redis: PrivateRedis | None
    service: Service
    env: dict[str, str]
    work_dir: Path

    @property
    def settings(self) -> Settings:
        """The settings every process of the run reads."""
        return load_settings(self.env)

    @property
    def database_url(self) -> str:
        """The registry database."""
        return self.settings.database_url

    def token(self, role: str, org: str = "BGD", sub: str | None = None) -> str:
        """A bearer token for `role` in `org`, valid for the longest allowed time."""
        settings = self.settings
        return issue_token(
            settings,
            sub=sub or f"{role}-load@{org}",
            org=org,
            roles=(role,),
            ttl_seconds=settings.jwt_max_ttl_seconds,
        )

    def vetreg(self, *args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
        """Run the `vetreg` CLI against the run's registry; raises when it fails."""
        log = self.work_dir / "logs" / "cli.log"
        with log.open("a", encoding="utf-8") as out:
            return subprocess.run(
                [str(BIN / "vetreg"), *args],
                cwd=ROOT,
                env=self.env,
                check=True,
                text=True,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )


@contextmanager
def running_stack(
    *,
    work_dir: Path | None = None,
    with_redis: bool = True,
    workers: int = 4,
    threads: int = 2,
    job_workers: int = 1,
    demo_people: int = 0,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Stack]:
    """Start everything on loopback ports, optionally load demo data, stop it all on exit."""
    directory = work_dir or Path(tempfile.mkdtemp(prefix="vetreg-run-"))
    (directory / "logs").mkdir(parents=True, exist_ok=True)
    redis = PrivateRedis() if with_redis else None
    with private_postgres() as postgres:
        url = postgres.create_database("vetreg")
        migrate(url)
        if redis is not None:
            redis.start()
        env = service_env(url, redis.url if redis else None, directory / "var")
        env.update(extra_env or {})
        service = Service(env, directory / "logs", workers=workers, threads=threads)
        stack = Stack(postgres, redis, service, env, directory)
        try:
            if demo_people:
                stack.vetreg("demo", "--people", str(demo_people))
            service.start(job_workers=job_workers)
            yield stack
        finally:
            service.stop()
            if redis is not None:
                redis.stop()
