"""Regression on hand-labelled hard cases: precision and recall floors.

Each case is a pair of raw personnel records and whether they are one person.
"""

from __future__ import annotations

import pandas as pd
import pytest

from linkage import columns as c
from linkage.pipeline import link_records

# (left, right, same person?) — fields: family, given, dob, nationality, sex, passport, full
CASES: list[tuple[dict[str, str], dict[str, str], bool]] = [
    # cross-script
    ({"family_name": "Иванов", "given_names": "Сергей", "date_of_birth": "1984-03-12",
      "nationality": "RUS"},
     {"family_name": "Ivanov", "given_names": "Sergei", "date_of_birth": "1984-03-12",
      "nationality": "RUS"}, True),
    ({"full_name": "محمد عبد الله", "date_of_birth": "1979-07-01", "nationality": "SDN"},
     {"full_name": "Mohamed Abdalla", "date_of_birth": "1979-07-01", "nationality": "SDN"}, True),
    # romanisation variants and a day/month swap
    ({"family_name": "Mukherjee", "given_names": "Anirban", "date_of_birth": "1988-04-09",
      "nationality": "IND"},
     {"family_name": "Mukherji", "given_names": "Anirban", "date_of_birth": "1988-09-04",
      "nationality": "IND"}, True),
    ({"family_name": "Nguyen", "given_names": "Van Thanh", "date_of_birth": "1990-01-15",
      "nationality": "VNM"},
     {"family_name": "Nguyễn", "given_names": "Văn Thành", "date_of_birth": "1990-01-15",
      "nationality": "VNM"}, True),
    # order swapped, one-digit typo, same passport
    ({"family_name": "Okafor", "given_names": "Chinedu", "date_of_birth": "1982-11-23",
      "passport_number": "A1234567", "nationality": "NGA"},
     {"full_name": "Chinedu Okafor", "date_of_birth": "1982-11-28",
      "passport_number": "A1234567", "nationality": "NGA"}, True),
    # Wade-Giles (Taiwan) against Han characters
    ({"family_name": "CHEN", "given_names": "Chih-ming", "date_of_birth": "1975-04-02",
      "nationality": "TWN"},
     {"full_name": "陈志明", "date_of_birth": "1975-04-02", "nationality": "TWN"}, True),
    # Arabic script: عبد الله is Abdullah, بن a connector
    ({"full_name": "عبد الله بن صالح العتيبي", "date_of_birth": "1983-02-11",
      "nationality": "SAU"},
     {"full_name": "Abdullah bin Saleh Al-Otaibi", "date_of_birth": "1983-02-11",
      "nationality": "SAU"}, True),
    # Devanagari anusvara: सिंह is Singh
    ({"full_name": "राजेश कुमार सिंह", "date_of_birth": "1979-12-05", "nationality": "IND"},
     {"family_name": "Singh", "given_names": "Rajesh Kumar", "date_of_birth": "1979-12-05",
      "nationality": "IND"}, True),
    # Ukrainian patronymic in Cyrillic against its Russian spelling
    ({"full_name": "Олександр Миколайович Шевченко", "date_of_birth": "1970-08-19",
      "nationality": "UKR"},
     {"family_name": "Shevchenko", "given_names": "Aleksandr Nikolaevich",
      "date_of_birth": "1970-08-19", "nationality": "UKR"}, True),
    # other states' layouts: a nickname, a name written together, a relative's name
    # after S/O, a rank in Bengali, a demonym for the nationality, a month by name,
    # Tamil script
    ({"family_name": "Smith", "given_names": "William", "date_of_birth": "1977-10-02",
      "nationality": "GBR"},
     {"full_name": "Bill Smith", "date_of_birth": "1977-10-02", "nationality": "GBR"}, True),
    ({"full_name": "Raj Kumar Sharma", "date_of_birth": "1986-05-20", "nationality": "IND"},
     {"full_name": "Rajkumar Sharma", "date_of_birth": "1986-05-20", "nationality": "IND"}, True),
    ({"full_name": "Mohan Lal Yadav S/O Shyam Lal Yadav", "date_of_birth": "1989-02-17",
      "nationality": "IND"},
     {"family_name": "Yadav", "given_names": "Mohan Lal", "date_of_birth": "1989-02-17",
      "nationality": "IND"}, True),
    ({"full_name": "মেজর রফিকুল ইসলাম", "date_of_birth": "1976-09-09", "nationality": "BGD"},
     {"full_name": "Rafiqul Islam", "date_of_birth": "1976-09-09", "nationality": "BGD"}, True),
    ({"full_name": "Kofi Boateng", "date_of_birth": "1984-12-01", "nationality": "Ghanaian"},
     {"full_name": "Kofi Boateng", "date_of_birth": "1 December 1984", "nationality": "GHA"},
     True),
    ({"full_name": "முருகன் செல்வம்", "date_of_birth": "1981-06-11", "nationality": "LKA"},
     {"full_name": "Murugan Selvam", "date_of_birth": "1981-06-11", "nationality": "LKA"}, True),
    # Sinhala script; an abjad reading given its vowels; a compound name written as one
    # word in Devanagari; the old Indonesian spelling; a hyphenated Korean given name
    # against Hangul; Arabic آدم (Adam), once dropped as the rank Adm.; Nepali Bdr. The
    # right-hand record mostly gives only the year of birth: the names carry the match.
    ({"full_name": "නිමල් කුමාර පෙරේරා", "date_of_birth": "1983-04-14", "nationality": "LKA"},
     {"full_name": "Nimal Kumara Perera", "date_of_birth": "1983", "nationality": "LKA"},
     True),
    ({"full_name": "نوید مشرف", "date_of_birth": "1978-08-11", "nationality": "PAK"},
     {"full_name": "Naveed Musharraf", "date_of_birth": "1978", "nationality": "PAK"},
     True),
    ({"full_name": "पुष्पकमल अधिकारी", "date_of_birth": "1984-12-11", "nationality": "NPL"},
     {"full_name": "Pushpa Kamal Adhikari", "date_of_birth": "1984", "nationality": "NPL"},
     True),
    ({"full_name": "Djoko Soesanto", "date_of_birth": "1980-09-08", "nationality": "IDN"},
     {"full_name": "Joko Susanto", "date_of_birth": "1980", "nationality": "IDN"}, True),
    ({"full_name": "Park Min-soo", "date_of_birth": "1974-06-13", "nationality": "KOR"},
     {"full_name": "박민수", "date_of_birth": "1974", "nationality": "KOR"}, True),
    ({"full_name": "Wang Xiao Ming", "date_of_birth": "1983-05-02", "nationality": "CHN",
      "sex": "M"},
     {"full_name": "WANG Xiaoming", "date_of_birth": "1983", "nationality": "CHN", "sex": "M"},
     True),
    ({"full_name": "Lee Min Ho", "date_of_birth": "1988-10-09", "nationality": "KOR"},
     {"full_name": "이민호", "date_of_birth": "1988", "nationality": "KOR"}, True),
    ({"full_name": "آدم إبراهيم موسى", "date_of_birth": "1987-01-01", "nationality": "SDN"},
     {"full_name": "Adam Ibrahim Musa", "date_of_birth": "1987", "nationality": "SDN"},
     True),
    ({"full_name": "Bhim Bdr. Gurung", "date_of_birth": "1990-03-21", "nationality": "NPL"},
     {"full_name": "Bhim Bahadur Gurung", "date_of_birth": "1990", "nationality": "NPL"},
     True),
    # twins: same family, same date of birth, different given names
    ({"family_name": "Mensah", "given_names": "Kwesi", "date_of_birth": "1991-06-30",
      "nationality": "GHA", "sex": "M"},
     {"family_name": "Mensah", "given_names": "Ama", "date_of_birth": "1991-06-30",
      "nationality": "GHA", "sex": "F"}, False),
    # father and son with the same name
    ({"family_name": "Haddad", "given_names": "Youssef", "date_of_birth": "1958-02-14",
      "nationality": "LBN"},
     {"family_name": "Haddad", "given_names": "Youssef", "date_of_birth": "1986-09-03",
      "nationality": "LBN"}, False),
    # common name, same birth year, nothing else shared
    ({"family_name": "Ali", "given_names": "Mohammed", "date_of_birth": "1985-03-02",
      "nationality": "PAK"},
     {"family_name": "Ali", "given_names": "Mohammed", "date_of_birth": "1985-10-21",
      "nationality": "PAK"}, False),
    # Mohammed is not Mahmoud, though their consonants agree
    ({"family_name": "Hassan", "given_names": "Mohammed", "date_of_birth": "1980-05-05",
      "nationality": "EGY"},
     {"family_name": "Hassan", "given_names": "Mahmoud", "date_of_birth": "1980-05-05",
      "nationality": "EGY"}, False),
]

# Known miss at these floors: Mohammed/Mahmoud with one family name and birth date (the
# last case) still links, since in forty records the birth date looks rare and the
# estimated prior is high. Raise the floors as the engine improves.
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 1.0


@pytest.fixture(scope="module")
def linked() -> pd.DataFrame:
    rows = []
    for i, (left, right, _) in enumerate(CASES):
        rows += [{c.RECORD_ID: f"{i}L", **left}, {c.RECORD_ID: f"{i}R", **right}]
    result = link_records(pd.DataFrame(rows).fillna(""))
    return result.clusters.set_index(c.RECORD_ID)


def test_precision_and_recall_floors(linked: pd.DataFrame) -> None:
    predicted = [linked.loc[f"{i}L", c.CLUSTER_ID] == linked.loc[f"{i}R", c.CLUSTER_ID]
                 for i in range(len(CASES))]
    truth = [same for _, _, same in CASES]
    hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = hits / max(sum(predicted), 1)
    recall = hits / sum(truth)
    misses = [i for i, (p, t) in enumerate(zip(predicted, truth, strict=True)) if p != t]
    assert precision >= PRECISION_FLOOR, misses
    assert recall >= RECALL_FLOOR, misses
