"""Options several `vetreg` commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from linkage.parallel import default_workers

F = TypeVar("F", bound=Callable[..., Any])


def workers_option(help_text: str) -> Callable[[F], F]:
    """`--workers N`: how many CPUs the command may use (default: those it may run on,
    at most linkage.parallel.MAX_WORKERS)."""
    return click.option(
        "--workers",
        default=default_workers(),
        show_default=True,
        type=click.IntRange(min=1),
        help=help_text,
    )
