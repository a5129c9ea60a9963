"""The active scoring model: loaded from and saved to the `linkage_models` table."""

from __future__ import annotations

import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from linkage import DEFAULT_MODEL, Model
from registry.models import LinkageModel


def active_model(session: Session) -> Model:
    """The model marked active, or the engine's hand-set default when none is stored."""
    row = session.scalar(
        select(LinkageModel)
        .where(LinkageModel.is_active.is_(True))
        .order_by(LinkageModel.id.desc())
    )
    if row is None:
        return DEFAULT_MODEL
    return Model.from_json(json.dumps(row.params))


def store_model(session: Session, model: Model, *, activate: bool = True) -> LinkageModel:
    """Save `model` under its name and version (replacing a stored one) and activate it."""
    if activate:
        session.execute(update(LinkageModel).values(is_active=False))
    params = json.loads(model.to_json())
    row = session.scalar(
        select(LinkageModel).where(
            LinkageModel.name == model.name, LinkageModel.version == model.version
        )
    )
    if row is None:
        row = LinkageModel(name=model.name, version=model.version, params=params)
        session.add(row)
    row.params, row.is_active = params, activate
    session.flush()
    return row
