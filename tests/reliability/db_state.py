"""What the database holds, table by table: to show a refused request wrote nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from registry.db import session_factory
from registry.models import Base


def row_counts(url: str) -> dict[str, int]:
    """The number of rows in every table of the data model."""
    with session_factory(url)() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def empty_tables(url: str) -> None:
    """Delete every row, children first."""
    with session_factory(url)() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        session.commit()
