"""Script detection and transliteration of every script the registry sees."""

import pytest

from linkage.names import detect_script, transliterate_word
from linkage.names.brahmic import brahmic_to_latin
from linkage.names.hebrew import fits, hebrew_to_latin
from linkage.names.languages import KAZAKH, MONGOLIAN, PERSIAN_URDU, field_language
from linkage.names.transliterate import han_syllables
from tests.linkage.factories import name_tokens


@pytest.mark.parametrize(("text", "script"), [
    ("Karim", "Latn"), ("মোহাম্মদ", "Beng"), ("राम", "Deva"), ("محمد", "Arab"),
    ("Олександр", "Cyrl"), ("አበበ", "Ethi"), ("王小明", "Hani"), ("123", "Zyyy"), ("", "Zyyy"),
    ("පෙරේරා", "Sinh"),
])
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize(("word", "latin"), [
    ("মোহাম্মদ", "mohammad"), ("করিম", "karim"), ("আব্দুল", "abdul"),  # final 'a' dropped
    ("रहमान", "rahman"), ("कमला", "kamla"),  # medial schwa dropped (VC_CV)
    ("चन्द्र", "chandra"), ("शर्मा", "sharma"),  # final 'a' kept after a cluster
    ("ख़ान", "khan"),  # nukta
    ("আয়েশা", "ayesha"), ("সৈয়দ", "saiyad"), ("মিয়া", "miya"),  # Bengali ya + nukta: y
    ("\u09df\u09be", "ya"),  # the same letter precomposed
    ("যশোর", "jashor"),  # ya without a nukta stays j
    ("আনোয়ার", "anowar"), ("ওয়াসিম", "wasim"),  # o + ya + a: w
])
def test_brahmic_inherent_vowels(word: str, latin: str) -> None:
    assert brahmic_to_latin(word) == latin


@pytest.mark.parametrize(("word", "latin"), [
    ("முருகன்", "murugan"), ("வடிவேல்", "vadivel"),  # k, t between vowels: g, d
    ("செல்வம்", "selvam"), ("தங்கம்", "thangam"),  # first ch: s; first t: th; ng + k: ng
    ("அஞ்சலி", "anjali"), ("பாண்டியன்", "pandiyan"),  # after a nasal: j, d
    ("முத்து", "muthu"), ("வெற்றி", "vetri"), ("பிச்சை", "pichai"),  # doubled
    ("கார்த்திக்", "karthik"),  # a silent stop is voiceless
    ("கிருஷ்ணன்", "krishnan"), ("பிரகாஷ்", "pragash"),  # a loanword's first cluster
    ("திருமலை", "thirumalai"),  # ...but a Tamil word's i stays
    ("రామ", "rama"), ("ಶಿವ", "shiva"),  # southern scripts sound every inherent a
])
def test_tamil_and_southern_scripts(word: str, latin: str) -> None:
    assert brahmic_to_latin(word) == latin


@pytest.mark.parametrize(("word", "latin"), [
    ("කුමාර", "kumara"), ("පෙරේරා", "perera"), ("නිමල්", "nimal"),  # every a sounded
    ("චමින්ද", "chaminda"), ("ජයසූරිය", "jayasuriya"), ("බණ්ඩාර", "bandara"),
    ("නිශාන්ත", "nishantha"), ("හේරත්", "herath"), ("ගුණවර්ධන", "gunawardhana"),  # th, w
    ("හෙට්ටිආරච්චි", "hettiarachchi"), ("වික්\u200dරමසිංහ", "wikramasinghe"),  # ZWJ
    ("රණසිංහ", "ranasinghe"), ("දිසානායක", "disanayake"),  # the usual name endings
    ("ඳ", "nda"), ("ඹ", "mba"),  # prenasalised letters
])
def test_sinhala(word: str, latin: str) -> None:
    assert brahmic_to_latin(word) == latin


@pytest.mark.parametrize(("word", "latin"), [
    ("കുമാർ", "kumar"), ("അനിൽ", "anil"), ("മേനോൻ", "menon"), ("മോഹൻലാൽ", "mohanlal"),
])
def test_malayalam_chillu_letters_are_consonants_without_a_vowel(word: str, latin: str) -> None:
    assert brahmic_to_latin(word) == latin


@pytest.mark.parametrize(("word", "latin"), [
    ("ਸਿੰਘ", "singh"), ("ਕੌਰ", "kaur"),  # tippi: a nasal
    ("ਭੱਟੀ", "bhatti"), ("ਸਿੱਧੂ", "sidhu"),  # addak doubles, but not an aspirate
])
def test_gurmukhi_signs(word: str, latin: str) -> None:
    assert brahmic_to_latin(word) == latin


@pytest.mark.parametrize(("word", "script", "latin"), [
    ("Traoré", "Latn", "traore"), ("Олександр", "Cyrl", "oleksandr"),
    ("Александр", "Cyrl", "aleksandr"), ("محمد", "Arab", "mhmd"), ("مُحَمَّد", "Arab", "muhammad"),
    ("አበበ", "Ethi", "abebe"), ("O'Brien", "Latn", "obrien"), ("පෙරේරා", "Sinh", "perera"),
])
def test_transliterate_word(word: str, script: str, latin: str) -> None:
    assert transliterate_word(word, script) == latin


@pytest.mark.parametrize(("word", "arabic", "persian_urdu"), [
    ("رضا", "rda", "rza"), ("ذوالفقار", "dhwalfqar", "zwalfqar"), ("عثمان", "athman", "asman"),
    ("حسن", "hsn", "hsn"),  # no letter Persian or Urdu say otherwise
])
def test_persian_and_urdu_letter_values(word: str, arabic: str, persian_urdu: str) -> None:
    assert transliterate_word(word, "Arab") == arabic
    assert transliterate_word(word, "Arab", PERSIAN_URDU) == persian_urdu


@pytest.mark.parametrize(("word", "language", "latin"), [
    ("мөнх", MONGOLIAN, "munkh"), ("дорж", MONGOLIAN, "dorj"), ("өлзий", MONGOLIAN, "ulzii"),
    ("баярсайхан", MONGOLIAN, "bayarsaikhan"),
    ("қасымова", KAZAKH, "kasymova"), ("жанар", KAZAKH, "zhanar"), ("әбенов", KAZAKH, "abenov"),
    ("михаил", "", "mihail"),  # Russian: rigour's standard
])
def test_mongolian_and_kazakh_cyrillic(word: str, language: str, latin: str) -> None:
    assert transliterate_word(word, "Cyrl", language) == latin


@pytest.mark.parametrize(("words", "language"), [
    (["رضا", "حسینی"], PERSIAN_URDU), (["محمد", "علي"], ""),
    (["ганбаатар", "мөнх"], MONGOLIAN), (["энхбаяр", "цэрэн"], MONGOLIAN),
    (["жанар", "қасымова"], KAZAKH), (["эдуард", "михайлов"], ""),  # a Russian э leads a word
    (["сергій", "іваненко"], ""),  # Ukrainian і is no Kazakh letter
])
def test_field_language(words: list[str], language: str) -> None:
    assert field_language(words) == language


def test_han_is_read_per_character() -> None:
    assert han_syllables("王小明") == ("wang", "xiao", "ming")


@pytest.mark.parametrize(("word", "latin"), [
    ("משה", "msha"), ("בנימין", "bnimin"), ("כהן", "khn"), ("יעקב", "yakv"),
])
def test_hebrew_letters_as_names_usually_spell_them(word: str, latin: str) -> None:
    assert hebrew_to_latin(word) == latin


@pytest.mark.parametrize(("word", "spelling", "fit"), [
    ("בנימין", "binyamin", True), ("נתניהו", "netanyahu", True), ("כהן", "cohen", True),
    ("יצחק", "yitzhak", True), ("משה", "moshe", True), ("דוד", "david", True),
    ("בנימין", "benjamin", True),  # י as j, as German and English spell it
    ("משה", "mark", False), ("כהן", "kahn", True), ("כהן", "kohl", False),
    ("בנימין", "bnmn", True), ("בנימין", "binyamins", False),  # no letter more
])
def test_a_latin_spelling_fits_the_hebrew_letters(word: str, spelling: str, fit: bool) -> None:
    assert fits(word, spelling) is fit



@pytest.mark.parametrize(("written", "latin"), [
    ("এ কে এম মোজাম্মেল হক", "A. K. M. Mojammel Haque"),  # Bengali letter names
    ("এস এম শফিউদ্দিন আহমেদ", "S. M. Shafiuddin Ahmed"),
    ("वी के सिंह", "V. K. Singh"), ("के पी शर्मा ओली", "K. P. Sharma Oli"),  # Devanagari
])
def test_an_initial_spelt_as_the_letters_name_is_the_initial(written: str, latin: str) -> None:
    assert sorted(name_tokens(written)) == sorted(name_tokens(latin))


def test_letter_names_alone_are_no_initials() -> None:
    assert name_tokens("এম এ") == ("em", "e")


@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Ковальський", "kovalsky"), ("Володимирович", "volodimirovich"),  # read by the letters
])
def test_a_slavic_family_name_or_patronymic_keeps_its_reading(cyrillic: str,
                                                                latin: str) -> None:
    assert name_tokens("Олег " + cyrillic)[-1] == latin


@pytest.mark.parametrize(("written", "reading"), [("पदम", "padam"), ("गुरुङ", "gurung")])
def test_a_word_far_from_its_wikidata_aliases_keeps_its_reading(written: str,
                                                                 reading: str) -> None:
    assert name_tokens("राम " + written)[-1] == reading  # not Padma, not Garg


@pytest.mark.parametrize(("written", "latin"), [
    # Cyrillic writes the j of other languages as дж, romanised dzh; шейх is sheikh.
    ("Джамал Хашогги", "Jamal Hashoggi"), ("Дженнифер Лопес", "Jennifer Lopes"),
    ("Джамшед Рахимов", "Dzhamshed Rahimov"), ("Шейх Хасина", "Hasina"),
    # A foreign name transcribed in Cyrillic takes its Wikidata spelling (uilyam,
    # dzheims, uolter, fransua by the letters).
    ("Франсуа Бозизе", "François Bozizé"), ("Фелисьен Кабуга", "Félicien Kabuga"),
    ("Джеймс Уолтер", "James Walter"),
    # A Bengali or Devanagari word a letter or two off its Wikidata spelling takes it.
    ("শফিকুল ইসলাম", "Shafiqul Islam"), ("ভ্লাদিমির পুতিন", "Vladimir Putin"),
    ("अंजली तिवारी", "Anjali Tiwari"),
])
def test_a_name_in_another_script_meets_its_latin_spelling(written: str, latin: str) -> None:
    assert name_tokens(written) == name_tokens(latin)
