"""Every known way to forge or bend a JWT is refused with 401 problem+json."""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from flask.testing import FlaskClient
from jose import jwt

from api import create_app
from api.keys import public_jwk
from tests.auth_helpers import app_key, b64, claims_for, settings_of, sign

pytestmark = pytest.mark.db

PROTECTED = "/v1/audit"


def _get(client: FlaskClient, token: str) -> Any:
    return client.get(PROTECTED, headers={"Authorization": f"Bearer {token}"})


def assert_refused(response: Any) -> None:
    assert response.status_code == 401, response.get_json()
    assert response.content_type == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["status"] == 401


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Header-supplied key URLs must never be fetched."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a key URL was fetched")

    monkeypatch.setattr("urllib.request.urlopen", refuse)


@pytest.fixture(scope="module")
def attacker_pem() -> tuple[str, dict[str, str]]:
    """An RSA key the registry has never seen, as PEM and public JWK."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return pem, public_jwk(key.public_key())


def test_valid_token_is_accepted(app: Flask, client: FlaskClient) -> None:
    assert _get(client, sign(app, claims_for(app))).status_code == 200


def test_within_clock_skew_is_accepted(app: Flask, client: FlaskClient) -> None:
    now = int(time.time())
    token = sign(app, claims_for(app, iat=now - 100, exp=now - 5))
    assert _get(client, token).status_code == 200


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_alg_none(app: Flask, client: FlaskClient, alg: str) -> None:
    _, jwk = app_key(app)
    head = b64({"alg": alg, "typ": "JWT", "kid": jwk["kid"]})
    body = b64(claims_for(app))
    assert_refused(_get(client, f"{head}.{body}."))
    assert_refused(_get(client, f"{head}.{body}.{b64(b'x')}"))


def test_null_signature(app: Flask, client: FlaskClient) -> None:
    head, body, _sig = sign(app, claims_for(app)).split(".")
    assert_refused(_get(client, f"{head}.{body}."))
    assert_refused(_get(client, f"{head}.{body}.{b64(bytes(256))}"))


def test_es256_zero_signature(tmp_path: Path, db_url: str) -> None:
    """r = s = 0 verifies under broken ECDSA implementations ("psychic signatures")."""
    app = create_app({"database_url": db_url, "var_dir": tmp_path, "jwt_algorithms": ("ES256",)})
    client = app.test_client()
    assert _get(client, sign(app, claims_for(app))).status_code == 200
    head, body, _sig = sign(app, claims_for(app)).split(".")
    assert_refused(_get(client, f"{head}.{body}.{b64(bytes(64))}"))


def _hs256(app: Flask, secret: bytes, **header: Any) -> str:
    head = b64({"alg": "HS256", "typ": "JWT", **header})
    body = b64(claims_for(app))
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(mac)}"


def test_hs256_signed_with_public_key(app: Flask, client: FlaskClient) -> None:
    pem, jwk = app_key(app)
    public = serialization.load_pem_private_key(pem.encode(), None).public_key()
    for encoding in (serialization.Encoding.PEM, serialization.Encoding.DER):
        secret = public.public_bytes(encoding, serialization.PublicFormat.SubjectPublicKeyInfo)
        assert_refused(_get(client, _hs256(app, secret, kid=jwk["kid"])))
    assert_refused(_get(client, _hs256(app, jwk["n"].encode(), kid=jwk["kid"])))


def test_rs256_signed_with_another_key_under_our_kid(
    app: Flask, client: FlaskClient, attacker_pem: tuple[str, dict[str, str]]
) -> None:
    _, jwk = app_key(app)
    token = jwt.encode(
        claims_for(app), attacker_pem[0], algorithm="RS256", headers={"kid": jwk["kid"]}
    )
    assert_refused(_get(client, token))


@pytest.mark.parametrize("header", ["jku", "x5u"])
def test_header_key_url_is_not_fetched(
    app: Flask, client: FlaskClient, attacker_pem: tuple[str, dict[str, str]], header: str
) -> None:
    pem, jwk = attacker_pem
    headers = {"kid": jwk["kid"], header: "https://attacker.example/jwks.json"}
    assert_refused(
        _get(client, jwt.encode(claims_for(app), pem, algorithm="RS256", headers=headers))
    )


def test_header_key_url_refused_even_with_a_real_signature(app: Flask, client: FlaskClient) -> None:
    token = sign(app, claims_for(app), jku="https://attacker.example/jwks.json")
    assert_refused(_get(client, token))


def test_inline_jwk_is_not_trusted(
    app: Flask, client: FlaskClient, attacker_pem: tuple[str, dict[str, str]]
) -> None:
    pem, jwk = attacker_pem
    headers = {"kid": jwk["kid"], "jwk": jwk}
    assert_refused(
        _get(client, jwt.encode(claims_for(app), pem, algorithm="RS256", headers=headers))
    )


@pytest.mark.parametrize(
    "kid",
    [
        "../../../../../../dev/null",
        "signing-key.pem",
        "keys/signing-key.pem",
        "' OR '1'='1",
        "x" * 5000,
        "",
        7,
        None,
        ["a"],
    ],
)
def test_kid_injection(app: Flask, client: FlaskClient, kid: Any) -> None:
    pem, _ = app_key(app)
    header = {} if kid is None else {"kid": kid}
    head = b64({"alg": "RS256", "typ": "JWT", **header})
    real = jwt.encode(claims_for(app), pem, algorithm="RS256", headers=header).split(".")
    assert_refused(_get(client, f"{head}.{real[1]}.{real[2]}"))
    assert_refused(_get(client, _hs256(app, b"", **header)))


def test_key_of_other_algorithm_is_refused(tmp_path: Path, db_url: str) -> None:
    """An ES256 token naming our RSA key is refused before any verification."""
    app = create_app({"database_url": db_url, "var_dir": tmp_path})
    _, jwk = app_key(app)
    head = b64({"alg": "ES256", "typ": "JWT", "kid": jwk["kid"]})
    assert_refused(_get(app.test_client(), f"{head}.{b64(claims_for(app))}.{b64(bytes(64))}"))


def test_expired(app: Flask, client: FlaskClient) -> None:
    now = int(time.time())
    assert_refused(_get(client, sign(app, claims_for(app, iat=now - 400, exp=now - 120))))


@pytest.mark.parametrize("claim", ["nbf", "iat"])
def test_not_yet_valid(app: Flask, client: FlaskClient, claim: str) -> None:
    now = int(time.time())
    early = claims_for(app, **{"iat": now, "exp": now + 600, claim: now + 300})
    assert_refused(_get(client, sign(app, early)))


@pytest.mark.parametrize(
    "overrides",
    [{"aud": "someone-else"}, {"aud": ["x", "y"]}, {"iss": "https://attacker.example"}],
)
def test_wrong_audience_or_issuer(
    app: Flask, client: FlaskClient, overrides: dict[str, Any]
) -> None:
    assert_refused(_get(client, sign(app, claims_for(app, **overrides))))


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub", "org", "roles"])
def test_missing_claim(app: Flask, client: FlaskClient, claim: str) -> None:
    assert_refused(_get(client, sign(app, claims_for(app, **{claim: None}))))


@pytest.mark.parametrize(
    "overrides",
    [{"exp": "soon"}, {"iat": [1]}, {"iat": True}, {"sub": ""}, {"sub": 5}, {"org": "bgd"}],
)
def test_malformed_claims(app: Flask, client: FlaskClient, overrides: dict[str, Any]) -> None:
    assert_refused(_get(client, sign(app, claims_for(app, **overrides))))


def test_lifetime_longer_than_max(app: Flask, client: FlaskClient) -> None:
    now = int(time.time())
    longest = settings_of(app).jwt_max_ttl_seconds
    assert _get(client, sign(app, claims_for(app, iat=now, exp=now + longest))).status_code == 200
    assert_refused(_get(client, sign(app, claims_for(app, iat=now, exp=now + longest + 1))))


def test_tampered_payload(app: Flask, client: FlaskClient) -> None:
    head, _body, sig = sign(app, claims_for(app, roles=["vetting"])).split(".")
    assert _get(client, f"{head}.{_body}.{sig}").status_code == 403
    forged = b64(claims_for(app, roles=["auditor"]))
    assert_refused(_get(client, f"{head}.{forged}.{sig}"))


def test_oversized_token(app: Flask, client: FlaskClient) -> None:
    assert _get(client, sign(app, claims_for(app, pad="x" * 5000))).status_code == 200
    assert_refused(_get(client, sign(app, claims_for(app, pad="x" * 9000))))


@pytest.mark.parametrize("roles", [["auditor", "superuser"], ["root"], [], "auditor", [1], None])
def test_unknown_or_malformed_roles(app: Flask, client: FlaskClient, roles: Any) -> None:
    claims = claims_for(app)
    claims["roles"] = roles
    assert_refused(_get(client, sign(app, claims)))


@pytest.mark.parametrize(
    "template",
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Token {token}",
        "{token}",
        "Bearer {token} extra",
        "Bearer {token}.",
        "Bearer a.b",
        "Bearer a.b.c.d",
        "Bearer ....",
        "Bearer {token}\u00e9",
    ],
)
def test_malformed_authorization_header(app: Flask, client: FlaskClient, template: str) -> None:
    header = template.format(token=sign(app, claims_for(app)))
    assert_refused(client.get(PROTECTED, headers={"Authorization": header}))


@pytest.mark.parametrize("part", [0, 1])
def test_deeply_nested_json(app: Flask, client: FlaskClient, part: int) -> None:
    parts = sign(app, claims_for(app)).split(".")
    parts[part] = b64(b"[" * 4000 + b"]" * 4000)[:6000]
    assert_refused(_get(client, ".".join(parts)))


@pytest.mark.parametrize(
    "header",
    [
        {"x5c": ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]},
        {"crit": ["exp"]},
        {"jku": "/.well-known/jwks.json"},
        {"x5u": "file:///etc/ssl/certs/ca-certificates.crt"},
    ],
)
def test_other_key_carrying_headers_are_refused(
    app: Flask, client: FlaskClient, header: dict[str, Any]
) -> None:
    """Even signed by our own key: a token may not point at, carry or constrain keys."""
    assert_refused(_get(client, sign(app, claims_for(app), **header)))


def test_inline_jwk_of_our_own_key_is_refused(app: Flask, client: FlaskClient) -> None:
    _, jwk = app_key(app)
    assert_refused(_get(client, sign(app, claims_for(app), jwk=dict(jwk))))


@pytest.mark.parametrize("alg", ["HS384", "HS512", "PS256", "EdDSA", "RS1", ""])
def test_algorithms_outside_the_pinned_list(app: Flask, client: FlaskClient, alg: str) -> None:
    _, jwk = app_key(app)
    head = b64({"alg": alg, "typ": "JWT", "kid": jwk["kid"]})
    real = sign(app, claims_for(app)).split(".")
    assert_refused(_get(client, f"{head}.{real[1]}.{real[2]}"))


@pytest.mark.parametrize("suffix", ["\x00", "\r\nX-Injected: 1", "/../signing-key.pem", "%00"])
def test_kid_with_control_characters_or_traversal(
    app: Flask, client: FlaskClient, suffix: str
) -> None:
    pem, jwk = app_key(app)
    header = {"kid": jwk["kid"] + suffix}
    assert_refused(
        _get(client, jwt.encode(claims_for(app), pem, algorithm="RS256", headers=header))
    )
