"""Domain errors raised by the registry; they know nothing of HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what to fix."""

    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready mapping without empty keys."""
        data = {"row": self.row, "column": self.column, "value": self.value}
        return {"message": self.message, **{k: v for k, v in data.items() if v is not None}}


class RegistryError(Exception):
    """Base of every error the registry reports to a caller."""

    title = "Registry error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(RegistryError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    title = "Not found"


class InvalidInput(RegistryError):
    """The input breaks a rule; `problems` says where and how to fix it."""

    title = "Invalid input"

    def __init__(self, detail: str, problems: list[Problem] | None = None, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.problems = problems or []


class Conflict(RegistryError):
    """The request clashes with the current state (e.g. a duplicate)."""

    title = "Conflict"


class PermissionDenied(RegistryError):
    """The caller's organisation or role does not allow this."""

    title = "Forbidden"


class LimitExceeded(RegistryError):
    """The input is larger than the configured limits."""

    title = "Too large"


class Unavailable(RegistryError):
    """A backing service (database, queue) cannot be reached right now."""

    title = "Service unavailable"
