"""Contributing states, missions and the registry itself."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import CODE_LEN, NAME_LEN, Base, CreatedAt


class Organisation(CreatedAt, Base):
    """A submitter or consumer of records: a state (ISO alpha-3) or a mission code."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LEN), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LEN))
    kind: Mapped[str] = mapped_column(String(16))  # state | mission | registry
