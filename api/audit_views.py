"""`GET /v1/audit` (filters, paging, CSV export) and screening certificates, for auditors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context
from werkzeug.datastructures import MultiDict

from api.auth import current_principal, require
from api.database import db_session
from api.errors import ApiError
from registry.audit import CHAINED_FIELDS
from registry.audit_query import (
    AuditFilter,
    entry_as_dict,
    find_entries,
    get_entry,
    iter_entries,
    screening_certificate,
)
from registry.errors import NotFound
from registry.export import escape_cell

bp = Blueprint("audit", __name__, url_prefix="/v1/audit")

KNOWN_ARGS = frozenset(
    {"actor", "org", "action", "target", "from", "to", "after", "limit", "format"}
)
CSV_COLUMNS = (*CHAINED_FIELDS, "entry_hash")
MAX_LIMIT = 1000


def _bad(detail: str) -> ApiError:
    return ApiError(400, "Bad request", detail)


def _when(name: str, raw: str | None, end: bool) -> datetime | None:
    """A `from`/`to` bound: an ISO date (a `to` date includes that whole day) or datetime."""
    if raw is None:
        return None
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw) + timedelta(days=1 if end else 0)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise _bad(f"{name}={raw!r} is not an ISO 8601 date or date-time") from exc
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return moment + timedelta(microseconds=1) if end else moment


def _filters(args: MultiDict[str, str]) -> AuditFilter:
    unknown = sorted(set(args) - KNOWN_ARGS)
    if unknown:
        raise _bad(
            f"unknown parameters: {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_ARGS))}"
        )
    return AuditFilter(
        actor=args.get("actor"),
        org=args.get("org"),
        action=args.get("action"),
        target=args.get("target"),
        since=_when("from", args.get("from"), end=False),
        until=_when("to", args.get("to"), end=True),
    )


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _bad(f"{name} must be an integer from {low} to {high}")
    return int(raw)


def safe_cell(value: Any) -> Any:
    """A CSV value: JSON fields as compact JSON text, formula-like text escaped."""
    if isinstance(value, dict | list):
        value = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return escape_cell(value)


def _csv_lines(filters: AuditFilter) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in iter_entries(db_session(), filters):
        row = entry_as_dict(entry)
        writer.writerow([safe_cell(row[column]) for column in CSV_COLUMNS])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@bp.get("")
@require("auditor")
def list_entries() -> Response:
    """Audit entries matching the filters, in seq order; `format=csv` exports them all."""
    filters = _filters(request.args)
    output = request.args.get("format", "json")
    if output == "csv":
        response = Response(stream_with_context(_csv_lines(filters)), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response
    if output != "json":
        raise _bad("format must be json or csv")
    limit = _int_arg("limit", 100, 1, MAX_LIMIT)
    entries = find_entries(
        db_session(), filters, after_seq=_int_arg("after", 0, 0, 2**62), limit=limit
    )
    after = entries[-1].seq if len(entries) == limit else None
    return jsonify(entries=[entry_as_dict(e) for e in entries], next_after=after)


def _certificate_text(cert: dict[str, Any]) -> str:
    yes = {True: "yes", False: "NO"}
    by = cert["screened_by"]
    lines = [
        "vetreg screening certificate",
        "",
        cert["statement"],
        "",
        f"Screening:         {cert['screening']}",
        f"Screened at:       {cert['screened_at']}",
        f"Screened by:       {by['sub']} ({by['org']})",
        f"Registry version:  {cert['registry_version']}",
        f"Result:            {cert['result']}",
        f"Audit entry:       seq {cert['seq']}",
        f"Entry hash:        {cert['entry_hash']}",
        f"Previous hash:     {cert['prev_hash']}",
        f"Entry intact:      {yes[cert['entry_intact']]}",
        f"Chain link intact: {yes[cert['chain_link_intact']]}",
    ]
    return "\n".join(lines) + "\n"


@bp.get("/<int:seq>/certificate")
@require("auditor", "vetting")
def certificate(seq: int) -> Response:
    """The certificate of screening entry `seq` (JSON, or text with `format=text`)."""
    principal = current_principal()
    entry = get_entry(db_session(), seq)
    if "auditor" not in principal.roles and entry.actor_org != principal.org:
        raise NotFound(f"no audit entry with seq {seq}")  # another state's: not even its existence
    cert = screening_certificate(db_session(), entry)
    wanted = request.args.get("format") or request.accept_mimetypes.best_match(
        ["application/json", "text/plain"], default="application/json"
    )
    if wanted in {"text", "text/plain"}:
        return Response(_certificate_text(cert), mimetype="text/plain")
    return jsonify(cert)
