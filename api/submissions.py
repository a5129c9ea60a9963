"""Submissions over HTTP: upload a file, read its outcome, withdraw records, look up a case.

A submitter acts for the organisation in its token only. The file may be the raw
request body or a multipart `file` field; `format`, `date_format` and `dry_run` come
from the query string or the form.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from flask import Blueprint, Response, jsonify, request, url_for

from api.auth import current_principal, require
from api.database import db_session, settings
from api.openapi import document
from registry.errors import InvalidInput, LimitExceeded, PermissionDenied
from registry.intake import KINDS, import_file
from registry.intake.queries import case_view, submission_view
from registry.linking import link_after_change
from registry.withdrawal import withdraw_records

bp = Blueprint("submissions", __name__)

_CONTENT_TYPES = {
    "text/csv": "csv",
    "text/tab-separated-values": "csv",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json": "jsonl",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
_TRUE = {"1", "true", "yes", "on"}
WITHDRAWAL_FIELDS = frozenset({"ids", "record_ids", "reason"})


def _param(name: str) -> str | None:
    value = request.args.get(name) or request.form.get(name)
    return value or None


def _own_org() -> str:
    """The caller's organisation; 403 when the request names another one."""
    principal = current_principal()
    named = _param("org")
    if named is not None and named.upper() != principal.org:
        raise PermissionDenied(f"you may submit only for your own organisation, {principal.org}")
    return principal.org


def _check_size() -> None:
    """413 with the limit in the message, before anything reads the body."""
    limit = settings().max_upload_bytes
    if request.content_length is not None and request.content_length > limit:
        raise LimitExceeded(
            f"the upload is {request.content_length} bytes; the limit is {limit}: split it",
            max_upload_bytes=limit,
        )


@contextmanager
def _upload() -> Iterator[tuple[IO[bytes], str | None, str | None]]:
    """The uploaded file (seekable), its name and the format its content type implies."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise InvalidInput("send the file as the multipart field 'file' or as the body")
        yield upload.stream, upload.filename, _CONTENT_TYPES.get(upload.mimetype)
        return
    # The body stream cannot seek; intake reads twice, so park it in a temporary file.
    with tempfile.TemporaryFile() as spooled:
        shutil.copyfileobj(request.stream, spooled)
        yield spooled, None, _CONTENT_TYPES.get(request.mimetype)


@bp.post("/v1/submissions/<kind>")
@require("submitter")
@document(
    "Submit one file of personnel, deployment or allegation records: all rows or none",
    roles=("submitter",),
    status=201,
    other_successes={
        200: "a dry run, or a file already in the registry as sent: nothing written"
    },
    response_content={"application/json": "the intake report, with `link_job` and `url`"},
    accepts_body=True,
    responses={
        403: "the request names another organisation",
        422: "the file has problems: the report lists them, nothing was written",
    },
    request_content={
        "text/csv": "CSV with a header row (`,` `;` or tab), UTF-8/UTF-16 or legacy encodings",
        "application/x-ndjson": "JSON Lines with the same keys",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
        "multipart/form-data": "the file in the field `file`",
    },
    path_values={"kind": KINDS},
)
def submit(kind: str) -> tuple[Response, int, dict[str, str]]:
    """Import one file for the caller's organisation: all rows or none."""
    _check_size()
    org = _own_org()
    principal = current_principal()
    with _upload() as (stream, file_name, implied):
        report = import_file(
            db_session(),
            kind,
            stream,
            org_code=org,
            submitted_by=principal.sub,
            date_format=_param("date_format"),
            dry_run=(_param("dry_run") or "").lower() in _TRUE,
            file_name=_param("file_name") or file_name,
            file_format=_param("format") or implied,
            settings=settings(),
        )
    body: dict[str, Any] = report.as_dict()
    if report.submission_uid is None:
        return jsonify(body), 200, {}
    changed = report.submission_id if report.status == "accepted" else None
    body["link_job"] = _link(changed, org)
    location = url_for("submissions.get_submission", uid=report.submission_uid)
    body["url"] = location
    return jsonify(body), 201 if report.status == "accepted" else 200, {"Location": location}


@bp.get("/v1/submissions/<uid>")
@require("submitter")
def get_submission(uid: str) -> Response:
    """One of the caller's organisation's submissions, with its linking job's state."""
    return jsonify(submission_view(db_session(), uid, current_principal().org))


@bp.post("/v1/submissions/<kind>/withdrawals")
@require("submitter")
@document(
    "Withdraw the caller's organisation's records, with a reason",
    roles=("submitter",),
    response_content={"application/json": "what was withdrawn, with the re-linking `link_job`"},
    accepts_body=True,
    responses={422: "unknown ids or fields, or no reason given"},
    request_content={"application/json": '{"ids": ["record_id", ...], "reason": "..."}'},
    path_values={"kind": KINDS},
)
def withdraw(kind: str) -> Response:
    """Withdraw the caller's organisation's records `ids` for a stated `reason`."""
    org = _own_org()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput('send JSON: {"ids": ["..."], "reason": "..."}')
    unknown = sorted(set(body) - WITHDRAWAL_FIELDS)
    if unknown:  # e.g. a `status` or `org` that would otherwise be silently ignored
        raise InvalidInput(f"unknown fields: {', '.join(unknown)}; send only ids and reason")
    ids = body.get("ids") or body.get("record_ids") or []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise InvalidInput("ids must be a list of strings")
    report = withdraw_records(
        db_session(),
        kind,
        ids,
        org_code=org,
        reason=str(body.get("reason") or ""),
        withdrawn_by=current_principal().sub,
    )
    answer: dict[str, Any] = report.as_dict()
    answer["link_job"] = _link(report.submission_id if report.withdrawn else None, org)
    return jsonify(answer)


def _link(submission_id: int | None, org: str) -> dict[str, str] | None:
    """Queue re-linking after a committed change; the job's id and state for the answer."""
    job, _ = link_after_change(
        db_session(), settings(), submission_id, requested_by=current_principal().sub, org_code=org
    )
    return {"uid": job.uid, "status": job.status} if job is not None else None


@bp.get("/v1/cases/<case_number>")
@require("submitter")
def get_case(case_number: str) -> Response:
    """The caller's organisation's case: status, category, mission and status history."""
    return jsonify(case_view(db_session(), case_number, current_principal().org))
