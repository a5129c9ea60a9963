"""Brahmic scripts (Devanagari, Bengali, ...) to Latin, with inherent-vowel deletion.

Every Unicode Indic block shares the ISCII layout, so one table of offsets
serves Devanagari, Bengali, Gurmukhi, Gujarati, Oriya and the southern
scripts; Sinhala, laid out otherwise, is read through the same offsets.
Consonants carry an inherent 'a' that names written in Latin drop at the end
of a word and in the middle of VC_CV (the schwa-deletion rule), so "করিম"
becomes "karim" and "कमला" "kamla" rather than "karima", "kamala"; the
southern scripts and Sinhala sound it (Telugu రామ Rama, Sinhala කුමාර Kumara).
"""

import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_SINHALA = 0x0D80
_BLOCKS = (0x0900, 0x0980, 0x0A00, 0x0A80, 0x0B00, 0x0B80, 0x0C00, 0x0C80, 0x0D00, _SINHALA)
_VIRAMA, _NUKTA = 0x4D, 0x3C

_CONSONANTS: dict[int, str] = dict(zip(range(0x15, 0x3A), (
    "k kh g gh ng ch chh j jh ny t th d dh n t th d dh n n p ph b bh m y r r l l l v sh sh s h"
).split(), strict=True))
_CONSONANTS.update({0x58: "q", 0x59: "kh", 0x5A: "gh", 0x5B: "z", 0x5C: "r", 0x5D: "rh",
                    0x5E: "f", 0x5F: "y", 0x4E: "t"})
_NUKTA_FORMS = {"k": "q", "kh": "kh", "g": "gh", "j": "z", "d": "r", "dh": "rh", "ph": "f"}
_INDEPENDENT: dict[int, str] = dict(zip(range(0x05, 0x15), (
    "a a i i u u ri li e e e ai o o o au"
).split(), strict=True))
_INDEPENDENT.update({0x60: "ri", 0x61: "li", 0x50: "om"})
_SIGNS: dict[int, str] = dict(zip(range(0x3E, 0x4D), (
    "a i i u u ri ri e e e ai o o o au"
).split(), strict=True))
_MODIFIERS = {0x01: "n", 0x02: "n", 0x03: "h", 0x70: "n"}  # 0x70: Gurmukhi tippi
# Gurmukhi's addak doubles the next consonant, and names spell it so unless the
# consonant is aspirated: ਭੱਟੀ Bhatti, but ਸਿੱਧੂ Sidhu.
_ADDAK = 0x71
# Bengali writes b and v with one letter, and its ya (য) is said and written "j".
_BENGALI = {0x2C: "b", 0x2F: "j", 0x2B: "f"}
# ...but with a nukta it is the antastha ya (য়), said "y": আয়েশা is Ayesha, সৈয়দ Syed.
# Unicode normalisation always splits য় into য + nukta (U+09DF is excluded from
# composition), so the pair is read here, not as one letter. After an o and before an
# a it writes the sound w: ওয়াসিম is Wasim, আনোয়ার Anowar (Anwar).
_BENGALI_YA, _BENGALI_YYA = 0x09AF, 0x09DF

# Sinhala letters as the ISCII offsets they sound like. A prenasalised letter is a nasal,
# a virama and a stop (ඳ nd, ඹ mb); ජ්ඥ's ඥ is written gn in names (Pragnasiri).
_SINHALA_OFFSETS: dict[int, tuple[int, ...]] = {
    **dict(zip(range(0x0D9A, 0x0D9F), ((o,) for o in range(0x15, 0x1A)), strict=True)),
    **dict(zip(range(0x0DA0, 0x0DA5), ((o,) for o in range(0x1A, 0x1F)), strict=True)),
    0x0DA5: (0x17, _VIRAMA, 0x28), 0x0DA6: (0x28, _VIRAMA, 0x1C),
    0x0DA7: (0x1F,), 0x0DA8: (0x20,), 0x0DA9: (0x21,), 0x0DAA: (0x22,), 0x0DAB: (0x23,),
    0x0DAC: (0x23, _VIRAMA, 0x21), 0x0DAD: (0x24,), 0x0DAE: (0x25,), 0x0DAF: (0x26,),
    0x0DB0: (0x27,), 0x0DB1: (0x28,), 0x0DB3: (0x28, _VIRAMA, 0x26), 0x0DB4: (0x2A,),
    0x0DB5: (0x2B,), 0x0DB6: (0x2C,), 0x0DB7: (0x2D,), 0x0DB8: (0x2E,),
    0x0DB9: (0x2E, _VIRAMA, 0x2C), 0x0DBA: (0x2F,), 0x0DBB: (0x30,), 0x0DBD: (0x32,),
    0x0DC0: (0x35,), 0x0DC1: (0x36,), 0x0DC2: (0x37,), 0x0DC3: (0x38,), 0x0DC4: (0x39,),
    0x0DC5: (0x33,), 0x0DC6: (0x5E,),
    0x0D9F: (0x28, _VIRAMA, 0x17),  # ඟ: ng
    0x0D85: (0x05,), 0x0D86: (0x06,), 0x0D87: (0x05,), 0x0D88: (0x06,), 0x0D89: (0x07,),
    0x0D8A: (0x08,), 0x0D8B: (0x09,), 0x0D8C: (0x0A,), 0x0D8D: (0x0B,), 0x0D8E: (0x60,),
    0x0D8F: (0x0C,), 0x0D90: (0x61,), 0x0D91: (0x0F,), 0x0D92: (0x0F,), 0x0D93: (0x10,),
    0x0D94: (0x13,), 0x0D95: (0x13,), 0x0D96: (0x14,),
    0x0DCF: (0x3E,), 0x0DD0: (0x3E,), 0x0DD1: (0x3E,), 0x0DD2: (0x3F,), 0x0DD3: (0x40,),
    0x0DD4: (0x41,), 0x0DD6: (0x42,), 0x0DD8: (0x43,), 0x0DF2: (0x44,), 0x0DD9: (0x47,),
    0x0DDA: (0x47,), 0x0DDB: (0x48,), 0x0DDC: (0x4B,), 0x0DDD: (0x4B,), 0x0DDE: (0x4C,),
    0x0DCA: (_VIRAMA,), 0x0D81: (0x01,), 0x0D82: (0x02,), 0x0D83: (0x03,),
}
# Malayalam's chillu letters are consonants with no vowel, as a consonant and virama
# would write them: കുമാർ is Kumar, സുരേഷ്കുമാർ Sureshkumar.
_MALAYALAM = 0x0D00
_CHILLUS: dict[int, tuple[int, ...]] = {
    0x0D7A: (0x23, _VIRAMA), 0x0D7B: (0x28, _VIRAMA), 0x0D7C: (0x30, _VIRAMA),
    0x0D7D: (0x32, _VIRAMA), 0x0D7E: (0x33, _VIRAMA), 0x0D7F: (0x15, _VIRAMA),
    0x0D54: (0x2E, _VIRAMA), 0x0D55: (0x2F, _VIRAMA), 0x0D56: (0x34, _VIRAMA),
}
# Sinhala names write the dental t "th" and va "w": Nishantha, Herath, Wickremesinghe.
_SCRIPT_CONSONANTS = {0x0980: _BENGALI, _SINHALA: {0x24: "th", 0x35: "w"}}
# ...and the common name endings සිංහ and නායක as "singhe" and "nayake" (Ranasinghe,
# Dissanayake), where letter by letter they would end in a.
_SINHALA_ENDINGS = (("singha", "singhe"), ("nayaka", "nayake"))


@dataclass
class _Syllable:
    consonant: str
    vowel: str | None  # None: inherent 'a' still undecided; "": killed by virama
    modifier: bool = False  # an anusvara or visarga: a nasal or breath, not a cluster
    letter: int = -1  # the consonant's code point (-1: none)


def block_base(char: str) -> int | None:
    """Start of the Indic Unicode block holding `char`, or None if it is not Brahmic."""
    cp = ord(char)
    for base in _BLOCKS:
        if base <= cp < base + 0x80:
            return base
    return None


def _consonant(base: int, offset: int) -> str:
    own = _SCRIPT_CONSONANTS.get(base, {})
    return own.get(offset) or _CONSONANTS[offset]


def _syllables(word: str) -> list[_Syllable]:
    """Split a word into consonant+vowel units."""
    units: list[_Syllable] = []
    doubled = False
    for char in word:
        base = block_base(char)
        if base is None:
            continue
        if base == _SINHALA:
            offsets = _SINHALA_OFFSETS.get(ord(char), ())
        elif base == _MALAYALAM and ord(char) in _CHILLUS:
            offsets = _CHILLUS[ord(char)]
        elif ord(char) - base == _ADDAK:
            doubled = True
            continue
        else:
            offsets = (ord(char) - base,)
        for offset in offsets:
            if doubled and offset in _CONSONANTS and len(_consonant(base, offset)) == 1:
                units.append(_Syllable(_consonant(base, offset), ""))
            doubled = False
            _add(units, base, offset)
    return units


def _add(units: list[_Syllable], base: int, offset: int) -> None:
    last = units[-1] if units else None
    if offset in _CONSONANTS:
        units.append(_Syllable(_consonant(base, offset), None, letter=base + offset))
    elif offset in _INDEPENDENT:
        units.append(_Syllable("", _INDEPENDENT[offset]))
    elif last is None:
        return
    elif offset in _SIGNS:
        last.vowel = _SIGNS[offset]
    elif offset == _VIRAMA:
        last.vowel = ""
    elif offset == _NUKTA and last.letter == _BENGALI_YA:
        last.consonant, last.letter = "y", _BENGALI_YYA
    elif offset == _NUKTA:
        last.consonant = _NUKTA_FORMS.get(last.consonant, last.consonant)
    elif offset in _MODIFIERS:
        units.append(_Syllable(_MODIFIERS[offset], "", modifier=True))


def _bengali_w(units: list[_Syllable]) -> list[_Syllable]:
    """য় between an o and an a as w; a word's leading ও then only marks that w."""
    for i in range(1, len(units)):
        unit, before = units[i], units[i - 1]
        if unit.letter == _BENGALI_YYA and unit.vowel == "a" and before.vowel == "o":
            unit.consonant = "w"
            if i == 1 and not before.consonant:
                return units[1:]
    return units


def _delete_schwas(units: list[_Syllable]) -> None:
    """Apply schwa deletion right to left: final, and medial in VC_CV."""
    for i in range(len(units) - 1, -1, -1):
        unit = units[i]
        if unit.vowel is not None or not unit.consonant:
            continue
        unit.vowel = "" if _deletable(units, i) else "a"


def _deletable(units: list[_Syllable], i: int) -> bool:
    if i == 0:
        return False
    # A nasal or breath mark after a vowel ends that syllable; it makes no cluster.
    prev_vowel = "a" if units[i - 1].modifier else units[i - 1].vowel
    if i == len(units) - 1:
        return prev_vowel != ""  # keep the 'a' after a cluster: "chandra", "mitra"
    after = units[i + 1]
    # An undecided left neighbour (None) still sounds its 'a' at this point.
    return prev_vowel != "" and bool(after.consonant) and bool(after.vowel)


# The southern scripts sound every inherent 'a' (a silent consonant is written with a
# virama): Telugu రామ is Rama, not "Ram".
_SOUTHERN = (0x0B80, 0x0C00, 0x0C80, 0x0D00, _SINHALA)
_TAMIL = 0x0B80
# Tamil writes k/g, ch/j/s, t/d and p/b each with one letter; the sound follows the
# letter's place. Offsets in the block:
_KA, _CA, _TTA, _TA, _PA, _RRA, _RA = 0x15, 0x1A, 0x1F, 0x24, 0x2A, 0x31, 0x30
_NGA, _NYA = 0x19, 0x1E
_NASALS = frozenset({_NGA, _NYA, 0x23, 0x28, 0x29, 0x2E})  # ங ஞ ண ந ன ம
_VOICELESS = {_KA: "k", _CA: "s", _TTA: "t", _TA: "th", _PA: "p"}  # first, or silent
_AFTER_NASAL = {_KA: "g", _CA: "j", _TTA: "d", _TA: "th", _PA: "b", _RRA: "dr"}
_VOICED = {_KA: "g", _CA: "s", _TTA: "d", _TA: "th", _PA: "p"}  # after a vowel or r, l
_DOUBLED = {_KA: "k", _CA: "ch", _TTA: "t", _TA: "th", _PA: "p", _RRA: "tr"}


def _tamil_sound(offset: int, before: _Syllable | None, before_offset: int,
                 silent: bool) -> str | None:
    """The Latin spelling of a Tamil stop (None: the letter's own) by its place."""
    if before is None or (silent and before_offset != offset):
        return _VOICELESS.get(offset)
    if before.vowel != "":
        return _VOICED.get(offset)
    if before_offset == offset:  # doubled: க்க, ற்ற
        if offset in (_CA, _RRA, _TA):
            before.consonant = ""  # ச்ச is ch, ற்ற tr, த்த th
        return _DOUBLED.get(offset)
    if before_offset in _NASALS:
        if before_offset in (_NGA, _NYA):
            before.consonant = "n"  # ங்க is ng, ஞ்ச nj
        return _AFTER_NASAL.get(offset)
    if before_offset == _TTA and offset == _CA:
        before.consonant = "k"  # ட்ச: Lakshmi
        return "sh"
    return _VOICED.get(offset)


def _tamil_sounds(units: list[_Syllable]) -> list[_Syllable]:
    """Tamil letters as Tamil names are spelt in Latin: முருகன் Murugan, தங்கம் Thangam,
    அஞ்சலி Anjali, பாண்டியன் Pandian, முத்து Muthu, வெற்றி Vetri, லட்சுமி Lakshmi,
    கார்த்திக் Karthik; and a loanword's initial cluster, which Tamil splits with a
    vowel, closed again: பிரகாஷ் Prakash, கிருஷ்ணன் Krishnan."""
    offsets = [u.letter - _TAMIL if u.letter >= 0 else -1 for u in units]
    for i, unit in enumerate(units):
        before = units[i - 1] if i else None
        sound = _tamil_sound(offsets[i], before, offsets[i - 1] if i else -1, unit.vowel == "")
        if sound is not None:
            unit.consonant = sound
    if len(units) > 2 and offsets[0] in (_KA, _PA) and units[0].vowel == "i" and (
            offsets[1] == _RA):
        units[0].vowel = ""
        if units[1].vowel == "u":
            units[1].vowel = "i"
    return units


def syllable_starts(word: str) -> list[int]:
    """Positions inside `word` where a new syllable begins: a consonant or an independent
    vowel not joined to the letter before by a virama (where a compound may be cut)."""
    starts = []
    for i in range(1, len(word)):
        base = block_base(word[i])
        if base is None or base == _SINHALA or block_base(word[i - 1]) != base:
            continue
        offset, before = ord(word[i]) - base, ord(word[i - 1]) - base
        if (offset in _CONSONANTS or offset in _INDEPENDENT) and before != _VIRAMA:
            starts.append(i)
    return starts


def brahmic_to_latin(word: str) -> str:
    """Romanise one word of a Brahmic script as names are usually spelt in Latin."""
    units = _bengali_w(_syllables(word))
    base = next((b for b in map(block_base, word) if b is not None), None)
    if base in _SOUTHERN:
        for unit in units:
            if unit.vowel is None and unit.consonant:
                unit.vowel = "a"
        if base == _TAMIL:
            units = _tamil_sounds(units)
    _delete_schwas(units)
    # An anusvara before h is said "ng" and written so: सिंह is Singh. A silent nga before
    # k or g is the n of "nk", "ng": জাহাঙ্গীর is Jahangir, শঙ্কর Shankar.
    for unit, after in zip(units, units[1:], strict=False):
        if unit.modifier and unit.consonant == "n" and after.consonant == "h":
            unit.consonant = "ng"
        elif unit.consonant == "ng" and unit.vowel == "" and after.consonant[:1] in ("k", "g"):
            unit.consonant = "n"
    latin = "".join(u.consonant + (u.vowel or "") for u in units)
    if base == _SINHALA:
        for ending, spelling in _SINHALA_ENDINGS:
            if latin.endswith(ending):
                return latin[: -len(ending)] + spelling
    return latin


# Bengali and Devanagari write a Latin initial as the letter's English name: এ কে এম
# মোজাম্মেল হক is A. K. M. Mozammel Haque, वी के सिंह V. K. Singh. G (জি, जी) is left
# out: after a name it is the honorific ji.
_LETTER_NAMES = (
    "এ বি সি ডি ই এফ - এইচ আই জে কে এল এম এন ও পি কিউ আর এস টি ইউ ভি ডব্লিউ এক্স ওয়াই জেড",
    "ए बी सी डी ई एफ - एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई ज़ेड",
)
LETTER_NAMES = {unicodedata.normalize("NFKC", name): letter for names in _LETTER_NAMES
                for letter, name in zip(string.ascii_lowercase, names.split(), strict=True)
                if name != "-"}


def spelt_initials(words: Sequence[str]) -> list[str]:
    """The words of a name field, each that is a Latin letter's name in Bengali or
    Devanagari as that letter, unless every word is one (then they are no initials
    of a name)."""
    letters = [LETTER_NAMES.get(unicodedata.normalize("NFKC", w)) for w in words]
    if all(letters):
        return list(words)
    return [letter or word for letter, word in zip(letters, words, strict=True)]
