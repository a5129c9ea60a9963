"""Chinese given names in Latin letters: Wade-Giles syllables to pinyin, syllables joined.

Taiwanese and older documents romanise in Wade-Giles, usually without its apostrophes
("Chih-yung", "Hsiao", "Chien"); mainland documents in pinyin ("Zhiyong", "Xiao",
"Jian"). A given name of two syllables is written joined, hyphenated or as two words
("Weiming", "Wei-ming", "Wei Ming"); transliterated from Han characters it is one word.

- `to_pinyin` reads a word as a run of syllables and rewrites the ones that cannot be
  pinyin (chih, hsiao, yung, chien, ...) as pinyin; a word that is already pinyin, or
  is not made of syllables at all, is left alone. Without apostrophes Wade-Giles does
  not tell p from b, t from d, k from g or ch from zh/j/q: the unaspirated reading is
  taken, and a syllable that is valid pinyin as written is kept as written.
- `is_syllable` lets the parser join a given name written as separate syllables.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from anyascii import anyascii

_SHAPE = re.compile(r"[a-z]+")
_NOT_MANDARIN = re.compile(r"(ung|[kmpt])$")  # Cantonese readings among anyascii's


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, read off anyascii's readings of the CJK block."""
    found = set()
    for point in range(0x4E00, 0xA000):
        reading = anyascii(chr(point)).lower()
        if _SHAPE.fullmatch(reading) and not _NOT_MANDARIN.search(reading):
            found.add(reading)
    return frozenset(found)


_WG_INITIALS = (("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"),
                ("t", "t"), ("g", "k"), ("k", "k"), ("j", "ch"), ("q", "ch"), ("x", "hs"),
                ("z", "ts"), ("c", "ts"), ("r", "j"))
_WG_WHOLE = {"zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu",
             "ci": "tzu", "si": "ssu", "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung",
             "yi": "i", "er": "erh", "xiong": "hsiung", "qiong": "chiung", "jiong": "chiung",
             "yue": "yueh", "lue": "lueh", "nue": "nueh"}
_WG_FINALS = (("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("ie", "ieh"),
              ("ue", "ueh"), ("ui", "uei"), ("iu", "iu"))


def _wade_giles(syllable: str) -> str:
    """The Wade-Giles spelling (apostrophes dropped) of one pinyin syllable."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial, rest = "", syllable
    for pinyin, wade in _WG_INITIALS:
        if syllable.startswith(pinyin) and len(syllable) > len(pinyin):
            initial, rest = wade, syllable[len(pinyin):]
            break
    for pinyin, wade in _WG_FINALS:
        if rest.endswith(pinyin):
            rest = rest[:-len(pinyin)] + wade
            break
    return initial + rest


# Only Wade-Giles spellings no other romanisation uses are rewritten: hs-, -ih, tz-, ss-,
# ts-, -ung, -ieh, -ien, -ueh, -uei, -erh, yen, ch before i or u. A j- (WG for pinyin r)
# is left alone: "je" + "an" would make Jean "rean", "jo" + "se" José "ruose".
_DISTINCT = re.compile(r"hs|ih$|^tz|^ts|^ss|ung$|ieh$|ien$|ueh$|uei$|erh$|yeh$|^yen$|^ch[iu]")


@cache
def _from_wade_giles() -> dict[str, str]:
    """Wade-Giles spellings that are not pinyin, to the pinyin they stand for (the first
    pinyin syllable, in order, that gives the spelling: unaspirated readings first)."""
    table: dict[str, str] = {}
    syllables = pinyin_syllables()
    for syllable in sorted(syllables, key=_unaspirated_first):
        wade = _wade_giles(syllable)
        if wade not in syllables and _DISTINCT.search(wade) and not wade.startswith("j"):
            table.setdefault(wade, syllable)
    return table


def _unaspirated_first(syllable: str) -> tuple[int, str]:
    aspirated = syllable[:1] in ("p", "t", "k", "q", "c") or syllable.startswith("ch")
    return (1 if aspirated else 0, syllable)


# The commonest Chinese family names in pinyin, commonest first (王 李 张 刘 陈 ...): together
# they are the family names of most people in China.
COMMON_FAMILY_NAMES = (
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
    "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song",
    "tang", "deng", "feng", "han", "cao", "zeng", "peng", "xiao", "cai", "pan", "tian", "dong",
    "yuan", "yu", "ye", "jiang", "du", "su", "wei", "cheng", "lu", "ding", "shen", "ren", "yao",
    "fu", "zhong", "cui", "tan", "liao", "fan", "jin", "shi", "dai", "jia", "xia", "qiu",
    "fang", "hou", "zou", "xiong", "meng", "qin", "bai", "yan", "xue", "yin", "duan", "lei",
    "long", "tao", "gu", "mao", "hao", "gong", "shao", "wan", "qian", "lai", "hong", "mo",
    "kong",
)
FAMILY_RANK = {name: rank for rank, name in enumerate(COMMON_FAMILY_NAMES)}

# Chinese family names as Cantonese, Hokkien, Teochew and Hakka speakers write them (Hong
# Kong, Macau, Singapore, Malaysia, Indonesia) and in Wade-Giles (Taiwan): such records
# put the family name first, with the given name's syllables apart ("Chow Yun Fat", "Lee
# Kuan Yew", "Tan Ah Kow").
DIALECT_FAMILY_NAMES = frozenset("""
    au chan chang chao cheng cheong cheung chew chia chiu choi chong choo chou chow chu chua
    chung fong foo fung goh heng ho hsieh hsu hui hwang kao khoo koh kong kuo kwan kwok kwong
    lai lam lau law lee leong leung lew liew lim lo loh low lui mah mak mok ng ong pang poon
    quek
    seah siew sim siu soh suen sze tam tan tang tay teo tham toh tong tsang tse tsoi tsui
    wee wong woo yap yeo yeoh yeung yip yong yuen
""".split())


def syllables_of(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words as pinyin syllables (Wade-Giles ones rewritten), or None unless every
    word is one syllable of two letters or more."""
    syllables = tuple(to_pinyin(w) for w in words)
    return syllables if all(len(w) > 1 and w in pinyin_syllables() for w in syllables) else None


def joined_given_name(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Two or three given-name words that are each one pinyin syllable, as one word
    ("wei", "ming" -> "weiming"), the way a Han name is transliterated."""
    if 2 <= len(tokens) <= 3 and all(len(t) > 1 and t in pinyin_syllables() for t in tokens):
        return ("".join(tokens),)
    return tokens


@lru_cache(maxsize=100_000)
def to_pinyin(word: str) -> str:
    """The word with its Wade-Giles syllables in pinyin ("mingchih" -> "mingzhi"); words
    that are pinyin already or are no run of syllables are returned unchanged."""
    if len(word) > 18 or word in pinyin_syllables():
        return word
    parts = _segment(word)
    if parts is None:
        return word
    wade = _from_wade_giles()
    return "".join(wade.get(p, p) for p in parts)


@lru_cache(maxsize=100_000)
def _syllables(word: str) -> tuple[str, ...] | None:
    """The fewest pinyin or Wade-Giles syllables spelling `word`, if there are any."""
    wade = _from_wade_giles()
    pinyin = pinyin_syllables()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            piece = word[start:end]
            if head is None or (piece not in pinyin and piece not in wade):
                continue
            if best[end] is None or len(head) + 1 < len(best[end] or ()):
                best[end] = (*head, piece)
    return best[len(word)]


def spelt_in_syllables(word: str) -> bool:
    """Whether a word is a run of pinyin or Wade-Giles syllables, as every word of a
    Chinese name in Latin letters is."""
    return len(word) <= 18 and _syllables(word) is not None


def one_syllable(word: str) -> bool:
    """Whether a word is one pinyin or Wade-Giles syllable."""
    return word in pinyin_syllables() or word in _from_wade_giles()


def _segment(word: str) -> tuple[str, ...] | None:
    """The fewest syllables spelling `word`, if any includes a Wade-Giles-only one."""
    found = _syllables(word)
    wade, pinyin = _from_wade_giles(), pinyin_syllables()
    if found is None or not any(p in wade and p not in pinyin for p in found):
        return None
    return found
