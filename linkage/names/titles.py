"""Titles, ranks and honorifics: words that describe a person but are not their name."""

from collections.abc import Sequence

# Removed wherever they stand: abbreviations and ranks that are never a name.
STRONG_TITLES = frozenset("""
mr mrs ms mx dr prof sir rev hon
pvt pte private cpl lcpl corporal sgt ssgt sfc msgt msg fsgt smsgt cmsgt sgm csm rsm sergeant
cwo wo wo1 wo2 lt lieut lieutenant 1lt 2lt capt cpt captain maj ltcol col colonel brig
brigadier brigen majgen ltgen adm admiral cdr lcdr cmdr cdre commodore insp inspector
supt superintendent const constable hav havildar nk naik lnk sepoy subedar jemadar
risaldar retd rtd psc ndc afwc
soldat sdt caporal sergent adjudant adj adc aspirant slt ltn capitaine cne cdt commandant
gal brigadierchef marechal mdl gendarme
capitan capitao teniente tenente coronel sargento cabo soldado
haji hajji hadji alhaji alhadji elhadj hadj maulana mawlana moulana mullah mufti hafiz qari
shri sri shree smt mst mosammat mosammet mosamat mossamat
""".split())

# Removed only at the start of a name: they are also family or given names.
WEAK_TITLES = frozenset("""
major general sheikh shaikh shaykh sheik shekh chef imam sub asp officer warrant logis des
mister madam miss begum
""".split())

# Post-nominal words, removed only at the end of a name.
SUFFIXES = frozenset("jr jnr sr snr ii iii iv retired ret".split())


def is_title(token: str) -> bool:
    """True for a word that is a title or rank wherever it appears."""
    return token in STRONG_TITLES


def strip_titles(tokens: Sequence[str]) -> list[str]:
    """Drop titles, ranks and honorifics, but never every token of a name."""
    start = 0
    while start < len(tokens) and (tokens[start] in STRONG_TITLES or tokens[start] in WEAK_TITLES):
        start += 1
    kept = [t for t in tokens[start:] if t not in STRONG_TITLES]
    while len(kept) > 1 and kept[-1] in SUFFIXES:
        kept.pop()
    return kept if kept else list(tokens)
