"""Short forms of Yoruba and Igbo given names partner their full names, and Pacific
forms of biblical and English names their English forms."""

from __future__ import annotations

import pytest

from linkage.names import word_name_symbols


@pytest.mark.parametrize(("short", "full"), [
    ("seun", "oluwaseun"), ("emeka", "chukwuemeka"), ("tunde", "babatunde"),
    ("femi", "olufemi"), ("femi", "oluwafemi"), ("uche", "uchenna"),
])
def test_a_short_form_shares_a_symbol_with_its_full_name(short: str, full: str) -> None:
    assert word_name_symbols(short) & word_name_symbols(full)


def test_different_short_forms_stay_apart() -> None:
    assert not word_name_symbols("seun") & word_name_symbols("emeka")
    assert not word_name_symbols("oluwaseun") & word_name_symbols("chukwuemeka")


@pytest.mark.parametrize(("island", "english"), [
    ("tevita", "david"), ("viliame", "william"), ("sitiveni", "stephen"), ("sione", "john"),
    ("josaia", "josiah"), ("timoci", "timothy"), ("mere", "mary"), ("salote", "charlotte"),
])
def test_a_pacific_form_shares_a_symbol_with_its_english_form(island: str, english: str) -> None:
    assert word_name_symbols(island) & word_name_symbols(english)


def test_different_pacific_forms_stay_apart() -> None:
    assert not word_name_symbols("tevita") & word_name_symbols("tomasi")
    assert not word_name_symbols("sione") & word_name_symbols("siaosi")
