"""Retrieval keys: what they are built from, how they are indexed, and the retrieval cap."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from linkage import normalise_records
from registry.models import RecordKey
from registry.models.base import utcnow
from registry.vetting import index_records, retrieval_keys
from registry.vetting.keys import KEY, POSITION, QueryKey, row_keys
from registry.vetting.retrieval import (
    MAX_BUCKET,
    _rank_many,
    key_counts,
    key_weight,
    retrieve,
    usable_keys,
)
from tests.factories import make_record


def query_keys(rows: list[dict[str, str]]) -> list[QueryKey]:
    """The retrieval keys of query rows, as a check or a roster batch makes them."""
    return row_keys(normalise_records(pd.DataFrame(rows)).to_dict("records"))


def keys_of(**fields: str) -> set[str]:
    frame = normalise_records(pd.DataFrame([{"record_id": "x", **fields}]))
    return set(retrieval_keys(frame)[KEY])


def test_keys_cover_names_dates_and_strong_identifiers() -> None:
    keys = keys_of(
        given_names="Abdul",
        family_name="Karim",
        date_of_birth="1985-03-14",
        nationality="BGD",
        passport_number="bx 447-1290",
        national_id="0000000",
    )
    assert {
        "n:abdul karim",
        "j:abdulkarim",
        "i:ak|1985-03-14",
        "dn:1985-03-14|BGD",
        "d:19850314",
        "pa:BX4471290",
    } <= keys
    assert any(k.startswith("pp:") for k in keys) and any(k.startswith("py:") for k in keys)
    assert not any(k.startswith("ni:") for k in keys)  # a generic id is no evidence


def test_spelling_and_alias_variants_share_keys() -> None:
    base = keys_of(given_names="Mohammed", family_name="Rahman", date_of_birth="1990")
    variant = keys_of(full_name="Muhammad Rehman", date_of_birth="1990")
    alias = keys_of(full_name="M. R. Khan", aliases="Mohammed Rahman")
    assert (base & variant) - {k for k in base if k.startswith("d:")}
    assert {k for k in base if k.startswith("j:")} <= alias


def test_positions_follow_the_frame() -> None:
    frame = normalise_records(
        pd.DataFrame(
            [
                {"record_id": "a", "full_name": "Li Wei"},
                {"record_id": "b", "full_name": "Ana Silva"},
            ]
        )
    )
    keys = retrieval_keys(frame)
    assert set(keys[keys[KEY] == "n:li wei"][POSITION]) == {0}
    assert set(keys[keys[KEY] == "n:ana silva"][POSITION]) == {1}


@pytest.mark.db
def test_index_records_drops_withdrawn_and_superseded_versions(session: Session) -> None:
    old = make_record(session, "BGD", record_id="P1", passport_number="AA1111111")
    index_records(session, [old.id])
    new = make_record(session, "BGD", record_id="P1", version=2, passport_number="AA2222222")
    old.is_current = False
    index_records(session, [new.id])
    owners = set(session.scalars(select(RecordKey.personnel_record_id)))
    assert owners == {new.id}
    new.withdrawn_at = utcnow()
    index_records(session, [new.id])
    assert session.scalar(select(RecordKey.id)) is None


@pytest.mark.db
def test_retrieval_ranks_strong_identifiers_first_and_caps(session: Session) -> None:
    namesakes = [make_record(session, "NPL") for _ in range(5)]
    target = make_record(
        session, "BGD", given_names="Other", family_name="Person", passport_number="ZZ9999999"
    )
    index_records(session, [r.id for r in [*namesakes, target]])
    query = query_keys(
        [
            {
                "record_id": "",
                "given_names": "Abdul",
                "family_name": "Karim",
                "date_of_birth": "1985-03-14",
                "passport_number": "ZZ9999999",
            }
        ]
    )
    found = retrieve(session, query, cap=3)
    assert len(found) == 3 and found[0][1] == target.id
    assert len(retrieve(session, query, cap=3, max_bucket=4)) == 1


@pytest.mark.db
def test_one_query_row_is_ranked_as_in_a_batch(session: Session) -> None:
    records = [make_record(session, "NPL") for _ in range(4)]
    records += [make_record(session, "BGD", passport_number="ZZ9999999", date_of_birth="1990")]
    records += [make_record(session, "IND", given_names="Abdool", family_name="Kareem")]
    index_records(session, [r.id for r in records])
    rows = [
        {
            "record_id": "",
            "given_names": "Abdul",
            "family_name": "Karim",
            "date_of_birth": "1985-03-14",
            "passport_number": "ZZ9999999",
        },
        {"record_id": "", "full_name": "Ram Thapa"},
    ]
    alone = retrieve(session, query_keys(rows[:1]), cap=4)
    batch = retrieve(session, query_keys(rows), cap=4)
    assert alone == [found for found in batch if found[0] == 0]
    assert alone[0][1] == records[4].id and len(alone) == 4


@pytest.mark.db
def test_key_counts_are_exact_for_frequencies_and_enough_for_buckets(session: Session) -> None:
    records = [make_record(session, "NPL") for _ in range(5)]  # the same name and birth date
    index_records(session, [r.id for r in records])
    keys = sorted(set(session.scalars(select(RecordKey.key))))
    exact = key_counts(session, keys)
    counted = key_counts(session, keys, bound=3)
    for key in keys:
        if key.startswith(("n:", "d:")):  # term frequencies: always exact
            assert counted[key] == exact[key] == 5
        else:  # enough to tell a bucket over the bound from one within it
            bounded = session.get_bind().dialect.name == "postgresql"
            assert counted[key] == (min(exact[key], 3) if bounded else exact[key])
    assert any(not k.startswith(("n:", "d:")) and exact[k] == 5 for k in keys)
    assert "absent:key" not in key_counts(session, [*keys, "absent:key"], bound=3)


def test_rarer_shared_keys_weigh_more_and_strong_identifiers_most() -> None:
    assert key_weight("n:abdul karim", 1) > key_weight("n:abdul karim", 3) > 0
    assert key_weight("pp:AMT|KRM", MAX_BUCKET) == 100  # one bit at the cap itself
    assert key_weight("pa:BX0447129", 1_500) > 30 * key_weight("n:abdul karim", 1)


def test_a_record_sharing_a_rare_key_outranks_one_sharing_several_common_ones() -> None:
    keys = [(0, "n:rare"), (0, "pp:a"), (0, "pp:b"), (0, "pp:c")]
    counts = {"n:rare": 1, "pp:a": 1_000, "pp:b": 1_000, "pp:c": 1_000}
    usable = usable_keys(keys, counts, MAX_BUCKET)
    rare, common = 1, 2
    holders = [("n:rare", rare), ("pp:a", common), ("pp:b", common), ("pp:c", common)]
    ranked = _rank_many(usable, holders, cap=2)
    assert [pk for _, pk, _ in ranked] == [rare, common]
