"""Side-by-side marks follow the engine's level labels."""

from __future__ import annotations

from api.review.present import mark_of
from linkage import DEFAULT_MODEL


def test_a_number_from_another_issuer_is_marked_as_differing() -> None:
    assert mark_of("different, other issuer", "P1234567", "Q9999999") == "differ"
    assert mark_of("different", "P1234567", "Q9999999") == "differ"
    assert mark_of("exact", "P1234567", "P1234567") == "agree"


def test_every_identifier_level_label_has_a_mark() -> None:
    for name in ("passport", "national_id", "service_number"):
        for level in DEFAULT_MODEL.feature(name).levels:
            assert mark_of(level.label, "a", "b") in {"agree", "close", "differ"}
