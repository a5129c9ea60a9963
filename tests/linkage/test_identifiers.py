"""Identifier normal form and generic values."""

import numpy as np
import pytest

from linkage.identifiers import read_identifier, read_identifiers


def test_punctuation_spaces_and_leading_zeros_stripped() -> None:
    assert read_identifier("ab 00123-45") == ("AB0012345", None)
    assert read_identifier("0048213") == ("48213", None)


@pytest.mark.parametrize("value", ["000000", "N/A", "unknown", "123456", "XXXXXX", "00", "n.a."])
def test_generic_values_flagged(value: str) -> None:
    assert read_identifier(value) == (None, "generic")


def test_vectorised_and_scalar_agree() -> None:
    values = ["000000", "AB 123 45", "unknown", "98765", "A1234567", "Ж123456", "7"]
    assert read_identifiers(np.array(values, dtype=object)) == [read_identifier(v) for v in values]
