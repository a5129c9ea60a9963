"""The `vetreg` command line: one click group, one module per command family."""

import logging

import click

from scripts.commands import COMMANDS


@click.group()
@click.option(
    "-v", "--verbose", count=True, help="Log progress messages (-v) or debug messages (-vv)."
)
def main(verbose: int) -> None:
    """vetreg — cross-border offender-vetting registry."""
    # Commands print their own summaries; the log stays quiet unless asked, so a terminal
    # shows the outcome rather than one line per committed batch.
    levels = {0: logging.WARNING, 1: logging.INFO}
    logging.basicConfig(
        level=levels.get(verbose, logging.DEBUG),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)


for _command in COMMANDS:
    main.add_command(_command)
