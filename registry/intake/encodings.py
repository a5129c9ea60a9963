"""Which legacy single-byte code page a non-UTF-8 file was written in.

General detectors guess poorly on short, name-only text (a French roster came out as
Arabic), so candidates are scored on what names look like: letters only, one script
per word, capitals only at word starts, and accented Latin as the exception, not the rule.
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

# Most used first: ties go to the earlier code page.
CODE_PAGES = (
    "cp1252",
    "cp1251",
    "cp1250",
    "cp1256",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "koi8_r",
    "cp874",
)
_WORD = re.compile(r"[^\W\d_]+")


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def _word_penalty(word: str) -> int:
    scripts = {_script(c) for c in word}
    penalty = 2 * (len(scripts) - 1)
    penalty += sum(1 for a, b in zip(word, word[1:], strict=False) if a.islower() and b.isupper())
    accented = sum(1 for c in word if ord(c) > 127)
    if scripts == {"LATIN"} and accented * 2 > len(word):
        penalty += 1  # mostly-accented Latin words are another script misread
    return penalty


def implausibility(text: str) -> int:
    """How unlike names and words `text` looks (0 is perfectly plausible)."""
    symbols = sum(1 for c in text if ord(c) > 127 and not c.isalpha() and not c.isspace())
    return 3 * symbols + sum(_word_penalty(w) for w in _WORD.findall(text))


def detect_legacy(sample: bytes) -> str | None:
    """The most plausible code page for `sample`, or None when none decodes it."""
    scores = []
    for rank, name in enumerate(CODE_PAGES):
        try:
            scores.append((implausibility(sample.decode(name)), rank, name))
        except UnicodeDecodeError:
            continue
    if scores:
        return min(scores)[2]
    best = from_bytes(sample).best()
    return str(best.encoding) if best is not None else None
