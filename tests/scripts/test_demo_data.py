"""The synthetic data generator: valid interchange files, consistent truth, realistic variation."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pycountry
import pytest
from click.testing import CliRunner

from registry.intake.rules import ALLEGATIONS, DEPLOYMENTS, PERSONNEL, KindSpec
from scripts.demo_data import Summary, generate
from scripts.demo_data.states import load_states

Files = dict[tuple[str, str], list[dict[str, str]]]
Truth = dict[str, dict[str, str]]
Run = tuple[Path, Summary]
SPECS = {"personnel": PERSONNEL, "deployments": DEPLOYMENTS, "allegations": ALLEGATIONS}
SCRIPT_WORDS = {"Beng": "BENGALI", "Deva": "DEVANAGARI", "Arab": "ARABIC", "Ethi": "ETHIOPIC",
                "Hani": "CJK", "Cyrl": "CYRILLIC"}
ALPHA3 = {c.alpha_3 for c in pycountry.countries}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.csv"))}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("demo")
    return out, generate(out, 300, seed=7)


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("demo3k")
    return out, generate(out, 3000, seed=11, chunk_size=1000)


@pytest.fixture(scope="module")
def files(larger: tuple[Path, Summary]) -> dict[tuple[str, str], list[dict[str, str]]]:
    out, summary = larger
    manifest = summary.manifest
    return {(s["org"], s["kind"]): read(out / s["path"])
            for s in manifest["submissions"]}


@pytest.fixture(scope="module")
def truth(larger: tuple[Path, Summary]) -> dict[str, dict[str, str]]:
    return {row["record_id"]: row for row in read(larger[0] / "truth.csv")}


def test_manifest_lists_every_file_with_its_row_count(small: tuple[Path, Summary]) -> None:
    out, _ = small
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 7 and manifest["people"] == 300
    kinds = {o["code"]: o["kind"] for o in manifest["organisations"]}
    assert sum(1 for k in kinds.values() if k == "state") >= 15
    assert {"MINUSCA", "MONUSCO", "UNMISS"} <= {c for c, k in kinds.items() if k == "mission"}
    seen: dict[str, list[str]] = defaultdict(list)
    for sub in manifest["submissions"]:
        rows = read(out / sub["path"])
        assert len(rows) == sub["rows"], sub
        assert sub["path"] == f"{sub['org']}/{sub['kind']}.csv"
        seen[sub["org"]].append(sub["kind"])
    for org, order in seen.items():
        assert order[0] == "personnel"
        assert "deployments" not in order or kinds[org] == "state"
    listed = {sub["path"] for sub in manifest["submissions"]}
    written = {str(p.relative_to(out)) for p in out.glob("*/*.csv")}
    assert listed == written
    assert all(sub["rows"] > 0 for sub in manifest["submissions"])
    assert manifest["records"] == sum(s["rows"] for s in manifest["submissions"]
                                      if s["kind"] == "personnel")


def _check_cells(spec: KindSpec, rows: list[dict[str, str]], where: str) -> None:
    for number, row in enumerate(rows, start=2):
        for spec_field in spec.fields:
            value = row[spec_field.name]
            if not value:
                assert not spec_field.required, (where, number, spec_field.name)
                continue
            assert value[0] not in "=+-@", (where, number, value)
            spec_field.check(value, None)  # raises FieldError when intake would reject it
        if spec.one_of:
            assert any(row[name] for name in spec.one_of), (where, number)


def test_every_file_passes_the_intake_rules(larger: tuple[Path, Summary]) -> None:
    out, summary = larger
    for sub in summary.manifest["submissions"]:
        path = out / sub["path"]
        spec = SPECS[sub["kind"]]
        assert header(path) == list(spec.names), path
        rows = read(path)
        _check_cells(spec, rows, sub["path"])
        keys = [tuple(r[k] for k in spec.key) for r in rows]
        assert len(keys) == len(set(keys)), f"duplicate keys in {path}"


def test_values_are_valid_independently_of_intake(files: Files) -> None:
    for (_, kind), rows in files.items():
        for row in rows:
            for name in ("date_of_birth", "start_date", "end_date", "incident_date",
                         "reported_date"):
                value = row.get(name) or ""
                if value:
                    assert DATE.match(value), value
                    parts = [int(p) for p in value.split("-")] + [1, 1]
                    dt.date(*parts[:3])  # a real calendar date
            if kind == "personnel":
                assert row["nationality"] in ALPHA3 | {""}
                assert row["sex"] in ("F", "M", "X", "")
            if kind == "allegations":
                assert row["minors_involved"] in ("true", "false", "")
                assert row["victim_count"] == "" or row["victim_count"].isdigit()


def test_subjects_exist_in_the_same_organisation(files: Files) -> None:
    for (org, kind), rows in files.items():
        if kind == "personnel":
            continue
        ids = {r["record_id"] for r in files[(org, "personnel")]}
        column = "record_id" if kind == "deployments" else "subject_record_id"
        assert {r[column] for r in rows} <= ids, (org, kind)


def test_ids_are_unique_and_prefixed_by_organisation(files: Files) -> None:
    record_ids = [r["record_id"] for (org, kind), rows in files.items() if kind == "personnel"
                  for r in rows]
    assert len(record_ids) == len(set(record_ids))
    for (org, kind), rows in files.items():
        if kind == "personnel":
            assert all(r["record_id"].startswith(f"{org}-P") for r in rows)
        if kind == "allegations":
            refs = [r["source_reference"] for r in rows]
            assert len(refs) == len(set(refs))
            assert all(ref.startswith(f"{org}-A") for ref in refs)


def test_truth_lists_every_record_once(files: Files, truth: Truth, larger: Run) -> None:
    out, summary = larger
    rows = read(out / "truth.csv")
    assert len(rows) == len(truth) == summary.records
    personnel = {r["record_id"]: org for (org, kind), rs in files.items() if kind == "personnel"
                 for r in rs}
    assert set(personnel) == set(truth)
    assert all(truth[rid]["org"] == org for rid, org in personnel.items())
    people = {row["person_id"] for row in rows}
    assert len(people) <= summary.people
    assert 1.2 <= summary.records / summary.people <= 1.5


def test_people_appear_in_several_organisations(truth: Truth) -> None:
    orgs: dict[str, set[str]] = defaultdict(set)
    for row in truth.values():
        orgs[row["person_id"]].add(row["org"])
    assert sum(1 for o in orgs.values() if len(o) >= 2) > 0.1 * len(orgs)
    missions = {"MINUSCA", "MONUSCO", "UNMISS", "UNIFIL", "MINUSMA", "UNISFA", "MINURSO"}
    assert any(o & missions and o - missions for o in orgs.values())


def _allegations_by_person(files: Files, truth: Truth) -> dict[str, list]:
    found: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for (org, kind), rows in files.items():
        if kind == "allegations":
            for row in rows:
                found[truth[row["subject_record_id"]]["person_id"]].append((org, row))
    return found


def test_serial_offenders_really_are(files: Files, truth: Truth, larger: Run) -> None:
    serial = read(larger[0] / "serial_offenders.csv")
    assert serial, "a set of 3000 people has serial offenders"
    by_person = _allegations_by_person(files, truth)
    share = len(by_person) / larger[1].people
    assert 0.03 <= share <= 0.05
    for row in serial:
        reports = by_person[row["person_id"]]
        assert int(row["allegation_count"]) == len(reports)
        assert set(row["submitters"].split(";")) == {org for org, _ in reports}
        shown = {r["mission"] for _, r in reports if r["mission"]}
        assert shown <= set(row["missions"].split(";"))
        assert (len(row["missions"].split(";")) >= 2 or len(row["submitters"].split(";")) >= 2
                or row["redeployed_after_allegation"] == "true")
    listed = {row["person_id"] for row in serial}
    for person, reports in by_person.items():
        if len({org for org, _ in reports}) >= 2:
            assert person in listed
    assert any(len(r["missions"].split(";")) >= 2 for r in serial)
    assert any(r["redeployed_after_allegation"] == "true" for r in serial)


def test_statuses_and_categories_are_all_used(files: Files) -> None:
    rows = [r for (_, kind), rs in files.items() if kind == "allegations" for r in rs]
    assert {r["status"] for r in rows} == {"reported", "under_investigation", "substantiated",
                                          "unsubstantiated", "closed"}
    assert {r["category"] for r in rows} == {"sexual_exploitation", "sexual_abuse",
                                            "sexual_harassment", "other"}


def _written_in(text: str, script: str) -> bool:
    return any(SCRIPT_WORDS[script] in unicodedata.name(ch, "") for ch in text)


def test_native_script_records_for_each_native_script_state(files: Files, truth: Truth) -> None:
    for state in load_states():
        if not state.has_native_script:
            continue
        rows = files[(state.code, "personnel")]
        native = [r for r in rows if truth[r["record_id"]]["script"] == state.script]
        assert native, state.code
        for row in native:
            assert _written_in(row["full_name"] + row["given_names"], state.script), row
        latin = [r for r in rows if truth[r["record_id"]]["script"] == "Latn"]
        assert latin and not any(_written_in(r["full_name"] + r["given_names"], state.script)
                                 for r in latin)


def test_every_variation_kind_is_used(larger: tuple[Path, Summary]) -> None:
    expected = {"alt_spelling", "alt_native", "native_script", "order_swapped", "middle_dropped",
                "initials", "patronymic_dropped", "connector", "prefix_toggled", "typo_keyboard",
                "typo_ocr", "accents_stripped", "dob_day_month_swapped", "dob_year_only",
                "dob_year_month", "dob_missing", "service_number_reformatted",
                "passport_renewed", "alias", "surname_dropped", "syllables_split"}
    assert expected <= {k for k, v in larger[1].variations.items() if v > 0}


def _records_by_person(files: Files, truth: Truth) -> dict[str, list]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (_, kind), rows in files.items():
        if kind == "personnel":
            for row in rows:
                out[truth[row["record_id"]]["person_id"]].append(row)
    return out


def test_variation_is_visible_between_records_of_one_person(files: Files, truth: Truth) -> None:
    kinds: Counter[str] = Counter()
    for records in _records_by_person(files, truth).values():
        dobs = {r["date_of_birth"] for r in records if len(r["date_of_birth"]) == 10}
        for dob in dobs:
            y, m, d = dob.split("-")
            kinds["dob_swapped"] += f"{y}-{d}-{m}" in dobs and m != d
        services = {r["service_number"] for r in records if r["service_number"]}
        digits = {s.split("-")[-1].split(" ")[-1].lstrip("0") for s in services}
        kinds["service_reformatted"] += len(services) > 1 and len(digits) == 1
        passports = {r["passport_number"] for r in records if r["passport_number"]}
        kinds["passport_changed"] += len(passports) > 1
        names = {r["full_name"] or r["given_names"] + " " + r["family_name"] for r in records}
        kinds["name_differs"] += len(names) > 1
    assert all(kinds[k] > 0 for k in ("dob_swapped", "service_reformatted", "passport_changed",
                                      "name_differs")), kinds


def test_bengali_prefixes_and_un_style_names(files: Files) -> None:
    bgd = " ".join(r["full_name"] for r in files[("BGD", "personnel")])
    assert "Md." in bgd
    un_style = [r["full_name"] for r in files[("MINUSCA", "personnel")] if ", " in r["full_name"]]
    assert un_style and all(name.split(", ")[0].isupper() for name in un_style)


def test_hard_negatives_are_different_people(larger: tuple[Path, Summary], truth: Truth) -> None:
    pairs = read(larger[0] / "hard_negatives.csv")
    assert {"namesake", "twin", "father_son"} <= {p["kind"] for p in pairs}
    people = {row["person_id"] for row in truth.values()}
    for pair in pairs:
        assert pair["person_id_a"] != pair["person_id_b"]
        assert {pair["person_id_a"], pair["person_id_b"]} <= people


def test_same_seed_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    generate(tmp_path / "a", 900, seed=3, workers=1, chunk_size=300)
    generate(tmp_path / "b", 900, seed=3, workers=2, chunk_size=300)
    generate(tmp_path / "c", 900, seed=4, workers=1, chunk_size=300)
    a, b, c = (digest(tmp_path / name) for name in "abc")
    assert a == b
    manifests = [(tmp_path / name / "manifest.json").read_bytes() for name in "ab"]
    assert manifests[0] == manifests[1]
    assert a["truth.csv"] != c["truth.csv"]
    assert a["BGD/personnel.csv"] != c["BGD/personnel.csv"]


def test_command_writes_the_files(tmp_path: Path) -> None:
    from scripts.cli import main

    result = CliRunner().invoke(main, ["demo-data", "--people", "50", "--seed", "2",
                                       "--out", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "records of 50 people" in result.output
    assert (tmp_path / "truth.csv").exists() and (tmp_path / "manifest.json").exists()
