"""`vetreg demo`: generate demo data, import it, link it and print a token per role."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select

from registry.config import Settings, load_settings
from registry.db import session_scope
from registry.models import Submission
from registry.schema import migrate

# Who the demo tokens speak for: (sub, org, roles).
DEMO_PRINCIPALS: list[tuple[str, str, tuple[str, ...]]] = [
    ("hr-officer@BGD", "BGD", ("vetting",)),
    ("records@BGD", "BGD", ("submitter",)),
    ("analyst-1", "VETREG", ("analyst",)),
    ("analyst-2", "VETREG", ("analyst",)),
    ("auditor-1", "OIOS", ("auditor",)),
]


def _submission_count(settings: Settings) -> int:
    with session_scope(settings.database_url) as session:
        return int(session.scalar(select(func.count()).select_from(Submission)) or 0)


def _generate(out: Path, people: int, seed: int) -> dict[str, Any]:
    from scripts.demo_data import generate

    summary = generate(out, people, seed=seed, workers=2)
    click.echo(f"generated {summary.records} records of {summary.people} people in {out}")
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def _import_all(settings: Settings, out: Path, manifest: dict[str, Any]) -> None:
    from registry.intake import import_file

    submissions = manifest["submissions"]
    with click.progressbar(
        submissions, label="importing", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        for item in bar:
            with session_scope(settings.database_url) as session:
                report = import_file(
                    session,
                    item["kind"],
                    out / item["path"],
                    org_code=item["org"],
                    submitted_by="demo",
                    settings=settings,
                )
            if report.status not in {"accepted", "unchanged"}:
                raise click.ClickException(f"demo file {item['path']} was {report.status}")
    click.echo(f"imported {len(submissions)} submissions")


def _link(settings: Settings) -> None:
    from registry.linking import relink_registry

    with session_scope(settings.database_url) as session:
        report = relink_registry(session, settings)
    pairs = report.get("pairs", {})
    click.echo(
        f"linked {report['records']} records: {pairs.get('link', 0)} automatic links, "
        f"{pairs.get('review', 0)} pairs for review, {report.get('serial_offenders', 0)} "
        "serial-offender alerts"
    )


def _print_tokens(settings: Settings) -> None:
    from api.auth import issue_token
    from api.keys import ensure_signing_keys

    ensure_signing_keys(settings)
    click.echo(
        f"\ndemo tokens (valid {settings.jwt_max_ttl_seconds // 60} minutes; "
        "`vetreg token issue` mints more):"
    )
    for sub, org, roles in DEMO_PRINCIPALS:
        token = issue_token(
            settings, sub=sub, org=org, roles=roles, ttl_seconds=settings.jwt_max_ttl_seconds
        )
        click.echo(f"  {'/'.join(roles):10} {sub:16} {token}")


@click.command()
@click.option("--people", default=2000, show_default=True, type=click.IntRange(min=10))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--if-empty", is_flag=True, help="Load nothing when the registry has submissions.")
def demo(people: int, seed: int, if_empty: bool) -> None:
    """Generate demo data, import and link it, and print a token per role."""
    settings = load_settings()
    migrate(settings.database_url)
    existing = _submission_count(settings)
    if if_empty and existing:
        click.echo(f"registry already holds {existing} submissions; no demo data loaded")
    else:
        out = settings.var_dir / "demo"
        manifest = _generate(out, people, seed)
        _import_all(settings, out, manifest)
        _link(settings)
    _print_tokens(settings)
