"""Bulk inserts in the session's transaction: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, String, Table, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

_T = TypeVar("_T")


def chunked(values: Sequence[_T], size: int) -> Iterator[list[_T]]:
    """`values` in consecutive lists of at most `size`, for statements with a bounded
    number of parameters."""
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def in_batch(
    session: Session, column: Any, values: Sequence[str] | Sequence[int], name: str = "batch"
) -> ColumnElement[bool]:
    """`column IN values`; one array parameter on PostgreSQL instead of thousands.

    One parameter also keeps the statement's text the same whatever the number of values,
    so the driver parses and prepares it once rather than on every call.
    """
    element = Integer if values and isinstance(values[0], int) else String
    dialect = session.get_bind().dialect.name
    return in_values(dialect, column, element, name, bound=list(values))


def in_values(
    dialect: str,
    column: Any,
    element: type[Integer] | type[String],
    name: str = "batch",
    *,
    bound: list[Any] | None = None,
) -> ColumnElement[bool]:
    """`column IN :name`: one array parameter on PostgreSQL, an expanding one elsewhere;
    the values `bound` here, or given when the statement runs.

    A statement built once with it (per dialect) is compiled and keyed once; building
    `in_batch` afresh costs a vetting check more than PostgreSQL takes to answer it.
    """
    if dialect == "postgresql":
        kind = ARRAY(element)
        array = bindparam(name, type_=kind) if bound is None else bindparam(name, bound, kind)
        return column == any_(array)  # type: ignore[no-any-return]
    if bound is None:
        return column.in_(bindparam(name, expanding=True))  # type: ignore[no-any-return]
    return column.in_(bindparam(name, bound, expanding=True))  # type: ignore[no-any-return]


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (values in `columns` order) into `table` in the current transaction."""
    if not rows:
        return
    connection = session.connection()
    driver: Any = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        _copy(driver, table, columns, rows)
        return
    # Straight to the driver with one statement: SQLAlchemy's per-row parameter handling
    # costs more than the insert itself at a million rows.
    processors = [table.c[name].type.bind_processor(connection.dialect) for name in columns]
    converted = _converted(rows, processors)
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" * len(columns))
    driver.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", converted)


def _converted(rows: Sequence[Sequence[Any]], processors: list[Any]) -> Sequence[Sequence[Any]]:
    """Rows with SQLAlchemy's bind conversions applied (datetimes and booleans as stored)."""
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not active:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for i, process in active:
            if values[i] is not None:
                values[i] = process(values[i])
        out.append(values)
    return out


def _copy(driver: Any, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    names = ", ".join(f'"{name}"' for name in columns)
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def unprepared(session: Session) -> Iterator[None]:
    """Keep psycopg from preparing this session's statements while the block runs.

    After five runs psycopg prepares a statement, and PostgreSQL may then keep a generic
    plan made while the table was still empty: batch lookups became full scans, and a
    million-row import quadratic.
    """
    connection = session.connection()
    driver: Any = connection.connection.driver_connection
    if connection.dialect.name != "postgresql":
        yield
        return
    threshold = driver.prepare_threshold
    driver.prepare_threshold = None
    try:
        yield
    finally:
        driver.prepare_threshold = threshold
