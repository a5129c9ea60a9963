"""URL converters: `<int:...>` in a route matches only what a database id can hold."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

__all__ = ["RowIdConverter"]

# Ids and audit sequence numbers are SQL INTEGER columns: PostgreSQL refuses anything
# larger in a query, which would otherwise surface as a 500 instead of a 404.
MAX_ROW_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """An integer path segment from 0 to the largest SQL INTEGER; anything else is a 404."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)
