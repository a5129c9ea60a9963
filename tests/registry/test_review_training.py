"""`vetreg model retrain`: m from decisions, figures on a held-back share, a new active model."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from linkage import DEFAULT_MODEL
from registry.models import LinkageModel
from registry.review import record_decision
from registry.review.training import held_back, retrain
from scripts.cli import main
from tests.factories import make_candidate, make_explanation, make_record

pytestmark = pytest.mark.db

# A middle name level of the shipped model: the decisions below say it means "same person"
# far more often than the untrained model believes.
NAME_LEVEL = DEFAULT_MODEL.feature("name").levels[2].label
SAME = make_explanation(
    name=(NAME_LEVEL, 5.0),
    date_of_birth=("one digit", 6.0),
    nationality=("same", 2.6),
    sex=("same", 1.0),
)
DIFFERENT = make_explanation(
    name=("similar .85", 4.9),
    date_of_birth=("same year", 1.0),
    nationality=("different", -4.1),
    sex=("same", 1.0),
)


def _decided(session: Session, n: int) -> None:
    for i in range(n):
        left, right = make_record(session), make_record(session, "NPL")
        same = i % 2 == 0
        cid = make_candidate(session, left, right, explanation=SAME if same else DIFFERENT).id
        record_decision(
            session,
            cid,
            analyst_sub="ana",
            analyst_org="REG",
            decision="same" if same else "different",
        )
    session.commit()


def test_held_back_share_is_deterministic() -> None:
    picks = [held_back(i, 0.2) for i in range(2000)]
    assert picks == [held_back(i, 0.2) for i in range(2000)]
    assert 300 < sum(picks) < 500


def test_retrain_learns_from_decisions_and_stores_active_model(session: Session) -> None:
    _decided(session, 60)
    result = retrain(session, {"link": 0.95}, share=0.25)
    session.commit()
    assert result.trained_on + result.held_back == 60 and result.held_back > 0
    before, after = result.quality["link"]
    assert after.recall >= before.recall and after.recall > 0.9
    name_m = dict(
        zip(
            [lv.label for lv in result.after.feature("name").levels],
            [lv.m for lv in result.after.feature("name").levels],
            strict=True,
        )
    )
    before_m = {lv.label: lv.m for lv in result.before.feature("name").levels}
    assert name_m[NAME_LEVEL] > before_m[NAME_LEVEL]
    active = session.scalars(select(LinkageModel).where(LinkageModel.is_active)).one()
    assert active.version == result.after.version


def test_cli_prints_before_and_after(session: Session, db_url: str) -> None:
    _decided(session, 20)
    runner = CliRunner()
    result = runner.invoke(main, ["model", "retrain", "--dry-run"], env={"DATABASE_URL": db_url})
    assert result.exit_code == 0, result.output
    assert "before" in result.output and "after" in result.output and "precision" in result.output
    assert session.scalar(select(LinkageModel.id)) is None


def test_cli_without_decisions_says_so(db_url: str) -> None:
    result = CliRunner().invoke(main, ["model", "retrain"], env={"DATABASE_URL": db_url})
    assert result.exit_code != 0 and "no same/different decisions" in result.output


def test_cli_stores_nothing_without_decisions(session: Session, db_url: str) -> None:
    CliRunner().invoke(main, ["model", "retrain"], env={"DATABASE_URL": db_url})
    assert session.scalar(select(LinkageModel.id)) is None
