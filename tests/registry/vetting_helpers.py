"""Small helpers for vetting tests: index the registry and run a check."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.config import Settings
from registry.models import PersonnelRecord
from registry.vetting import index_records, run_check
from registry.vetting.frequencies import forget_totals

QUERY = {
    "given_names": "Abdul",
    "family_name": "Karim",
    "date_of_birth": "1985-03-14",
    "nationality": "BGD",
    "sex": "M",
}


def index_all(session: Session) -> None:
    """Write the retrieval keys of every record and commit."""
    index_records(session, list(session.scalars(select(PersonnelRecord.id))))
    session.commit()
    forget_totals()


def settings_for(session: Session, **overrides: Any) -> Settings:
    """Settings on the test database."""
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    return Settings().with_overrides({"database_url": url, **overrides})


def check(
    session: Session, org: str = "UNMISS", settings: Settings | None = None, **fields: Any
) -> dict[str, Any]:
    """Run a check as `org` with QUERY overridden by `fields` (None drops a field)."""
    query = {k: v for k, v in {**QUERY, **fields}.items() if v is not None}
    return run_check(session, settings or settings_for(session), "hr@" + org, org, query)
