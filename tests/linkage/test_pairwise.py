"""The row-wise path (linkage.pairwise) equals the vectorised one, level for level.

The vectorised reference is `score_pairs(prepare_records(frame), pairs, ...)` on the
frame [query, *candidates] with pairs (0, k). Levels must be identical; weights, match
weights and scores equal within 1e-4 (they come out bit-equal in practice); bands equal.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from linkage import (
    DEFAULT_MODEL,
    FrequencyTable,
    Model,
    Thresholds,
    candidate_pairs,
    compare_pairs,
    frequency_tables,
    level_column,
    normalise_one,
    normalise_records,
    prepare_one,
    prepare_records,
    score_against,
    score_pairs,
    train_model,
    weight_column,
)
from linkage import columns as c
from linkage.names import phonetic_key
from linkage.pairwise import PairScore
from linkage.scoring import DEFAULT_THRESHOLDS
from linkage.token_matching import MAX_TOKENS
from scripts.bench.pairwise_bench import blocked_partners
from tests.linkage.factories import make_frame, make_normalised

TOLERANCE = 1e-4


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a normalised frame as mappings (what prepare_one takes)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _vectorised(frame: pd.DataFrame, model: Model, tables: dict[str, FrequencyTable],
                thresholds: Thresholds) -> pd.DataFrame:
    pairs = pd.DataFrame({c.LEFT: np.zeros(len(frame) - 1, dtype=np.int64),
                          c.RIGHT: np.arange(1, len(frame), dtype=np.int64)})
    return score_pairs(prepare_records(frame), pairs, model, tables=tables,
                       thresholds=thresholds, explain=True)


def assert_same(frame: pd.DataFrame, model: Model, tables: dict[str, FrequencyTable],
                thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[PairScore]:
    """Row 0 of `frame` scored against the other rows both ways gives the same result."""
    frame = frame.reset_index(drop=True)
    rows = records(frame)
    got = score_against(prepare_one(rows[0]), [prepare_one(r) for r in rows[1:]], model,
                        tables=tables, thresholds=thresholds)
    want = _vectorised(frame, model, tables, thresholds)
    assert len(got) == len(want)
    for i, feature in enumerate(model.features):
        levels = [p.levels[i] for p in got]
        expected = want[level_column(feature.name)].tolist()
        wrong = [(rows[k + 1][c.NAME_SORTED], e, g)
                 for k, (e, g) in enumerate(zip(expected, levels, strict=True)) if e != g]
        assert not wrong, f"{feature.name} levels differ for {rows[0][c.NAME_SORTED]!r}: {wrong}"
        np.testing.assert_allclose([p.weights[i] for p in got],
                                   want[weight_column(feature.name)].to_numpy(),
                                   atol=TOLERANCE, rtol=0, err_msg=feature.name)
    np.testing.assert_allclose([p.match_weight for p in got], want[c.WEIGHT].to_numpy(),
                               atol=TOLERANCE, rtol=0)
    np.testing.assert_allclose([p.score for p in got], want[c.SCORE].to_numpy(),
                               atol=TOLERANCE, rtol=0)
    assert [p.band for p in got] == want[c.BAND].astype(str).tolist()
    return got


# --- generated data: many scripts, typos, partial dates, aliases, identifiers -----------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(raw interchange records, their normalised frame) of a generated data set."""
    from scripts.demo_data import generate

    out: Path = tmp_path_factory.mktemp("pairwise")
    generate(out, 500, seed=5)
    raw = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                     for p in sorted(out.glob("*/personnel.csv"))], ignore_index=True)
    return raw, normalise_records(raw)


def _groups(frame: pd.DataFrame, count: int, seed: int) -> list[list[int]]:
    """[query, *candidates] positions: the query's blocked partners (near-duplicates and
    namesakes, as a vetting check retrieves them) topped up with random records, <= 200."""
    partners = blocked_partners(frame)
    rng = np.random.default_rng(seed)
    queries = rng.choice(sorted(partners), size=count, replace=False)
    groups = []
    for query in queries.tolist():
        others = [k for k in rng.choice(len(frame), size=40).tolist() if k != query]
        candidates = list(dict.fromkeys(partners[query][:160] + others))
        groups.append([query, *candidates[:200]])
    return groups


def _check_groups(frame: pd.DataFrame, groups: list[list[int]], model: Model,
                  tables: dict[str, FrequencyTable]) -> Counter[tuple[str, int]]:
    seen: Counter[tuple[str, int]] = Counter()
    for group in groups:
        for pair in assert_same(frame.iloc[group], model, tables):
            seen.update(zip((f.name for f in model.features), pair.levels, strict=True))
    return seen


def test_generated_groups_default_model(generated: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, frame = generated
    tables = frequency_tables(prepare_records(frame))
    assert any(name.endswith("|nationality_n") for name in tables)
    seen = _check_groups(frame, _groups(frame, 60, seed=1), DEFAULT_MODEL, tables)
    # The groups exercise the levels (else equality would prove little).
    for feature in DEFAULT_MODEL.features:
        levels = {level for name, level in seen if name == feature.name}
        assert len(levels) >= min(3, len(feature.levels) + 1), (feature.name, levels)
    assert {0, 1, 2, 3, 5, 6, 8} <= {level for name, level in seen if name == "name"}
    assert {0, 1, 4, 5, 6, 7} <= {level for name, level in seen if name == "date_of_birth"}


def test_generated_groups_trained_model(generated: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, frame = generated
    prepared = prepare_records(frame)
    compared = compare_pairs(prepared, candidate_pairs(frame).pairs, DEFAULT_MODEL)
    model = train_model(prepared, compared, DEFAULT_MODEL, u_samples=20_000)
    assert model.features != DEFAULT_MODEL.features
    _check_groups(frame, _groups(frame, 25, seed=2), model, frequency_tables(prepared))


def test_generated_groups_without_tables(generated: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, frame = generated
    _check_groups(frame, _groups(frame, 10, seed=3), DEFAULT_MODEL, {})


def test_query_from_normalise_one(generated: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """A vetting query is normalised alone (normalise_one) and scored against rows of the
    registry's normalised frame."""
    raw, frame = generated
    tables = frequency_tables(prepare_records(frame))
    for group in _groups(frame, 10, seed=4):
        fields = {str(k): str(v) for k, v in raw.iloc[group[0]].to_dict().items() if v != ""}
        query = normalise_one(fields)
        got = assert_same(pd.concat([query, frame.iloc[group[1:]]], ignore_index=True),
                          DEFAULT_MODEL, tables)
        # The one-row frame's row, as a vetting check hands it over, scores the same.
        row = {str(k): v for k, v in query.iloc[0].to_dict().items()}
        candidates = [prepare_one(r) for r in records(frame.iloc[group[1:]])]
        assert score_against(prepare_one(row), candidates, DEFAULT_MODEL, tables=tables) == got


# --- hand-made records: the edge cases -------------------------------------------------


def _edge_records() -> list[dict[str, Any]]:
    long = "abdul rahman muhammad ali hassan"
    return [
        make_normalised(place_n="nairobi", passport_n="A1234567", service_n="KA123456"),
        make_normalised(),  # identical but for the identifiers and place
        make_normalised(given="jon", family="smyth", dob="1980-05-18", place_n="nairobbi",
                        passport_n="A1234568", service_n="123456"),
        make_normalised(given="smith", family="john", dob="1980-07-05",
                        passport_n="B1234567"),
        make_normalised(given="j", family="smith", dob="1980-05", nationality_n="UGA",
                        passport_n="A1234567"),
        make_normalised(given="johnny", family="smith", dob="1980", place_n="mombasa",
                        service_n="KA0123456"),
        make_normalised(given="john peter", family="smith", dob="1981-05-17",
                        nationality_n="TZA", passport_n="Z9876543"),
        make_normalised(given="peter", family="jones", dob="1980-09-01",
                        aliases=("john smith",)),
        make_normalised(given="jon", family="smith", aliases=("peter jones", "")),
        make_normalised(given=long, family="al farouk", dob="1975-01-02"),
        make_normalised(given="farouk al hassan ali", family="muhammad rahman abdul",
                        dob="1975-01-02"),  # same name_sorted, other first five tokens
        make_normalised(given="abdul rahman", family="hassan", dob="1975-02-01"),
        make_normalised(given="mohammed ali", family="hasan", name_symbols=frozenset({"s7"})),
        make_normalised(given="muhammad aly", family="hassan", name_symbols=frozenset({"s7"})),
        make_normalised(given="kebede", family="kabada", nationality_n="ETH",
                        service_n="ZZ998877"),
        make_normalised(given="kabada", family="kebede", nationality_n="ETH",
                        service_n="QQ112233",
                        name_phonetic=("KBT", "KBT")),  # keys not phonetic_key's
        make_normalised(given="", family="", dob="", nationality_n=None, sex_n=None,
                        name_sorted="", name_joined="", initials=""),  # all missing
        make_normalised(given="", family="", dob="", nationality_n=float("nan"), sex_n="",
                        name_sorted=None, name_joined=None, initials=None,
                        name_symbols=None, name_tokens=None, name_phonetic=None,
                        alias_sorted=None, place_n=pd.NA, passport_n=float("nan")),
        make_normalised(given="mukherjee", family="rafikul", nationality_n="BGD",
                        national_id_n="0012345"),
        make_normalised(given="mukherji", family="rofiqul", nationality_n="BGD",
                        national_id_n="12345"),
        make_normalised(given="husayn", family="x", nationality_n="BGD",
                        national_id_n="X12346"),
        make_normalised(given="hussain", family="xy", nationality_n="BGD",
                        national_id_n="X12345"),
        make_normalised(given="hussain", family="xy", national_id_n="X12345",
                        service_n="KA123457"),
        make_normalised(given="", family="smith", dob="1980-05-17", place_n="nairobi"),
        # Close spellings but for the length prefilter (five letters apart).
        make_normalised(given="abdulrahman", family="khan", dob="1975-01-02"),
        make_normalised(given="abdulrahmanuddin", family="khan", dob="1975-01-02"),
        make_normalised(given="jane", family="stone", sex_n="F"),
        # Two tokens shared and one spare on each side; William and Bill are one name.
        make_normalised(given="farid osei", family="mensah", dob="1969-03-03"),
        make_normalised(given="farid", family="mensah okello", dob="1969-03-03"),
        make_normalised(given="bill", family="mensah okello", dob="1969-03-03"),
        make_normalised(given="william", family="mensah okello", dob="1969-03-03"),
        # A Yoruba short form shares its full name's nickname symbol (Seun, Oluwaseun).
        make_normalised(given="oluwaseun", family="adeyemi", dob="1985-02-02"),
        make_normalised(given="seun", family="adeyemi", dob="1985-02-02"),
        # One name's token is two of the other's written together, either way round.
        make_normalised(given="raj kumar", family="sharma", dob="1990-01-01"),
        make_normalised(given="rajkumar", family="sharma singh", dob="1990-01-01"),
        make_normalised(given="sharmasingh", family="raj", dob="1990-01-01"),
        # A first letter added or dropped (old Indonesian spelling; a silent h).
        make_normalised(given="djoko", family="santoso", dob="1971-08-17"),
        make_normalised(given="joko", family="santoso", dob="1971-08-17"),
        make_normalised(given="isa", family="hamadou", sex_n="M"),
        make_normalised(given="isa", family="amadou", sex_n="M"),
        make_normalised(given="ali", family="kamau", national_id_n="77788899",
                        service_n="KA123456"),
        # Numbers from an issuer that cannot be told (nationality unknown): level 4, where
        # a known other nationality gives 5 ("different, other issuer").
        make_normalised(given="ali", family="kamau", nationality_n=None,
                        passport_n="Q7654321", national_id_n="55544433",
                        service_n="RR445566"),
    ]


def _mismatched() -> dict[str, Any]:
    """A record whose phonetic keys do not line up with its tokens: in the vectorised path
    no two tokens of its frame then sound alike."""
    return make_normalised(given="rofiqul", family="mukerji", name_phonetic=("RFKL",))


def _edge_frames() -> list[pd.DataFrame]:
    records = _edge_records()
    frames = []
    for i in range(len(records)):
        others = records[:i] + records[i + 1:]
        frames.append(make_frame(records[i], *others))
        frames.append(make_frame(records[i], *reversed(others)))
        frames.append(make_frame(records[i], *others, _mismatched()))
    return frames


@pytest.mark.parametrize("with_tables", [True, False])
def test_edge_records(with_tables: bool) -> None:
    everything = make_frame(*_edge_records(), _mismatched())
    tables = frequency_tables(prepare_records(everything)) if with_tables else {}
    seen: Counter[tuple[str, int]] = Counter()
    for i, frame in enumerate(_edge_frames()):
        thresholds = DEFAULT_THRESHOLDS if i % 2 else Thresholds(link=0.5, review=0.01)
        for pair in assert_same(frame, DEFAULT_MODEL, tables, thresholds):
            seen.update(zip((f.name for f in DEFAULT_MODEL.features), pair.levels, strict=True))
    for feature in ("passport", "national_id", "service_number"):
        assert {-1, 0, 1, 2, 3, 4, 5} <= {lv for name, lv in seen if name == feature}, feature
    assert set(range(-1, 9)) <= {lv for name, lv in seen if name == "name"}
    assert set(range(-1, 8)) <= {lv for name, lv in seen if name == "date_of_birth"}
    assert {-1, 0, 1, 2} <= {lv for name, lv in seen if name == "place_of_birth"}


_SYLLABLES = ("ka", "ke", "ab", "ba", "ra", "ri", "mu", "ha", "s", "sa", "an", "am", "d", "ul")
_MISSING: tuple[Any, ...] = (None, float("nan"), pd.NA, "")


def _random_token(rng: random.Random) -> str:
    """A token of one to seven syllables, sometimes respelt: letters changed, dropped or
    appended (up to five, past the length prefilter), or cut to its initial."""
    token = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 6, 7))))
    edit = rng.random()
    if edit < 0.15:
        token += "".join(rng.choice("aeiourn") for _ in range(rng.randint(1, 5)))
    elif edit < 0.25 and len(token) > 2:
        at = rng.randrange(len(token))
        token = token[:at] + rng.choice(("", "e", "y", "h")) + token[at + 1:]
    elif edit < 0.3:
        token = token[0]
    return token


def _random_record(rng: random.Random) -> dict[str, Any]:
    """A record of tokens from few syllables (so close spellings and prefilter hits are
    common), in any missing form, with phonetic keys canonical, arbitrary or misaligned."""
    tokens = tuple(_random_token(rng) for _ in range(rng.choice((0, 1, 2, 3, 3, 4, 5, 6, 7))))
    if tokens and rng.random() < 0.2:
        tokens += tokens[:1]
    record = make_normalised(dob="")
    record.update({
        c.NAME_TOKENS: tokens,
        c.NAME_SORTED: " ".join(sorted(tokens)) if tokens else rng.choice(_MISSING),
        c.NAME_JOINED: "".join(sorted(tokens)) if tokens else rng.choice(_MISSING),
        c.INITIALS: "".join(sorted(t[0] for t in tokens)) if tokens else rng.choice(_MISSING),
        c.NAME_SYMBOLS: rng.choice((frozenset(), frozenset({"s1"}), frozenset({"s2", "s1"}),
                                    None)),
        c.ALIAS_SORTED: rng.choice(((), (), ("ka ra",), ("ab", ""), None)),
        c.DOB_YEAR: rng.choice((None, 1980, 1981, 1979, 1990, 2001, pd.NA)),
        c.DOB_MONTH: rng.choice((None, 1, 2, 5, 10, 12)),
        c.DOB_DAY: rng.choice((None, 1, 2, 5, 10, 12, 21)),
        c.NATIONALITY_N: rng.choice(("KEN", "KEN", "UGA", *_MISSING)),
        c.SEX_N: rng.choice(("M", "F", *_MISSING)),
        c.PLACE_N: rng.choice(("nairobi", "nairobbi", "nakuru", "kampala", *_MISSING)),
        c.UNIT_N: rng.choice(("kenbatt 3", "kenbatt 4", "kenbatt", "3", "mission support",
                              *_MISSING)),
        c.CATEGORY_N: rng.choice(("military", "police", *_MISSING)),
    })
    keys = tuple(phonetic_key(t) for t in tokens)
    record[c.NAME_PHONETIC] = rng.choice((keys, keys, keys, keys[:-1], None, tuple(
        rng.choice(("K", "KB", t[:2].upper())) for t in tokens)))
    if tokens and rng.random() < 0.2:
        record[c.ALIAS_SORTED] = (" ".join(sorted(rng.choice(_SYLLABLES) for _ in range(2))),)
    for column in (c.PASSPORT_N, c.NATIONAL_ID_N, c.SERVICE_N):
        record[column] = rng.choice((*_MISSING, "A1234567", "A1234568", "B1234567", "1234567",
                                     "A01234567", "X12", "X13", "KA0012", "ZZ99887766",
                                     "ZZ99887767", "A1234576"))
    return record


@pytest.mark.parametrize("seed", [1, 2])
def test_random_records(seed: int) -> None:
    rng = random.Random(seed)
    pool = [_random_record(rng) for _ in range(200)]
    tables = frequency_tables(prepare_records(make_frame(*pool)))
    for trial in range(60):
        group = rng.sample(pool, rng.randint(2, 40))
        if rng.random() < 0.3:
            group.append(group[0])  # the query among its candidates
        assert_same(make_frame(*group), DEFAULT_MODEL, tables if trial % 3 else {})


def _score(query: dict[str, Any], *candidates: dict[str, Any]) -> list[PairScore]:
    frame = make_frame(query, *candidates)
    tables = frequency_tables(prepare_records(frame))
    return assert_same(frame, DEFAULT_MODEL, tables)


def _level(pair: PairScore, feature: str) -> int:
    names = [f.name for f in DEFAULT_MODEL.features]
    return pair.levels[names.index(feature)]


def test_a_different_number_is_told_apart_by_its_issuer_row_wise() -> None:
    query = make_normalised(passport_n="P1234567", nationality_n="KEN")
    pairs = _score(query,
                   make_normalised(passport_n="Q9999999", nationality_n="KEN"),
                   make_normalised(passport_n="Q9999999", nationality_n="UGA"),
                   make_normalised(passport_n="Q9999999", nationality_n=None),
                   make_normalised(passport_n="Q9999999", nationality_n=float("nan")),
                   make_normalised(passport_n="P1234568", nationality_n="UGA"))
    assert [_level(p, "passport") for p in pairs] == [3, 5, 4, 4, 2]
    unknown = _score(make_normalised(passport_n="P1234567", nationality_n=None),
                     make_normalised(passport_n="Q9999999", nationality_n="UGA"))
    assert _level(unknown[0], "passport") == 4


def test_empty_candidates() -> None:
    query = prepare_one(make_normalised())
    assert score_against(query, [], DEFAULT_MODEL, tables={}) == []


def test_all_missing_record_gives_only_nulls() -> None:
    missing = make_normalised(given="", family="", dob="", nationality_n=None, sex_n=None,
                              name_sorted=None, name_joined="", initials=None)
    for pair in _score(missing, make_normalised(), missing):
        assert set(pair.levels) == {-1}
        assert pair.weights == (0.0,) * len(DEFAULT_MODEL.features)
        assert math.isclose(pair.match_weight, DEFAULT_MODEL.prior_weight, abs_tol=1e-5)


def test_identical_records_agree_everywhere() -> None:
    record = make_normalised(place_n="goma", passport_n="P1234567", national_id_n="12345678",
                             service_n="KA123456", unit_n="kenbatt 3", category_n="military")
    [pair] = _score(record, record)
    assert set(pair.levels) == {0}
    assert pair.band == "link"


def test_tokens_beyond_max_tokens_are_ignored() -> None:
    names = "a1 b2 c3 d4 e5 zz".split()
    prepared = prepare_one(make_normalised(given=" ".join(names[:-1]), family=names[-1]))
    assert prepared.tokens == tuple(names[:MAX_TOKENS])
    # The sixth token is left out: "zz" alone shares nothing with it.
    [pair] = _score(make_normalised(given=" ".join(names[:-1]), family="zz"),
                    make_normalised(given="zz", family="qq"))
    assert _level(pair, "name") == 8


def test_alias_gives_the_variant_level() -> None:
    [pair] = _score(make_normalised(given="peter", family="jones", aliases=("john smith",)),
                    make_normalised())
    assert _level(pair, "name") == 1


def test_prepared_records_can_be_reused_across_queries(
        generated: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, frame = generated
    rows = records(frame.iloc[:50])
    prepared = [prepare_one(r) for r in rows]
    tables = frequency_tables(prepare_records(frame))
    first = score_against(prepared[0], prepared[1:], DEFAULT_MODEL, tables=tables)
    score_against(prepared[1], prepared[2:], DEFAULT_MODEL, tables=tables)
    again = score_against(prepared[0], prepared[1:], DEFAULT_MODEL, tables=tables)
    assert first == again
