"""Keyboard and OCR typos, the two ways a clerk's copy of a name goes wrong."""

import random

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        near += [_ROWS[r][_c] for r in (_r - 1, _r + 1) if 0 <= r < 3 and _c < len(_ROWS[r])]
        _NEIGHBOURS[_ch] = "".join(near)

# Glyph confusions of scanned forms; digits do appear in OCR'd names.
OCR_CONFUSIONS = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("h", "li"), ("e", "c"),
    ("vv", "w"), ("w", "vv"), ("l", "1"), ("O", "0"), ("I", "l"), ("S", "5"), ("B", "8"),
    ("n", "ri"), ("u", "ii"),
)


def _keep_case(original: str, new: str) -> str:
    return new.upper() if original.isupper() else new


def keyboard_typo(word: str, rng: random.Random) -> str:
    """One slip of the finger: a neighbouring key, two letters swapped, one dropped or doubled."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)  # the first letter is rarely mistyped
    kind = rng.randrange(4)
    if kind == 0:
        near = _NEIGHBOURS.get(word[i].lower(), "")
        return word[:i] + _keep_case(word[i], rng.choice(near)) + word[i + 1 :] if near else word
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 2:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def ocr_typo(word: str, rng: random.Random) -> str:
    """One glyph misread by OCR, e.g. rn for m; the word unchanged when nothing fits."""
    options = [(a, b) for a, b in OCR_CONFUSIONS if a in word[1:]]
    if not options:
        return word
    old, new = rng.choice(options)
    at = word.index(old, 1)
    return word[:at] + new + word[at + len(old) :]
