"""Name normalisation: scripts, transliteration, titles, particles, variants, keys."""

from linkage.names.parse import ParsedName, parse_name
from linkage.names.phonetic import phonetic_key, skeleton_key
from linkage.names.scripts import detect_script
from linkage.names.symbols import token_symbols, warm_up, word_name_symbols
from linkage.names.tokens import canonical_token, split_words
from linkage.names.transliterate import transliterate_word

__all__ = [
    "ParsedName",
    "canonical_token",
    "detect_script",
    "parse_name",
    "phonetic_key",
    "skeleton_key",
    "split_words",
    "token_symbols",
    "transliterate_word",
    "warm_up",
    "word_name_symbols",
]
