"""Korean names written in Hangul: family name first, the given name one word; and the
spellings that tell a Korean name in Latin letters from a Chinese one.

A Korean name is written without spaces (김정은) or with one after the family name
(김 정은); the family name is one syllable, or two for a few (남궁, 황보). Romanised
syllable by syllable (anyascii: Revised Romanization) the family name would read "gim",
"i", "bag", where passports write Kim, Lee, Park: the commonest family names, most of
all Koreans, take the spelling passports most often give them. The given name stays one
word, as passports write it ("jeongeun"), so that Jeong-eun written apart meets it.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_COMPOUND = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"})
_SURNAMES = dict(zip(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 전 홍 고 문 "
    "양 손 배 백 허 유 남 심 노 하 곽 성 차 주 우 구 민 진 나 지 엄 채 "
    "원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 "
    "반 왕 금 옥 육 인 맹 제 모 탁 국".split(),
    "kim lee park choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song ryu "
    "jeon hong ko moon yang son bae baek heo yoo nam shim noh ha kwak sung cha joo woo koo "
    "min jin na ji eom chae won cheon bang kong hyun ham byun yeom yeo choo do so seok sun "
    "seol ma gil yeon wi pyo myung ki ban wang keum ok yook in maeng je mo tak kook".split(),
    strict=True))


# Each family name's rank among them, as listed (commonest first), by its usual Latin
# spelling and the other spellings passports often give it; and that usual spelling.
FAMILY_RANK = {latin: rank for rank, latin in enumerate(_SURNAMES.values())}
USUAL_SPELLING = {latin: latin for latin in _SURNAMES.values()}
for _usual, _others in (("lee", "yi rhee"), ("park", "pak bak"), ("choi", "choe"),
                        ("jung", "chung jeong"), ("cho", "jo"), ("yoon", "yun"),
                        ("jang", "chang"), ("lim", "im"), ("ryu", "yu"), ("jeon", "chun")):
    FAMILY_RANK.update((other, FAMILY_RANK[_usual]) for other in _others.split())
    USUAL_SPELLING.update((other, _usual) for other in _others.split())
# Revised Romanization, which passports seldom use for family names (Gim for Kim).
USUAL_SPELLING.update(gim="kim", gang="kang", gwon="kwon", gwak="kwak", seong="sung",
                      hyeon="hyun", byeon="byun", myeong="myung", geum="keum", guk="kook")

# Spellings of Korean family names that no Chinese name takes, as Lee, Chung, Chang and
# Ko are Chinese ones too: a name holding one is Korean.
ONLY_KOREAN = frozenset("""
    ahn baek bak byeon cheon choe eom gim gwak gwon heo hyeon jeon jeong kim kwak kwon
    myeong pak park rhee seo yeom yoon
""".split())

# A Korean syllable as Revised and McCune-Reischauer romanisation and passports write it
# (breves dropped; "oo" for u as in Joon, Soo), and the spellings in it that neither
# pinyin, Wade-Giles nor Cantonese romanisation use: eo, eu, ae, oo, and a consonant
# followed by y (Hye, Kyun, Myung, Gyu).
_SYLLABLE = re.compile(
    r"(?:kk|tt|pp|ss|jj|ch|[gkndtrlmbpsjh])?"
    r"(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|a|e|o|u|i)(?:ng|[kntlmp])?")
_SYLLABLES = re.compile(f"(?:{_SYLLABLE.pattern})+")
_KOREAN_SPELLING = re.compile(r"eo|eu|ae|oo|[bcdghjklmnpst]y")


def korean_syllable(word: str) -> bool:
    """Whether a word is one Korean syllable in Latin letters ("min", "seung", "hoon")."""
    return bool(_SYLLABLE.fullmatch(word))


def korean_spelling(word: str) -> bool:
    """Whether a word is made of Korean syllables and spelt as only Korean names are
    ("mongjoon", "segyun", "hyejin"); "minho" or "jisung" could be Chinese as well."""
    return bool(_KOREAN_SPELLING.search(word)) and bool(_SYLLABLES.fullmatch(word))


def _latin(hangul: str) -> str:
    return _NOT_ALNUM.sub("", anyascii(hangul).lower())


def hangul_parts(text: str) -> tuple[str, str] | None:
    """(given name, family name) in Latin of a Hangul name written in one piece or with
    a space after the family name; None for any other shape."""
    words = text.split()
    if len(words) == 1:
        cut = 2 if words[0][:2] in _COMPOUND else 1
        family, given = words[0][:cut], words[0][cut:]
    elif len(words) == 2 and len(words[0]) <= 2:
        family, given = words
    else:
        return None
    if not given:
        return None
    given_latin, family_latin = _latin(given), _SURNAMES.get(family) or _latin(family)
    # Marks or punctuation for a "word" ("김 /") romanise to nothing: not this shape.
    return (given_latin, family_latin) if given_latin and family_latin else None
