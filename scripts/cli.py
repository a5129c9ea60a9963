"""The `vetreg` command line: one click group, one module per command family."""

import logging

import click

from scripts.commands import COMMANDS


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
def main(verbose: bool) -> None:
    """vetreg — cross-border offender-vetting registry."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)


for _command in COMMANDS:
    main.add_command(_command)
