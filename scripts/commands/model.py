"""`vetreg model retrain`: re-estimate the scoring model from analysts' decisions."""

from __future__ import annotations

import math

import click

from registry.config import load_settings
from registry.db import session_scope
from registry.errors import InvalidInput
from registry.review.training import Quality, retrain


@click.group()
def model() -> None:
    """The scoring model."""


def _pct(value: float) -> str:
    return "   n/a" if math.isnan(value) else f"{value:6.1%}"


def _line(name: str, label: str, q: Quality) -> str:
    return f"{name:<10}{label:<8}{_pct(q.precision):>10}{_pct(q.recall):>10}{_pct(q.f1):>10}"


@model.command("retrain")
@click.option(
    "--holdout",
    default=0.2,
    show_default=True,
    type=click.FloatRange(0.05, 0.9),
    help="Share of decided pairs held back to judge the models.",
)
@click.option("--dry-run", is_flag=True, help="Print the figures but store nothing.")
def retrain_command(holdout: float, dry_run: bool) -> None:
    """Re-estimate m from decisions, compare before/after on held-back pairs, store as active."""
    settings = load_settings()
    thresholds = {"link": settings.link_threshold, "review": settings.review_threshold}
    try:
        with session_scope(settings.database_url) as session:
            result = retrain(session, thresholds, share=holdout, store=not dry_run)
    except InvalidInput as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"decisions: {result.trained_on} to train, {result.held_back} held back")
    click.echo(f"{'threshold':<10}{'model':<8}{'precision':>10}{'recall':>10}{'F1':>10}")
    for name, (before, after) in result.quality.items():
        click.echo(_line(f"{name}", "before", before))
        click.echo(_line("", "after", after))
    stored = "not stored (dry run)" if dry_run else "stored and active"
    click.echo(f"model {result.after.name} {result.after.version}: {stored}")
