"""The active scoring model: loaded from and saved to the `linkage_models` table."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import replace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from linkage import DEFAULT_MODEL, Model
from registry.models import LinkageModel

log = logging.getLogger(__name__)


# Stored models are never changed under the same name and version (a training run or a
# retrain names a new version), so a parsed model can be kept per version. Checks ask
# for the active model on every request; parsing its JSON each time would cost more
# than the look-up.
_parsed: dict[tuple[str, str], Model] = {}
_lock = threading.Lock()


_recent: dict[str, tuple[float, Model]] = {}  # database URL -> (when read, active model)


def active_model(session: Session, max_age: float = 0.0) -> Model:
    """The model marked active (parsed once per version), or the engine's default.

    With `max_age`, a model this process read from the same database less than that
    many seconds ago is used without asking the database again: checks ask on every
    request, and a newly activated model reaching them a few seconds late is harmless.
    """
    url = str(session.get_bind().engine.url)
    now = time.monotonic()
    with _lock:
        recent = _recent.get(url)
    if max_age > 0 and recent is not None and now - recent[0] < max_age:
        return recent[1]
    model = _read_active(session)
    with _lock:
        _recent[url] = (now, model)
    return model


def forget_active() -> None:
    """Drop the remembered active models (tests that empty a database between runs)."""
    with _lock:
        _recent.clear()


def _read_active(session: Session) -> Model:
    row = session.execute(
        select(LinkageModel.name, LinkageModel.version)
        .where(LinkageModel.is_active.is_(True))
        .order_by(LinkageModel.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return DEFAULT_MODEL
    key = (row[0], row[1])
    with _lock:
        model = _parsed.get(key)
    if model is None:
        params = session.scalar(
            select(LinkageModel.params).where(
                LinkageModel.name == key[0], LinkageModel.version == key[1]
            )
        )
        model = parse_stored(key[0], key[1], params)
        with _lock:
            _parsed[key] = model
    return model


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


def versioned(model: Model) -> Model:
    """The model with a version derived from its parameters, so scores name what made them."""
    digest = hashlib.sha256(replace(model, version="").to_json().encode()).hexdigest()[:12]
    return replace(model, version=digest)


def store_model(session: Session, model: Model, *, activate: bool = True) -> LinkageModel:
    """Save `model` under its name and version (replacing a stored one) and activate it."""
    with _lock:
        _parsed.pop((model.name, model.version), None)
        _recent.clear()
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
