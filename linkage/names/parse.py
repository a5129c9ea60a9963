"""A person's name fields to tagged canonical tokens (given, family, patronymic).

Given and family names come from their own fields when a submitter filled
them. A full name written in one piece is split by the cues record keepers
use: "FAMILY, Given", a family name in capitals ("KARIM Mohammed A."), Han
family-name-first order, a Slavic patronymic, or a lineage connector (bin,
ould); otherwise the last word is taken as the family name.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from linkage.names.chinese import (
    DIALECT_FAMILY_NAMES,
    joined_given_name,
    spelt_in_syllables,
    syllables_of,
    to_pinyin,
)
from linkage.names.chinese import FAMILY_RANK as CHINESE_FAMILY_RANK
from linkage.names.korean import FAMILY_RANK as KOREAN_FAMILY_RANK
from linkage.names.korean import ONLY_KOREAN, hangul_parts, korean_spelling, korean_syllable
from linkage.names.korean import USUAL_SPELLING as KOREAN_SPELLING
from linkage.names.particles import CONNECTORS
from linkage.names.scripts import detect_script
from linkage.names.symbols import most_carried, token_symbols, transcription_aliases
from linkage.names.titles import is_title_or_suffix
from linkage.names.tokens import (
    Token,
    canonical_token,
    canonical_tokens,
    field_tokens,
    split_words,
)
from linkage.names.transliterate import han_syllables

_PATRONYMIC = re.compile(r"(ovich|evich|ovych|evych|ovna|evna|ivna|ichna|yevich|ogly|oglu|kyzy)$")
_COMPOUND_SURNAMES = frozenset((
    "欧阳 司马 诸葛 上官 司徒 东方 皇甫 令狐 慕容 尉迟 公孙 夏侯 长孙 宇文 轩辕 "
    "歐陽 諸葛 司馬"
).split())


@dataclass(frozen=True)
class ParsedName:
    """Canonical tokens of one person's name, tagged, with script and symbols."""

    script: str
    latin: str
    given: tuple[str, ...]
    family: tuple[str, ...]  # patronymics included
    symbols: frozenset[str]

    @property
    def tokens(self) -> tuple[str, ...]:
        """Given then family tokens."""
        return self.given + self.family


def _han_parts(text: str) -> tuple[list[str], list[str]]:
    """(given, family) of a Han name without spaces: family first, one or two characters."""
    word = text.replace(" ", "")
    cut = 2 if word[:2] in _COMPOUND_SURNAMES else 1
    return ["".join(han_syllables(word[cut:]))], ["".join(han_syllables(word[:cut]))]


# Chinese writes a foreign name (a Uyghur one too) in characters chosen for their sound,
# given name first, its words parted by a middle dot: 安格拉·默克尔 is Angela Merkel.
_TRANSCRIPTION_DOT = re.compile(r"\s*[\u00b7\u2027\u2022\u2219\u22c5\u30fb\uff65]\s*")
_HYPHEN = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\uff0d]\s*")


def _transcribed(text: str) -> bool:
    """Whether a Han name is a transcription of a foreign one (its words dotted apart)."""
    return detect_script(text) == "Hani" and _TRANSCRIPTION_DOT.search(text) is not None


def _transcribed_fields(given: str, family: str) -> bool:
    """Whether Han given and family fields transcribe a foreign name: dotted, or a family
    name of three characters or more, as no Chinese one is."""
    if detect_script(given + family) != "Hani":
        return False
    long_family = len(_TRANSCRIPTION_DOT.sub("", family).replace(" ", "")) >= 3
    return long_family or _transcribed(given) or _transcribed(family)


def _transcription(text: str) -> list[Token]:
    """Tokens of a transcribed name in written order, a hyphenated name's words apart
    (让-皮埃尔, Jean-Pierre): each word's Latin spelling where Wikidata gives one, else its
    pinyin run together (安格拉, an ge la, is angela)."""
    tokens: list[Token] = []
    for word in _HYPHEN.split(_TRANSCRIPTION_DOT.sub("-", text.strip())):
        word = word.replace(" ", "")
        reading = "".join(han_syllables(word))
        if reading:
            tokens.append(Token(_transcribed_word(word, reading), word, "Hani"))
    return tokens


@lru_cache(maxsize=20_000)
def _transcribed_word(word: str, reading: str) -> str:
    """The canonical form of the Wikidata alias of the word that most of its symbols
    carry, then the nearest to its pinyin, then the shortest; the pinyin itself when
    Wikidata has none."""
    votes = transcription_aliases(word)
    if not votes:
        return reading
    return canonical_token(most_carried(votes, reading))


def _han_field(text: str) -> list[Token]:
    if _transcribed(text):
        return _transcription(text)
    joined = "".join(han_syllables(text.replace(" ", "")))
    return [Token(joined, text, "Hani")] if joined else []


def _field(text: str) -> list[Token]:
    return list(_field_tokens(text))


@lru_cache(maxsize=200_000)
def _field_tokens(text: str) -> tuple[Token, ...]:
    """Tokens of one name field (cached: given and family fields repeat across records)."""
    if detect_script(text) == "Hani":
        return tuple(_han_field(text))
    return field_tokens(text)


def _split_full(text: str) -> tuple[list[Token], list[Token]]:
    """Guess (given, family) from a name written in one piece."""
    if _transcribed(text):
        words = _transcription(text)
        return words[:-1], words[-1:]
    if detect_script(text) == "Hani" and " " not in text.strip():
        given, family = _han_parts(text)
        return ([Token(g, g, "Hani") for g in given if g],
                [Token(f, f, "Hani") for f in family if f])
    if detect_script(text) == "Hang":
        korean = hangul_parts(text.strip())
        if korean is not None:
            given_name, family_name = korean
            return ([Token(canonical_token(given_name), text, "Hang")],
                    [Token(canonical_token(family_name), text, "Hang")])
    if "," in text:
        family_part, _, given_part = text.partition(",")
        return _field(given_part), _field(family_part)
    capitals = _capitalised_family(text)
    if capitals is not None:
        return _field(capitals[1]), _field(capitals[0])
    east_asian = _family_then_hyphenated_given(text)
    if east_asian is not None:
        return _field(_joined_syllables(east_asian[1])), _field(east_asian[0])
    written_apart = _family_first_written_apart(text)
    if written_apart is not None:
        return _field(written_apart[1]), _field(written_apart[0])
    return _split_tokens(text)


# One syllable of a Chinese or Korean given name in Latin letters (pinyin, Wade-Giles,
# Revised or McCune-Reischauer romanisation, apostrophes dropped): an optional initial,
# a vowel, an optional n, ng, or stop.
_SYLLABLE = re.compile(
    r"(?:[bcdfghjklmnpqrstwxyz]|ch|sh|zh|hs|ts|tz|kk|tt|pp|ss|jj)?"
    r"(?:a|ae|ai|ao|e|ei|eo|eou|eu|i|ia|iao|ie|io|iou|iu|o|oe|oo|ou|u|ua|uai|ue|ui|uo|wa|wae|we|"
    r"wi|wo|ya|yae|ye|yeo|yo|yoo|yu|yi)(?:n|ng|k|l|m|p|t|h)?")


def _syllables_word(word: str) -> bool:
    """Whether a hyphenated word is two or three Chinese or Korean syllables (Kuan-yew
    with Cantonese and Hokkien spellings)."""
    parts = word.lower().split("-")
    return 2 <= len(parts) <= 3 and all(_dialect_syllable(p) for p in parts)


def _family_first_written_apart(text: str) -> tuple[str, str] | None:
    """("Wang", "Xiao Ming"), ("Kim", "Minsu") or ("Chow", "Yun Fat") for a three-word
    Chinese or Korean name written family name first with the given name's syllables
    apart ("Wang Xiao Ming", "Kim Min Su", "Chow Yun Fat"); None otherwise, and for the
    same names written given name first ("Xiao Ming Wang", "Min Su Kim"). A pinyin given
    name is joined later, with its Wade-Giles syllables read as pinyin (and so is another
    spelling's where its syllables read as pinyin); the Korean one here."""
    words = text.split()
    if len(words) != 3:
        return None
    lower = tuple(w.lower() for w in words)
    pinyin = syllables_of(lower)
    if pinyin is not None and _family_name_first(pinyin, CHINESE_FAMILY_RANK):
        return words[0], " ".join(words[1:])
    # The Korean family name is known by its spelling (Park, Lee are no syllables by the
    # pattern); the given name's parts must be syllables.
    korean = all(_SYLLABLE.fullmatch(w) for w in lower[1:])
    if korean and _family_name_first(lower, KOREAN_FAMILY_RANK):
        return words[0], words[1] + lower[2]
    # A Chinese family name in another spelling (Chow, Lee, Tan): read the other way, it
    # would be joined as pinyin into the given name (Chow Yun -> zhouyun).
    if lower[0] in DIALECT_FAMILY_NAMES and all(_dialect_syllable(w) for w in lower[1:]) and (
            lower[2] not in DIALECT_FAMILY_NAMES and lower[2] not in CHINESE_FAMILY_RANK):
        return words[0], " ".join(words[1:])
    return None


def _dialect_syllable(word: str) -> bool:
    """A syllable as Cantonese and Hokkien names spell them, which may end in w or r as
    English spelling does (Yew, Kow, Kar)."""
    return bool(_SYLLABLE.fullmatch(word)) or (
        word[-1:] in ("w", "r") and bool(_SYLLABLE.fullmatch(word[:-1])))


def _family_name_first(words: tuple[str, ...], ranks: Mapping[str, int]) -> bool:
    """Whether the first word is a common family name (`ranks`: commonest first), and
    commoner than the last if that is one too ("Zhang Wei Guo": 张 before 郭)."""
    first, last = ranks.get(words[0]), ranks.get(words[-1])
    return first is not None and (last is None or first < last)


def _family_then_hyphenated_given(text: str) -> tuple[str, str] | None:
    """("Wang", "Wei-ming") for a two-word name whose second word is a hyphenated given
    name of syllables, as Chinese and Korean names are written family name first
    ("Wang Wei-ming", "Lee Min-ho", "Kim Jong-un"); None otherwise."""
    words = text.split()
    if len(words) != 2 or "-" not in words[1]:
        return None
    return (words[0], words[1]) if _syllables_word(words[1]) else None


def _joined_syllables(text: str) -> str:
    """A hyphenated given name of Chinese or Korean syllables as one word, as passports
    and the Han or Hangul original give it: Jeong-eun is jeongeun (김정은), Min-soo
    minsoo (박민수: minsu)."""
    return " ".join(w.replace("-", "") if _syllables_word(w) else w for w in text.split())


def _capitalised_family(text: str) -> tuple[str, str] | None:
    """("KARIM", "Mohammed A.") when some words, not all, are in capitals."""
    if not any(w.isupper() for w in text.split()):
        return None
    # A rank or post-nominal in capitals ("ASP", "WO2", "III") is no family name.
    words = [w for w in text.split()
             if sum(c.isalpha() for c in w) > 1 and not is_title_or_suffix(w)]
    upper = [w for w in words if w.isupper()]
    if not upper or len(upper) == len(words):
        return None
    caps = set(upper)
    rest = [w for w in text.split() if w not in caps]
    return " ".join(upper), " ".join(rest)


def _split_tokens(text: str) -> tuple[list[Token], list[Token]]:
    words = split_words(text)
    connector = next((i for i, w in enumerate(words) if w in CONNECTORS and i > 0), None)
    if connector is not None:
        return canonical_tokens(words[:connector]), canonical_tokens(words[connector:])
    tokens = canonical_tokens(words)
    if len(tokens) <= 1:
        return [], tokens
    patronymic = [i for i, t in enumerate(tokens) if _PATRONYMIC.search(t.text)]
    if patronymic and patronymic[-1] == len(tokens) - 1 and len(tokens) == 3:
        return [tokens[1]], [tokens[0], tokens[2]]  # Russian order: Family Given Patronymic
    return tokens[:-1], tokens[-1:]


def _given_field(text: str) -> tuple[list[Token], list[Token]]:
    """Given-names field; a Slavic patronymic in it belongs with the family tokens."""
    tokens = _field(text)
    given = [t for t in tokens if not _PATRONYMIC.search(t.text)]
    return given, [t for t in tokens if _PATRONYMIC.search(t.text)]


def _symbols(tokens: list[Token]) -> frozenset[str]:
    """Symbols of each token, read from the written word and from the canonical spelling;
    none unless every token has some.

    Equal symbol sets make two names variants of one another, so the set must speak for
    the whole name: "Mohamad Rendy Safitri" and "Setiawan Samsul Muhamad" would
    otherwise share the symbols of Muhammad alone and pass for one name.
    """
    found: set[str] = set()
    for token in tokens:
        own = token_symbols(token.text)
        if token.source and not token.source.isascii():
            own |= token_symbols(token.source)
        if not own:
            return frozenset()
        found |= own
    return frozenset(found)


def _latin(display: str, script: str, tokens: list[Token]) -> str:
    if script in ("Latn", "Zyyy"):
        return " ".join(anyascii(display).split())
    return " ".join(t.text.title() for t in tokens)


def _east_asian(tokens: list[Token]) -> bool:
    """Whether every word of the name in Latin letters is a run of Chinese syllables or a
    Chinese family name in another spelling (Law, Chow), or the name holds a Korean
    family name: only then are its words read as Wade-Giles or as a given name's
    syllables. A word of another name may look like Wade-Giles (Ethiopian Tsegaye,
    Tibetan Tsering, Mongolian Tseren would become the pinyin zegaye, zering, zeren, and
    no longer meet their spellings in their own scripts), but such a name has other
    words that are no syllables (Kebede, Sherpa, Munkh)."""
    latin = [t for t in tokens if t.script == "Latn"]
    return all(spelt_in_syllables(t.text) or t.source in DIALECT_FAMILY_NAMES
               for t in latin) or any(t.text in KOREAN_FAMILY_RANK for t in tokens)


def _korean(given: list[Token], family: list[Token]) -> bool:
    """Whether a name in Latin letters with a Korean family name is Korean, not Chinese:
    the family name is spelt as no Chinese one is (Park, Jeong, Rhee), or the given name
    as only Korean ones are (Chung Mong-joon, Chang Min-soo). A Korean name is read as
    it is written, not as Wade-Giles: Chung is 정 there (Jeong, Jung), where Wade-Giles
    would make it the Chinese zhong; ambiguous ones (Lee Min-ho) stay Chinese."""
    words = [_plain(t.source) for t in family if t.script == "Latn"]
    if not any(w in KOREAN_SPELLING for w in words):
        return False
    if any(w in ONLY_KOREAN for w in words):
        return True
    given_words = [_plain(t.source) for t in given if t.script == "Latn"]
    return any(korean_spelling(w) and not spelt_in_syllables(w) for w in given_words)


def _plain(word: str) -> str:
    """A word in plain Latin letters, lowercase, its hyphens and apostrophes dropped;
    "" for any other (João is no Korean Joo)."""
    plain = re.sub(r"[-'’]", "", word.lower())
    return plain if plain.isascii() and plain.isalpha() else ""


def _joined_korean(tokens: list[Token]) -> list[Token]:
    """A Korean given name written as separate syllables (Min Su) as one word, as
    passports and the Hangul original give it."""
    if 2 <= len(tokens) <= 3 and all(
            t.script == "Latn" and korean_syllable(t.text) for t in tokens):
        return [Token("".join(t.text for t in tokens), " ".join(t.source for t in tokens),
                      tokens[0].script)]
    return tokens


def _usual_korean_spelling(token: Token) -> Token:
    """A Korean family name in the spelling passports most often give it (Jeong, Chung:
    jung; Pak: park), canonical as every token is."""
    usual = KOREAN_SPELLING.get(_plain(token.source)) if token.script == "Latn" else None
    return token if usual is None else Token(canonical_token(usual), token.source, token.script)


def _pinyin(tokens: list[Token], joined: bool = False) -> list[Token]:
    """Wade-Giles syllables as pinyin; with `joined`, a given name written as separate
    pinyin syllables as one word, as its Han characters would be transliterated.

    Only words written in Latin letters are read so: a word romanised from another
    script is no Wade-Giles spelling, though it may look like one (Persian حسینی,
    "hsini", is not the Wade-Giles "hsin" + "i")."""
    texts = tuple(to_pinyin(t.text) if t.script == "Latn" else t.text for t in tokens)
    if joined:
        together = joined_given_name(texts)
        if together != texts:
            return [Token(together[0], " ".join(t.source for t in tokens), tokens[0].script)]
    return [t if t.text == x else Token(x, t.source, t.script)
            for t, x in zip(tokens, texts, strict=True)]


@lru_cache(maxsize=100_000)
def parse_name(given: str, family: str, full: str) -> ParsedName:
    """Parse one person's name fields (empty string = unknown) into tagged tokens."""
    transcribed = _transcribed_fields(given, family) if given or family else _transcribed(full)
    if transcribed and (given or family):
        given_tokens, family_tokens = _transcription(given), _transcription(family)
    elif given or family:
        given_tokens, patronymic = _given_field(_joined_syllables(given)) if given else ([], [])
        family_tokens = patronymic + (_field(family) if family else [])
    else:
        given_tokens, family_tokens = _split_full(full)
    # A transcribed foreign name has no Chinese or Korean syllables to join.
    if not transcribed and _korean(given_tokens, family_tokens):
        given_tokens = _joined_korean(given_tokens)
        family_tokens = [_usual_korean_spelling(t) for t in family_tokens]
    elif not transcribed and _east_asian(given_tokens + family_tokens):
        given_tokens, family_tokens = _pinyin(given_tokens, joined=True), _pinyin(family_tokens)
    display = full or " ".join(p for p in (given, family) if p)
    script = detect_script(display)
    # Han and Hangul names are written family name first, but for foreign names that
    # Han characters transcribe; others here given name first.
    han = script in ("Hani", "Hang") and not transcribed
    written_order = family_tokens + given_tokens if han else given_tokens + family_tokens
    return ParsedName(
        script=script,
        latin=_latin(display, script, written_order),
        given=tuple(t.text for t in given_tokens),
        family=tuple(t.text for t in family_tokens),
        symbols=_symbols(written_order),
    )
