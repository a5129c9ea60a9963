"""The stored scoring model: activation, and a model made for another engine's levels."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from linkage import DEFAULT_MODEL
from registry.linking import active_model, store_model
from registry.models import LinkageModel

pytestmark = pytest.mark.db


def test_the_stored_model_becomes_active(session: Session) -> None:
    trained = replace(DEFAULT_MODEL, version="trained-1", prior=0.002)
    store_model(session, trained)
    session.commit()
    assert active_model(session) == trained


def test_a_model_for_other_levels_falls_back_to_the_default(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    params = json.loads(DEFAULT_MODEL.to_json())
    params["features"][0]["levels"] = params["features"][0]["levels"][:2]  # an older layout
    session.add(LinkageModel(name="vetreg-fs", version="old", params=params, is_active=True))
    session.commit()
    assert active_model(session) == DEFAULT_MODEL
    assert "does not fit this engine" in caplog.text
