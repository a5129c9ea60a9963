"""`/v1/screenings`: screen a whole roster as a background job; poll it; fetch the results."""

from __future__ import annotations

import io

import pandas as pd
from flask import Blueprint, Response, jsonify, request, url_for

from api.auth import current_principal, require
from api.database import db_session, settings
from api.errors import ApiError
from api.openapi import document
from api.schemas import (
    ScreeningAcceptedResponse,
    ScreeningResultsResponse,
    ScreeningStatusResponse,
)
from registry.export import write_csv
from registry.jobs import dispatch, job_summary
from registry.vetting.roster import read_roster, roster_from_json
from registry.vetting.screening import (
    RESULT_COLUMNS,
    get_screening,
    screening_job_row,
    start_screening,
    stored_results,
)

bp = Blueprint("screenings", __name__)

_FORMATS = {
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}
_UID = {"name": "uid", "in": "path", "required": True, "schema": {"type": "string"}}


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").lower()
    if text not in {"", "true", "false", "1", "0"}:
        raise ApiError(
            422,
            "Invalid input",
            "skip_cleared must be true or false",
            problems=[{"field": "skip_cleared", "message": "must be true or false"}],
        )
    return text in {"true", "1"}


def _roster() -> tuple[pd.DataFrame, bool]:
    """The roster frame and the skip_cleared flag, from a JSON body or an uploaded file."""
    limit = settings().max_roster_rows
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or set(body) - {"roster", "skip_cleared"}:
            raise ApiError(422, "Invalid input", 'send {"roster": [...], "skip_cleared": false}')
        return roster_from_json(body.get("roster"), limit), _flag(body.get("skip_cleared"))
    upload = request.files.get("file")
    stream = upload.stream if upload else io.BytesIO(request.get_data())
    name = upload.filename if upload else None
    fmt = _FORMATS.get(request.mimetype) if not upload else None
    return read_roster(stream, name, fmt, limit), _flag(request.args.get("skip_cleared"))


@bp.post("/v1/screenings")
@require("vetting")
@document(
    "Screen a roster (personnel format) against the registry",
    response_model=ScreeningAcceptedResponse,
    roles=("vetting",),
    status=202,
    request_content={
        "application/json": '{"roster": [personnel objects], "skip_cleared": false}',
        "text/csv": "personnel CSV (header row, UTF-8); ?skip_cleared=true to skip cleared",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "personnel XLSX",
        "multipart/form-data": "a `file` field holding CSV, XLSX or JSON Lines",
    },
    responses={413: "the roster is larger than the configured limit"},
)
def create_screening() -> tuple[Response, int, dict[str, str]]:
    """Accept a roster and screen it in the background; 202 with the job's URLs."""
    roster, skip_cleared = _roster()
    principal, session = current_principal(), db_session()
    screening = start_screening(
        session,
        requested_by=principal.sub,
        org=principal.org,
        roster=roster,
        skip_cleared=skip_cleared,
    )
    job_uid = screening_job_row(session, screening).uid
    session.commit()
    dispatch(settings(), job_uid)
    status_url = url_for("screenings.screening_status", uid=screening.uid)
    body = ScreeningAcceptedResponse(
        screening_id=screening.uid,
        status="queued",
        rows=screening.roster_rows,
        status_url=status_url,
        results_url=url_for("screenings.screening_results", uid=screening.uid),
    )
    return jsonify(body.model_dump()), 202, {"Location": status_url}


@bp.get("/v1/screenings/<uid>")
@require("vetting")
@document(
    "A screening's state and progress",
    response_model=ScreeningStatusResponse,
    roles=("vetting",),
    responses={404: "no such screening for your organisation"},
)
def screening_status(uid: str) -> Response:
    """A screening's state, rows done and an estimate of the time left."""
    session = db_session()
    screening = get_screening(session, uid, current_principal().org)
    summary = job_summary(screening_job_row(session, screening))
    result = screening_job_row(session, screening).result or {}
    body = ScreeningStatusResponse(
        screening_id=screening.uid,
        status=summary["status"],
        rows=screening.roster_rows,
        progress=summary["progress"],
        registry_version=screening.registry_version,
        skip_cleared=screening.skip_cleared,
        outcomes=result.get("outcomes"),
        error="the screening failed; submit it again" if summary.get("error") else None,
        results_url=url_for("screenings.screening_results", uid=screening.uid),
    )
    return jsonify(body.model_dump(mode="json"))


@bp.get("/v1/screenings/<uid>/results")
@require("vetting")
@document(
    "A finished screening's results (JSON, or CSV with ?format=csv)",
    response_model=ScreeningResultsResponse,
    roles=("vetting",),
    response_content={"text/csv": ",".join(RESULT_COLUMNS)},
    parameters=(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": ["json", "csv"]},
        },
    ),
    responses={404: "no such screening for your organisation", 409: "not finished yet"},
)
def screening_results(uid: str) -> Response:
    """Results: one row per roster row and candidate, best first, at most 5 per roster row."""
    session = db_session()
    screening = get_screening(session, uid, current_principal().org)
    status = screening_job_row(session, screening).status
    if status != "succeeded":
        raise ApiError(409, "Not ready", f"the screening is {status}; poll its status URL")
    rows = stored_results(session, screening)
    fmt = request.args.get("format", "json")
    if fmt == "csv":
        return Response(_csv(rows), mimetype="text/csv")
    if fmt != "json":
        raise ApiError(
            422,
            "Invalid input",
            "format must be json or csv",
            problems=[{"field": "format", "message": "must be json or csv"}],
        )
    return jsonify(ScreeningResultsResponse(screening_id=uid, results=rows).model_dump())


def _csv(rows: list[dict[str, object]]) -> str:
    # The roster's own ids come back here: a formula-like one must not run in a spreadsheet.
    out = io.StringIO()
    write_csv(out, RESULT_COLUMNS, ([row[c] for c in RESULT_COLUMNS] for row in rows))
    return out.getvalue()
