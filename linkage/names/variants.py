"""Romanisation-variant equivalence: map a spelling to its canonical spelling."""

from functools import cache

from linkage.names.variant_data import VARIANTS


@cache
def variant_table() -> dict[str, str]:
    """Every known spelling (canonical ones included) to its canonical spelling."""
    table: dict[str, str] = {}
    for entry in VARIANTS.replace("\n    ", " ").strip().splitlines():
        canonical, _, variants = entry.partition(":")
        table[canonical] = canonical
        for variant in variants.split():
            table.setdefault(variant, canonical)
    return table


def canonical_spelling(token: str) -> str | None:
    """The canonical spelling of a known name variant, or None if the table lacks it."""
    return variant_table().get(token)
