"""Deny by default: no token is 401, a token without the role is 403."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

from api import create_app
from api.auth import Principal, current_principal, public, require
from tests.auth_helpers import auth_header

pytestmark = pytest.mark.db


def test_no_token_is_401(client: FlaskClient) -> None:
    response = client.get("/v1/audit")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="vetreg"'


@pytest.mark.parametrize("roles", [("vetting",), ("submitter", "analyst"), ("admin",)])
def test_wrong_role_is_403(app: Flask, client: FlaskClient, roles: tuple[str, ...]) -> None:
    response = client.get("/v1/audit", headers=auth_header(app, roles=roles))
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"


def test_one_matching_role_is_enough(app: Flask, client: FlaskClient) -> None:
    headers = auth_header(app, roles=("vetting", "auditor"))
    assert client.get("/v1/audit", headers=headers).status_code == 200


def test_require_rejects_unknown_roles() -> None:
    with pytest.raises(ValueError):
        require("superuser")
    with pytest.raises(ValueError):
        require()


def _app_with_test_views(db_url: str, tmp_path: object) -> Flask:
    bp = Blueprint("roles_test", __name__, url_prefix="/v1/test")

    @bp.get("/forgot")
    def forgot() -> str:
        return "leaked"

    @bp.get("/open")
    @public
    def open_view() -> str:
        return "open"

    @bp.get("/me")
    @require("submitter")
    def me() -> dict[str, object]:
        principal: Principal = current_principal()
        return {"sub": principal.sub, "org": principal.org, "roles": sorted(principal.roles)}

    app = create_app({"database_url": db_url, "var_dir": tmp_path})
    app.register_blueprint(bp)
    return app


def test_view_without_require_is_denied(db_url: str, tmp_path: object) -> None:
    client = _app_with_test_views(db_url, tmp_path).test_client()
    assert client.get("/v1/test/forgot").status_code == 401
    assert client.get("/v1/test/open").status_code == 200


def test_principal_is_available_to_the_view(db_url: str, tmp_path: object) -> None:
    app = _app_with_test_views(db_url, tmp_path)
    headers = auth_header(app, sub="kim", org="MINUSCA", roles=("submitter",))
    body = app.test_client().get("/v1/test/me", headers=headers).get_json()
    assert body == {"sub": "kim", "org": "MINUSCA", "roles": ["submitter"]}
