"""The queue, the pair page, decisions and alert acknowledgement."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from api.database import db_session, settings
from api.review import charts, present
from api.review.blueprint import bp
from registry.audit import append_audit
from registry.errors import Conflict, InvalidInput
from registry.models import Organisation
from registry.review import (
    BANDS,
    SCRIPT_RANGES,
    STATUSES,
    DecisionOutcome,
    QueueFilters,
    acknowledge_alert,
    neighbours,
    open_alert_count,
    open_alerts,
    pair_view,
    queue_page,
    record_decision,
    score_histogram,
    status_counts,
)

PER_PAGE = 50
STATUS_TEXT = {
    "confirmed": "confirmed: the records are now one person",
    "awaiting_second": "recorded: this link makes a vetting hit, so a second analyst must agree",
    "rejected": "rejected: the records are kept apart",
    "unsure": "marked unsure",
}


def _filters() -> QueueFilters:
    args = request.args
    return QueueFilters(
        status=args.get("status", "open"),
        band=args.get("band", "review"),
        state=args.get("state", "").strip(),
        mission=args.get("mission", "").strip(),
        script=args.get("script", ""),
    )


def _url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, **values)


def _threshold() -> float:
    return settings().link_threshold


@bp.get("/")
def index() -> Response:
    """The queue is the start page."""
    return redirect(_url("review.queue"))


def _organisation_codes() -> list[str]:
    return list(db_session().scalars(select(Organisation.code).order_by(Organisation.code)))


@bp.get("/queue")
def queue() -> str:
    """Pairs to review, best first, with filters, counts, a score histogram and alerts."""
    session, filters = db_session(), _filters()
    page = queue_page(
        session,
        filters,
        _threshold(),
        page=request.args.get("page", 1, type=int),
        per_page=PER_PAGE,
    )
    marks = [(settings().review_threshold, "review"), (settings().link_threshold, "link")]
    return render_template(
        "review/queue.html",
        page=page,
        filters=filters,
        counts=status_counts(session),
        histogram=charts.histogram(score_histogram(session), marks),
        alerts=open_alerts(session),
        alert_count=open_alert_count(session),
        statuses=STATUSES,
        bands=BANDS,
        scripts=list(SCRIPT_RANGES),
        orgs=_organisation_codes(),
    )


@bp.get("/pairs/<int:candidate_id>")
def pair(candidate_id: int) -> str:
    """Both records side by side, the weights, the persons' clusters and the history."""
    filters = _filters()
    view = pair_view(db_session(), candidate_id)
    previous, following = neighbours(db_session(), view.candidate, filters, _threshold())
    explanation = view.candidate.explanation
    rows = present.field_rows(view.left.record, view.right.record, explanation)
    return render_template(
        "review/pair.html",
        view=view,
        rows=rows,
        marks=present.labels_of(rows),
        waterfall=charts.waterfall(present.weights(explanation), view.candidate.match_weight),
        previous=previous,
        following=following,
        filters=filters,
        names=(
            present.display_name(present.full_name(view.left.record)),
            present.display_name(present.full_name(view.right.record)),
        ),
    )


def _append_audit(**entry: Any) -> None:
    """An audit entry in the request's transaction, in the signed-in analyst's name."""
    append_audit(db_session(), actor_sub=g.analyst.sub, actor_org=g.analyst.org, **entry)


def _audit(candidate_id: int, outcome: DecisionOutcome) -> None:
    change = outcome.change
    _append_audit(
        action="review_decision",
        target=f"match_candidate:{candidate_id}",
        request={"decision": outcome.decision.decision, "note": outcome.decision.note},
        response={
            "decision_id": outcome.decision.id,
            "status": outcome.status,
            "four_eyes": outcome.four_eyes,
            "cluster_change": change.kind,
            "person_id": change.person_id,
            "other_person_id": change.other_person_id,
        },
    )


def _decide(candidate_id: int) -> DecisionOutcome:
    outcome = record_decision(
        db_session(),
        candidate_id,
        analyst_sub=g.analyst.sub,
        analyst_org=g.analyst.org,
        decision=request.form.get("decision", ""),
        note=request.form.get("note"),
    )
    _audit(candidate_id, outcome)
    db_session().commit()
    return outcome


def _after_decision(candidate_id: int, filters: dict[str, Any]) -> Response:
    following = request.form.get("next", type=int)
    if following and following != candidate_id:
        return redirect(_url("review.pair", candidate_id=following, **filters))
    return redirect(_url("review.queue", **filters))


@bp.post("/pairs/<int:candidate_id>/decision")
def decide(candidate_id: int) -> Response:
    """Record same / different / unsure with a note, then go on to the next pair."""
    filters = _filters().as_query()
    try:
        outcome = _decide(candidate_id)
    except (InvalidInput, Conflict) as exc:
        db_session().rollback()
        flash(f"Pair {candidate_id}: not recorded: {exc.detail}", "error")
        return redirect(_url("review.pair", candidate_id=candidate_id, **filters))
    flash(f"Pair {candidate_id}: {STATUS_TEXT[outcome.status]}.", "ok")
    return _after_decision(candidate_id, filters)


@bp.post("/alerts/<int:alert_id>/acknowledge")
def acknowledge(alert_id: int) -> Response:
    """Mark a serial-offender alert as seen."""
    acknowledge_alert(db_session(), alert_id, g.analyst.sub)
    _append_audit(
        action="review_alert_acknowledged",
        target=f"serial_offender_alert:{alert_id}",
        request={},
        response={"status": "acknowledged"},
    )
    db_session().commit()
    flash(f"Alert {alert_id} acknowledged.", "ok")
    return redirect(_url("review.queue", **_filters().as_query()))
