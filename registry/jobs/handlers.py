"""The table of job kinds and the context a handler runs in."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from registry.db import session_factory
from registry.jobs import store

Handler = Callable[["JobContext", dict[str, Any]], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}
# Kinds whose jobs rewrite shared tables and so must never run two at a time.
_EXCLUSIVE: set[str] = set()

# Modules that register handlers; imported lazily so a worker process finds them all.
HANDLER_MODULES: list[str] = ["registry.linking.run", "registry.vetting.screening"]


def register_handler(kind: str, *, exclusive: bool = False) -> Callable[[Handler], Handler]:
    """Declare the function that runs jobs of `kind`; `exclusive` ones run one at a time."""

    def decorate(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        if exclusive:
            _EXCLUSIVE.add(kind)
        return func

    return decorate


def import_handlers() -> None:
    """Import every module that registers handlers."""
    import importlib

    for module in HANDLER_MODULES:
        importlib.import_module(module)


def is_exclusive(kind: str) -> bool:
    """Whether jobs of `kind` must not overlap (call after `handler_for`)."""
    return kind in _EXCLUSIVE


def handler_for(kind: str) -> Handler:
    """The handler of `kind`, importing the handler modules on first need."""
    if kind not in _HANDLERS:
        import_handlers()
    if kind not in _HANDLERS:
        raise LookupError(f"no handler for job kind {kind!r}")
    return _HANDLERS[kind]


@dataclass
class JobContext:
    """What a handler gets: the database and a throttled progress reporter."""

    database_url: str
    job_uid: str
    min_interval: float = 0.5
    _last: float = field(default=0.0, init=False)

    def progress(self, done: int, total: int, *, force: bool = False) -> None:
        """Store progress, at most every `min_interval` seconds unless forced."""
        now = time.monotonic()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        with session_factory(self.database_url)() as session:
            store.set_progress(session, self.job_uid, done, total)
