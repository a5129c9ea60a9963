"""`vetreg link` and `vetreg evaluate` end to end on tiny files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from openpyxl import Workbook

from scripts.cli import main

HEADER = "record_id,family_name,given_names,date_of_birth,nationality,passport_number"


def _write(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_link_writes_pairs_clusters_and_report(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", "a1,Okafor,Chinedu,1982-11-23,NGA,A1234567",
               "a2,Mensah,Ama,1991-06-30,GHA,")
    b = _write(tmp_path / "b.csv", "b1,Okafor,Chinedu,1982-11-23,NGA,A1234567",
               "b2,Nowak,Jan,1970-13-45,XXX,", header=HEADER + ",shoe_size")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["link", str(a), str(b), "--out", str(out)])
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(out / "pairs.csv")
    assert list(pairs.columns) == ["record_id_l", "record_id_r", "score", "band"]
    assert pairs[["record_id_l", "record_id_r", "band"]].values.tolist() == [["a1", "b1", "link"]]
    clusters = pd.read_csv(out / "clusters.csv")
    assert clusters["record_id"].tolist() == ["a1", "a2", "b1", "b2"]
    ids = dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
    assert ids["a1"] == ids["b1"] and len(set(ids.values())) == 3
    report = json.loads((out / "report.json").read_text())
    assert report["records"] == 4 and report["thresholds"]["link"] == 0.95
    assert report["unknown_columns"] == {str(b): ["shoe_size"]}
    assert sum(report["invalid_values"].values()) >= 2

    truth = _write(tmp_path / "truth.csv", "a1,p1", "b1,p1", "a2,p2", "b2,p3",
                   header="record_id,person_id")
    metrics = tmp_path / "metrics.json"
    evaluated = CliRunner().invoke(main, [
        "evaluate", "--truth", str(truth), "--pairs", str(out / "pairs.csv"),
        "--clusters", str(out / "clusters.csv"), "--json", str(metrics)])
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(metrics.read_text())["clusters"]["f1"] == 1.0


def test_duplicate_record_id_across_inputs_fails(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", "x1,Okafor,Chinedu,1982-11-23,NGA,")
    b = _write(tmp_path / "b.csv", "x1,Mensah,Ama,1991-06-30,GHA,")
    result = CliRunner().invoke(main, ["link", str(a), str(b), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert "record_id must be unique" in result.output and "x1" in result.output


def test_link_reads_what_other_systems_export(tmp_path: Path) -> None:
    # A spreadsheet set to a decimal comma (semicolons, a BOM, CRLF), a Windows-1252
    # file, and a workbook: read as intake reads them, header case and spaces ignored.
    a = tmp_path / "a.csv"
    a.write_bytes("\ufeffRecord_ID ; Family_Name;given_names\r\na1;Okafor;Chinedu\r\n"
                  .encode("utf-8"))
    b = tmp_path / "b.csv"
    b.write_bytes("record_id,family_name,given_names\nb1,García,José\n".encode("cp1252"))
    workbook = Workbook()
    workbook.active.append(["record_id", "family_name", "given_names"])
    workbook.active.append(["c1", "Okafor", "Chinedu"])
    workbook.save(tmp_path / "c.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["link", str(a), str(b), str(tmp_path / "c.xlsx"),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    clusters = pd.read_csv(out / "clusters.csv")
    assert clusters["record_id"].tolist() == ["a1", "b1", "c1"]
    ids = dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
    assert ids["a1"] == ids["c1"] != ids["b1"]


def test_link_names_a_file_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text('record_id,family_name\n"a1,Okafor\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["link", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{bad}: cannot be read" in result.output
