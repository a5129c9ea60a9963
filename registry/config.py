"""One configuration object, read from the environment.

With no variables set vetreg runs embedded: a SQLite file under ./var/, an
in-process job worker and a local signing key pair next to the database.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_VAR_DIR = Path("var")


def _default_database_url(var_dir: Path) -> str:
    return f"sqlite:///{(var_dir / 'vetreg.sqlite3').resolve()}"


@dataclass(frozen=True)
class Settings:
    """Every tunable of a vetreg process; environment names are in ENV_NAMES."""

    var_dir: Path = DEFAULT_VAR_DIR
    database_url: str = ""
    redis_url: str | None = None
    # JWT: asymmetric algorithms only, pinned here.
    jwt_algorithms: tuple[str, ...] = ("RS256", "ES256")
    jwt_issuer: str = "vetreg-local"
    jwt_audience: str = "vetreg"
    jwt_max_ttl_seconds: int = 3600
    jwt_leeway_seconds: int = 30
    jwks_url: str | None = None
    key_dir: Path | None = None
    # Intake limits.
    max_upload_bytes: int = 200 * 1024 * 1024
    max_rows: int = 2_000_000
    # Roster screening: rows per roster (one request or one `vetreg screen`).
    max_roster_rows: int = 50_000
    # Linkage thresholds on the match probability.
    link_threshold: float = 0.95
    review_threshold: float = 0.5
    # A `link` candidate without a strong identifier or analyst confirmation is `review`.
    require_confirmation_for_hit: bool = True
    # Re-link the registry after every committed submission or withdrawal; switch off only
    # for a bulk load that links once at its end.
    link_on_intake: bool = True
    # Candidates each server process keeps prepared for checks (loaded when a worker
    # starts, ~2.7 kB each); 0 keeps none and prepares every candidate for every check.
    prepared_records: int = 1_200_000
    rate_limit_per_minute: int = 600
    rate_limit_org_per_minute: int = 3000
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def signing_key_dir(self) -> Path:
        """Directory of the local JWT key pair."""
        return self.key_dir if self.key_dir is not None else self.var_dir / "keys"

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        """A copy with known fields replaced; unknown keys go to `extra`."""
        names = {f.name for f in fields(self)}
        known = {k: v for k, v in overrides.items() if k in names}
        unknown = {k: v for k, v in overrides.items() if k not in names}
        updated = replace(self, **known)
        if unknown:
            updated = replace(updated, extra={**self.extra, **unknown})
        if not updated.database_url:
            updated = replace(updated, database_url=_default_database_url(updated.var_dir))
        return updated


ENV_NAMES: dict[str, str] = {
    "VETREG_VAR_DIR": "var_dir",
    "DATABASE_URL": "database_url",
    "REDIS_URL": "redis_url",
    "VETREG_JWT_ALGORITHMS": "jwt_algorithms",
    "VETREG_JWT_ISSUER": "jwt_issuer",
    "VETREG_JWT_AUDIENCE": "jwt_audience",
    "VETREG_JWT_MAX_TTL_SECONDS": "jwt_max_ttl_seconds",
    "VETREG_JWT_LEEWAY_SECONDS": "jwt_leeway_seconds",
    "VETREG_JWKS_URL": "jwks_url",
    "VETREG_KEY_DIR": "key_dir",
    "VETREG_MAX_UPLOAD_BYTES": "max_upload_bytes",
    "VETREG_MAX_ROWS": "max_rows",
    "VETREG_MAX_ROSTER_ROWS": "max_roster_rows",
    "VETREG_LINK_THRESHOLD": "link_threshold",
    "VETREG_REVIEW_THRESHOLD": "review_threshold",
    "VETREG_REQUIRE_CONFIRMATION_FOR_HIT": "require_confirmation_for_hit",
    "VETREG_LINK_ON_INTAKE": "link_on_intake",
    "VETREG_PREPARED_RECORDS": "prepared_records",
    "VETREG_RATE_LIMIT_PER_MINUTE": "rate_limit_per_minute",
    "VETREG_RATE_LIMIT_ORG_PER_MINUTE": "rate_limit_org_per_minute",
}


class ConfigError(ValueError):
    """An environment variable holds a value vetreg cannot use."""


def _convert(name: str, raw: str, default: object) -> object:
    """Turn an environment string into the type of the field's default."""
    try:
        if isinstance(default, bool):
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, tuple):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a valid {type(default).__name__}") from exc
    if name.endswith("_DIR"):
        return Path(raw)
    return raw or None if default is None else raw


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `environ` (default: the process environment)."""
    env = os.environ if environ is None else environ
    base = Settings()
    values: dict[str, object] = {}
    for env_name, attr in ENV_NAMES.items():
        if env_name in env:
            values[attr] = _convert(env_name, env[env_name], getattr(base, attr))
    settings = base.with_overrides(values)
    if settings.review_threshold > settings.link_threshold:
        raise ConfigError("VETREG_REVIEW_THRESHOLD must not exceed VETREG_LINK_THRESHOLD")
    return settings
