"""Local signing keys: created once with mode 0600, published as public JWKs by `kid`.

The kid of a key is its RFC 7638 thumbprint, so it names the key and nothing else.
Every `*.pem` in the key directory is trusted (a retired public key may stay for a
while after rotation); only `signing-key.pem` signs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from registry.config import Settings

__all__ = ["SIGNING_KEY_FILE", "ensure_signing_keys", "local_public_jwks", "signing_key"]

SIGNING_KEY_FILE = "signing-key.pem"
RSA_BITS = 2048
_CURVES: dict[str, ec.EllipticCurve] = {
    "ES256": ec.SECP256R1(),
    "ES384": ec.SECP384R1(),
    "ES512": ec.SECP521R1(),
}
_CURVE_NAMES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
_CURVE_ALGS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
_CURVE_BYTES = {"P-256": 32, "P-384": 48, "P-521": 66}

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey
Jwk = dict[str, str]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int_b64(value: int, size: int | None = None) -> str:
    length = size if size is not None else max(1, (value.bit_length() + 7) // 8)
    return _b64(value.to_bytes(length, "big"))


def thumbprint(jwk: Jwk) -> str:
    """The RFC 7638 SHA-256 thumbprint of a public JWK (RSA or EC)."""
    members = ("e", "kty", "n") if jwk["kty"] == "RSA" else ("crv", "kty", "x", "y")
    canonical = json.dumps({m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode("utf-8")).digest())


def public_jwk(key: PublicKey, alg: str | None = None) -> Jwk:
    """The public JWK of `key`, with `kid`, `alg` and `use`."""
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        jwk = {"kty": "RSA", "n": _int_b64(numbers.n), "e": _int_b64(numbers.e)}
        algorithm = alg if alg and alg.startswith("RS") else "RS256"
    else:
        crv = _CURVE_NAMES[key.curve.name]
        point = key.public_numbers()
        size = _CURVE_BYTES[crv]
        jwk = {"kty": "EC", "crv": crv, "x": _int_b64(point.x, size), "y": _int_b64(point.y, size)}
        algorithm = _CURVE_ALGS[crv]
    return {**jwk, "kid": thumbprint(jwk), "alg": algorithm, "use": "sig"}


def _new_private_key(alg: str) -> PrivateKey:
    if alg in _CURVES:
        return ec.generate_private_key(_CURVES[alg])
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)


def _signing_algorithm(settings: Settings) -> str:
    """The first configured asymmetric algorithm (RS256 unless configured otherwise)."""
    for alg in settings.jwt_algorithms:
        if alg in _CURVES or alg in {"RS256", "RS384", "RS512"}:
            return alg
    raise ValueError(f"no asymmetric algorithm in VETREG_JWT_ALGORITHMS={settings.jwt_algorithms}")


def _write_private(path: Path, pem: bytes) -> None:
    # O_EXCL with mode 0600 at creation: the key is never readable by others, not even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def ensure_signing_keys(settings: Settings) -> Path:
    """The local private key file, created (mode 0600) when missing."""
    directory = settings.signing_key_dir
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / SIGNING_KEY_FILE
    if not path.exists():
        key = _new_private_key(_signing_algorithm(settings))
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            _write_private(path, pem)
        except FileExistsError:
            pass  # another process created it first; theirs is as good as ours
    return path


def _load_private(path: Path) -> PrivateKey:
    """The private key at `path` (cached while the file is unchanged: RSA loading is slow)."""
    stat = path.stat()
    return _load_private_file(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _load_private_file(name: str, _mtime_ns: int, _size: int) -> PrivateKey:
    path = Path(name)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path}: only RSA and EC keys can sign tokens")
    return key


def signing_key(settings: Settings) -> tuple[str, Jwk]:
    """The local private key as PEM text and its public JWK (creating the pair if needed)."""
    key = _load_private(ensure_signing_keys(settings))
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode("ascii"), public_jwk(key.public_key(), _signing_algorithm(settings))


def _public_from_pem(path: Path) -> PublicKey | None:
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        return _load_private(path).public_key()
    key = serialization.load_pem_public_key(data)
    return key if isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey) else None


@lru_cache(maxsize=16)
def _jwks_of(files: tuple[tuple[str, int, int], ...], alg: str) -> dict[str, Jwk]:
    keys = (_public_from_pem(Path(name)) for name, _mtime, _size in files)
    jwks = (public_jwk(key, alg) for key in keys if key is not None)
    return {jwk["kid"]: jwk for jwk in jwks}


def local_public_jwks(settings: Settings) -> dict[str, Jwk]:
    """Public JWKs of every key in the local key directory, by kid (cached until a file changes)."""
    directory = settings.signing_key_dir
    if not directory.is_dir():
        return {}
    stats = ((p, p.stat()) for p in sorted(directory.glob("*.pem")))
    files = tuple((str(p), st.st_mtime_ns, st.st_size) for p, st in stats)
    return _jwks_of(files, _signing_algorithm(settings))
