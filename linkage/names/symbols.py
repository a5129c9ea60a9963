"""Name symbols: ids shared by the spellings of one name across scripts.

rigour tags name parts with Wikidata-backed ids ("NAME:Q5837762" for
Muhammad in Latin, Arabic, Bengali or Cyrillic) and nickname ids ("NICK:..").
"""

from collections import defaultdict
from functools import cache, lru_cache

from rigour.names import NameTypeTag, SymbolCategory, analyze_names

from linkage.names.phonetic import skeleton_key
from linkage.names.variants import variant_table

_KEPT = {SymbolCategory.NAME, SymbolCategory.NICK, SymbolCategory.SYMBOL}


@lru_cache(maxsize=200_000)
def token_symbols(token: str) -> frozenset[str]:
    """Symbol ids ("NAME:Q5837762", "NICK:JACK") of one name word in any script."""
    if len(token) < 2 or token.isdigit():
        return frozenset()
    names = analyze_names(NameTypeTag.PER, [token], consolidate=False, phonetics=False,
                          numerics=False, rewrite=False)
    return frozenset(
        f"{s.category.value}:{s.id}" for n in names for s in n.symbols if s.category in _KEPT
    )


@cache
def _symbol_index() -> dict[str, frozenset[str]]:
    """NAME symbol id -> canonical spellings in the variant table that carry it."""
    index: defaultdict[str, set[str]] = defaultdict(set)
    for spelling, canonical in variant_table().items():
        for symbol in token_symbols(spelling):
            if symbol.startswith("NAME:"):
                index[symbol].add(canonical)
    return {k: frozenset(v) for k, v in index.items()}


def bridge_spelling(source: str, latin: str) -> str | None:
    """Canonical Latin spelling of a non-Latin word, via shared symbols and skeleton.

    The skeleton check keeps "محمد" (mhmd) on Muhammad even where a symbol is
    shared more widely, and refuses any candidate whose consonants differ.
    """
    index = _symbol_index()
    votes: defaultdict[str, int] = defaultdict(int)
    for symbol in token_symbols(source):
        for canonical in index.get(symbol, ()):
            votes[canonical] += 1
    target = skeleton_key(latin)
    fitting = [c for c in votes if skeleton_key(c) == target]
    if not fitting:
        return None
    return min(fitting, key=lambda c: (-votes[c], c))


def warm_up() -> None:
    """Load rigour's name tagger and the symbol index (several seconds, once)."""
    _symbol_index()
