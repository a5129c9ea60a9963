"""`vetreg init` and `vetreg serve`."""

from __future__ import annotations

import logging
from typing import Any

import click

from registry.config import load_settings
from registry.schema import current_revision, migrate

log = logging.getLogger(__name__)


@click.command()
def init() -> None:
    """Create or migrate the database."""
    settings = load_settings()
    before = current_revision(settings.database_url)
    migrate(settings.database_url)
    after = current_revision(settings.database_url)
    state = "already up to date" if before == after else f"migrated {before or 'empty'} -> {after}"
    click.echo(f"database {_safe_url(settings.database_url)}: {state}")
    from api.auth import ensure_signing_keys

    click.echo(f"signing key {ensure_signing_keys(settings)}")


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--dev", is_flag=True, help="Flask's single-process development server.")
def serve(host: str, port: int, workers: int, dev: bool) -> None:
    """Serve the API and review pages."""
    from api import create_app

    _log_as_service()
    if dev:
        create_app().run(host=host, port=port)
        return
    _run_gunicorn({"bind": f"{host}:{port}", "workers": workers})


@click.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run background jobs from the Redis queue (needs REDIS_URL)."""
    from registry.jobs.worker import run_worker

    _log_as_service()
    settings = load_settings()
    if not settings.redis_url:
        raise click.UsageError("REDIS_URL is not set; without it jobs run inside `vetreg serve`")
    run_worker(settings, burst=burst)


def _log_as_service() -> None:
    """A long-running service logs what it does (INFO) even when the CLI default is quiet."""
    root = logging.getLogger()
    root.setLevel(min(root.level, logging.INFO))


def _run_gunicorn(options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    from api import gunicorn_conf

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            names = [k for k in dir(gunicorn_conf) if k in self.cfg.settings]
            defaults = {k: getattr(gunicorn_conf, k) for k in names}
            for key, value in {**defaults, **options}.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from api import create_app

            return create_app()

    _Server().run()
