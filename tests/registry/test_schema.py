"""The migrations produce exactly the schema the models declare."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from registry.db import dispose_engines, get_engine
from registry.models import Base
from registry.schema import alembic_config, current_revision, migrate, schema_differences

pytestmark = pytest.mark.db


def test_migrated_schema_equals_models(database_url: str) -> None:
    assert schema_differences(database_url) == []


def test_every_model_table_exists(database_url: str) -> None:
    tables = set(inspect(get_engine(database_url)).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migration_is_at_head_and_idempotent(database_url: str) -> None:
    before = current_revision(database_url)
    migrate(database_url)
    assert current_revision(database_url) == before
    heads = command.ScriptDirectory.from_config(alembic_config(database_url)).get_heads()  # type: ignore[attr-defined]
    assert before in heads


def test_downgrade_to_base_and_back(database_url: str) -> None:
    dispose_engines()  # no pooled connection may hold a table the downgrade drops
    command.downgrade(alembic_config(database_url), "base")
    left = set(inspect(get_engine(database_url)).get_table_names())
    assert left & set(Base.metadata.tables) == set()
    migrate(database_url)
    assert schema_differences(database_url) == []
