"""The name-symbol table answers exactly as rigour's own tagger does.

The reference is rigour's `analyze_names`, live: its tagger takes ~7 s to load, once for
this module.
"""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pytest

from linkage.names import symbol_table, symbols
from linkage.names.symbol_table import SymbolTable, load_table, normalise, write_table
from linkage.names.variants import variant_table

WORDS = [
    # Latin: case, diacritics, apostrophes, hyphens, particles, nicknames
    "Karim", "KARIM", "kArIm", "Muhammad", "Mohammed", "Mohamed", "Élodie", "ÉLODIE",
    "Traoré", "Nguyễn", "Żółkiewski", "Ødegaard", "Straße", "Jean-Claude", "O'Brien",
    "O’Brien", "al-Qadhafi", "Abd-al", "Abdul", "Abu", "bin", "van", "de", "Bob", "Robert",
    "Jack", "Alex", "Putin", "Gaddafi", "Fatima", "Aisha", "José", "Zoë", "Ngozi",
    # Arabic, with and without vowel marks
    "محمد", "مُحَمَّد", "عبد", "عبدالله", "فاطمة", "القذافي", "أبو", "علي",
    # Bengali and Devanagari
    "মোহাম্মদ", "মুহাম্মদ", "করিম", "আব্দুল", "রহমান", "फ़ातिमा", "मोहम्मद", "राम", "रहमान",
    "चन्द्र", "शर्मा", "ख़ान", "पुतिन",
    # Cyrillic
    "Мухаммед", "Олександр", "Александр", "Путин", "Каддафи", "Сергей",
    # Ethiopic
    "አበበ", "ሙሐመድ", "ተስፋዬ", "ለማ",
    # Han
    "王", "王小明", "张伟", "普京", "毛泽东",
    # 1-char, digits, punctuation, mixed
    "a", "Z", "7", "42", "2nd", "x1", "-", "''", "a.b", "J.R.R.", "iii", "IV",
    # parts joined inside one word, and marks between them: the tagger's edge cases
    "abd-q\u0f3eabd-al", "abd-q\u093eabd-al", "mohammed-ali", "abu_bakr",
]


def _variants(word: str) -> list[str]:
    return [word, word.upper(), word.title(), unicodedata.normalize("NFD", word.title())]


@pytest.fixture(scope="module")
def table() -> SymbolTable:
    loaded = symbols._symbol_table()
    assert loaded is not None, "the table should be available here, not only the tagger"
    return loaded


@pytest.fixture(scope="module")
def tokens(table: SymbolTable) -> list[str]:
    found = set(WORDS)
    for spelling, canonical in variant_table().items():
        found.update(_variants(spelling) + _variants(canonical))
    # A spread of the table's own aliases, across all its scripts.
    for key in sorted(table.keys())[::400]:
        found.update(_variants(key))
        found.add(key.replace(" ", "-"))
    return sorted(found)


@pytest.fixture(scope="module")
def reference(tokens: list[str]) -> Mapping[str, frozenset[str]]:
    return {t: symbols._tagger_symbols(t) for t in tokens if len(t) >= 2 and not t.isdigit()}


def test_table_gives_the_taggers_symbols(
        table: SymbolTable, tokens: list[str], reference: Mapping[str, frozenset[str]]) -> None:
    assert len(tokens) > 5000
    assert sum(bool(s) for s in reference.values()) > 2000  # the comparison has substance
    wrong = {t: (symbols.token_symbols(t), reference.get(t, frozenset()))
             for t in tokens if symbols.token_symbols(t) != reference.get(t, frozenset())}
    assert wrong == {}


def test_tagger_is_asked_only_for_words_marked_inside(
        table: SymbolTable, tokens: list[str]) -> None:
    asked = {t for t in tokens if (form := normalise(t)) and symbols._lookup(table, form) is None}
    assert asked == {"abd-q\u0f3eabd-al", "abd-q\u093eabd-al"}


def test_cross_script_symbols_are_shared() -> None:
    assert symbols.token_symbols("Muhammad") & symbols.token_symbols("মুহাম্মদ")
    assert symbols.token_symbols("Bob") & symbols.token_symbols("Robert")
    assert symbols.token_symbols("x") == symbols.token_symbols("42") == frozenset()


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


def test_tables_of_other_rigour_builds_unused_for_a_month_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VETREG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(symbol_table, "build_table", lambda: {"karim": "NAME:Q1"})
    month_ago = time.time() - (symbol_table.UNUSED_DAYS + 1) * 86_400
    old = tmp_path / "name-symbols-rigour0.1-aaaa-f1.bin"
    recent = tmp_path / "name-symbols-rigour0.2-bbbb-f1.bin"
    for path in (old, recent):
        path.write_bytes(b"another build's table")
    os.utime(old, (month_ago, month_ago))
    (tmp_path / (old.name + ".lock")).touch()
    assert load_table() is not None
    assert not old.exists() and not (tmp_path / (old.name + ".lock")).exists()
    assert recent.exists() and symbol_table.table_path().exists()


def test_opening_the_table_marks_it_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VETREG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(symbol_table, "build_table", lambda: {"karim": "NAME:Q1"})
    assert load_table() is not None
    path = symbol_table.table_path()
    month_ago = time.time() - (symbol_table.UNUSED_DAYS + 1) * 86_400
    os.utime(path, (month_ago, month_ago))
    assert load_table() is not None
    assert path.stat().st_mtime > time.time() - 60


def test_the_table_gives_the_latin_spellings_of_a_name_symbol() -> None:
    corpus = ("Musharraf, Musharrafa, مشرف => Q1\nPervez, Parvez => Q2\nParvez Musharraf => Q3"
              "\nal-Otaibi, العتيبي => Q4")
    mapping = symbol_table.build_mapping(
        {"person_symbols": {}, "person_name_parts": {}, "person_nick": {"bill": ["Bill", "Billy"]}},
        corpus)
    table = symbol_table.SymbolTable.from_mapping(mapping)
    assert table.spellings("NAME:Q1") == ("musharraf", "musharrafa")  # Latin words only
    assert table.spellings("NAME:Q3") == ()  # two words
    assert table.spellings("NAME:Q4") == ("otaibi",)  # the article set apart
    assert table.spellings("NICK:BILL") == ()  # nicknames are other names
    assert "musharraf" in set(table.keys()) and not any(k.startswith("\0") for k in table.keys())

