"""Splink 5 on DuckDB over interchange personnel files: the baseline the engine is judged against.

Setup, as a careful Splink user would write it for this format (see docs/BENCHMARKS.md):
names are lowercased as written (Splink cannot transliterate, so a name in Arabic or
Cyrillic script stays in it); first given name and family name get Splink's
NameComparison with term-frequency adjustment; full dates of birth DateOfBirthComparison;
passport, national id and service number (upper case, letters and digits only) Levenshtein
<= 1; nationality and sex exact; place of birth Jaro-Winkler. u by random sampling, m by
EM over two training blocks, the prior from a deterministic rule; predict at the review
threshold and cluster (connected components) at the link threshold, like the engine.

    python -m scripts.bench.splink_baseline FILE... --out DIR [--candidates-truth TRUTH]
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd

LINK, REVIEW = 0.95, 0.30  # the engine's default thresholds, so both are cut the same way
U_MAX_PAIRS = 1e7  # Splink suggests 1e7 as adequate; larger only makes Splink slower
SEED = 1
COLUMNS = ("record_id", "family_name", "given_names", "full_name", "date_of_birth",
           "place_of_birth", "nationality", "sex", "service_number", "passport_number",
           "national_id", "unit", "personnel_category")


def read_personnel(paths: list[Path]) -> pd.DataFrame:
    """All inputs as one frame of strings, missing columns empty."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
              for p in paths]
    records = pd.concat(frames, ignore_index=True)
    for column in COLUMNS:
        if column not in records:
            records[column] = ""
    return records.loc[:, list(COLUMNS)]


def _blank_to_null(values: pd.Series) -> pd.Series:
    cells = values.to_numpy(dtype=object)
    cells[cells == ""] = None
    return pd.Series(cells, index=values.index, dtype=object)


def _identifier(values: pd.Series) -> pd.Series:
    return _blank_to_null(values.str.upper().str.replace(r"[\W_]+", "", regex=True))


def split_full_name(full: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(first given name, family name) of a name written in one field, both lowercased.

    The conventions a careful user would handle: "FAMILY, Given" with a comma, "FAMILY
    Given" with the family name in capitals, otherwise the first and the last word.
    """
    text = full.str.strip()
    comma = text.str.split(",", n=1)
    has_comma = comma.str.len() > 1
    words = text.str.replace(",", " ", regex=False).str.split()
    head = words.str[0].fillna("").astype(str)
    capital_first = head.str.isupper() & (head.str.len() > 1) & ~text.str.isupper() & (
        words.str.len() > 1)
    family = words.str[-1].mask(capital_first, words.str[0])
    first = words.str[0].mask(capital_first, words.str[1]).where(words.str.len() > 1, "")
    family = family.mask(has_comma, comma.str[0].fillna("").astype(str).str.strip())
    given = comma.str[1].fillna("").astype(str).str.split().str[0]
    first = first.mask(has_comma, given)
    return first.fillna("").astype(str).str.lower(), family.fillna("").astype(str).str.lower()


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """Splink's input columns: lowercased names as written, full dates, cleaned identifiers."""
    family = records["family_name"].str.lower().str.strip()
    first = records["given_names"].str.lower().str.split().str[0].fillna("")
    no_parts = (family == "") & (first == "")
    full_first, full_family = split_full_name(records["full_name"])
    family, first = family.mask(no_parts, full_family), first.mask(no_parts, full_first)
    dob = records["date_of_birth"].str.strip()
    full_date = dob.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & pd.to_datetime(
        dob, format="%Y-%m-%d", errors="coerce").notna()
    return pd.DataFrame({
        "record_id": records["record_id"].astype(str),
        "first_name": _blank_to_null(first), "family_name": _blank_to_null(family),
        "dob": _blank_to_null(dob.where(full_date, "")),
        "birth_year": _blank_to_null(dob.str.extract(r"^(\d{4})", expand=False).fillna("")),
        "place_of_birth": _blank_to_null(records["place_of_birth"].str.lower().str.strip()),
        "nationality": _blank_to_null(records["nationality"].str.upper().str.strip()),
        "sex": _blank_to_null(records["sex"].str.upper().str.strip()),
        "passport_number": _identifier(records["passport_number"]),
        "national_id": _identifier(records["national_id"]),
        "service_number": _identifier(records["service_number"]),
        "unit": _blank_to_null(records["unit"].str.lower().str.replace(r"[\W_]+", " ",
                                                                       regex=True).str.strip()),
        "personnel_category": _blank_to_null(records["personnel_category"].str.lower()
                                             .str.strip()),
    })


def settings(present: set[str]) -> Any:
    """The Splink model over the columns `present` in the data; dedupe over all inputs."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    comparisons = {
        "first_name": cl.NameComparison("first_name").configure(
            term_frequency_adjustments=True),
        "family_name": cl.NameComparison("family_name").configure(
            term_frequency_adjustments=True),
        "dob": cl.DateOfBirthComparison("dob", input_is_string=True,
                                        datetime_format="%Y-%m-%d"),
        "passport_number": cl.LevenshteinAtThresholds("passport_number", 1),
        "national_id": cl.LevenshteinAtThresholds("national_id", 1),
        "service_number": cl.LevenshteinAtThresholds("service_number", 1),
        "nationality": cl.ExactMatch("nationality"),
        "sex": cl.ExactMatch("sex"),
        "place_of_birth": cl.JaroWinklerAtThresholds("place_of_birth", [0.9]),
        "unit": cl.ExactMatch("unit"),
        "personnel_category": cl.ExactMatch("personnel_category"),
    }
    rules = [("first_name", "family_name"), ("family_name", "birth_year"),
             ("first_name", "birth_year"), ("dob",), ("passport_number",), ("national_id",),
             ("service_number",)]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        # A column the data never fills would only carry untrained default parameters.
        comparisons=[comparison for name, comparison in comparisons.items() if name in present],
        blocking_rules_to_generate_predictions=[
            block_on(*rule) for rule in rules if present.issuperset(rule)],
        retain_matching_columns=False,
    )


def present_columns(frame: pd.DataFrame) -> set[str]:
    """Columns holding at least one value."""
    return {str(k) for k, v in frame.notna().any().items() if v}


def make_linker(frame: pd.DataFrame) -> Any:
    """A DuckDB-backed linker over the prepared frame."""
    present = present_columns(frame)
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI()
    return Linker(db_api.register(frame, table_name="personnel"), settings(present),
                  log_level=None)


def train(linker: Any, present: set[str]) -> None:
    """Prior from a strict deterministic rule, u by sampling, m by EM on two blocks.

    EM blocks on date of birth (to learn names and identifiers) and on the first
    identifier the data has (to learn names and dates, disagreeing ones included);
    blocking on names instead left EM with mostly namesakes and m(dob) equal to u.
    """
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "family_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    identifiers = [k for k in ("service_number", "national_id", "passport_number") if k in present]
    for column in ["dob", *identifiers[:1]]:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(column), estimate_without_term_frequencies=True)


def link(frame: pd.DataFrame, out: Path) -> dict[str, Any]:
    """Train, predict, cluster; write pairs.csv, clusters.csv and report.json like the engine."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    linker = make_linker(frame)
    train(linker, present_columns(frame))
    timings["train"] = round(time.perf_counter() - start, 3)
    predictions = linker.inference.predict(threshold_match_probability=REVIEW)
    pairs = predictions.as_pandas_dataframe()
    timings["predict"] = round(time.perf_counter() - start - timings["train"], 3)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=LINK).as_pandas_dataframe()
    timings["cluster"] = round(time.perf_counter() - start - sum(timings.values()), 3)
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({
        "record_id_l": pairs["record_id_l"], "record_id_r": pairs["record_id_r"],
        "score": pairs["match_probability"],
        "band": (pairs["match_probability"] >= LINK).map({True: "link", False: "review"}),
    }).to_csv(out / "pairs.csv", index=False, float_format="%.6f")
    clusters.loc[:, ["record_id", "cluster_id"]].to_csv(out / "clusters.csv", index=False)
    report = {"records": len(frame), "pairs": len(pairs), "timings": timings,
              "clusters": int(clusters["cluster_id"].nunique())}
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def candidates(frame: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs Splink's prediction blocking rules generate, as record ids."""
    linker = make_linker(frame)
    blocked = linker.inference.compute_blocked_pairs_for_predict().as_pandas_dataframe()
    ids = frame["record_id"].to_numpy()
    left, right = blocked["join_key_l"], blocked["join_key_r"]
    if pd.api.types.is_integer_dtype(left) and not pd.api.types.is_integer_dtype(
            frame["record_id"]):
        left, right = pd.Series(ids[left.to_numpy()]), pd.Series(ids[right.to_numpy()])
    return pd.DataFrame({"record_id_l": left.astype(str), "record_id_r": right.astype(str)})


def main(argv: list[str] | None = None) -> None:
    """Command line: link FILES into --out, or with --candidates-truth measure blocking only."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--candidates-truth", type=Path,
                        help="truth.csv: write blocking pair completeness to OUT/blocking.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    frame = prepare(read_personnel(args.files))
    if args.candidates_truth is None:
        print(json.dumps(link(frame, args.out)))
        return
    from scripts.bench.metrics import Truth, pair_completeness

    pairs = candidates(frame)
    truth = Truth.from_frame(pd.read_csv(args.candidates_truth, dtype=str))
    result = {"candidate_pairs": len(pairs), "pair_completeness": pair_completeness(
        truth, pairs["record_id_l"], pairs["record_id_r"])}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "blocking.json").write_text(json.dumps(result) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
