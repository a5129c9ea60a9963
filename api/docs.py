"""`/docs`: the API description as a plain server-rendered page (no scripts, no outside assets)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, render_template

from api.auth import public
from api.openapi import build_spec, document

bp = Blueprint("docs", __name__)


def _schema_name(content: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(media type, schema name or description) of a request or response content map."""
    rows = []
    for media, spec in (content or {}).items():
        schema = spec.get("schema", {})
        ref = schema.get("$ref", "")
        rows.append((media, ref.rsplit("/", 1)[-1] if ref else schema.get("description", "")))
    return rows


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            found.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "request": _schema_name(op.get("requestBody", {}).get("content")),
                    "responses": [
                        (code, r["description"], _schema_name(r.get("content")))
                        for code, r in op["responses"].items()
                    ],
                }
            )
    return found


@bp.get("/docs")
@public
@document("This page: the API description for people", response_content={"text/html": "page"})
def docs() -> str:
    """This page: the API description for people."""
    spec = build_spec(current_app)
    schemas = {
        name: json.dumps(schema, indent=2, ensure_ascii=False)
        for name, schema in spec["components"]["schemas"].items()
    }
    return render_template("docs.html", operations=_operations(spec), schemas=schemas)
