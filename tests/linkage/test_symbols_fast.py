"""The name-symbol table: rigour's person-name symbols, cached in a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.names import symbol_table
from linkage.names.symbol_table import SymbolTable, load_table, write_table


def test_cache_file_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mapping = {"karim": "NAME:Q1", "abd al": "NAME:Q2\tSYMBOL:ABDUL"}
    builds: list[int] = []

    def build() -> dict[str, str]:
        builds.append(1)
        return mapping

    monkeypatch.setenv("VETREG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(symbol_table, "build_table", build)
    first = load_table()
    second = load_table()
    assert first is not None and second is not None
    assert builds == [1]  # built once, then read from the file
    assert [p.name.startswith("name-symbols-rigour") for p in tmp_path.glob("*.bin")] == [True]
    assert second.get("abd al") == "NAME:Q2\tSYMBOL:ABDUL"
    assert second.get("karim") == "NAME:Q1" and second.get("kareem") is None
    assert sorted(second.keys()) == sorted(mapping)


def test_damaged_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VETREG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(symbol_table, "build_table", lambda: {"karim": "NAME:Q1"})
    path = symbol_table.table_path()
    path.write_bytes(b"not a table")
    table = load_table()
    assert table is not None and table.get("karim") == "NAME:Q1"
    assert SymbolTable.open(path).get("karim") == "NAME:Q1"


def test_written_table_reads_back_every_key(tmp_path: Path) -> None:
    mapping = {f"name{i}": f"NAME:Q{i}" for i in range(2000)}
    write_table(mapping, tmp_path / "t.bin")
    table = SymbolTable.open(tmp_path / "t.bin")
    assert all(table.get(k) == v for k, v in mapping.items())
