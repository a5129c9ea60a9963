"""A relative's name and an alias written in a name field."""

import pandas as pd
import pytest

from linkage import columns as c
from linkage.names import parse_name
from linkage.names.relations import own_name
from linkage.normalise import normalise_one, normalise_records


@pytest.mark.parametrize(("written", "own", "alias"), [
    ("Ram Kumar S/O Shyam Lal", "Ram Kumar", ""),
    ("Sita Devi d/o Ram Lal", "Sita Devi", ""),
    ("Ali Hassan, s.o. Karim", "Ali Hassan", ""),
    ("Mohammad Ali son of Abdul Karim", "Mohammad Ali", ""),
    ("John Smith alias Johnny", "John Smith", "Johnny"),
    ("John Smith a.k.a. Johnny Boy", "John Smith", "Johnny Boy"),
    ("Mohammad Ali @ Babu S/O Abdul Karim", "Mohammad Ali", "Babu"),
    ("Wilson Jones", "Wilson Jones", ""),  # "son" inside a word is no marker
    ("S/O Abdul Karim", "S/O Abdul Karim", ""),  # nothing before it: kept as written
])
def test_own_name(written: str, own: str, alias: str) -> None:
    assert own_name(written) == (own, alias)


def test_a_relatives_name_is_not_the_persons_and_an_alias_is_compared_as_one() -> None:
    row = normalise_one({"full_name": "Mohammad Ali @ Babu S/O Abdul Karim",
                         "aliases": "Md Ali"}).iloc[0]
    assert row[c.NAME_SORTED] == "ali muhammad"
    assert set(row[c.ALIAS_SORTED]) == {"ali muhammad", "babu"}
    assert row[c.NAME_DISPLAY] == "Mohammad Ali @ Babu S/O Abdul Karim"  # shown as written


def test_bulk_and_single_paths_read_embedded_aliases_alike() -> None:
    people = pd.DataFrame({c.RECORD_ID: ["a", "b"], c.FULL_NAME: ["Karim Mohammed @ Babu", ""],
                           c.ALIASES: ["Karim Md", "Babu"]})
    bulk = normalise_records(people)
    one = normalise_one(people.iloc[0].to_dict()).iloc[0]
    assert tuple(bulk[c.ALIAS_SORTED][0]) == tuple(one[c.ALIAS_SORTED])
    assert "babu" in bulk[c.ALIAS_SORTED][0]


@pytest.mark.parametrize("written", ["Marie Dupont née Martin", "Marie Dupont épouse Martin",
                                     "Marie Dupont geb. Martin"])
def test_marriage_markers_are_no_name(written: str) -> None:
    assert parse_name("", "", written).tokens == ("marie", "dupont", "martin")


@pytest.mark.parametrize(("written", "own"), [
    ("Budi Gunawan, S.H.", "Budi Gunawan"),
    ("Hadi Susanto, S.I.K., M.Si.", "Hadi Susanto"),
    ("Indrawati Sari, S.E., M.Sc., Ph.D.", "Indrawati Sari"),
    ("GUNAWAN, Budi", "GUNAWAN, Budi"),  # a family name first is no degree
    ("Budi S. H.", "Budi S. H."),  # initials without a comma stay
    ("QURESHI, M. Naim", "QURESHI, M. Naim"),  # family name first: initials, no degree
    ("KHAN, M.M.", "KHAN, M.M."),
])
def test_academic_degrees_after_a_comma_are_no_name(written: str, own: str) -> None:
    assert own_name(written) == (own, "")



@pytest.mark.parametrize(("written", "tokens"), [
    ("Brig Gen Md Abdul Karim, ndc, psc", ("muhammad", "abdul", "karim")),
    ("Lt Col Karim Uddin, psc, G+", ("karim", "uddin")),
    ("Capt Ali Khan, PN", ("ali", "khan")), ("Major Rajesh Kumar, SM, VSM", ("rajesh", "kumar")),
    ("Sqn Ldr Ahmed Khan, PAF", ("ahmad", "khan")), ("Col John Smith MBE", ("john", "smith")),
    ("KARIM, BB", ("bb", "karim")),  # after a family name alone, two letters are initials
])
def test_honours_and_services_after_a_name_are_no_given_name(written: str,
                                                             tokens: tuple[str, ...]) -> None:
    # Before, "Karim, psc" read as family name Karim... with psc for a given name.
    assert normalise_one({c.FULL_NAME: written})[c.NAME_TOKENS].iloc[0] == tokens


@pytest.mark.parametrize(("written", "tokens"), [
    ("No. 12345 Sgt John Smith", ("john", "smith")), ("Smith John (BA-12345)", ("john", "smith")),
    ("P/4521 Ahmed Khan", ("ahmad", "khan")), ("মোঃ করিম ১২৩৪৫", ("karim", "muhammad")),
    ("No Moo-hyun", ("muhyun", "no")),  # No before no number is the Korean family name
])
def test_a_personnel_number_in_the_name_field_is_no_name(written: str,
                                                          tokens: tuple[str, ...]) -> None:
    found = normalise_one({c.FULL_NAME: written})[c.NAME_TOKENS].iloc[0]
    assert tuple(sorted(found)) == tokens
