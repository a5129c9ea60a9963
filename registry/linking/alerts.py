"""Serial-offender alerts from linked persons, their allegations and deployments."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from linkage import columns as c
from linkage import serial_offenders
from registry.frames import engine_id
from registry.models import Allegation, Deployment, Organisation, SerialOffenderAlert


def allegations_frame(session: Session) -> pd.DataFrame:
    """Live allegations keyed by the engine id of their subject record."""
    rows = session.execute(
        select(
            Organisation.code,
            Allegation.subject_record_id,
            Allegation.mission,
            Allegation.incident_date,
            Allegation.reported_date,
            Allegation.status,
        )
        .join(Organisation, Organisation.id == Allegation.organisation_id)
        .where(Allegation.withdrawn_at.is_(None))
    ).all()
    return pd.DataFrame(
        [(engine_id(org, rid), org, m, i, r, s) for org, rid, m, i, r, s in rows],
        columns=[
            c.SUBJECT_RECORD_ID,
            c.SOURCE,
            c.MISSION,
            c.INCIDENT_DATE,
            c.REPORTED_DATE,
            "status",
        ],
    )


def deployments_frame(session: Session) -> pd.DataFrame:
    """Live deployments keyed by the engine id of their record."""
    rows = session.execute(
        select(Organisation.code, Deployment.record_id, Deployment.mission, Deployment.start_date)
        .join(Organisation, Organisation.id == Deployment.organisation_id)
        .where(Deployment.withdrawn_at.is_(None))
    ).all()
    return pd.DataFrame(
        [(engine_id(org, rid), m, s) for org, rid, m, s in rows],
        columns=[c.RECORD_ID, c.MISSION, c.START_DATE],
    )


def write_alerts(
    session: Session, clusters: pd.DataFrame, allegations: pd.DataFrame, persons: dict[str, int]
) -> int:
    """Open or refresh an alert for every serial offender; returns how many are flagged."""
    flagged = serial_offenders(clusters, allegations, deployments_frame(session))
    existing = {alert.person_id: alert for alert in session.scalars(select(SerialOffenderAlert))}
    for uid, reasons in zip(flagged[c.CLUSTER_ID], flagged["reasons"], strict=True):
        person_id = persons[str(uid)]
        reason_list = [r for r in str(reasons).split("; ") if r]
        alert = existing.get(person_id)
        if alert is None:
            session.add(SerialOffenderAlert(person_id=person_id, reasons=reason_list))
        elif sorted(alert.reasons) != sorted(reason_list):
            alert.reasons, alert.status = reason_list, "open"
    return len(flagged)
