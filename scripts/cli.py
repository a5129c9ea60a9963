"""The `vetreg` command line: one click group, one module per command family."""

import importlib
import logging
from typing import Any

import click

from scripts.commands import COMMANDS


class LazyGroup(click.Group):
    """A group whose sub-commands are imported when first asked for (click's documented
    pattern for lazily loaded sub-commands)."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = self.lazy[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
        return command


@click.group(cls=LazyGroup, lazy=COMMANDS)
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
