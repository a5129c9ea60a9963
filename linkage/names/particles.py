"""Name particles: connectors such as bin, ould, al-, van, de, and the abd- compounds.

The policy, applied the same way to every record so spellings converge:
- lineage connectors (bin, ibn, bint, ould, ben after the first word) and
  articles (al-, el-, ul-, ...) and European particles (van, de, da, dos, ...)
  are dropped: "Ibrahim bin Ali al-Hassan" -> ibrahim ali hasan;
- an article glued to a known name is split off: "Alhassan" -> hasan;
- abd- compounds are split into "abdul" + the name that follows, so
  "Abdulrahman", "Abdel Rahman" and "Abd al-Rahman" all give abdul rahman and a
  bare initial "A." can still stand for "Abdul". Abdullah stays one word.
"""

from collections.abc import Callable, Sequence

# "bn" and "bnt" are بن and بنت read letter by letter: the abjad writes no short vowels.
CONNECTORS = frozenset("bin ibn bint binti ould wuld walad bn bnt".split())
ARTICLES = frozenset("al el ul ud ad ar as ash at az ur us ed er es".split())
EUROPEAN = frozenset("van von der den de del della di da das do dos du la le ter ten".split())
_ABD = ("abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdil", "abdoul", "abdool", "abdur",
        "abdus", "abdun", "abdud", "abdar", "abdas", "abder", "abdes", "abdou")
_ABD_FORMS = frozenset(_ABD)
# "i" for the Somali and Ethiopian Abdi- (Abdirahman, Abdikarim); "abdi" alone is a name.
_GLUE = tuple(sorted({a[3:] for a in _ABD} | ARTICLES | {"i"}, key=len, reverse=True))
# "lh" and "allh": الله read letter by letter, its article split off or kept.
_ALLAH = frozenset("allah ullah illah alla ulla lah llah lh allh".split())
# Ilah ("god", الإله) after an article: Abdelilah, Abdelillah and Abd al-Ilah are عبد الإله,
# a name of its own, where Abdillah (no article) is Abdullah.
_ILAH = frozenset(("ilah", "illah"))
ABDUL = "abdul"

# Turkic and Mongolian given names built on el ("people", "realm"), in which el is no
# Arabic article: Elnur is no al-Nur, Elmurod no al-Murad.
TURKIC_EL_NAMES = frozenset("""
    elbek elbegdorj elbeg elbrus elchin eldar eldor elgun elkhan elmar elmir elmira elmurod
    elmurat elnar elnara elnur elshad elshan elshod eltun elvin elxan elyor
""".split())

Canon = Callable[[str], str]
Known = Callable[[str], bool]


def _droppable(tokens: Sequence[str], i: int) -> bool:
    token = tokens[i]
    if i == len(tokens) - 1:
        return False  # a trailing particle is the name itself ("Li Da", "Ali Ben")
    if token in CONNECTORS or token in ARTICLES or token in EUROPEAN:
        return True
    return token == "ben" and i > 0


def drop_particles(tokens: Sequence[str]) -> list[str]:
    """Remove connectors, articles and European particles standing before a name."""
    kept = [t for i, t in enumerate(tokens) if not _droppable(tokens, i)]
    return kept if kept else list(tokens)


def split_glued_article(token: str, known: Known, name: Known | None = None) -> str:
    """Strip an article glued to a known name: "alhassan" -> "hassan", "benali" -> "ali".

    With `name` (is this word itself a known name?), an al- or el- glued to a word that is
    not one is stripped too: Maghreb and Egyptian family names are written joined or
    apart at will ("Elmasry" / "El-Masry", "Altarawneh" / "Al-Tarawneh"). A vowel after
    al- is kept ("Alemayehu", "Alaoui"), and only a rest of five letters or more is split
    ("Elidrissi" / "El Idrissi"), so that given names which only begin like an article
    stay whole ("Elijah", and Almaze, Alseny, Almamy of Ethiopia and West Africa), as
    do Turkic and Mongolian names built on el (Elnur, Elmurod, Elbegdorj).
    """
    if token in TURKIC_EL_NAMES:
        return token
    for article in ("al", "el", "ben", "bn"):  # bn: بن read letter by letter
        rest = token[len(article):]
        if token.startswith(article) and len(rest) >= 3 and known(rest):
            return rest
    if name is None or token[:2] not in ("al", "el") or name(token):
        return token
    rest = token[2:]
    consonant = rest[:1] not in ("a", "e", "i", "o", "u", "y", "")
    if len(rest) >= 5 and (consonant or token.startswith("el")):
        return rest
    return token


def split_abd(token: str, known: Known) -> tuple[str, ...]:
    """Split a glued abd- compound into ("abdul", name) when the name is known."""
    if not token.startswith("abd") or token in _ABD_FORMS:
        return (token,)
    for glue in _GLUE:
        rest = token[3 + len(glue):] if token[3:].startswith(glue) else ""
        if glue.endswith("l") and rest in _ILAH:
            return (ABDUL, "ilah")
        if rest in _ALLAH:
            return ("abdullah",)
        # Written apart, any name after abd- is split off ("Abdel Ilah" -> abdul ilah), so
        # glued it is too when it is long enough not to be a stray ending.
        if (len(rest) >= 3 and known(rest)) or len(rest) >= 4:
            return (ABDUL, rest)
    rest = token[3:]
    return (ABDUL, rest) if len(rest) >= 3 and known(rest) else (token,)


# The article between two names as South Asian names write it, hyphenated or apart:
# Zia-ul-Haq, Habib ur Rahman. Written as one word it ends the first name (Ziaul Haq,
# Habibur Rahman, Rezaul Karim), and that is where it is put.
_LINKING_ARTICLES = frozenset({"ul", "ur"})


def join_linking_article(tokens: Sequence[str]) -> list[str]:
    """An ul or ur between two names joined to the name before it: zia ul haq -> ziaul
    haq, as Ziaul Haq is written."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token in _LINKING_ARTICLES and out and i + 1 < len(tokens):
            out[-1] += token
        else:
            out.append(token)
    return out


def join_abd(tokens: Sequence[str]) -> list[str]:
    """Turn a free-standing abd/abdel/abdul (+ article) into "abdul" before its name."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _ABD_FORMS and i + 1 < len(tokens):
            nxt = i + 2 if tokens[i + 1] in ARTICLES and i + 2 < len(tokens) else i + 1
            after_article = nxt > i + 1 or token.endswith("l")
            if after_article and tokens[nxt] in _ILAH:
                out.extend((ABDUL, "ilah"))
            elif tokens[nxt] in _ALLAH:
                out.append("abdullah")
            else:
                out.extend((ABDUL, tokens[nxt]))
            i = nxt + 1
            continue
        out.append(ABDUL if token in _ABD_FORMS else token)
        i += 1
    return out
