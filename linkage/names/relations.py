"""What a name field says besides the person's own name.

Official records, South Asian ones above all, follow a name with a relative's:
"Ram Kumar S/O Shyam Lal" (son of), "Sita Devi D/O Ram Lal", "W/O" (wife of). The
relative's name is not the person's, and as name tokens it would make two brothers
look alike and one person unlike himself. Police and court records also give another
name in the field: "Mohammad Ali @ Babu", "John Smith alias Johnny", "a.k.a.", French
"dit". That is an alias of the person, and is compared as one. Indonesian and Malay
records write academic degrees after a comma ("Budi Santoso, S.H., M.Si."); they are
no name, and their letters would read as initials. Military nominal rolls write staff
qualifications, honours and the service after commas ("Brig Gen Md Abdul Karim, ndc,
psc", "Capt Ali Khan, PN"): they are no given name of a "FAMILY, Given" layout.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linkage.names.titles import is_title_or_suffix

_RELATIVE = re.compile(
    r"(?:^|[\s,(])(?:[sdwc]\s*/\s*o|[sdwc]\.\s?o\.|son of|daughter of|wife of|husband of"
    r"|fils de|fille de)(?=[\s.,:]|$)", re.IGNORECASE)
# Degrees as Indonesian and Malay names carry them after a comma: S.H. (law), S.E.,
# S.T., S.Sos., S.Pd., S.Kom., S.I.P., M.H., M.Si., M.Sc., M.B.A., Ph.D., and the like,
# written without spaces. Only after a name of two words or more not in capitals: in
# "KHAN, M.M." or "QURESHI, M. Naim" the family name comes first and the rest is the
# given name, initials included.
_DEGREE = r"(?:[SM]\.(?:[A-Z][a-z]{0,3}\.?)+|Ph\.D\.?|MBA|BSc|MSc)"
_DEGREES = re.compile(rf"\s*,\s*{_DEGREE}(?:\s*,?\s*{_DEGREE})*\s*$")
_ALIAS = re.compile(
    r"\s(?:alias|aka|a\.k\.a\.?|a/k/a|also known as|known as|dit|dite|@)(?=\s)|\s?@\s?",
    re.IGNORECASE)


# Services and short qualification marks written after a comma (BN, PAF, te, G+), taken
# for marks only where the name before reads as a whole one: in "KARIM, BB" two letters
# may be the given name's initials.
_SERVICE_MARKS = frozenset("bn baf pn paf iaf te sm bp bb bu".split())


def _without_honours(text: str) -> str:
    """The name without the titles, post-nominals and service marks written after it, each
    after a comma."""
    while "," in text:
        rest, _, last = text.rpartition(",")
        word = re.sub(r"[\s.()]", "", last).casefold()
        if not word or not (is_title_or_suffix(word) or word == "g+" or (
                word in _SERVICE_MARKS and _given_then_family(rest))):
            break
        text = rest
    return text


# A personnel number written in the name field, as nominal rolls write it ("No. 12345 Sgt
# John Smith", "Smith John (BA-12345)"): no name, whatever the script of its digits. A
# word of letters with a digit in it is a misread name (5ayed for Sayed) and stays.
_PERSONNEL_NUMBER = re.compile(
    r"(?:\b(?i:no|nr|num)\.?\s*)?(?:\b[A-Z]{1,4}[-/])?\b\d[\d./-]*[A-Z]?\b")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")


def _without_numbers(text: str) -> str:
    """The name field without the personnel numbers written in it."""
    if not any(ch.isdigit() for ch in text):
        return text
    cut = _EMPTY_BRACKETS.sub(" ", _PERSONNEL_NUMBER.sub(" ", text))
    return " ".join(cut.split())


def _given_then_family(name: str) -> bool:
    """Whether a name before a comma reads as a whole name (two words or more, not in
    capitals) rather than the family name of a "FAMILY, Given" layout."""
    words = name.split()
    return len(words) >= 2 and not name.isupper()


@lru_cache(maxsize=100_000)
def own_name(text: str) -> tuple[str, str]:
    """(the person's own name, the other names written after an alias marker, ';'-joined)
    of a name field; a relative's name after s/o, d/o, w/o or "son of" is left out, and
    so is a personnel number."""
    text = _without_numbers(text)
    relative = _RELATIVE.search(text)
    if relative is not None and relative.start() > 0:
        text = text[:relative.start()]
    degrees = _DEGREES.search(text)
    if degrees is not None and _given_then_family(text[:degrees.start()]):
        text = text[:degrees.start()]
    text = _without_honours(text)
    own, *others = _ALIAS.split(text)
    others = [o.strip(" ,;()") for o in others if o.strip(" ,;()")]
    if not own.strip():
        return text.strip(), ""
    return own.strip(" ,;"), ";".join(others)
