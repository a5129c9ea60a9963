"""Korean names written in Hangul: family name first, the given name one word.

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
# spelling and the other spellings passports often give it.
FAMILY_RANK = {latin: rank for rank, latin in enumerate(_SURNAMES.values())}
for _usual, _others in (("lee", "yi rhee"), ("park", "pak bak"), ("choi", "choe"),
                        ("jung", "chung jeong"), ("cho", "jo"), ("yoon", "yun"),
                        ("jang", "chang"), ("lim", "im"), ("ryu", "yu"), ("jeon", "chun")):
    FAMILY_RANK.update((other, FAMILY_RANK[_usual]) for other in _others.split())


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
