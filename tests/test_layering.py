"""`linkage/` stays pure: no web framework, no database, no registry or api imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LINKAGE = Path(__file__).resolve().parents[1] / "linkage"
FORBIDDEN = {"flask", "sqlalchemy", "alembic", "registry", "api", "psycopg", "werkzeug"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_linkage_has_modules() -> None:
    assert list(LINKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", sorted(LINKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_linkage_module_imports_nothing_forbidden(path: Path) -> None:
    assert _imported_roots(path) & FORBIDDEN == set()


def test_detector_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from sqlalchemy import select\nimport flask.json\n", encoding="utf-8")
    assert _imported_roots(bad) & FORBIDDEN == {"sqlalchemy", "flask"}
