"""Short forms of Yoruba, Igbo and West African given names partner their full names,
Pacific forms of biblical and English names their English forms, and West African
spellings of Arabic names and of Sahel surnames agree."""

from __future__ import annotations

import pytest

from linkage.names import word_name_symbols
from tests.linkage.factories import name_tokens


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


@pytest.mark.parametrize(("short", "full"), [("fatou", "fatima"), ("khady", "khadija")])
def test_a_west_african_short_form_shares_a_symbol_with_its_full_name(short: str,
                                                                      full: str) -> None:
    assert word_name_symbols(short) & word_name_symbols(full)
    assert not word_name_symbols(short) & word_name_symbols("aisha")


@pytest.mark.parametrize(("one", "other"), [
    ("Fatoumata Diarra", "Fatima Diarra"), ("Aissatou Sow", "Aïcha Sow"),
    ("Khadidiatou Ndiaye", "Khadija Ndiaye"), ("Mariama Ba", "Maryam Bah"),
    ("Djeneba Traore", "Zainab Traore"), ("Seydou Keita", "Saidou Keita"),
    ("Bubacarr Jallow", "Boubacar Diallo"), ("Ahmadu Turay", "Amadou Touré"),
    ("Aliu Sesay", "Aliou Cissé"), ("Watara Alassane", "Ouattara Alassane"),
    ("Muammar Gaddafi", "Muammar al-Qadhafi"), ("Alassane Ouattara", "Al Hassan Watara"),
])
def test_west_african_and_arabic_spellings_of_one_name_agree(one: str, other: str) -> None:
    assert sorted(name_tokens(one)) == sorted(name_tokens(other))
