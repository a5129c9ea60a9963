"""The OpenAPI 3.1 description, built from the app's routes and the wire models.

Every route of the app is listed: a view decorated with `document(...)` adds its
summary, body and answer models, roles and error answers; any other view is
listed with its docstring. Other blueprints document themselves the same way:

    @bp.post("/v1/things")
    @require("submitter")
    @document("Create a thing", request_model=ThingRequest, response_model=ThingResponse,
              roles=("submitter",))
    def create_thing() -> Response: ...
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, jsonify
from pydantic import BaseModel

from api.auth import public
from api.schemas import ProblemResponse

F = TypeVar("F", bound=Callable[..., Any])
REF = "#/components/schemas/{model}"
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_IGNORED_METHODS = {"HEAD", "OPTIONS"}
PROBLEM_JSON = "application/problem+json"
HTML_ENDPOINTS = ("review.",)  # browser pages: HTML answers, signed-in by session cookie

bp = Blueprint("openapi", __name__)


@dataclass(frozen=True)
class Operation:
    """What `document` records about a view."""

    summary: str
    request_model: type[BaseModel] | None = None
    response_model: type[BaseModel] | None = None
    roles: tuple[str, ...] = ()
    status: int = 200
    responses: Mapping[int, str] = field(default_factory=dict)
    request_content: Mapping[str, str] = field(default_factory=dict)  # media type -> about
    response_content: Mapping[str, str] = field(default_factory=dict)
    parameters: tuple[dict[str, Any], ...] = ()
    accepts_body: bool = False  # a body not described by a model (forms, free JSON)
    html: bool = False  # a browser page of the review blueprint
    # Path parameters that take only these values are written out as literal paths, so
    # `/v1/submissions/{kind}` (POST) and `/v1/submissions/{uid}` (GET) stay distinct
    # paths, as OpenAPI requires.
    path_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    other_successes: Mapping[int, str] = field(default_factory=dict)  # status -> when


def document(summary: str, **details: Any) -> Callable[[F], F]:
    """Decorator: describe a view for the OpenAPI document (see `Operation` for the fields)."""
    operation = Operation(summary, **details)

    def decorate(view: F) -> F:
        view.openapi_operation = operation  # type: ignore[attr-defined]
        return view

    return decorate


def _schemas(models: set[type[BaseModel]]) -> dict[str, Any]:
    """JSON Schemas of the models and everything they refer to, by model name."""
    found: dict[str, Any] = {}
    for model in sorted(models, key=lambda m: m.__name__):
        schema = model.model_json_schema(ref_template=REF)
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    return found


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _error_responses(op: Operation, has_params: bool) -> dict[str, Any]:
    """Every problem the operation can answer, including those any request may meet."""
    errors: dict[int, str] = {}
    if op.roles:
        errors |= {
            401: "missing or invalid token",
            403: "role not granted",
            429: "rate limit reached: retry after `Retry-After` seconds",
            503: "the registry database cannot be reached: retry shortly",
        }
    if has_params:
        errors[404] = "no such resource (or not visible to your organisation)"
        errors[422] = "a path parameter is malformed"
    if op.request_model or op.request_content or op.accepts_body:
        errors |= {400: "the body cannot be parsed", 413: "the body is larger than the limit"}
        errors[422] = "invalid input: `problems` names each field and what to fix"
    errors.update(op.responses)
    content = {PROBLEM_JSON: {"schema": _ref(ProblemResponse)}}
    return {str(s): {"description": d, "content": content} for s, d in sorted(errors.items())}


def _media_schema(media: str, about: str) -> dict[str, Any]:
    """A described body of `media`: a JSON document is an object, anything else text."""
    kind = "object" if media.endswith("json") else "string"
    return {"schema": {"type": kind, "description": about}}


def _request_body(op: Operation) -> dict[str, Any] | None:
    content: dict[str, Any] = {}
    if op.request_model is not None:
        content["application/json"] = {"schema": _ref(op.request_model)}
    for media, about in op.request_content.items():
        content.setdefault(media, _media_schema(media, about))
    return {"required": True, "content": content} if content else None


def _success(op: Operation) -> dict[str, Any]:
    if op.html:
        return _html_responses(op)
    content: dict[str, Any] = {}
    if op.response_model is not None:
        content["application/json"] = {"schema": _ref(op.response_model)}
    for media, about in op.response_content.items():
        content.setdefault(media, _media_schema(media, about))
    answers = {op.status: op.summary, **op.other_successes}
    return {
        str(status): {"description": about, **({"content": content} if content else {})}
        for status, about in sorted(answers.items())
    }


def _html_responses(op: Operation) -> dict[str, Any]:
    """A review page: HTML, a redirect to sign in, or an HTML error page."""
    html = {"text/html": {"schema": {"type": "string"}}}
    return {
        "200": {"description": op.summary, "content": html},
        "302": {"description": "not signed in, or done: go to the `Location` page"},
        "400": {"description": "a form without this session's CSRF token", "content": html},
        "401": {"description": "sign-in refused: the token is not valid", "content": html},
        "403": {"description": "sign-in refused: not an analyst token", "content": html},
        "404": {
            "description": "no such pair or alert (a path that matches no page: a problem)",
            "content": {**html, PROBLEM_JSON: {"schema": _ref(ProblemResponse)}},
        },
    }


def _operation(op: Operation, endpoint: str, params: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": endpoint, "summary": op.summary}
    if op.roles:
        out["description"] = f"Roles: {', '.join(op.roles)}."
        out["security"] = [{"bearer": []}]
    if params or op.parameters:
        out["parameters"] = [*params, *op.parameters]
    body = _request_body(op)
    if body is not None:
        out["requestBody"] = body
    errors = {} if op.html else _error_responses(op, bool(params))
    out["responses"] = {**_success(op), **errors}
    return out


def _path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """An OpenAPI path and its path parameters from a Flask rule."""
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer" if kind == "int" else "string"},
        }
        for kind, name in _PARAM.findall(rule)
    ]
    return _PARAM.sub(r"{\2}", rule), params


def _expanded(
    rule: str, op: Operation
) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(suffix for the operation id, path, its parameters) per literal value of `path_values`."""
    path, params = _path(rule)
    fixed = [(name, values) for name, values in op.path_values.items() if f"{{{name}}}" in path]
    if not fixed:
        return [("", path, params)]
    names = {name for name, _ in fixed}
    kept = [p for p in params if p["name"] not in names]
    out = []
    for combo in itertools.product(*(values for _, values in fixed)):
        literal = path
        for (name, _), value in zip(fixed, combo, strict=True):
            literal = literal.replace(f"{{{name}}}", value)
        out.append(("." + ".".join(combo), literal, kept))
    return out


def _undocumented(view: Callable[..., Any], endpoint: str, methods: list[str]) -> Operation:
    doc = (view.__doc__ or "").strip().splitlines()
    roles = tuple(sorted(getattr(view, "vetreg_roles", ())))
    return Operation(
        doc[0] if doc else view.__name__,
        roles=roles,
        accepts_body="POST" in methods,
        html=endpoint.startswith(HTML_ENDPOINTS),
    )


def build_spec(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route of `app`."""
    paths: dict[str, dict[str, Any]] = {}
    models: set[type[BaseModel]] = {ProblemResponse}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        methods = sorted((rule.methods or set()) - _IGNORED_METHODS)
        op = getattr(view, "openapi_operation", None) or _undocumented(view, rule.endpoint, methods)
        models |= {m for m in (op.request_model, op.response_model) if m is not None}
        for suffix, path, params in _expanded(rule.rule, op):
            for method in methods:
                # One view may serve several methods; operation ids must still be unique.
                op_id = rule.endpoint + suffix
                op_id = op_id if len(methods) == 1 else f"{op_id}.{method.lower()}"
                paths.setdefault(path, {})[method.lower()] = _operation(op, op_id, params)
    return {
        "openapi": "3.1.0",
        "info": {"title": "vetreg", "version": "1", "description": "Offender-vetting registry"},
        "paths": paths,
        "components": {
            "schemas": _schemas(models),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


@bp.get("/openapi.json")
@public
@document("This OpenAPI 3.1 description", response_content={"application/json": "OpenAPI 3.1"})
def openapi_json() -> Response:
    """This OpenAPI 3.1 description."""
    spec = current_app.config.get("OPENAPI_SPEC")
    if spec is None:
        spec = current_app.config["OPENAPI_SPEC"] = build_spec(current_app)
    return jsonify(spec)
