"""Serial-offender alerts as analysts see them: listed while open, then acknowledged."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.errors import NotFound
from registry.models import SerialOffenderAlert


def open_alerts(session: Session, limit: int = 50) -> list[SerialOffenderAlert]:
    """Serial-offender alerts not yet acknowledged, newest first."""
    query = (
        select(SerialOffenderAlert)
        .where(SerialOffenderAlert.status == "open")
        .order_by(SerialOffenderAlert.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def open_alert_count(session: Session) -> int:
    """Number of open serial-offender alerts."""
    query = select(func.count()).where(SerialOffenderAlert.status == "open")
    return session.scalar(query.select_from(SerialOffenderAlert)) or 0


def acknowledge_alert(session: Session, alert_id: int, analyst_sub: str) -> SerialOffenderAlert:
    """Mark a serial-offender alert as seen by `analyst_sub`."""
    alert = session.get(SerialOffenderAlert, alert_id)
    if alert is None:
        raise NotFound(f"alert {alert_id} does not exist")
    alert.status, alert.acknowledged_by = "acknowledged", analyst_sub
    session.flush()
    return alert
