"""The Latin spelling Wikidata gives a word of a script that writes its vowels.

Devanagari, Bengali and Ethiopic write a name's vowels, so a word read letter by letter
is mostly its Latin spelling already; where it is not, it is one or two letters off
(শফিকুল, shafikul, is Shafiqul; ভ্লাদিমির, bhladimir, Vladimir). Such a word takes the
alias of its Wikidata NAME symbols nearest to its reading, when one is near enough that
it cannot be another name: Padam is no Padma, Gurung no Garg.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from linkage.names.scripts import detect_script
from linkage.names.symbols import most_carried, transcription_aliases, word_name_symbols

_SCRIPTS = frozenset({"Deva", "Beng", "Ethi"})


def near_alias(source: str, reading: str) -> str | None:
    """The Wikidata alias of `source` (a word of one of these scripts) that most of its
    symbols carry among those within a third of `reading`'s letters, then the nearest;
    None when its reading is a name of its own or one of the aliases, or none is near."""
    if detect_script(source) not in _SCRIPTS or word_name_symbols(reading):
        return None
    votes = transcription_aliases(source)
    if reading in votes:
        return None
    most = max(1, len(reading) // 3)
    near = {a: n for a, n in votes.items() if Levenshtein.distance(a, reading) <= most}
    if not near:
        return None
    return most_carried(near, reading)
