"""The vetreg HTTP service: JSON API, review pages, OpenAPI description."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from api import (
    audit_views,
    auth,
    checks,
    converters,
    database,
    docs,
    errors,
    health,
    json_provider,
    jwks,
    openapi,
    review,
    screenings,
    submissions,
)
from registry.config import load_settings

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, then `test_config`, then blueprints."""
    app = Flask(__name__)
    app.json = json_provider.GuardedJSONProvider(app)
    app.url_map.converters["int"] = converters.RowIdConverter
    settings = load_settings().with_overrides(dict(test_config or {}))
    app.config.update(SETTINGS=settings, MAX_CONTENT_LENGTH=settings.max_upload_bytes)
    app.json.sort_keys = False
    database.init_app(app)
    errors.register_error_handlers(app)
    auth.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(jwks.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(checks.bp)
    app.register_blueprint(screenings.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(submissions.bp)
    return app
