"""Arabic-script words (Arabic, Urdu, Persian) to Latin letters.

The script is an abjad: short vowels are usually not written, so "محمد"
becomes "mhmd". Written diacritics (harakat) are honoured when present.
Canonical spellings for common names come from the variant table and
name symbols, not from this letter-by-letter map.
"""

import re

_LETTERS: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "ى": "a", "ـ": "",
    # Urdu and Persian letters.
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ے": "e", "ۓ": "e", "ہ": "h", "ھ": "h",
    "ۃ": "a", "ک": "k", "گ": "g", "پ": "p", "چ": "ch", "ژ": "zh", "ی": "y", "ي": "y",
    "و": "w",
}
# Letters only Persian and Urdu write (Arabic keyboards give ي and ك, not ی and ک).
PERSIAN_URDU_LETTERS = frozenset("پچژگکیٹڈڑںےۓہھۃ")
# Persian and Urdu say these Arabic letters as z and s: رضا is Reza, not Rida, and
# ذوالفقار Zulfiqar.
_PERSIAN_URDU_LETTERS = {**_LETTERS, "ض": "z", "ظ": "z", "ذ": "z", "ث": "s"}
_HARAKAT = {"\u064e": "a", "\u064f": "u", "\u0650": "i", "\u064b": "an", "\u064c": "un",
            "\u064d": "in", "\u0652": "", "\u0670": "a"}
_SHADDA = "\u0651"
_GLIDES = {"w": "u", "y": "i"}
ARTICLE = "ال"


def _glide(out: list[str], letter: str, following: str) -> str:
    """Read و / ي as a consonant at the start or before a vowel, else as a long vowel."""
    if not out or following in ("ا", "و", "ي", "ی"):
        return letter
    return _GLIDES[letter]


_LONG = re.compile(r"([aiu])\1+")


def has_persian_urdu_letters(text: str) -> bool:
    """Whether the text is written in Persian or Urdu letters, not only in Arabic ones."""
    return not PERSIAN_URDU_LETTERS.isdisjoint(text)


def arabic_to_latin(word: str, persian_urdu: bool = False) -> str:
    """Transliterate one Arabic-script word letter by letter (lowercase ASCII); with
    `persian_urdu` (the name is written in Persian or Urdu), with their letter values."""
    letters = _PERSIAN_URDU_LETTERS if persian_urdu else _LETTERS
    out: list[str] = []
    consonant = ""  # shadda doubles it; Unicode orders shadda after a short vowel mark
    for i, char in enumerate(word):
        following = word[i + 1] if i + 1 < len(word) else ""
        if char in _HARAKAT:
            out.append(_HARAKAT[char])
        elif char == _SHADDA and consonant:
            out.insert(len(out) - 1 if out[-1] in _HARAKAT.values() else len(out), consonant)
        elif char in letters:
            letter = letters[char]
            consonant = letter
            out.append(_glide(out, letter, following) if letter in _GLIDES else letter)
    # A vowel written twice (alef after 'ain, a long vowel after its harakah) is one vowel
    # in Latin spellings: اعوان is Awan, not Aawan.
    return _LONG.sub(r"\1", "".join(out))


def split_article(word: str) -> tuple[bool, str]:
    """Separate the definite article ال from a word: (had_article, rest)."""
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 1:
        return True, word[len(ARTICLE):]
    return False, word
