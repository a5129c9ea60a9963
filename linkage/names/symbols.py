"""Name symbols: ids shared by the spellings of one name across scripts.

rigour tags name parts with Wikidata-backed ids ("NAME:Q5837762" for
Muhammad in Latin, Arabic, Bengali or Cyrillic) and nickname ids ("NICK:..").

Building rigour's tagger costs ~7 s of CPU in every process, so a word is looked
up in `symbol_table`, built once from rigour's own data. For one word the tagger's
answer is a lookup: it finds every alias in the word's normalised form
("parts" joined by spaces) at a position not flanked by word characters, and then
keeps a symbol only if the alias's tokens are whole parts of the name, in order. An
alias that spans whole parts next to each other is one of the contiguous runs of
parts looked up below. Any other occurrence has a neighbouring character inside a
part; parts are made of letters and digits (word characters) except for a few
marks of rarer scripts, and only a word with such a mark is checked further.
"""

import logging
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein
from rigour.names import NameTypeTag, SymbolCategory, analyze_names

from linkage.names import hebrew
from linkage.names.arabic import arabic_to_latin
from linkage.names.phonetic import respelt, skeleton_key
from linkage.names.scripts import detect_script
from linkage.names.short_forms import short_form_symbols
from linkage.names.symbol_table import (
    SEPARATOR,
    SymbolTable,
    load_table,
    normalise,
    table_in_memory,
)
from linkage.names.variants import variant_table

log = logging.getLogger(__name__)

_KEPT = {SymbolCategory.NAME, SymbolCategory.NICK, SymbolCategory.SYMBOL}

# Characters Rust's char::is_alphanumeric surely accepts (letters, numbers), which is
# how rigour's matcher decides that a match is flanked by a word character.
_WORD_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No"}

_table_lock = threading.Lock()
_table: list[SymbolTable | None] = []


def _symbol_table() -> SymbolTable | None:
    if not _table:
        with _table_lock:
            if not _table:
                _table.append(load_table())
    return _table[0]


@lru_cache(maxsize=200_000)
def token_symbols(token: str) -> frozenset[str]:
    """Symbol ids ("NAME:Q5837762", "NICK:JACK") of one name word in any script."""
    if len(token) < 2 or token.isdigit():
        return frozenset()
    table = _symbol_table()
    if table is None:
        return _tagger_symbols(token)
    form = normalise(token)
    if not form:
        return frozenset()
    try:
        found = _lookup(table, form)
    except ValueError as exc:  # the cache file was damaged after it was opened
        log.warning("name-symbol table damaged, rebuilding it in memory: %s", exc)
        with _table_lock:
            _table[:] = [table_in_memory()]
        return token_symbols.__wrapped__(token)
    if found is None:
        return _tagger_symbols(token)
    return found


_WORD_KINDS = ("NAME:", "NICK:")


@lru_cache(maxsize=200_000)
def word_name_symbols(token: str) -> frozenset[str]:
    """The name and nickname symbols of one name word. Two words sharing one are forms
    of one name: William and Bill (NICK:BILL), Aleksandr and Sasha, Olusegun and Segun."""
    found = frozenset(s for s in token_symbols(token) if s.startswith(_WORD_KINDS))
    return found | short_form_symbols(token)


def _lookup(table: SymbolTable, form: str) -> frozenset[str] | None:
    """The tagger's symbols for a normalised name; None if only the tagger can tell."""
    parts = form.split(" ")
    found: set[str] = set()
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            if symbols := table.get(" ".join(parts[start:end])):
                found.update(symbols.split(SEPARATOR))
    # With one part, an alias found inside it could only be kept if it were that part.
    if len(parts) > 1 and not all(
            c == " " or unicodedata.category(c) in _WORD_CATEGORIES for c in form):
        if _unaligned_adds(table, form, parts, found):
            return None
    return frozenset(found)


def _unaligned_adds(table: SymbolTable, form: str, parts: list[str], found: set[str]) -> bool:
    """Whether an alias found off the part boundaries might add to `found`.

    Whether such a match counts depends on Rust's idea of a word character for a mark,
    which Python cannot tell exactly; the rare word where it matters goes to the tagger.
    """
    starts, ends = set(), set()
    position = 0
    for part in parts:
        starts.add(position)
        position += len(part)
        ends.add(position)
        position += 1

    def maybe_edge(i: int) -> bool:  # might rigour see no word character at form[i]?
        return i < 0 or i >= len(form) or unicodedata.category(form[i]) not in _WORD_CATEGORIES

    for start in range(len(form)):
        if not maybe_edge(start - 1):
            continue
        for end in range(start + 1, len(form) + 1):
            if (start in starts and end in ends) or not maybe_edge(end):
                continue  # already looked up, or never a match
            phrase = form[start:end]
            symbols = table.get(phrase)
            if symbols and not set(symbols.split(SEPARATOR)) <= found \
                    and _in_order(phrase.split(" "), parts):
                return True
    return False


def _in_order(tokens: list[str], parts: list[str]) -> bool:
    """rigour's Name.apply_phrase test: the tokens are whole parts, in this order."""
    position = 0
    for part in parts:
        if position < len(tokens) and part == tokens[position]:
            position += 1
    return position == len(tokens)


def _tagger_symbols(token: str) -> frozenset[str]:
    """rigour's own answer, from its tagger (loaded on first use, ~7 s)."""
    names = analyze_names(NameTypeTag.PER, [token], consolidate=False, phonetics=False,
                          numerics=False, rewrite=False)
    return frozenset(
        f"{s.category.value}:{s.id}" for n in names for s in n.symbols if s.category in _KEPT
    )


@cache
def _symbol_index() -> dict[str, frozenset[str]]:
    """NAME symbol id -> canonical spellings in the variant table that carry it."""
    index: defaultdict[str, set[str]] = defaultdict(set)
    for spelling, canonical in variant_table().items():
        for symbol in token_symbols(spelling):
            if symbol.startswith("NAME:"):
                index[symbol].add(canonical)
    return {k: frozenset(v) for k, v in index.items()}


def bridge_spelling(source: str, latin: str) -> str | None:
    """Canonical Latin spelling of a non-Latin word, via shared symbols and skeleton.

    The skeleton check keeps "محمد" (mhmd) on Muhammad even where a symbol is
    shared more widely, and refuses any candidate whose consonants differ. An Arabic-
    script word may have the consonants of its Arabic or of its Persian and Urdu
    reading: رضا is Rida in Arabic and Reza or Raza in Persian and Urdu.
    """
    index = _symbol_index()
    votes: defaultdict[str, int] = defaultdict(int)
    for symbol in token_symbols(source):
        for canonical in index.get(symbol, ()):
            votes[canonical] += 1
    targets = _skeletons(source, latin)
    fitting = [c for c in votes if skeleton_key(c) in targets]
    if not fitting:
        return None
    return min(fitting, key=lambda c: (-votes[c], c))


def latin_alias(source: str, latin: str) -> str | None:
    """A Latin spelling of an abjad word's name from Wikidata's aliases of its NAME
    symbols that fits the word's letters, the nearest such to `latin`, its reading
    (None if there is none).

    For a name the variant table does not know, this gives back the vowels an abjad
    leaves out. In Arabic script the alias must be the word's reading with letters added
    and the same consonants: مشرف, read "mshrf", is Musharraf, and قيس Qais. In Hebrew
    it must fit the letters' sounds (hebrew.fits): בנימין is Benyamin. Other scripts
    write their vowels, and an alias with letters added would be another name (राज, Raj,
    is no Raju).
    """
    table = _symbol_table()
    script = detect_script(source)
    if table is None or script not in ("Arab", "Hebr"):
        return None
    fits = _hebrew_fit(source) if script == "Hebr" else _arabic_fit(source, latin)
    # A family name is often known to Wikidata only with its article (العمري, al-Omari),
    # and comes here without it.
    symbols = token_symbols(source) or (token_symbols("ال" + source) if script == "Arab"
                                        else frozenset())
    aliases = [a for s in symbols if s.startswith("NAME:") for a in table.spellings(s)]
    votes = Counter(a for a in aliases if fits(a))
    if not votes and script == "Arab":
        foreign = _foreign_fit(source, latin)
        votes = Counter(a for a in aliases if foreign(a))
    if not votes:
        return None
    # The field's own reading first: Arabic letters alone make رضا Reda or Rida, not Reza.
    return min(votes, key=lambda a: (not _inside(latin, a), -votes[a],
                                     Levenshtein.distance(a, latin), len(a), a))


# Arabic script writes the sounds it lacks in other languages' names with its nearest
# letters: p as ب (بول, Paul), g as غ or ج (كاغامي, Kagame; جورج, George), v as ف.
_FOREIGN_SOUNDS = (("gh", "g"), ("j", "g"), ("p", "b"), ("v", "f"), ("c", "k"))


def _foreign_fit(source: str, latin: str) -> Callable[[str], bool]:
    """Whether an alias of an Arabic-script word may be the foreign name it transcribes:
    the same consonants once the sounds Arabic lacks are folded into its own, whatever
    its vowels (ی is e as well as i: قریشی is Qureshi). Only for a word of three
    consonants or more none of whose aliases is its reading with vowels added
    (`_arabic_fit`): a shorter one has too many aliases of the same consonants (الدين,
    din, is no Dean; ديبي, dibi, no Debby)."""
    skeletons = {skeleton_key(respelt(r, _FOREIGN_SOUNDS)) for r in _readings(source, latin)}
    wanted = {s for s in skeletons if len(s) >= 3}
    return lambda alias: skeleton_key(respelt(alias, _FOREIGN_SOUNDS)) in wanted


def most_carried(votes: Mapping[str, int], reading: str) -> str:
    """Of aliases and how many of a word's symbols carry each (transcription_aliases),
    the one most carry, then the nearest to the word's `reading`, then the shortest."""
    return min(votes, key=lambda a: (-votes[a], Levenshtein.distance(a, reading), len(a), a))


def transcription_aliases(word: str) -> dict[str, int]:
    """Latin spellings of a non-Latin word (默克尔, mo ke er, is Merkel), from Wikidata's
    aliases of its NAME symbols, each with the number of those symbols that carry it;
    the caller judges which fits. Only words of two characters or more are looked up: a
    single Han character carries the symbols of every name it begins.
    """
    table = _symbol_table()
    votes: defaultdict[str, int] = defaultdict(int)
    if table is None or len(word) < 2:
        return votes
    for symbol in token_symbols(word):
        if symbol.startswith("NAME:"):
            for alias in table.spellings(symbol):
                if alias.isascii() and alias.isalpha() and len(alias) > 1:
                    votes[alias] += 1
    return dict(votes)


def _hebrew_fit(source: str) -> Callable[[str], bool]:
    return lambda alias: hebrew.fits(source, alias)


def _arabic_fit(source: str, latin: str) -> Callable[[str], bool]:
    """Whether an alias is one of the word's readings with letters added, with the same
    consonants."""
    readings = _readings(source, latin)
    targets = {skeleton_key(r) for r in readings}
    return lambda alias: skeleton_key(alias) in targets and any(
        _inside(r, alias) for r in readings)


def _inside(reading: str, spelling: str) -> bool:
    """Whether `spelling` is `reading` with letters added (a subsequence test), y and i
    taken for one letter (ی is read y before a vowel: نیازی "nyazi", Niazi)."""
    letters = iter(spelling.replace("y", "i"))
    return all(letter in letters for letter in reading.replace("y", "i"))


def _readings(source: str, latin: str) -> tuple[str, ...]:
    """The readings a spelling of the word may follow: `latin`, and for Arabic script its
    Arabic and its Persian-Urdu reading, the latter also with و as the v Persian and
    Urdu say (پرویز Parviz, Pervez), and the Arabic one without ع, whose vowel is
    not written and which Latin spellings give as any vowel or none (العمري Omari,
    العتيبي Otaibi)."""
    arabic = _arabic_readings(source)
    if not arabic:
        return (latin,)
    persian_v = arabic[1].replace("w", "v")
    without_ayn = arabic_to_latin(source.replace("ع", "")) if "ع" in source else ""
    return tuple(r for r in (latin, *arabic, persian_v, without_ayn) if r)


def _skeletons(source: str, latin: str) -> set[str]:
    """The consonant skeletons a spelling of the word may have (see _readings)."""
    return {skeleton_key(r) for r in _readings(source, latin)}


def _arabic_readings(word: str) -> tuple[str, ...]:
    """The word's Arabic and Persian-Urdu letter readings, if it is in Arabic script."""
    if detect_script(word) != "Arab":
        return ()
    return arabic_to_latin(word), arabic_to_latin(word, persian_urdu=True)


def warm_up() -> None:
    """Load the name-symbol table and the symbol index (a few seconds on first build)."""
    table = _symbol_table()
    if table is not None:
        table.load_all()
    _symbol_index()
