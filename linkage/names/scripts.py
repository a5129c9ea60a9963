"""Script detection: which writing system a name is written in (ISO 15924)."""

from collections import Counter
from functools import lru_cache

from rigour.text.scripts import codepoint_script

# Unicode script long names (as rigour reports them) to ISO 15924 codes.
_ISO15924: dict[str, str] = {
    "Latin": "Latn", "Cyrillic": "Cyrl", "Greek": "Grek", "Arabic": "Arab",
    "Hebrew": "Hebr", "Devanagari": "Deva", "Bengali": "Beng", "Gurmukhi": "Guru",
    "Gujarati": "Gujr", "Oriya": "Orya", "Tamil": "Taml", "Telugu": "Telu",
    "Kannada": "Knda", "Malayalam": "Mlym", "Sinhala": "Sinh", "Thai": "Thai",
    "Ethiopic": "Ethi", "Han": "Hani", "Hiragana": "Hira", "Katakana": "Kana",
    "Hangul": "Hang", "Armenian": "Armn", "Georgian": "Geor", "Myanmar": "Mymr",
    "Khmer": "Khmr", "Lao": "Laoo", "Tibetan": "Tibt", "Thaana": "Thaa",
}
COMMON = "Zyyy"
"""ISO 15924 code for text with no letters (digits, punctuation, empty)."""
UNKNOWN = "Zzzz"
"""ISO 15924 code for letters of a script this table does not name."""


@lru_cache(maxsize=4096)
def char_script(char: str) -> str:
    """ISO 15924 code of one character; COMMON for digits, marks and punctuation."""
    name = codepoint_script(ord(char))
    if name is None or name in ("Common", "Inherited"):
        return COMMON
    return _ISO15924.get(name, UNKNOWN)


@lru_cache(maxsize=200_000)
def _word_scripts(word: str) -> tuple[tuple[str, int], ...]:
    """Letters per script in one word."""
    if word.isascii():
        return (("Latn", sum(c.isalpha() for c in word)),)
    counts = Counter(char_script(c) for c in word if c.isalpha())
    counts.pop(COMMON, None)
    return tuple(counts.items())


@lru_cache(maxsize=200_000)
def detect_script(text: str) -> str:
    """ISO 15924 code of the script most of the letters of `text` are written in."""
    totals: dict[str, int] = {}
    for word in text.split():
        for script, count in _word_scripts(word):
            totals[script] = totals.get(script, 0) + count
    best = max(totals.items(), key=lambda item: item[1], default=(COMMON, 0))
    return best[0] if best[1] else COMMON
