"""The normalisation stage's frame contract."""

import gc

import pandas as pd
import pytest

from linkage import columns as c
from linkage import normalise
from linkage.countries import normalise_place
from linkage.normalise import OUTPUT_COLUMNS, normalise_one, normalise_records


def make_people() -> pd.DataFrame:
    return pd.DataFrame({
        c.RECORD_ID: ["a", "b", "c", "d"],
        c.FULL_NAME: ["মোহাম্মদ আব্দুল করিম", "Md. Abdul Karim", None, ""],
        c.GIVEN_NAMES: [None, None, "Mohammed A.", None],
        c.FAMILY_NAME: [None, None, "KARIM", None],
        c.DATE_OF_BIRTH: ["1980", "1980-02-30", None, "x"],
        c.NATIONALITY: ["BGD", "bd", "ZZZ", None],
        c.PASSPORT_NUMBER: ["000000", "AB 123-45", None, None],
        c.ALIASES: ["Karim Md; M. A. Karim", None, None, None],
    })


def test_one_row_per_input_in_order() -> None:
    out = normalise_records(make_people())
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert list(out[c.RECORD_ID]) == ["a", "b", "c", "d"]
    assert isinstance(out.index, pd.RangeIndex)


def test_types() -> None:
    out = normalise_records(make_people())
    assert str(out[c.DOB_YEAR].dtype) == "Int64"
    assert isinstance(out[c.NAME_TOKENS][0], tuple)
    assert isinstance(out[c.NAME_SYMBOLS][0], frozenset)
    assert isinstance(out[c.ISSUES][0], tuple)
    assert out[c.SCRIPT].tolist() == ["Beng", "Latn", "Latn", "Zyyy"]


def test_karim_records_agree() -> None:
    out = normalise_records(make_people())
    assert out[c.FAMILY_TOKENS][:3].tolist() == [("karim",)] * 3
    assert out[c.NAME_SORTED][0] == out[c.NAME_SORTED][1] == "abdul karim muhammad"
    assert out[c.INITIALS][2] == "akm"


def test_lenient_values_and_issues() -> None:
    out = normalise_records(make_people())
    assert (out[c.DOB_YEAR][1], out[c.DOB_MONTH][1], out[c.DOB_DAY][1]) == (1980, 2, 30)
    assert out[c.NATIONALITY_N].tolist() == ["BGD", "BGD", "ZZZ", None]
    assert out[c.PASSPORT_N][0] is None and out[c.PASSPORT_N][1] == "AB12345"
    assert any("generic" in i for i in out[c.ISSUES][0])
    assert any("no usable name" in i for i in out[c.ISSUES][3])
    assert out[c.ALIAS_SORTED][0] == ("karim muhammad", "a karim m")


@pytest.mark.parametrize(("written", "code", "issue"), [
    ("BGD", "BGD", None), ("bd", "BGD", "alpha-2 code"),
    ("Bangladesh", "BGD", "country name"), ("Bangladeshi", "BGD", "country name"),
    ("Ivory Coast", "CIV", "country name"), ("DR Congo", "COD", "country name"),
    ("Kosovo", "XKX", "country name"), ("Пакистан", "PAK", "country name"),
    ("Narnia", "NARNIA", "unknown country code"),
    ("N/A", None, "not stated"), ("Unknown", None, "not stated"), ("XXX", None, "not stated"),
    ("-", None, "not stated"), ("XXA", "XXA", "unknown country code"),  # stateless: kept
    # French records' demonyms, masculine and feminine, and mission abbreviations
    ("Tchadien", "TCD", "country name"), ("Sénégalaise", "SEN", "country name"),
    ("Malienne", "MLI", "country name"), ("Rwandais", "RWA", "country name"),
    ("Ghanéenne", "GHA", "country name"), ("Nigérien", "NER", "country name"),
    ("RDC", "COD", "country name"), ("R.O.K.", "KOR", "country name"),
    ("Congo (Democratic Republic)", "COD", "country name"), ("Chadian", "TCD", "country name"),
    ("Zaire", "COD", "country name"), ("USSR", "USSR", "unknown country code"),  # no state now
    # East African and Pacific usage; Malagasy, Comorian and Lebanese in French
    ("Rwandese", "RWA", "country name"), ("Ni-Vanuatu", "VUT", "country name"),
    ("Malgache", "MDG", "country name"), ("Libanaise", "LBN", "country name"),
    # Spanish and Portuguese demonyms, both genders; demonyms in contributors' scripts
    ("Uruguaya", "URY", "country name"), ("Brasileiro", "BRA", "country name"),
    ("Salvadoreño", "SLV", "country name"), ("Française", "FRA", "country name"),
    ("مصر", "EGY", "country name"), ("باكستاني", "PAK", "country name"),
    ("বাংলাদেশী", "BGD", "country name"), ("नेपाली", "NPL", "country name"),
    ("ኢትዮጵያዊ", "ETH", "country name"),
])
def test_nationality_by_code_name_or_demonym(written: str, code: str | None,
                                             issue: str | None) -> None:
    value, issues = normalise.country_values(written)
    assert value == code
    assert (issue is None and not issues) or any(issue in i for i in issues)


@pytest.mark.parametrize(("written", "sex", "issue"), [
    ("f", "F", None), ("Male", "M", None), ("Homme", "M", "read as M"),
    ("Femenino", "F", "read as F"), ("1", "M", "read as M"), ("2", "F", "read as F"),
    ("9", None, "not known"), ("Q", None, "invalid"),
])
def test_sex_words_and_iso_5218_codes(written: str, sex: str | None, issue: str | None) -> None:
    value, issues = normalise.sex_values(written)
    assert value == sex
    assert (issue is None and not issues) or any(issue in i for i in issues)


def test_missing_columns_and_empty_frame() -> None:
    out = normalise_records(pd.DataFrame({c.RECORD_ID: ["x"]}))
    assert out[c.NAME_TOKENS][0] == ()
    assert len(normalise_records(pd.DataFrame({c.RECORD_ID: []}))) == 0


@pytest.mark.parametrize(("one", "other"), [
    ("BANBAT-07", "Banbat 7"), ("BANBAT7", "banbat_7"), ("كتيبة ٧", "كتيبة 7"),
    ("Mission  Support", "mission support")])
def test_units_agree_whatever_their_case_punctuation_and_padding(one: str, other: str) -> None:
    assert normalise.unit_value(one) == normalise.unit_value(other) is not None


def test_different_units_and_empty_ones() -> None:
    assert normalise.unit_value("BANBAT-7") != normalise.unit_value("BANBAT-17")
    assert normalise.unit_value("") is None
    assert normalise.unit_value(" - ") is None


def test_personnel_category_is_lowercased_and_an_unknown_one_is_kept_and_counted() -> None:
    out = normalise_records(pd.DataFrame({c.RECORD_ID: ["a", "b", "c"],
                                          c.PERSONNEL_CATEGORY: ["Police", "soldier", ""]}))
    assert out[c.CATEGORY_N].tolist() == ["police", "soldier", None]
    assert out[c.ISSUES].tolist() == [(c.FULL_NAME + ": no usable name",),
                                      (c.FULL_NAME + ": no usable name",
                                       "personnel_category: unknown (soldier)"),
                                      (c.FULL_NAME + ": no usable name",)]


def test_normalise_one_matches_bulk() -> None:
    fields = {c.FULL_NAME: "Md. Abdul Karim", c.DATE_OF_BIRTH: "1980", c.RECORD_ID: "q",
              c.PASSPORT_NUMBER: "000000", c.NATIONALITY: "BD", c.UNIT: "BANBAT-07",
              c.PERSONNEL_CATEGORY: "Military"}
    assert normalise_one(fields).equals(normalise_records(pd.DataFrame([fields])))



def test_bulk_and_single_paths_agree_and_collector_is_restored() -> None:
    people = make_people()
    bulk = normalise_records(people)
    assert gc.isenabled()
    for i, row in enumerate(people.to_dict("records")):
        one = normalise_one(row)
        for column in (c.NAME_TOKENS, c.NAME_SORTED, c.NAME_SYMBOLS, c.NAME_SKELETON):
            assert one[column].iloc[0] == bulk[column].iloc[i]


def test_collector_is_restored_after_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(normalise, "_name_columns", fail)
    with pytest.raises(RuntimeError):
        normalise_records(make_people())
    assert gc.isenabled()


@pytest.mark.parametrize(("one", "other"), [
    ("لاهور", "Lahore"), ("الرباط", "Rabat"), ("ঢাকা", "Dhaka"), ("Київ", "Kyiv"),
    ("El Jadida", "الجديدة"), ("Bala Rat", "Ballarat"), ("চট্টগ্রাম", "Chattogram"),
])
def test_places_agree_across_scripts_and_vowel_spellings(one: str, other: str) -> None:
    # anyascii alone gives "lhwr" for لاهور: no vowel survives to meet "Lahore".
    assert normalise_place(one) == normalise_place(other)


def test_different_places_stay_apart() -> None:
    places = ["Lahore", "Karachi", "Rabat", "Casablanca", "Dhaka", "Kigali", "Huye", "Accra"]
    assert len({normalise_place(p) for p in places}) == len(places)
    assert normalise_place("District 9") == "district9" and normalise_place(" ") is None
