"""With VETREG_JWKS_URL, tokens are verified with the outside IdP's keys only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from jose import jwt

from api import create_app, idp
from api.keys import public_jwk
from tests.auth_helpers import app_key, claims_for, sign

pytestmark = pytest.mark.db

ISSUER = "https://idp.example"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    idp.clear_cache()
    yield
    idp.clear_cache()


@pytest.fixture(scope="module")
def idp_key() -> tuple[str, dict[str, str]]:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return pem, public_jwk(key.public_key())


def _idp_app(db_url: str, tmp_path: Path, jwk: dict[str, str]) -> Flask:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk, {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}]}))
    config = {"database_url": db_url, "var_dir": tmp_path, "jwks_url": path.as_uri()}
    return create_app({**config, "jwt_issuer": ISSUER})


def _idp_token(app: Flask, pem: str, kid: str, **overrides: Any) -> str:
    claims = claims_for(app, **overrides)
    return str(jwt.encode(claims, pem, algorithm="ES256", headers={"kid": kid}))


def _status(app: Flask, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return int(app.test_client().get("/v1/audit", headers=headers).status_code)


def test_idp_token_accepted(
    db_url: str, tmp_path: Path, idp_key: tuple[str, dict[str, str]]
) -> None:
    pem, jwk = idp_key
    app = _idp_app(db_url, tmp_path, jwk)
    assert _status(app, _idp_token(app, pem, jwk["kid"])) == 200


def test_local_key_not_trusted_with_idp(
    db_url: str, tmp_path: Path, idp_key: tuple[str, dict[str, str]]
) -> None:
    app = _idp_app(db_url, tmp_path, idp_key[1])
    app_key(app)
    assert _status(app, sign(app, claims_for(app))) == 401
    assert app.test_client().get("/.well-known/jwks.json").get_json() == {"keys": []}


def test_symmetric_jwk_from_idp_is_ignored(
    db_url: str, tmp_path: Path, idp_key: tuple[str, dict[str, str]]
) -> None:
    app = _idp_app(db_url, tmp_path, idp_key[1])
    assert idp.remote_jwk(app.config["SETTINGS"].jwks_url, "hmac") is None


def test_unknown_kid_refetches_at_most_once_a_minute(
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    tmp_path: Path,
    idp_key: tuple[str, dict[str, str]],
) -> None:
    pem, jwk = idp_key
    app = _idp_app(db_url, tmp_path, jwk)
    calls: list[str] = []
    real_fetch = idp.fetch_jwks

    def counting_fetch(url: str) -> Any:
        calls.append(url)
        return real_fetch(url)

    monkeypatch.setattr(idp, "fetch_jwks", counting_fetch)
    assert _status(app, _idp_token(app, pem, jwk["kid"])) == 200
    for _ in range(5):
        assert _status(app, _idp_token(app, pem, "rotated-key")) == 401
    assert len(calls) == 1
    idp._cache[app.config["SETTINGS"].jwks_url].fetched_at -= 61  # a minute later
    assert _status(app, _idp_token(app, pem, "rotated-key")) == 401
    assert len(calls) == 2


def test_unreachable_idp_refuses_without_error(
    db_url: str, tmp_path: Path, idp_key: tuple[str, dict[str, str]]
) -> None:
    pem, jwk = idp_key
    config = {"database_url": db_url, "var_dir": tmp_path, "jwt_issuer": ISSUER}
    app = create_app({**config, "jwks_url": "http://127.0.0.1:1/jwks.json"})
    assert _status(app, _idp_token(app, pem, jwk["kid"])) == 401
