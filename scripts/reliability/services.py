"""Throwaway PostgreSQL clusters and Redis servers on loopback, for fault and load runs."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PrivatePostgres", "PrivateRedis", "find_initdb", "free_port", "private_postgres"]


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_initdb() -> Path | None:
    """The newest installed PostgreSQL `initdb`, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    on_path = shutil.which("initdb")
    if found:
        return Path(found[-1])
    return Path(on_path) if on_path else None


def _version_key(path: str) -> float:
    try:
        return float(Path(path).parts[-3])
    except ValueError:
        return 0.0


def _as_postgres() -> list[str]:
    # PostgreSQL refuses to run as root; as root we drop to the `postgres` system user.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary directory, owned by this process."""

    def __init__(self, port: int | None = None) -> None:
        initdb = find_initdb()
        if initdb is None:
            raise RuntimeError("PostgreSQL initdb is not installed")
        self.bin_dir = initdb.parent
        self.port = port or free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="vetreg-pg-"))
        self.data_dir = self.directory / "data"
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    @property
    def admin_url(self) -> str:
        """SQLAlchemy URL of the `postgres` database."""
        return self.url("postgres")

    def url(self, database: str) -> str:
        """SQLAlchemy URL of `database` on this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_as_postgres(), *args], check=check, capture_output=True, text=True, timeout=120
        )

    def init(self) -> None:
        """Create the cluster (trust authentication on loopback only)."""
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c max_connections=200"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.directory / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`fast` aborts open transactions, `immediate` is a crash)."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        """Whether the server answers."""
        result = self._run(
            str(self.bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), check=False
        )
        return result.returncode == 0

    def create_database(self, name: str) -> str:
        """Create database `name`; its SQLAlchemy URL."""
        self._run(
            str(self.bin_dir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        )
        return self.url(name)

    def destroy(self) -> None:
        """Stop the server if it runs and delete the cluster."""
        if (self.data_dir / "postmaster.pid").exists():
            self._run(
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-m",
                "immediate",
                "stop",
                check=False,
            )
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def private_postgres(port: int | None = None) -> Iterator[PrivatePostgres]:
    """A started private cluster, destroyed on exit."""
    server = PrivatePostgres(port)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.destroy()


class PrivateRedis:
    """A Redis server without persistence on a loopback port, owned by this process."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The REDIS_URL of this server."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait until it answers PING."""
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_for_port(self.port)

    def stop(self) -> None:
        """Kill the server: the queue it held is gone, as after a crash."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self) -> None:
        """Freeze the server: connections are accepted but never answered."""
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Let a paused server answer again."""
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)


def _wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")
