"""Each comparator and each comparison level, null-aware."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from linkage import DEFAULT_MODEL, level_column, normalise_records, score_pairs
from linkage import columns as c
from linkage import comparators as cmp
from linkage.features import (
    LEVEL_FUNCTIONS,
    NULL,
    _codes,
    _nonzero_bytes,
    _packed_digits,
    prepare_records,
)
from tests.linkage.factories import make_frame, make_normalised


def level(feature: str, left: dict[str, Any], right: dict[str, Any]) -> int:
    prepared = prepare_records(make_frame(make_normalised(**left), make_normalised(**right)))
    return int(LEVEL_FUNCTIONS[feature](prepared, np.array([0]), np.array([1]))[0])


def test_jaro_winkler_is_one_for_identical_strings() -> None:
    out = cmp.jaro_winkler(pd.Series(["anna", "anna"]), pd.Series(["anna", "zzzz"]))
    assert out[0] == pytest.approx(1.0) and out[1] < 0.5


def test_token_set_similarity_is_one_for_a_subset() -> None:
    out = cmp.token_set_similarity(pd.Series(["john smith"]), pd.Series(["john paul smith"]))
    assert out[0] == pytest.approx(1.0)


def test_edit_distance_counts_a_transposition_once() -> None:
    assert cmp.edit_distance(pd.Series(["AB123"]), pd.Series(["AB213"]))[0] == 1


def test_digit_differences() -> None:
    assert cmp.digit_differences(pd.Series([19800517]), pd.Series([19800518]))[0] == 1


def test_is_missing_covers_none_empty_string_and_empty_tuple() -> None:
    assert cmp.is_missing(pd.Series([None, "", (), "x", ("a",)])).tolist() == [
        True, True, True, False, False]


@pytest.mark.parametrize(("left", "right", "expected"), [
    ({}, {}, 0),
    ({"given": "abdul rahman"}, {"given": "abdulrahman"}, 1),
    ({}, {"given": "xyz", "family": "q", "aliases": ["john smith"]}, 1),
    ({"given": "johnathan"}, {"given": "johnatan"}, 2),
    ({"given": "j"}, {"given": "john"}, 2),
    ({"given": "djoko", "family": "santoso"}, {"given": "joko", "family": "santoso"}, 2),
    ({"given": "ali", "family": "hassan"}, {"given": "ali", "family": "hassan mohamed"}, 3),
    ({"given": "ali", "family": ""}, {"given": "ali", "family": "hassan"}, 4),
    ({"given": "jean claude", "family": "uwimana"},
     {"given": "jean claude", "family": "ndayisaba"}, 5),
    ({"given": "kwame", "family": "osei"}, {"given": "yaw", "family": "osei"}, 6),
    ({"given": "jane", "family": "smith"}, {"given": "jo", "family": "sutton"}, 7),
    ({"given": "maria", "family": "lopez"}, {"given": "chen", "family": "wei"}, 8),
    ({"given": "", "family": ""}, {}, NULL),
])
def test_name_levels(left: dict[str, Any], right: dict[str, Any], expected: int) -> None:
    assert level("name", left, right) == expected


def test_a_token_left_over_on_both_sides_is_weaker_than_on_one() -> None:
    dropped = level("name", {"given": "ali", "family": "hassan"},
                    {"given": "ali omar", "family": "hassan"})
    replaced = level("name", {"given": "ali", "family": "hassan"},
                     {"given": "omar", "family": "hassan"})
    assert dropped < replaced


@pytest.mark.parametrize(("left", "right", "close"), [
    ("mukherjee", "mukherji", True), ("husayn", "hussain", True), ("kamroul", "kamrul", True),
    ("muhammad", "mahmud", False), ("ali", "ari", False), ("j", "john", True),
    ("smith", "sutton", False),
])
def test_close_tokens(left: str, right: str, close: bool) -> None:
    out = cmp.close_tokens(np.array([left], dtype=object), np.array([right], dtype=object))
    assert bool(out[0]) is close


def test_same_sound_lets_two_edits_count_as_close() -> None:
    pair = (np.array(["rafikul"], dtype=object), np.array(["rofiqul"], dtype=object))
    assert not cmp.close_tokens(*pair)[0]
    assert cmp.close_tokens(*pair, np.array([True]))[0]


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("1980-05-17", "1980-05-17", 0),
    ("1980-05-07", "1980-07-05", 1),
    ("1980-05-17", "1980-05-18", 2),
    ("1980-05-17", "1980-05-29", 3),
    ("1980-05", "1980-05-29", 3),
    ("1980", "1980-09-30", 4),
    ("1980-05", "1980", 4),
    ("1980-05-17", "1980-09-30", 5),
    ("1980-05", "1980-09-30", 5),
    ("1980-05-17", "1981-12-30", 6),
    ("1980-05-17", "1975-12-30", 7),
    ("", "1980-05-17", NULL),
])
def test_dob_levels(left: str, right: str, expected: int) -> None:
    assert level("date_of_birth", {"dob": left}, {"dob": right}) == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("P1234567", "P1234567", 0), ("RDF1234567", "1234567", 1), ("BA01234", "BA1234", 1),
    ("P1234567", "P1234568", 2), ("P1234567", "Q9999999", 4), (None, "P1234567", NULL),
])
def test_identifier_levels(left: str | None, right: str, expected: int) -> None:
    for feature, column in (("passport", "passport_n"), ("national_id", "national_id_n"),
                            ("service_number", "service_n")):
        assert level(feature, {column: left, "nationality_n": None},
                     {column: right, "nationality_n": "KEN"}) == expected


def test_a_different_number_from_the_same_state_has_its_own_level() -> None:
    same_state = level("service_number", {"service_n": "RDF9189524"},
                       {"service_n": "RDF6633739"})
    other_state = level("service_number", {"service_n": "RDF9189524"},
                        {"service_n": "RDF6633739", "nationality_n": "UGA"})
    assert (same_state, other_state) == (3, 5)


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("KEN", "KEN", 3),  # same issuer
    ("KEN", "UGA", 5),  # another issuer: both nationalities known and different
    (None, "UGA", 4),  # the issuer cannot be told
    ("KEN", None, 4),
    (None, None, 4),
])
def test_a_different_number_is_told_apart_by_its_issuer(left: str | None, right: str | None,
                                                         expected: int) -> None:
    for feature, column in (("passport", "passport_n"), ("national_id", "national_id_n"),
                            ("service_number", "service_n")):
        assert level(feature, {column: "P1234567", "nationality_n": left},
                     {column: "Q9999999", "nationality_n": right}) == expected


def test_only_different_numbers_are_told_apart_by_issuer() -> None:
    # Levels 0-2 do not depend on the nationalities, known or not.
    for right, expected in (("P1234567", 0), ("P1234568", 2)):
        assert level("passport", {"passport_n": "P1234567", "nationality_n": "KEN"},
                     {"passport_n": right, "nationality_n": "UGA"}) == expected


@pytest.mark.parametrize(("feature", "column"), [("nationality", "nationality_n"),
                                                 ("sex", "sex_n"),
                                                 ("personnel_category", "category_n")])
def test_category_levels(feature: str, column: str) -> None:
    assert level(feature, {column: "A"}, {column: "A"}) == 0
    assert level(feature, {column: "A"}, {column: "B"}) == 1
    assert level(feature, {column: None}, {column: "B"}) == NULL


def test_unit_levels() -> None:
    assert level("unit", {"unit_n": "banbat 2"}, {"unit_n": "banbat 2"}) == 0
    assert level("unit", {"unit_n": "banbat 2"}, {"unit_n": "banbat 3"}) == 1  # rotations
    assert level("unit", {"unit_n": "banbat"}, {"unit_n": "banbat 3"}) == 1
    assert level("unit", {"unit_n": "banbat 2"}, {"unit_n": "nepbatt 2"}) == 2
    assert level("unit", {"unit_n": "2"}, {"unit_n": "3"}) == 2  # numbers alone: no kind
    assert level("unit", {"unit_n": "mission support"}, {"unit_n": "banbat 2"}) == 2
    assert level("unit", {"unit_n": None}, {"unit_n": "banbat 2"}) == NULL


def test_unit_kind_drops_the_numbers() -> None:
    assert cmp.unit_kind("pak fpu 10") == cmp.unit_kind("pak fpu 11") == "pak fpu"
    assert cmp.unit_kind("mission support") == "mission support"
    assert cmp.unit_kind("12") is None and cmp.unit_kind(None) is None


def test_a_kind_of_unit_is_weighed_given_the_same_nationality() -> None:
    unit, nationality = DEFAULT_MODEL.feature("unit"), DEFAULT_MODEL.feature("nationality")
    kind, same = unit.levels[1], nationality.levels[0]
    weights = DEFAULT_MODEL.level_weights(unit)
    assert weights[2] == pytest.approx(kind.weight - same.weight, abs=1e-5)
    assert weights[1] == pytest.approx(unit.levels[0].weight, abs=1e-5)  # not conditioned


def test_place_levels() -> None:
    assert level("place_of_birth", {"place_n": "mombasa"}, {"place_n": "mombasa"}) == 0
    assert level("place_of_birth", {"place_n": "mombasa"}, {"place_n": "mombassa"}) == 1
    assert level("place_of_birth", {"place_n": "mombasa"}, {"place_n": "kisumu"}) == 2
    assert level("place_of_birth", {"place_n": None}, {"place_n": "kisumu"}) == NULL


def test_vowel_spellings_and_a_changed_initial_partner_but_mahmud_is_not_muhammad() -> None:
    sound = np.array([True, True])
    out = cmp.close_tokens(np.array(["kabada", "muhammad"], dtype=object),
                           np.array(["kebede", "mahmud"], dtype=object), sound)
    assert out.tolist() == [True, False]
    assert level("name", {"given": "vijay", "family": "kumar"},
                 {"given": "bijay", "family": "kumar"}) == 2


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("william", "bill", 2), ("aleksandr", "sasha", 2), ("olusegun", "segun", 2),
    ("muhammad", "mahmud", 6), ("abdul", "abdullah", 6),  # other names: no shared symbol
])
def test_forms_of_one_name_partner(left: str, right: str, expected: int) -> None:
    assert level("name", {"given": left, "family": "mensah"},
                 {"given": right, "family": "mensah"}) == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("trauna", "tarawneh", 2), ("khsauna", "khasawneh", 2),  # abjad readings, unknown words
    ("muhammad", "mahmud", 6), ("akram", "karim", 6),  # known names: consonants say nothing
    ("bt", "butt", 6),  # under three consonants
])
def test_an_unknown_word_partners_a_spelling_with_its_consonants(left: str, right: str,
                                                                 expected: int) -> None:
    assert level("name", {"given": "ahmad", "family": left},
                 {"given": "ahmad", "family": right}) == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ({"given": "raj kumar", "family": "sharma"}, {"given": "rajkumar", "family": "sharma"}, 2),
    ({"given": "haile", "family": "wolde mariam"}, {"given": "haile woldemariam", "family": ""}, 2),
    ({"given": "kumar raj", "family": "sharma"}, {"given": "rajkumar", "family": "sharma"}, 6),
    ({"given": "jeongeun", "family": "kim"}, {"given": "kim jeong", "family": "eun"}, 2),
])
def test_two_tokens_written_together_partner_with_the_one(left: dict[str, Any],
                                                          right: dict[str, Any],
                                                          expected: int) -> None:
    assert level("name", left, right) == expected  # in written order only


def test_a_frame_without_any_name_token_compares_names_as_null() -> None:
    frame = normalise_records(
        pd.DataFrame(
            [
                {"record_id": "a", "passport_number": "AB123456"},
                {"record_id": "b", "passport_number": "AB123456"},
            ]
        )
    )
    pairs = pd.DataFrame({c.LEFT: [0], c.RIGHT: [1]})
    scored = score_pairs(prepare_records(frame), pairs, DEFAULT_MODEL, tables={})
    assert scored.loc[0, level_column("name")] == -1
    assert scored.loc[0, level_column("passport")] == 0


def test_packed_digits_differ_where_digit_differences_count() -> None:
    rng = np.random.default_rng(3)
    a = rng.integers(0, 99_991_231, 5000)
    b = np.where(rng.random(5000) < 0.5, a + 10 ** rng.integers(0, 8, 5000),
                 rng.integers(0, 99_991_231, 5000))
    packed = _nonzero_bytes(_packed_digits(a) ^ _packed_digits(b))
    expected = cmp.digit_differences(pd.Series(a), pd.Series(b))
    np.testing.assert_array_equal(packed.astype(np.int64), expected.astype(np.int64))


def test_codes_number_present_values_by_first_appearance() -> None:
    values = pd.Series(["", "b", None, "a", "b", (), "c", float("nan"), "a"], dtype=object)
    np.testing.assert_array_equal(_codes(values), [-1, 0, -1, 1, 0, -1, 2, -1, 1])
    np.testing.assert_array_equal(_codes(pd.Series([None, ""], dtype=object)), [-1, -1])
