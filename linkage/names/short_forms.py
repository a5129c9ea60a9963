"""Forms of given names that Wikidata's name symbols do not join.

Yoruba and Igbo given names are often sentences with a theophoric or lineage prefix
(Oluwa-, Olu-, Ola-, Ade-, Baba-, Chukwu-, Chi-), and people go by the rest: Oluwaseun
is Seun, Chukwuemeka Emeka, Babatunde Tunde. Records of one person hold either.

Fijian, Tongan and Samoan given names are often the Bible's and English names in the
islands' spelling (Tevita is David, Sitiveni Stephen, Viliame William), and a record
written for an English-speaking reader may give the English form.

In Senegal, Gambia and Mali women named Fatoumata (Fatima) or Khadidiatou (Khadija)
are called and often recorded Fatou and Khady.

Each line below is one name and the forms it partners; every word of a line gets the
nickname symbol of the line's first word, so the name comparison partners them as it
partners William and Bill. Two full names sharing a short form (Babatunde, Olatunde)
partner too: both are called Tunde.
"""

from __future__ import annotations

from functools import cache

SHORT_FORMS = """
seun: oluwaseun
femi: olufemi oluwafemi
tunde: babatunde olatunde
bayo: adebayo
kunle: olakunle
dapo: oladapo
tobi: oluwatobi
toyin: oluwatoyin
yemi: oluyemi oluwayemi
kemi: olukemi oluwakemi
dele: oladele akindele
wale: olawale
sola: olusola
biodun: abiodun
lanre: olanrewaju
jide: olajide
funmi: funmilayo olufunmilayo
bisi: olabisi
gbenga: olugbenga
deji: adedeji
muyiwa: olumuyiwa
lekan: olalekan
yinka: olayinka adeyinka
seyi: oluwaseyi
tosin: oluwatosin
bunmi: olubunmi oluwabunmi
emeka: chukwuemeka
nonso: chukwunonso
dubem: chidubem
ebuka: chukwuebuka
uche: uchenna
ike: ikechukwu
chidi: chidiebere
kene: kenechukwu
chuka: chukwuka
"""

WEST_AFRICAN_FORMS = """
fatou: fatima
khady: khadija
"""

PACIFIC_FORMS = """
david: tevita tavita davita
william: viliame viliami viliamu
stephen: sitiveni
john: jone sione ioane
joseph: josefa iosefa iosefo jiosefa
moses: mosese
thomas: tomasi
peter: pita
michael: mikaele
matthew: maciu mataio
george: siaosi
james: semisi
josiah: josaia
timothy: timoci
samson: samisoni
simon: saimoni simione
solomon: solomone
israel: isireli
ezekiel: isikeli
elisha: iliesa
enoch: inoke
aaron: eroni
jeremiah: jeremaia
zephaniah: sefanaia
gideon: kitione
joel: joeli
benjamin: penijamini
mary: mere mele malia
charlotte: salote
lydia: litia
agnes: akanisi
eleanor: elenoa
eunice: unaisi
rachel: lesieli
"""


@cache
def _symbols() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for line in (SHORT_FORMS + WEST_AFRICAN_FORMS + PACIFIC_FORMS).splitlines():
        if not line.strip():
            continue
        short, _, full = line.partition(":")
        symbol = "NICK:" + short.strip().upper()
        for word in (short.strip(), *full.split()):
            found.setdefault(word, set()).add(symbol)
    return {word: frozenset(symbols) for word, symbols in found.items()}


def short_form_symbols(token: str) -> frozenset[str]:
    """The nickname symbols a name word has on a line above."""
    return _symbols().get(token, frozenset())
