"""Serial-offender rules and evaluation metrics on tiny hand-made truths."""

from __future__ import annotations

import pandas as pd
import pytest

from linkage import columns as c
from linkage.evaluation import bcubed, blocking_metrics, cluster_pair_metrics, pairwise_metrics
from linkage.serial import REASON_MISSIONS, REASON_REDEPLOYED, REASON_SUBMITTERS, serial_offenders

CLUSTERS = pd.DataFrame({c.RECORD_ID: ["a", "b", "c", "d", "e"],
                         c.CLUSTER_ID: ["P1", "P1", "P2", "P3", "P3"]})


def allegations(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[c.SUBJECT_RECORD_ID, c.SOURCE, c.MISSION,
                                        c.INCIDENT_DATE])
    return frame.assign(**{c.REPORTED_DATE: ""})


def test_two_missions_flag_a_person() -> None:
    found = serial_offenders(CLUSTERS, allegations(("a", "KEN", "M1", "2019"),
                                                   ("b", "KEN", "M2", "2020")))
    assert found[c.CLUSTER_ID].tolist() == ["P1"]
    assert found["reasons"].tolist() == [REASON_MISSIONS]


def test_two_submitters_flag_a_person_one_allegation_does_not() -> None:
    found = serial_offenders(CLUSTERS, allegations(("d", "KEN", "M1", "2019"),
                                                   ("e", "UGA", "M1", "2019"),
                                                   ("c", "KEN", "M1", "2019")))
    assert found[c.CLUSTER_ID].tolist() == ["P3"]
    assert found["reasons"].tolist() == [REASON_SUBMITTERS]


def test_deployment_after_allegation_flags_before_does_not() -> None:
    cases = allegations(("c", "KEN", "M1", "2019-06-01"), ("a", "KEN", "M1", "2019-06-01"))
    posts = pd.DataFrame({c.RECORD_ID: ["c", "b"], c.MISSION: ["M2", "M2"],
                          c.START_DATE: ["2020-01-01", "2018-01-01"]})
    found = serial_offenders(CLUSTERS, cases, posts)
    assert found[c.CLUSTER_ID].tolist() == ["P2"]
    assert found["reasons"].tolist() == [REASON_REDEPLOYED]


TRUTH = pd.Series(["x", "x", "x", "y", "z"], index=["a", "b", "c", "d", "e"])


def test_pairwise_metrics() -> None:
    got = pairwise_metrics(pd.Series(["a", "a", "d"]), pd.Series(["b", "c", "e"]), TRUTH)
    assert got["precision"] == pytest.approx(2 / 3)
    assert got["recall"] == pytest.approx(2 / 3)


def test_blocking_metrics() -> None:
    got = blocking_metrics(pd.Series(["a", "b"]), pd.Series(["b", "c"]), TRUTH)
    assert got["pair_completeness"] == pytest.approx(2 / 3)
    assert got["reduction_ratio"] == pytest.approx(1 - 2 / 10)


def test_cluster_metrics_and_bcubed() -> None:
    clusters = pd.Series(["1", "1", "2", "2", "3"], index=TRUTH.index)
    pairs = cluster_pair_metrics(clusters, TRUTH)
    assert pairs["precision"] == pytest.approx(1 / 2) and pairs["recall"] == pytest.approx(1 / 3)
    b3 = bcubed(clusters, TRUTH)
    assert b3["precision"] == pytest.approx((1 + 1 + 0.5 + 0.5 + 1) / 5)
    assert b3["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
