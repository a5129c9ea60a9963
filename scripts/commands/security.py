"""`vetreg token issue` and `vetreg audit verify`."""

from __future__ import annotations

import click

from registry.config import load_settings
from registry.db import session_scope


@click.group()
def token() -> None:
    """Tokens signed with the local key."""


@token.command("issue")
@click.option("--sub", required=True, help="Subject: who the token is for.")
@click.option("--org", required=True, help="Organisation code (ISO 3166-1 alpha-3 or mission).")
@click.option("--role", "roles", multiple=True, required=True, help="Role; repeat or comma list.")
@click.option("--ttl", type=int, default=None, help="Lifetime in seconds [default: the maximum].")
def issue(sub: str, org: str, roles: tuple[str, ...], ttl: int | None) -> None:
    """Print a token signed with the local key."""
    from api.auth import issue_token

    settings = load_settings()
    if settings.jwks_url:
        click.echo(
            "warning: VETREG_JWKS_URL is set; this API trusts only that IdP's keys", err=True
        )
    try:
        value = issue_token(
            settings,
            sub=sub,
            org=org,
            roles=roles,
            ttl_seconds=ttl if ttl is not None else settings.jwt_max_ttl_seconds,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    click.echo(value)


@click.group()
def audit() -> None:
    """The hash-chained audit trail."""


@audit.command("verify")
def verify() -> None:
    """Recompute the chain; exit 1 naming the first altered or missing entry."""
    from registry.audit import verify_chain

    with session_scope(load_settings().database_url) as session:
        report = verify_chain(session)
    if not report.ok:
        click.echo(report.describe(), err=True)
        raise SystemExit(1)
    click.echo(report.describe())
