"""The active scoring model: loaded from and saved to the `linkage_models` table."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from linkage import DEFAULT_MODEL, Model
from registry.models import LinkageModel

log = logging.getLogger(__name__)


def active_model(session: Session) -> Model:
    """The model marked active, or the engine's hand-set default when none is stored."""
    row = session.scalar(
        select(LinkageModel)
        .where(LinkageModel.is_active.is_(True))
        .order_by(LinkageModel.id.desc())
    )
    if row is None:
        return DEFAULT_MODEL
    return parse_stored(row.name, row.version, row.params)


def parse_stored(name: str, version: str, params: Any) -> Model:
    """A stored model, or the default when it was made for another engine's levels.

    An engine upgrade may change the comparison levels; a model trained for the old ones
    cannot score the new comparisons, and refusing every check until someone retrains
    would stop vetting. The default model leans towards review, which is the safe side.
    """
    try:
        return Model.from_json(json.dumps(params))
    except (ValueError, KeyError, TypeError) as exc:
        log.warning(
            "stored model %s@%s does not fit this engine (%s); using the default model "
            "until `vetreg model retrain` or the next linking run stores a new one",
            name,
            version,
            exc,
        )
        return DEFAULT_MODEL


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
