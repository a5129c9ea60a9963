"""The benchmark's shared evaluation on tiny hand-made truths."""

import pandas as pd
import pytest

from scripts.bench import metrics as m


def make_truth() -> m.Truth:
    # persons: p1 = {a, b, c} (3 true pairs), p2 = {d, e} (1 true pair), p3 = {f}
    return m.Truth.from_frame(pd.DataFrame({
        "record_id": ["a", "b", "c", "d", "e", "f"],
        "person_id": ["p1", "p1", "p1", "p2", "p2", "p3"],
        "script": ["Latn", "Arab", "Latn", "Cyrl", "Latn", "Latn"],
    }))


def s(*values: str) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def test_true_pairs() -> None:
    assert m.true_pairs(make_truth()) == 4


def test_pair_quality_counts_right_and_wrong_pairs() -> None:
    q = m.pair_quality(make_truth(), s("a", "d", "a"), s("b", "e", "f"))
    assert (q.predicted, q.correct, q.true) == (3, 2, 4)
    assert q.precision == pytest.approx(2 / 3)
    assert q.recall == pytest.approx(0.5)
    assert q.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_pair_quality_ignores_order_repeats_self_pairs_and_unknown_ids() -> None:
    q = m.pair_quality(make_truth(), s("a", "b", "c", "x"), s("b", "a", "c", "a"))
    assert (q.predicted, q.correct) == (1, 1)
    assert q.precision == 1.0


def test_perfect_and_empty_predictions() -> None:
    perfect = m.pair_quality(make_truth(), s("a", "a", "b", "d"), s("b", "c", "c", "e"))
    assert perfect.f1 == 1.0
    empty = m.pair_quality(make_truth(), s(), s())
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


def test_cluster_quality_counts_implied_pairs() -> None:
    # clusters {a, b}, {c, d, e}, {f}: implied pairs ab, cd, ce, de -> correct ab, de
    q = m.cluster_quality(make_truth(), s("a", "b", "c", "d", "e", "f"),
                          s("1", "1", "2", "2", "2", "3"))
    assert (q.predicted, q.correct, q.true) == (4, 2, 4)
    assert q.f1 == pytest.approx(0.5)


def test_cluster_quality_treats_missing_records_as_singletons() -> None:
    q = m.cluster_quality(make_truth(), s("a", "b"), s("x", "x"))
    assert (q.predicted, q.correct, q.recall) == (1, 1, 0.25)


def test_pair_completeness() -> None:
    truth = make_truth()
    assert m.pair_completeness(truth, s("a", "a", "f"), s("b", "d", "e")) == 0.25
    assert m.pair_completeness(truth, s("a", "a", "b", "d"), s("b", "c", "c", "e")) == 1.0


def test_script_recall_counts_a_pair_under_the_script_of_either_record() -> None:
    # true pairs: ab (Latn, Arab), ac (Latn), bc (Arab, Latn), de (Cyrl, Latn)
    recall = m.script_recall(make_truth(), s("a", "d"), s("b", "e"))
    assert recall["Latn"] == (0.5, 4)
    assert recall["Arab"] == (0.5, 2)
    assert recall["Cyrl"] == (1.0, 1)


def test_best_threshold_f1_finds_the_cut_off() -> None:
    pairs = pd.DataFrame({"record_id_l": ["a", "d", "a", "b"], "record_id_r": ["b", "e", "f", "c"],
                          "score": [0.99, 0.9, 0.8, 0.4]})
    f1, threshold = m.best_threshold_f1(make_truth(), pairs)
    # top two: 2 correct of 2 predicted, 4 true -> 2*2/(2+4); all four: 3/4 -> 6/8
    assert (f1, threshold) == (pytest.approx(0.75), 0.4)
    f1, threshold = m.best_threshold_f1(make_truth(), pairs.iloc[:3])
    assert (f1, threshold) == (pytest.approx(4 / 6), 0.9)
