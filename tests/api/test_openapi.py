"""The OpenAPI description is valid 3.1, lists every route, and /docs needs nothing outside."""

from __future__ import annotations

import re

from flask import Blueprint, Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from api.openapi import build_spec, document
from api.schemas import CheckRequest
from registry.intake import KINDS


def test_the_document_validates(client: FlaskClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)
    assert spec["openapi"] == "3.1.0"


def test_every_route_is_listed(app: Flask, client: FlaskClient) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        # A parameter with a fixed set of values is written out as one literal path each.
        listed = [path.replace("{kind}", kind) for kind in KINDS] if "{kind}" in path else [path]
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            for one in listed:
                assert method.lower() in paths[one], (method, one)


def test_no_two_paths_differ_only_in_parameter_names(client: FlaskClient) -> None:
    # OpenAPI: templated paths with the same hierarchy but different names are identical.
    paths = client.get("/openapi.json").get_json()["paths"]
    shapes = [re.sub(r"\{\w+\}", "{}", path) for path in paths]
    assert len(shapes) == len(set(shapes)), sorted(shapes)


def test_check_operation_comes_from_the_models(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    operation = spec["paths"]["/v1/checks"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CheckRequest"}
    schema = spec["components"]["schemas"]["CheckRequest"]
    assert schema["additionalProperties"] is False and "passport_number" in schema["properties"]
    assert {"200", "401", "403", "422"} <= set(operation["responses"])
    assert operation["responses"]["422"]["content"]["application/problem+json"]
    status = spec["paths"]["/v1/screenings/{uid}"]["get"]
    assert status["parameters"][0]["name"] == "uid"
    assert "202" in spec["paths"]["/v1/screenings"]["post"]["responses"]


def test_routes_added_by_others_are_documented(app: Flask) -> None:
    bp = Blueprint("extra", __name__)

    @bp.post("/v1/extra/<int:n>")
    @document("An extra endpoint", request_model=CheckRequest, roles=("analyst",))
    def extra(n: int) -> str:
        return ""

    app.register_blueprint(bp)
    spec = build_spec(app)
    validate(spec)
    operation = spec["paths"]["/v1/extra/{n}"]["post"]
    assert operation["summary"] == "An extra endpoint"
    assert operation["parameters"][0]["schema"] == {"type": "integer"}


def test_docs_page_lists_endpoints_without_outside_assets(client: FlaskClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "/v1/checks" in page and "CheckResponse" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
