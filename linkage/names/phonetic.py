"""Per-token keys for blocking and fuzzy evidence: phonetic code and consonant skeleton."""

import re
from functools import lru_cache

from rigour.text.phonetics import metaphone

_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyw]")
Respellings = tuple[tuple[str, str], ...]


def respelt(word: str, respellings: Respellings) -> str:
    """`word` with each (old, new) of `respellings` replaced in turn."""
    for old, new in respellings:
        word = word.replace(old, new)
    return word


_FOLDS = (("ph", "f"), ("q", "k"), ("ck", "k"), ("x", "ks"))


# French spelling writes the w of Arabic and West African names as ou before a vowel
# (Ouazzani, Ouattara, Ouedraogo, Alaoui), where English spelling and transliteration from
# Arabic script write w (Wazzani, Wattara, Wedraogo, Alawi); metaphone reads a vowel there.
_FRENCH_W = re.compile(r"(?:^|(?<=[aeiou]))ou(?=[aei])")


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """Metaphone code of a canonical token; the token itself when it has no code."""
    return metaphone(_FRENCH_W.sub("w", token)) or token


@lru_cache(maxsize=200_000)
def skeleton_key(token: str) -> str:
    """Consonant skeleton ("muhammad" -> "mhmd"): a blocking key for abjad spellings.

    Arabic script omits short vowels, so only consonants survive in every
    spelling. Mohammed and Mahmoud share the skeleton "mhmd": use it to find
    candidates, never as evidence that two names agree.
    """
    skeleton = _DOUBLES.sub(r"\1", _VOWELS.sub("", respelt(token, _FOLDS)))
    return skeleton or token


_COARSE = (("sh", "s"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("bh", "b"),
           ("ch", "c"), ("ph", "f"), ("c", "k"), ("q", "k"), ("v", "b"), ("w", "b"),
           ("z", "j"), ("h", ""))


@lru_cache(maxsize=200_000)
def coarse_key(skeleton: str) -> str:
    """A consonant skeleton with sounds that romanisations trade folded together.

    "shrsth" (Shrestha) and "srst" (Srestha), "bshn" (Bishnu) and "vshn" (Vishnu),
    "kws" (Kwasi) and "kvvs" both reduce to one key. Coarser than the skeleton, so
    it finds more spelling variants at the price of larger blocks; blocking only.
    """
    return _DOUBLES.sub(r"\1", respelt(skeleton, _COARSE)) or skeleton
