"""`vetreg demo-data`: synthetic submissions with known truth."""

import os
import sys
from pathlib import Path

import click

from scripts.demo_data import generate


def _default_workers() -> int:
    return min(2, os.cpu_count() or 1)


@click.command("demo-data")
@click.option(
    "--people",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Number of true people.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write into.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=_default_workers,
    show_default="min(2, CPUs)",
    help="Processes; the output does not depend on it.",
)
def demo_data(people: int, seed: int, out: Path, workers: int) -> None:
    """Write synthetic personnel, deployment and allegation files with their truth."""
    if sys.stderr.isatty():
        with click.progressbar(length=people, label="generating", file=sys.stderr) as bar:
            summary = generate(out, people, seed=seed, workers=workers, progress=bar.update)
    else:
        summary = generate(out, people, seed=seed, workers=workers)
    click.echo(
        f"{summary.records} records of {summary.people} people "
        f"({summary.serial_offenders} serial offenders) in {out} ({summary.seconds:.1f} s)"
    )
