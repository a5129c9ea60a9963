"""Flask's JSON provider, with input too deeply nested for the parser read as invalid JSON."""

from __future__ import annotations

from typing import Any

from flask.json.provider import DefaultJSONProvider

__all__ = ["GuardedJSONProvider"]


class GuardedJSONProvider(DefaultJSONProvider):
    """Parses like Flask's default, but `[[[[...]]]]` is a ValueError, not a RecursionError.

    Werkzeug turns a ValueError into the usual 400 (or `None` for `silent=True`); a
    RecursionError would escape every handler but the catch-all and answer 500.
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse `s`; nesting beyond the interpreter's recursion limit is invalid JSON."""
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc
