"""`vetreg token issue` and `vetreg audit verify` from the command line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from jose import jwt
from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.auth import verify_token
from registry.audit import append_audit
from registry.config import load_settings
from registry.models import AuditEntry
from scripts.cli import main

pytestmark = pytest.mark.db


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": db_url, "VETREG_VAR_DIR": str(tmp_path)}


def _run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_token_issue_decodes_and_verifies(env: dict[str, str]) -> None:
    args = ["token", "issue", "--sub", "kim", "--org", "NPL", "--role", "vetting,analyst"]
    code, out, err = _run(env, *args, "--role", "auditor", "--ttl", "600")
    assert code == 0, err
    token = out.strip()
    claims = jwt.get_unverified_claims(token)
    assert claims["sub"] == "kim" and claims["org"] == "NPL"
    assert claims["roles"] == ["analyst", "auditor", "vetting"]
    assert claims["exp"] - claims["iat"] == 600
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    principal = verify_token(load_settings(env), token)
    assert principal.roles == {"analyst", "auditor", "vetting"}


def test_token_key_is_private(env: dict[str, str]) -> None:
    _run(env, "token", "issue", "--sub", "kim", "--org", "NPL", "--role", "vetting")
    key = load_settings(env).signing_key_dir / "signing-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "bad",
    [
        ["--role", "superuser"],
        ["--role", "vetting", "--ttl", "999999"],
        ["--role", "vetting", "--ttl", "0"],
    ],
)
def test_token_issue_refuses_bad_input(env: dict[str, str], bad: list[str]) -> None:
    code, out, _err = _run(env, "token", "issue", "--sub", "kim", "--org", "NPL", *bad)
    assert code != 0
    assert out == ""


def test_audit_verify_exit_codes(env: dict[str, str], session: Session) -> None:
    code, out, _ = _run(env, "audit", "verify")
    assert code == 0 and "0 entries" in out
    for i in range(3):
        append_audit(
            session,
            actor_sub="kim",
            actor_org="NPL",
            action="check",
            target=f"c{i}",
            request={},
            response={"outcome": "clear"},
        )
    session.commit()
    code, out, _ = _run(env, "audit", "verify")
    assert code == 0 and "3 entries" in out
    session.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    session.commit()
    code, _, err = _run(env, "audit", "verify")
    assert code == 1
    assert "seq 2" in err and "missing" in err


def test_init_creates_the_key(env: dict[str, str]) -> None:
    code, out, err = _run(env, "init")
    assert code == 0, err
    key = load_settings(env).signing_key_dir / "signing-key.pem"
    assert str(key) in out
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
