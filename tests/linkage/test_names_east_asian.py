"""Chinese and Korean names: Wade-Giles, pinyin, dialect spellings, Hangul, family name first,
and the names that only look Chinese."""

import pytest

from linkage import columns as c
from linkage import normalise_one
from linkage.names import canonical_token, parse_name
from tests.linkage.factories import name_tokens


@pytest.mark.parametrize(("one", "other"), [
    ("HSU Lingyan", "XU Lingyan"), ("CHEUNG Wei", "ZHANG Wei"), ("KWOK Dongwei", "GUO Dongwei"),
])
def test_chinese_family_names_agree_across_romanisations(one: str, other: str) -> None:
    assert parse_name("", "", one).tokens == parse_name("", "", other).tokens


@pytest.mark.parametrize(("one", "other"), [
    ("MA, Chih Yung", "MA Zhiyong"), ("Mingchih CHAN", "CHEN, Ming-zhi"),
    ("WONG, Yonghsiao", "Yung-xiao WANG"), ("Wei Chien LEE", "伟建 李"),
    ("Hui Bin LIU", "辉斌 刘"), ("WANG, Yen", "WANG Yan"),
])
def test_chinese_names_meet_across_wade_giles_pinyin_and_spacing(one: str, other: str) -> None:
    def key(name: str) -> list[str]:
        return sorted(parse_name("", "", name).tokens)
    assert key(one) == key(other)


@pytest.mark.parametrize(("hangul", "given", "family"), [
    ("김정은", "jeongeun", "kim"), ("김 정은", "jeongeun", "kim"), ("박지성", "jiseong", "park"),
    ("남궁민", "min", "namgung"),  # a two-syllable family name
])
def test_hangul_names_family_first_with_passport_family_spellings(hangul: str, given: str,
                                                                  family: str) -> None:
    parsed = parse_name("", "", hangul)
    assert (parsed.given, parsed.family) == ((given,), (family,))


@pytest.mark.parametrize("written", ["김 /", "곁갤 \u0e6d", "걁 \u05bc"])
def test_a_hangul_word_beside_marks_gives_no_empty_token(written: str) -> None:
    # Punctuation or a lone mark for the second word romanises to nothing; it once gave
    # an empty token, on which normalisation failed (IndexError).
    parsed = parse_name("", "", written)
    assert parsed.tokens and all(parsed.tokens)
    assert normalise_one({"full_name": written})[c.NAME_TOKENS].iloc[0] == parsed.tokens


def test_a_hangul_name_meets_its_romanisation_written_apart() -> None:
    assert sorted(name_tokens("KIM Jeongeun")) == sorted(name_tokens("김정은"))
    # written hyphenated, the given name is joined as one word
    assert sorted(name_tokens("Kim Jeong-eun")) == sorted(name_tokens("김정은"))


@pytest.mark.parametrize(("one", "others"), [
    # Chung, Chang: Wade-Giles would make them the Chinese zhong, zhang
    ("Chung Mong-joon", ("정몽준", "Jeong Mong-jun", "JUNG, Mong-jun")),
    ("Chang Min-soo", ("장민수", "Jang Min-su")),
    ("Rhee Min-ho", ("이민호", "Lee Min-ho")),
    ("Gim Jeong-eun", ("김정은", "Kim Jeong-eun")),  # Revised Romanization
    ("Pak Ji-sung", ("Park Ji-sung", "Bak Ji-sung")),
])
def test_a_korean_family_name_meets_its_other_spellings(one: str, others: tuple[str, ...]
                                                         ) -> None:
    family = parse_name("", "", one).family
    assert all(parse_name("", "", other).family == family for other in others)


@pytest.mark.parametrize(("written", "family"), [
    ("Chung Ho-sung", ("zhong",)),  # either; Wade-Giles syllables, read as Chinese
    ("LEE Mingyung", ("li",)), ("Wang Chien-yung", ("wang",)),
    ("KO Chihming", ("gao",)),  # Ko is Chinese as well as Korean
    ("João Silva", ("silva",)), ("Ana Joo", ("ju",)),  # no Korean reading of João
])
def test_a_name_that_may_be_chinese_is_read_as_chinese(written: str,
                                                       family: tuple[str, ...]) -> None:
    assert parse_name("", "", written).family == family


@pytest.mark.parametrize(("written", "given", "family"), [
    ("Wang Wei-ming", ("weiming",), ("wang",)),  # was wangwei + ming
    ("Park Min-soo", ("minsu",), ("park",)), ("Ban Ji-hoon", ("jihun",), ("ban",)),
    ("Ma Ying-jeou", ("yingjeou",), ("ma",)),  # Gwoyeu Romatzyh: eou is one vowel
    ("Mary Smith-Jones", ("mary", "smith"), ("jones",)),  # not syllables: as before
    ("Ali Abu-Bakr", ("ali",), ("abubakar",)),  # one name of the table, written apart
])
def test_a_hyphenated_given_name_of_syllables_follows_the_family_name(
        written: str, given: tuple[str, ...], family: tuple[str, ...]) -> None:
    parsed = parse_name("", "", written)
    assert (parsed.given, parsed.family) == (given, family)


@pytest.mark.parametrize(("written", "given", "family"), [
    ("Wang Xiao Ming", ("xiaoming",), ("wang",)),  # was wangxiao + ming
    ("Xiao Ming Wang", ("xiaoming",), ("wang",)),  # given name first: Wang is commoner
    ("Zhang Wei Guo", ("weiguo",), ("zhang",)),  # Guo is a family name too, a rarer one
    ("Wang Hsiao Ming", ("xiaoming",), ("wang",)),  # Wade-Giles syllables
    ("Kim Min Su", ("minsu",), ("kim",)), ("Lee Min Ho", ("minho",), ("li",)),
    ("Min Su Kim", ("minsu",), ("kim",)),
    ("Jean Paul Ho", ("jean", "paul"), ("ho",)),  # no family name first: as before
])
def test_a_chinese_or_korean_name_written_apart_keeps_its_family_name(
        written: str, given: tuple[str, ...], family: tuple[str, ...]) -> None:
    parsed = parse_name("", "", written)
    assert (parsed.given, parsed.family) == (given, family)


def test_a_chinese_name_written_apart_meets_its_other_forms() -> None:
    assert sorted(name_tokens("Wang Xiao Ming")) == sorted(name_tokens("WANG Xiaoming"))
    assert sorted(name_tokens("Wang Xiao Ming")) == sorted(name_tokens("王小明"))
    assert sorted(name_tokens("Lee Min Ho")) == sorted(name_tokens("이민호"))


@pytest.mark.parametrize(("written", "other_forms"), [
    ("Chow Yun Fat", ("CHOW Yun Fat", "Yun Fat Chow", "CHOW, Yun Fat")),  # was zhouyun + fat
    ("Lee Kuan Yew", ("LEE Kuan Yew", "Kuan Yew Lee")),  # was likuan + yew
    ("Wong Kar Wai", ("WONG Kar Wai", "Kar Wai Wong")),
    ("Lau Tak Wah", ("LAU Tak Wah",)),
])
def test_a_cantonese_or_hokkien_name_written_apart_keeps_its_family_name(
        written: str, other_forms: tuple[str, ...]) -> None:
    parsed = parse_name("", "", written)
    assert parsed.family == (canonical_token(written.split()[0].lower()),)
    assert all(sorted(name_tokens(form)) == sorted(name_tokens(written)) for form in other_forms)


def test_a_hyphenated_cantonese_given_name_follows_its_family_name() -> None:
    assert parse_name("", "", "Lee Kuan-yew").family == ("li",)  # was likuan + yew


def test_ma_without_a_full_stop_is_a_name() -> None:
    assert "ma" in name_tokens("Ma Ying")


def test_wade_giles_is_read_only_in_names_written_in_latin() -> None:
    assert name_tokens("Hsin Wang") == ("xin", "wang")


@pytest.mark.parametrize("name", ["Jean Claude UWIMANA", "José Chin", "Ali Hasan", "Jan Smit"])
def test_other_names_keep_their_words(name: str) -> None:
    # "jean" reads as Wade-Giles je + an and "jose" as jo + se: j- syllables stay as written.
    tokens = parse_name("", "", name).tokens
    assert tokens[0] in ("jean", "jose", "ali", "jan") and len(tokens) >= 2


@pytest.mark.parametrize(("written", "word"), [
    ("Tsegaye Kebede", "tsegaye"), ("Tsehaye Berhe", "tsehaye"),  # was xiegaye, xiehaye
    ("Tsering Sherpa", "tsering"), ("Munkh Tseren", "tseren"),  # was zering, zeren
    ("Lautaro Gonzalez", "lautaro"), ("Laurent Kabila", "laurent"),  # was liutaro, liurent
])
def test_a_word_that_only_looks_chinese_is_read_as_written(written: str, word: str) -> None:
    assert word in name_tokens(written)


def test_two_words_that_only_look_like_syllables_are_not_joined() -> None:
    assert name_tokens("Yaw Yaw Kouassi").count("yao") == 2  # Akan, not the pinyin yaoyao


@pytest.mark.parametrize(("written", "given"), [
    ("Ouyang Chih-yung", ("zhiyong",)),  # a family name outside the common ones
    ("CHANG Kuoming", ("guoming",)), ("LAW Xiao Ping", ("xiaoping",)),
])
def test_a_chinese_name_still_reads_its_wade_giles_as_pinyin(
        written: str, given: tuple[str, ...]) -> None:
    assert parse_name("", "", written).given == given


@pytest.mark.parametrize(("han", "latin"), [
    ("安格拉·默克尔", "Angela Merkel"), ("安东尼奥·古特雷斯", "António Guterres"),
    ("科菲·安南", "Kofi Annan"), ("约瑟夫·拜登", "Joseph Biden"),
    ("易卜拉欣・特拉奥雷", "Ibrahim Traoré"),  # the Japanese middle dot
    ("弗拉基米尔 · 普京", "Vladimir Putin"),
])
def test_a_foreign_name_transcribed_in_han_meets_its_latin_spelling(han: str,
                                                                    latin: str) -> None:
    # Each dotted word's Wikidata alias, given name first; before, 安 was read as the
    # Chinese family name An and the rest run together (gelamokeer).
    found = parse_name("", "", han)
    assert (found.given, found.family) == (parse_name("", "", latin).given,
                                           parse_name("", "", latin).family)


def test_a_transcribed_word_wikidata_lacks_is_its_pinyin_and_fields_count_too() -> None:
    assert parse_name("", "", "保罗·卡加梅").tokens == ("paul", "kajiamei")
    # In fields, a family name of three characters is no Chinese one.
    assert parse_name("安格拉", "默克尔", "").tokens == ("angela", "merkel")
    assert parse_name("小明", "王", "").tokens == ("xiaoming", "wang")
    assert parse_name("", "", "欧阳修").tokens == ("xiu", "ouyang")
