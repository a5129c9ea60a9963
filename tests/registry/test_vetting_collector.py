"""The garbage-collector settings of check processes."""

from __future__ import annotations

import gc

from registry.vetting.collector import MIDDLE, OLD, YOUNG, fewer_full_collections, settle_collector

CPYTHON_OLD = 10  # CPython's default third threshold: middle collections per full one


def test_settling_freezes_start_up_objects_and_spaces_full_collections() -> None:
    before = gc.get_threshold()
    try:
        settle_collector()
        assert gc.get_freeze_count() > 0  # start-up objects are out of the collector's sight
        assert gc.get_threshold() == (YOUNG, MIDDLE, OLD)
        assert OLD > CPYTHON_OLD  # full collections are rarer than by default
        assert gc.isenabled()  # young cycles are still collected
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_long_work_spaces_full_collections_and_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with fewer_full_collections():
            assert gc.get_threshold() == (YOUNG, MIDDLE, OLD)
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)
