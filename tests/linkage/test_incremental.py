"""Incremental linking keeps ids and pairs new records only."""

from __future__ import annotations

from linkage import columns as c
from linkage.incremental import link_incremental
from linkage.pipeline import LinkConfig, link_normalised
from tests.linkage.factories import make_frame, make_normalised

CONFIG = LinkConfig(train=False)


def test_new_batch_joins_existing_person_and_keeps_ids() -> None:
    old = make_frame(make_normalised(passport_n="P1"),
                     make_normalised(given="jon", passport_n="P1"),
                     make_normalised(given="amy", family="lee", dob="1990-02-03"))
    first = link_normalised(old, config=CONFIG)
    previous = first.clusters.set_index(c.RECORD_ID)[c.CLUSTER_ID]
    assert previous["r0"] == previous["r1"] != previous["r2"]
    new = make_frame(make_normalised(given="john", passport_n="P1"),
                     make_normalised(given="zed", family="ox", dob="1950"))
    new[c.RECORD_ID] = ["n0", "n1"]
    again = link_incremental(old, new, model=first.model, existing_pairs=first.pairs,
                             previous=previous, config=CONFIG)
    ids = again.clusters.set_index(c.RECORD_ID)[c.CLUSTER_ID]
    assert ids["n0"] == ids["r0"] == previous["r0"] and ids["r2"] == previous["r2"]
    assert (again.pairs["record_id_r"].isin(["n0", "n1"])
            | again.pairs["record_id_l"].isin(["n0", "n1"])).all()
    assert again.report["new_records"] == 2


def test_rerun_is_idempotent() -> None:
    frame = make_frame(make_normalised(), make_normalised(given="jon"),
                       make_normalised(given="amy", family="lee"))
    first = link_normalised(frame, config=CONFIG)
    second = link_normalised(frame, config=CONFIG,
                             previous=first.clusters.set_index(c.RECORD_ID)[c.CLUSTER_ID])
    assert first.clusters.equals(second.clusters)
