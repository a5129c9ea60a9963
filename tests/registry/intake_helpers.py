"""Small helpers shared by the intake tests."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from registry.errors import InvalidInput
from registry.intake import IntakeReport, import_file

PERSONNEL_HEADER = "record_id,family_name,given_names,date_of_birth,nationality,sex"


def personnel_csv(*rows: str, header: str = PERSONNEL_HEADER) -> bytes:
    """A personnel CSV file from a header and data lines."""
    return ("\n".join([header, *rows]) + "\n").encode()


def submit(
    session: Session, kind: str, data: bytes, name: str = "file.csv", **options: Any
) -> IntakeReport:
    """Import `data` for BGD as a test user."""
    options.setdefault("org_code", "BGD")
    return import_file(session, kind, data, submitted_by="tester", file_name=name, **options)


def rejected(
    session: Session, kind: str, data: bytes, name: str = "file.csv", **options: Any
) -> InvalidInput:
    """The InvalidInput raised by importing `data`."""
    with pytest.raises(InvalidInput) as caught:
        submit(session, kind, data, name, **options)
    return caught.value


def seed_people(session: Session, *ids: str, org: str = "BGD") -> None:
    """Personnel records `ids` for `org`."""
    rows = [f"{i},Karim,Abdul,1985-03-14,BGD,M" for i in ids]
    submit(session, "personnel", personnel_csv(*rows), org_code=org)
