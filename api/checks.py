"""`POST /v1/checks`: vet one candidate before hiring or extension."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from api.auth import current_principal, require
from api.database import db_session, settings
from api.errors import ApiError
from api.openapi import document
from api.schemas import CheckRequest, CheckResponse, parse
from registry.vetting import run_check

bp = Blueprint("checks", __name__)


def json_body() -> object:
    """The request's JSON body, or a 415/400 problem saying what to send."""
    if not request.is_json:
        raise ApiError(415, "Unsupported media type", "send the body as application/json")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "Bad request", "the body is not valid JSON")
    return body


@bp.post("/v1/checks")
@require("vetting")
@document(
    "Check one candidate against the registry",
    request_model=CheckRequest,
    response_model=CheckResponse,
    roles=("vetting",),
    responses={400: "the body is not JSON", 415: "the body is not application/json"},
)
def create_check() -> Response:
    """Check one candidate: outcome clear / review / hit, with the candidates and their cases."""
    query = parse(CheckRequest, json_body())
    principal = current_principal()
    body = run_check(
        db_session(), settings(), principal.sub, principal.org, query.model_dump(exclude_none=True)
    )
    validated = CheckResponse.model_validate(body)
    return jsonify(validated.model_dump(mode="json"))
