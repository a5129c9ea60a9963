"""From a written name field to canonical lowercase ASCII tokens.

Steps, in order: Unicode NFKC and punctuation split; script detection and
transliteration per word; titles removed; glued abd-/al- compounds split;
particles dropped; each word mapped to its canonical spelling.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from linkage.names import particles
from linkage.names.arabic import split_article
from linkage.names.brahmic import brahmic_to_latin, spelt_initials, syllable_starts
from linkage.names.chinese import FAMILY_RANK as CHINESE_FAMILY_RANK
from linkage.names.chinese import one_syllable
from linkage.names.cyrillic import transcribed_spelling
from linkage.names.languages import SOMALI, field_language
from linkage.names.phonetic import coarse_key, respelt, skeleton_key
from linkage.names.scripts import detect_script
from linkage.names.symbols import bridge_spelling, latin_alias, token_symbols, word_name_symbols
from linkage.names.titles import strip_native_titles, strip_titles
from linkage.names.transliterate import transliterate_word
from linkage.names.variants import canonical_spelling, variant_table
from linkage.names.wikidata_spellings import near_alias

_SPLIT = re.compile(r"[\s\-\u2010-\u2015_.,;:/\\()\[\]{}\"“”„«»!?*+=&|<>#@~^،؛।॥]+")
_APOSTROPHES = re.compile(r"['’ʼʻ`´‘]")
_DOUBLES = re.compile(r"(.)\1+")
# South Asian romanisations write a long i or u as "ee" / "oo" as often as "i" / "u"
# (Geeta / Gita, Deepak / Dipak, Aminool / Aminul, Noor / Nur), and ksh as x.
_LONG_VOWELS = (("ee", "i"), ("oo", "u"))
_WRITTEN_IN_LATIN = frozenset({"Latn", "Zyyy"})  # a word in Latin letters (or none at all)
# Russian and Ukrainian patronymics, to one spelling of the suffix: Ukrainian -ovych /
# -ivna and Russian -ovich / -ovna are the same patronymic of the same father's name.
_PATRONYMIC_SUFFIXES = (("ovich", "ovich"), ("evich", "ovich"), ("ovych", "ovich"),
                        ("evych", "ovich"), ("ovna", "ovna"), ("evna", "ovna"),
                        ("ivna", "ovna"))
# French and German transcriptions of Russian surnames: Ivanoff, Smirnoff, Tchaikovskij.
_SLAVIC_ENDINGS = ((re.compile(r"(?<=[a-z]{3})off$"), "ov"), (re.compile(r"(?<=[a-z]{3})eff$"),
                                                              "ev"))
# A word with a Slavic name's ending, whose consonants French or German transcribe
# their own way: French tch for ch and ch for sh (Chevtchenko, Tchaikovski), German
# tsch, sch and w (Schewtschenko, Gorbatschow).
_SLAVIC_WORD = re.compile(r"(?:enko|[cz]h?uk|ov|ova|ev|eva|ow|ew|sk[iyj]|skaya|[iy]t?ch|yk)$")
_GERMAN = (("tsch", "ch"), ("sch", "sh"), ("w", "v"))


@dataclass(frozen=True)
class Token:
    """One canonical name word, with the word it was read from."""

    text: str
    source: str
    script: str


# Spanish and Filipino abbreviations of given names and of saints' names in family names,
# known by their full stop: Ma. Theresa is Maria Theresa, Sta. Maria Santa Maria. Without
# the stop, Ma is a Chinese family name (马).
_ABBREVIATED = {"ma": "maria", "sta": "santa", "sto": "santo"}
_ABBREVIATION = re.compile(r"\b(ma|sta|sto)\.")
# Ethiopian and Eritrean records abbreviate the first part of a compound name with a
# slash: G/Mariam is Gebremariam, W/Giorgis Woldegiorgis, H/Mariam Hailemariam (a word
# of three letters or more must follow: w/o, s/o are "wife of", "son of"). W/ro and W/t
# (Woizero, Woizerit: Mrs, Miss) are titles.
_SLASHED = {"g": "gebre", "w": "wolde", "h": "haile", "t": "tekle", "k": "kidane"}
_SLASH_ABBREVIATION = re.compile(r"\b([gwhtk]) ?/ ?(?=[^\W\d_]{3})")
_SLASH_TITLE = re.compile(r"\bw ?/ ?(?:ro|rt|t)\b")


def split_words(text: str) -> list[str]:
    """NFKC-normalise, casefold and split a name on spaces and punctuation."""
    clean = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())
    if "." in clean:
        clean = _ABBREVIATION.sub(lambda m: _ABBREVIATED[m.group(1)] + " ", clean)
    if "/" in clean:
        clean = _SLASH_TITLE.sub(" ", clean)
        clean = _SLASH_ABBREVIATION.sub(lambda m: _SLASHED[m.group(1)], clean)
    return [w for w in _SPLIT.split(clean) if w]


def _folded_index() -> dict[str, str]:
    """Variant spellings with doubled letters collapsed, where that is unambiguous."""
    index: dict[str, str] = {}
    for spelling, canonical in variant_table().items():
        index.setdefault(_DOUBLES.sub(r"\1", spelling), canonical)
    return index


_FOLDED: dict[str, str] = {}


def _table_spelling(token: str) -> str | None:
    """The variant table's canonical spelling of a word, directly or with doubled letters
    collapsed."""
    known = canonical_spelling(token)
    if known is not None:
        return known
    if not _FOLDED:
        _FOLDED.update(_folded_index())
    return _FOLDED.get(_DOUBLES.sub(r"\1", token))


# Ethiopian and Eritrean compound names: a first part ending in e before a second
# starting with e (Gebre + Egziabher) is no long vowel.
_ETHIOPIAN_FIRST_PART = re.compile(
    r"(?:gebre|gabre|wolde|walde|welde|habte|tekle|haile|kidane|berhane|zere)(?=e)")


def _long_vowels_folded(token: str) -> str:
    if first := _ETHIOPIAN_FIRST_PART.match(token):
        return first.group(0) + _long_vowels_folded(token[first.end():])
    # ksh: Lakshman / Laxman, Lakshmi / Laxmi
    return respelt(token, _LONG_VOWELS).replace("ksh", "x")


def _slavic_transcription(token: str) -> str:
    """A Slavic name transcribed in French or German, in the English spelling:
    chevtchenko, schewtschenko -> shevchenko; gorbatschow -> gorbachov; tchaikovski ->
    chaikovski. Other words are returned as they are, and so is a known name that the
    English spelling would make unknown: Andrew, Matthew and Barlow end as Iwanow
    does, but andrev is no name and would lose Andrew's partners (Andy, Andreas)."""
    if not _SLAVIC_WORD.search(token):
        return token
    if "sch" in token or token.endswith(("ow", "ew")):
        english = respelt(token, _GERMAN)
    elif "tch" in token:  # French: tch is ch, and a ch of its own is sh
        english = "ch".join(part.replace("ch", "sh") for part in token.split("tch"))
    else:
        return token
    known, read = word_name_symbols(token), word_name_symbols(english)
    if known:
        return english if known & read else token
    # A final w alone is no sign of German unless the English spelling is a known name:
    # anfrew, a typo of Andrew, is no Russian anfrev.
    marked = "sch" in token or "tch" in token
    return english if read or marked else token


# The glide of a Russian surname in -еев, -аев or -иев, written as a letter of its own in
# some romanisations (Andreyev, Andrejew, Nikolayev, Aliyev) and not in others (Andreev,
# Nikolaev, Aliev).
_SLAVIC_GLIDE = re.compile(r"(?<=[aei])(?:y|j|i(?=e))e(?=va?$)")


def _without_glide(token: str) -> str:
    """andreyev, andrejev, andreiev -> andreev; nikolayeva -> nikolaeva; aliyev -> aliev."""
    return _SLAVIC_GLIDE.sub("e", token) if token.endswith(("ev", "eva")) else token


# Indonesian and Malay names written in the Dutch-era spelling (before 1972): dj is j, tj
# is c, oe is u, and a j of its own is y. Only a word with dj or tj is read so: oe and j
# alone are common in other languages' names (Joel, Noel), and a South Slavic family
# name in -ić writes its Đ as dj (Djordjevic, Djokovic). Read so in every script's
# romanisation, so that Serbian Cyrillic ђ, romanised dj, reads as a Latin Dj does.
_OLD_INDONESIAN = re.compile(r"[dt]j")


def _indonesian_spelling(token: str) -> str:
    """A name in the old Indonesian spelling, in today's: djoko -> joko, tjahjo -> cahyo,
    soedjatmiko -> sujatmiko. Other words are returned as they are."""
    if not _OLD_INDONESIAN.search(token) or token.endswith("ic"):
        return token
    token = re.sub(r"(?<![dt])j", "y", token)
    return token.replace("dj", "j").replace("tj", "c").replace("oe", "u")


def _patronymic(token: str) -> str | None:
    """A patronymic of a known name in one spelling: olexandrovych, aleksandrovich ->
    aleksandrovich; sergeevich, serhiyovych -> sergeiovich."""
    for suffix, standard in _PATRONYMIC_SUFFIXES:
        if not token.endswith(suffix):
            continue
        stem = token[:-len(suffix)]
        # The father's name may lose or keep its last vowel before the suffix.
        for root in (stem, stem + "i", stem + "y", stem.rstrip("eiy")):
            known = _table_spelling(root) if len(root) >= 3 else None
            if known is not None:
                return known + standard
        return None
    return None


@lru_cache(maxsize=200_000)
def canonical_token(token: str, source: str = "") -> str:
    """Canonical spelling of one lowercase ASCII word (and the word it came from)."""
    # Russian and Ukrainian write the j of other languages' names as дж, romanised dzh:
    # Джамал is Jamal, Дженнифер Jennifer, and a passport's Dzhamshed is Jamshed.
    token = token.replace("dzh", "j")
    known = _table_spelling(token)
    if known is not None:
        return known
    known = _patronymic(token)
    if known is not None:
        return known
    for pattern, ending in _SLAVIC_ENDINGS:
        token = pattern.sub(ending, token)
    token = _slavic_transcription(_indonesian_spelling(token))
    token = _long_vowels_folded(_without_glide(token))
    known = _table_spelling(token)
    if known is not None:
        return known
    if source and not source.isascii():
        bridged = bridge_spelling(source, token)
        if bridged is not None:
            return bridged
        alias = latin_alias(source, token)
        if alias is not None and alias != token:
            return canonical_token(alias)
        spelling = transcribed_spelling(source, token) or near_alias(source, token)
        if spelling is not None:
            return canonical_token(spelling)
    return _compound(token) or token


def _compound(token: str) -> str | None:
    """Two names written as one word, each in its canonical spelling and still one word
    (mohammadreza -> muhammadreza, gebremariam -> gebremaryam), so that it meets the
    two written apart in any spelling; None unless both parts are names of at least
    three letters, the variant table knows one of them and the other, if the table does
    not know it, has four letters or more: a short word with some name symbol is too
    easily a piece of another name (Lamine is no Lam + "ine")."""
    for cut in range(3, len(token) - 2):
        head, tail = token[:cut], token[cut:]
        known_head, known_tail = _compound_head(head, tail), canonical_spelling(tail)
        if known_head is None and known_tail is None:
            continue
        if (known_head or _long_name(head)) and (known_tail or _long_name(tail)):
            return (known_head or head) + (known_tail or tail)
    return None


def _compound_head(head: str, tail: str) -> str | None:
    """The variant table's spelling of the first part of a compound; None for a Chinese
    family name unless one Chinese syllable follows, as in a given name of two: Kuoming
    is Kuo + ming (guoming), but Laurent is no Lau + rent, nor Tsegaye Tse + gaye."""
    known = canonical_spelling(head)
    if known in CHINESE_FAMILY_RANK and not one_syllable(tail):
        return None
    return known


def _long_name(token: str) -> bool:
    return len(token) >= 4 and is_known_name(token)


def is_known_name(token: str) -> bool:
    """True if the word is a name in the variant table or carries a name symbol."""
    return _table_spelling(token) is not None or any(
        s.startswith("NAME:") for s in token_symbols(token))


def _is_table_name(token: str) -> bool:
    return canonical_token(token) in variant_table()


# Scripts whose inherent vowels are dropped inside a word (schwa deletion), so that two
# names written as one word are read otherwise than apart.
_SCHWA_DELETING = frozenset({"Deva", "Beng", "Guru", "Gujr", "Orya"})


def _joined_names(word: str) -> str | None:
    """Two names written as one word in a North Indian script, each read on its own and
    joined: पुष्पकमल is Pushpa + Kamal ("pushpakamal"), where read whole its kamal
    loses a vowel ("pushpakmal"); शेरबहादुर is "sherbahadur". None unless both parts
    are known names."""
    for cut in syllable_starts(word):
        head, tail = word[:cut], word[cut:]
        if len(head) < 2 or len(tail) < 2:
            continue
        first, second = brahmic_to_latin(head), brahmic_to_latin(tail)
        if len(first) >= 3 and len(second) >= 3 and is_known_name(first) and (
                is_known_name(second)):
            return first + second
    return None


def _bengali_z(latin: str, script: str) -> str | None:
    """A Bengali reading with z for j where only that is a known name: Bengali writes the z
    of Arabic and Persian names with জ or য, read j (আজিজ Aziz, নজরুল Nazrul, মিজানুর
    Mizanur); None when the reading has no j or z makes no known name."""
    if script != "Beng" or "j" not in latin:
        return None
    with_z = latin.replace("j", "z")
    return with_z if is_known_name(with_z) else None


@lru_cache(maxsize=200_000)
def read_word(word: str, language: str = "") -> tuple[Token, ...]:
    """Transliterate one written word; an Arabic article becomes its own "al" token.
    `language`: that of the word's name field (languages.field_language)."""
    script = detect_script(word)
    had_article, stem = split_article(word) if script == "Arab" else (False, word)
    latin = transliterate_word(stem, script, language)
    if script in _SCHWA_DELETING and latin and not is_known_name(latin):
        latin = _bengali_z(latin, script) or _joined_names(stem) or latin
    elif language == SOMALI and script == "Latn" and latin:
        latin = _somali_english(latin)
    if not latin:
        return ()
    token = Token(latin, stem, script)
    return (Token("al", "", script), token) if had_article else (token,)


@lru_cache(maxsize=100_000)
def _split_glued(token: Token) -> tuple[Token, ...]:
    # A known name is never split, in any spelling: "Allam" is Alam, not al + Lam.
    if _table_spelling(token.text) is not None:
        return (token,)
    parts = particles.split_abd(token.text, is_known_name)
    if len(parts) == 1:
        text = particles.split_glued_article(parts[0], _is_table_name, is_known_name)
        return (Token(text, token.source if text == token.text else text, token.script),)
    return tuple(Token(p, p, token.script) for p in parts)


def _apply(tokens: list[Token], rule: Callable[[list[str]], list[str]]) -> list[Token]:
    """Run a text-level rule, keeping each surviving word's source when unchanged."""
    texts = rule([t.text for t in tokens])
    by_text = {t.text: t for t in tokens}
    return [by_text.get(x) or Token(x, x, "Latn") for x in texts]


def _joined_table_names(texts: list[str]) -> list[str]:
    """Two words that are one name of the variant table written apart, as one word: Abu
    Bakr is abubakr (Abubakar), Bou Bacar boubacar. Only an exact spelling of the table
    counts, and no initial, so two names that merely sit side by side stay two (Yahya
    H. is no "yahyah")."""
    out: list[str] = []
    i = 0
    while i < len(texts):
        pair = texts[i:i + 2]
        joined = "".join(pair)
        if len(pair) == 2 and min(map(len, pair)) > 1 and canonical_spelling(joined):
            out.append(joined)
            i += 2
            continue
        out.append(texts[i])
        i += 1
    return out


# Somali names in the official Somali Latin orthography: x is the h of Arabic ح, c the
# ayn (which English spellings leave out), a long vowel written twice: Maxamed Cabdi
# Faarax is Mohamed Abdi Farah, Xasan Cumar Hassan Omar. In a field written so
# (languages.SOMALI), a word that is no known name but whose English spelling is one is
# read in that spelling (Carlos, Cisse stay).
_AYN = re.compile(r"c(?!h)")
_LONG = re.compile(r"([aeiou])\1+")


def _somali_english(latin: str) -> str:
    if is_known_name(latin):
        return latin
    english = _LONG.sub(r"\1", _AYN.sub("", latin.replace("x", "h")))
    return english if english != latin and is_known_name(english) else latin


@lru_cache(maxsize=200_000)
def field_tokens(text: str) -> tuple[Token, ...]:
    """Canonical tokens of one written name field (cached: fields repeat across records)."""
    return _canonical_tokens(tuple(split_words(text)))


def canonical_tokens(words: list[str]) -> list[Token]:
    """Canonical tokens of a sequence of written words (one name field)."""
    return list(_canonical_tokens(tuple(words)))


@lru_cache(maxsize=200_000)
def _canonical_tokens(words: tuple[str, ...]) -> tuple[Token, ...]:
    words = tuple(strip_native_titles(words))
    language = field_language(words)
    tokens = [t for w in spelt_initials(words) for t in read_word(w, language)]
    latin = [t.script in _WRITTEN_IN_LATIN for t in tokens]
    tokens = _apply(tokens, lambda texts: strip_titles(texts, latin))
    tokens = [part for t in tokens for part in _split_glued(t)]
    tokens = _apply(tokens, particles.join_abd)
    tokens = _apply(tokens, particles.join_linking_article)
    tokens = _apply(tokens, _joined_table_names)
    tokens = _apply(tokens, particles.drop_particles)
    return tuple(Token(canonical_token(t.text, t.source), t.source, t.script) for t in tokens)


@lru_cache(maxsize=200_000)
def consonants(token: str) -> str:
    """A name word's consonants, as blocking folds them (coarse_key), when there are
    three or more; "" for a shorter one."""
    key = coarse_key(skeleton_key(token)) if token else ""
    return key if len(key) >= 3 else ""


def same_consonants(a: str, b: str) -> bool:
    """Whether two name words partner by their consonants: they have the same ones
    (`consonants`) and one of them is a word neither the variant table nor Wikidata knows.

    Arabic script writes no short vowels, so a family name neither table knows is read
    letter by letter and misses its Latin spelling by its vowels: الطراونة is trauna,
    Tarawneh; سدرہ sdrh, Sidra. Muhammad and Mahmud, both known, share the skeleton
    mhmd and stay apart.
    """
    key = consonants(a)
    return bool(key) and key == consonants(b) and not (is_known_name(a) and is_known_name(b))
