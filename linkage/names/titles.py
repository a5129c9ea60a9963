"""Titles, ranks and honorifics: words that describe a person but are not their name."""

from collections.abc import Sequence

# Removed wherever they stand: abbreviations and ranks that are never a name. Not "Bdr"
# (Bombardier): in Nepali names it is Bahadur (Vishnu Bdr. Paudel), a variant spelling.
STRONG_TITLES = frozenset("""
mr mrs ms mx dr prof sir rev hon
pvt pte private cpl lcpl corporal sgt ssgt sfc msgt msg fsgt smsgt cmsgt sgm csm rsm sergeant
cwo wo wo1 wo2 lt lieut lieutenant 1lt 2lt capt cpt captain maj ltcol col colonel brig
bombardier gnr spr sapper rfn rifleman tpr trooper cfn pfc spc pc dsp ssp acp dcp
brigadier brigen majgen ltgen adm admiral cdr lcdr cmdr cdre commodore insp inspector
air avm sqn ldr wg gp flt fg plt offr mwo swo nb sowar radm vadm brigade division
supt superintendent const hav nk lnk sepoy
retd rtd psc ndc afwc
soldat sdt caporal adjudant adj adc aspirant slt ltn capitaine cne cdt commandant
gal brigadierchef mdl gendarme
capitan capitao teniente tenente sargento cabo soldado
jenderal letjen mayjen brigjen laksamana laksdya laksda marsekal marsdya marsda kolonel
letkol kapten lettu letda peltu pelda serma serka sertu serda kopka koptu kopda praka pratu
prada tni polri akbp akp kompol kombes ipda iptu aiptu aipda bripka brigpol bripda
haji hajji hadji alhaji alhadji elhadj hadj maulana mawlana moulana
shri sri shree smt mst mosammat mosammet mosamat mossamat
""".split())

# Honorifics that names in other scripts carry too (حاجی, শ্রী, মোসাম্মৎ, शेख): removed
# from words romanised from any script. Every other title here is a word or abbreviation
# of a language written in Latin letters, removed only from words written so: a
# romanised word of another script that spells one is a name (Khmer ហ៊ុន is "hon", not
# the Honourable).
HONORIFICS = frozenset("""
haji hajji hadji alhaji alhadji elhadj hadj maulana mawlana moulana mullah mufti qari
shri sri shree smt mst mosammat mosammet mosamat mossamat
sheikh shaikh shaykh sheik shekh sheih sheykh imam begum
""".split())

# Removed only at the start of a name: they are also family or given names (Naik,
# Subedar and Jamadar are common Indian family names, Mufti a Kashmiri one, Molla and
# Mullah Bangladeshi ones, Coronel, Marechal and Constable European ones).
WEAK_TITLES = frozenset("""
major general gen sheikh shaikh shaykh sheik shekh sheih sheykh sk chef imam sub asp officer
warrant logis des mister madam miss begum mayor asi hc dig igp aig
naik subedar jemadar havildar risaldar constable marechal coronel sergent gunner
mullah mufti qari
""".split())

# Removed at the start of a name when a rank follows: "Lance Corporal", "Sous-lieutenant",
# "Staff Sergeant", "Vice Admiral"; Lance on its own is a given name.
RANK_PREFIXES = frozenset("lance sous vice rear staff master first second chief".split())

# Ranks written in other scripts, as split_words gives them (NFKC, casefolded); removed
# from the written words wherever they stand. Arabic ranks only with the article: نقيب
# alone is also the name Naqib.
NATIVE_TITLES = frozenset("""
النقيب العقيد المقدم الرائد الملازم العميد اللواء الفريق الرقيب العريف الجندي المشير الشرطي
المفتش المساعد
капитан майор полковник подполковник лейтенант старший младший сержант рядовой ефрейтор
прапорщик генерал старшина капітан підполковник молодший солдат полковнику
মেজর ক্যাপ্টেন লেফটেন্যান্ট কর্নেল সার্জেন্ট সৈনিক ব্রিগেডিয়ার জেনারেল ল্যান্স কর্পোরাল
নায়েক হাবিলদার ওয়ারেন্ট অফিসার সিপাহী
कैप्टन मेजर कर्नल लेफ्टिनेंट ब्रिगेडियर जनरल सूबेदार हवलदार नायक सिपाही लांस सैनिक
निरीक्षक उपनिरीक्षक क्याप्टेन सुबेदार हवल्दार जमदार अमलदार
کیپٹن میجر کرنل لیفٹیننٹ بریگیڈیئر جنرل صوبیدار حوالدار نائیک سپاہی
ሻለቃ ኮሎኔል ሻምበል ሌተናል ጀነራል ሳጅን ወታደር ኮማንደር ኢንስፔክተር ብርጋዴር
""".split())

# Words that join a woman's birth and married names but are neither: "Marie Dupont née
# Martin", "Fatou Ndiaye épouse Diop", German "geb.". Removed wherever they stand.
NAME_MARKERS = frozenset("nee epouse epse ep veuve vve geb geborene".split())

# Post-nominal words, removed only at the end of a name: generations, retirement,
# degrees, staff qualifications (psc, ndc and afwc are strong titles), and the honours of
# Commonwealth, Indian and Bangladeshi services (MBE, VSM, SGP) that South Asian nominal
# rolls write after names.
SUFFIXES = frozenset("""
jr jnr sr snr ii iii iv retired ret
phd mphil msc mba bsc llb llm
awc rcds hdmc
mbe obe cbe kbe dso dfc qgm pvsm avsm uysm ysm vsm sgp osp bgbm pbgm
""".split())


def is_title(token: str) -> bool:
    """True for a word that is a title or rank wherever it appears."""
    return token in STRONG_TITLES


def is_title_or_suffix(word: str) -> bool:
    """True for a written word ("Capt.", "III") that is a title, rank or post-nominal."""
    bare = "".join(ch for ch in word.casefold() if ch.isalnum())
    return bare in STRONG_TITLES or bare in WEAK_TITLES or bare in SUFFIXES


def strip_native_titles(words: Sequence[str]) -> list[str]:
    """Drop ranks written in other scripts (NATIVE_TITLES), but never every word."""
    kept = [w for w in words if w not in NATIVE_TITLES]
    return kept if kept else list(words)


def _leading_title(tokens: Sequence[str], at: int, latin: Sequence[bool]) -> int:
    """How many tokens from `at` make one leading title (0 if none): a rank, or a rank
    prefix before one (Lance Corporal)."""
    token = tokens[at]
    if not latin[at]:
        return 1 if token in HONORIFICS else 0
    if token in STRONG_TITLES or token in WEAK_TITLES:
        return 1
    following = tokens[at + 1] if at + 1 < len(tokens) else ""
    if token in RANK_PREFIXES and (following in STRONG_TITLES or following in WEAK_TITLES):
        return 2
    return 0


def strip_titles(tokens: Sequence[str], latin: Sequence[bool] | None = None) -> list[str]:
    """Drop titles, ranks and honorifics, but never every token of a name. `latin`: per
    token, whether it was written in Latin letters (all, when not given); only
    HONORIFICS are dropped from the others."""
    written = [True] * len(tokens) if latin is None else list(latin)
    start = 0
    while start < len(tokens) and (step := _leading_title(tokens, start, written)):
        start += step
    kept = [
        t for t, w in zip(tokens[start:], written[start:], strict=True)
        if not (t in NAME_MARKERS or (t in STRONG_TITLES and (w or t in HONORIFICS)))
    ]
    while len(kept) > 1 and kept[-1] in SUFFIXES:
        kept.pop()
    return kept if kept else list(tokens)
