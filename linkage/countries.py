"""Countries (ISO 3166-1 alpha-3) and free-text places, normalised leniently."""

import re
import unicodedata
from functools import cache, lru_cache

import pycountry
from anyascii import anyascii
from rigour.territories import lookup_territory

from linkage.identifiers import NOT_STATED
from linkage.names.arabic import split_article
from linkage.names.scripts import detect_script
from linkage.names.transliterate import transliterate_word

# Codes in use for states and territories that ISO 3166-1 does not list.
_EXTRA = frozenset({"XKX", "XKS", "UNK", "EUE"})
# Placeholders that say nothing: two records "N/A" must not agree on a nationality.
# XXX is the passport code for an unspecified nationality (XXA, stateless, says more).
# (UNK is no placeholder here: it is Kosovo's code, in _EXTRA.)
_NOT_STATED = NOT_STATED | frozenset({"NOTSTATED", "OTHER", "XXX"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE_LETTERS = re.compile(r"(.)\1+")
_PLACE_VOWELS = re.compile(r"[aeiouyw]")
_ARTICLE = re.compile(r"^(?:al|el) (?=\w{3})")


@cache
def _alpha3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | _EXTRA


@cache
def _alpha2() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@lru_cache(maxsize=10_000)
def read_country(raw: str) -> tuple[str | None, str | None]:
    """(ISO alpha-3 code, issue): alpha-2 codes are converted, and so are a country's
    names and demonyms in several languages ("Bangladesh", "Bangladeshi", "Ivory Coast",
    "DR Congo", "Пакистан"), which other states' records hold where the interchange
    format asks for a code; anything else is kept as written."""
    code = raw.strip().upper()
    if not code:
        return None, None
    letters = re.sub(r"[\W_]+", "", code)  # letters of any script, and digits
    if not letters or letters in _NOT_STATED:
        return None, "not stated"
    if code in _alpha3():
        return code, None
    if code in _alpha2():
        return _alpha2()[code], "alpha-2 code"
    named = _named_country(raw.strip()) or _other_names().get(_name_key(raw))
    if named is not None:
        return named, "country name"
    return code, "unknown country code"


# Names rigour's territory data does not give: the demonyms of French-speaking records
# (Tchadien, Sénégalaise; the feminine forms are made below), the abbreviations of
# military and mission records (RDC, ROK, KSA), English demonyms it lacks, and former
# names of a state that is the same state today (Zaire, Dahomey, Upper Volta).
_OTHER_NAMES = {
    "BDI": "burundais burundese", "BEN": "beninois dahomey",
    "BFA": "burkinabe burkina upper-volta", "BGD": "bangladais", "BLR": "byelorussia",
    "BRN": "bruneian", "BTN": "bhutanese", "CAF": "centrafricain", "CIV": "ivoirien",
    "CMR": "camerounais", "DEU": "allemand allemande", "ESP": "espagnol espagnole",
    "FRA": "francais", "COD": "rdc congo-kinshasa congo-democratic-republic zaire zairois",
    "COG": "republic-of-congo congo-brazzaville", "CPV": "cape-verdean capverdien",
    "DJI": "djiboutien", "DZA": "algerien", "EGY": "egyptien", "GAB": "gabonais",
    "GBR": "england scotland wales", "GHA": "ghaneen", "GIN": "guineen",
    "GNB": "bissau-guinean bissau-guineen", "IND": "indien", "JOR": "jordanien",
    "KGZ": "kirghizia", "KOR": "rok", "LBN": "libanais", "LSO": "basotho", "MAR": "marocain",
    "COM": "comorien", "MDG": "malgache", "MKD": "north-macedonian", "MLI": "malien",
    "MRT": "mauritanien", "NER": "nigerien", "NPL": "nepalais", "PAK": "pakistanais",
    "PNG": "papua-new-guinean", "RWA": "rwandais rwandese", "SAU": "ksa", "SEN": "senegalais",
    "TCD": "chadian tchadien", "TGO": "togolais", "TUN": "tunisien", "VUT": "ni-vanuatu",
    "WSM": "samoan",
}
# Names listed as they are written, each form in full and keyed as any written name is
# (_name_key): Spanish and Portuguese demonyms in both genders (Latin American
# contributors' records), and demonyms in the scripts of the contributors' own records
# (Arabic, Urdu, Bengali, Devanagari, Ethiopic); Egypt's and Korea's own names.
_NAMES_AS_WRITTEN = {
    "ARG": "argentino", "BOL": "boliviano boliviana",
    "BRA": "brasileiro brasileira brasileno brasilena", "CHL": "chileno chilena",
    "COL": "colombiano colombiana", "DEU": "aleman alemana", "ECU": "ecuatoriano ecuatoriana",
    "ESP": "espanol espanola", "FRA": "frances francesa",
    "GTM": "guatemalteco guatemalteca", "HND": "hondureno hondurena", "ITA": "italiano italiana",
    "MEX": "mexicano mexicana", "PER": "peruano peruana", "PRY": "paraguayo paraguaya",
    "SLV": "salvadoreno salvadorena", "URY": "uruguayo uruguaya",
    "EGY": "مصر", "PAK": "باكستاني پاکستانی", "MAR": "مغربي", "TCD": "تشادي",
    "SDN": "سوداني", "TUN": "تونسي", "DZA": "جزائري", "MRT": "موريتاني", "YEM": "يمني",
    "IRQ": "عراقي", "SOM": "صومالي", "BGD": "বাংলাদেশী বাংলাদেশি بنغلاديشي",
    "IND": "भारतीय هندي", "NPL": "नेपाली نيبالي", "ETH": "ኢትዮጵያዊ ኢትዮጵያዊት", "KOR": "한국",
}


def _name_key(text: str) -> str:
    """A country name or demonym as plain lowercase words joined by hyphens
    ("Sénégalaise" -> "senegalaise", "R.O.K." -> "rok", "Congo Kinshasa" ->
    "congo-kinshasa")."""
    words = re.findall(r"[a-z]+", anyascii(text).lower().replace(".", ""))
    return "-".join(words)


def _feminine(word: str) -> tuple[str, ...]:
    """The French feminine of a demonym: tchadien -> tchadienne, senegalais ->
    senegalaise, guineen -> guineenne."""
    if word.endswith(("ien", "een")):
        return (word + "ne",)
    if word.endswith(("ais", "ois", "ain", "in")):
        return (word + "e",)
    return ()


@cache
def _other_names() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, names in _OTHER_NAMES.items():
        for name in names.split():
            found.update((form, code) for form in (name, *_feminine(name)))
    for code, names in _NAMES_AS_WRITTEN.items():
        found.update((_name_key(name), code) for name in names.split())
    return found


def _named_country(text: str) -> str | None:
    """The alpha-3 code of a country named by `text` (rigour's territory names), if any."""
    territory = lookup_territory(text)
    if territory is None:
        return None
    code = territory.code.upper()
    return "XKX" if code == "XK" else _alpha2().get(code)


def _place_word(word: str) -> str:
    """One word of a place name in lowercase ASCII, romanised as names are.

    Names and places share transliteration: anyascii's per-character tables drop the
    vowels an abugida implies and read Arabic letters as bare consonants ("لاهور" ->
    "lhwr"), where the name transliterator gives "lahur", within reach of "Lahore".
    """
    if word.isascii():
        return word
    script = detect_script(word)
    if script == "Arab":
        word = split_article(word)[1]
    return transliterate_word(word, script) or anyascii(word)


@lru_cache(maxsize=100_000)
def normalise_place(raw: str) -> str | None:
    """Lowercase ASCII words of a place name, punctuation collapsed to single spaces."""
    words = unicodedata.normalize("NFKC", raw).split()
    text = " ".join(_place_word(w) for w in words)
    text = _NON_ALNUM.sub(" ", anyascii(text).lower()).strip()
    # The Arabic article leads many place names and is written, split or left out at will
    # ("El Jadida", "Al-Jadida", "Jadida", الجديدة): drop it before a longer word.
    text = _ARTICLE.sub("", text)
    # Words run together or split at will ("Bala Rat" for Ballarat, "Addisababa"):
    # the skeleton is taken over the whole name, spaces dropped.
    return _place_skeleton(text.replace(" ", "")) or None


def _place_skeleton(word: str) -> str:
    """A place word's first letter and consonant skeleton ("lahore", "lahur" -> "lhr").

    Places are written in abjads that omit short vowels and romanised with vowels chosen
    at will (Lahore / لاهور, Rabat / الرباط, Chattogram / Chattagram); their consonants
    agree. Short words and numbers are kept whole."""
    if len(word) < 4 or not word.isalpha():
        return word  # numbers and codes ("District 9", "K2") stay as written
    single = _DOUBLE_LETTERS.sub(r"\1", word)
    skeleton = single[0] + _PLACE_VOWELS.sub("", single[1:])
    return skeleton if len(skeleton) >= 3 else single
