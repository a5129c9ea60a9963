"""Hebrew-script words to Latin letters, and the Latin spellings they may have.

Hebrew, like Arabic, is an abjad: vowels are mostly not written, and several letters
stand for two sounds (ב b or v, כ k or kh, פ p or f, ו v or a vowel, י y or a vowel).
A word is read once as names are usually spelt (`hebrew_to_latin`, used when nothing
better is known), and as a pattern of the Latin spellings it may have
(`spelling_pattern`): each letter one of its sounds, any unwritten vowels between.
The pattern picks the word's spelling among the Latin aliases of its name symbols, as
the consonant skeleton does for Arabic script: בנימין fits "binyamin", not "bnymyn".
"""

import re
from functools import lru_cache

# Each letter's sounds, the usual one first; "" where it may be silent or only a vowel.
_SOUNDS: dict[str, tuple[str, ...]] = {
    "א": ("a", "e", "i", "o", "u", ""), "ב": ("b", "v"), "ג": ("g",), "ד": ("d",),
    "ה": ("h", "a", "e", ""), "ו": ("v", "o", "u", "w", ""), "ז": ("z",),
    "ח": ("h", "ch", "kh"), "ט": ("t",), "י": ("y", "i", "e", "j", ""),
    "כ": ("k", "kh", "ch", "c"), "ך": ("kh", "ch", "k"), "ל": ("l",), "מ": ("m",),
    "ם": ("m",), "נ": ("n",), "ן": ("n",), "ס": ("s",), "ע": ("a", "e", "i", "o", ""),
    "פ": ("p", "f", "ph"), "ף": ("f", "ph"), "צ": ("tz", "ts", "z", "s"),
    "ץ": ("tz", "ts", "z"), "ק": ("k", "q", "c"), "ר": ("r",), "ש": ("sh", "s"),
    "ת": ("t", "th"),
}
_VOWELS = "[aeiou]*"
_DOUBLES = re.compile(r"(.)\1+")


def _usual(letter: str, first: bool, last: bool) -> str:
    """The sound names usually give a letter at its place in the word."""
    if letter == "ב":
        return "b" if first else "v"
    if letter == "כ":
        return "k" if first else "kh"
    if letter == "פ":
        return "p" if first else "f"
    if letter == "ו":
        return "v" if first else "o"
    if letter == "י":
        return "y" if first else "i"
    if letter == "ה" and last:
        return "a"
    return _SOUNDS[letter][0]


@lru_cache(maxsize=50_000)
def hebrew_to_latin(word: str) -> str:
    """A Hebrew word in Latin letters as names are usually spelt, vowels left unwritten
    as the script leaves them (משה "msha", Moshe)."""
    letters = [ch for ch in word if ch in _SOUNDS]
    return "".join(_usual(ch, i == 0, i == len(letters) - 1) for i, ch in enumerate(letters))


@lru_cache(maxsize=50_000)
def spelling_pattern(word: str) -> re.Pattern[str] | None:
    """A pattern of the Latin spellings (doubled letters written once) a Hebrew word may
    have; None for a word with no Hebrew letter."""
    letters = [ch for ch in word if ch in _SOUNDS]
    if not letters:
        return None
    parts = ["(?:" + "|".join(_SOUNDS[ch]) + ")" for ch in letters]
    return re.compile(_VOWELS + _VOWELS.join(parts) + _VOWELS)


def fits(word: str, spelling: str) -> bool:
    """Whether a Latin spelling can be the Hebrew word's (נתניהו: netanyahu)."""
    pattern = spelling_pattern(word)
    return pattern is not None and pattern.fullmatch(_DOUBLES.sub(r"\1", spelling)) is not None
