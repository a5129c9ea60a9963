"""One person's name as one record writes it: script, spelling, order, parts kept or dropped."""

import random
from collections import Counter
from dataclasses import dataclass, field

from scripts.demo_data.config import VariationRates
from scripts.demo_data.lexicon import Lexicon, strip_accents
from scripts.demo_data.people import NONE
from scripts.demo_data.slavic import feminine_family, feminine_patronymic
from scripts.demo_data.states import State
from scripts.demo_data.typos import keyboard_typo, ocr_typo

CONNECTORS = {True: ("بن",), False: ("bin", "ibn", "Bin")}
NameIds = tuple[int, int, int, int, int, int, int]  # people.NAME_PARTS order
Parts = tuple[list[str], list[str]]  # given parts, family parts


@dataclass(frozen=True)
class NameFields:
    """The name columns of one personnel row."""

    family_name: str
    given_names: str
    full_name: str


@dataclass
class Speller:
    """Chooses how each name part is spelt in one record, counting the variations used."""

    lex: Lexicon
    native: bool
    rates: VariationRates
    rng: random.Random
    counts: Counter[str]
    chosen: dict[int, str] = field(default_factory=dict)  # one spelling per name within a record

    def pick(self, forms: tuple[str, ...], kind: str, rate: float) -> str:
        """The standard form, or with probability `rate` another one."""
        if len(forms) > 1 and self.rng.random() < rate:
            self.counts[kind] += 1
            return self.rng.choice(forms[1:])
        return forms[0]

    def word(self, entry_id: int) -> str:
        """A name part in this record's script, spelt alike wherever it recurs in the record."""
        if entry_id in self.chosen:
            return self.chosen[entry_id]
        entry = self.lex.entries[entry_id]
        if self.native and entry.native:
            text = self.pick(entry.native, "alt_native", self.rates.alt_native)
        else:
            text = self.pick(entry.latin, "alt_spelling", self.rates.alt_spelling)
        self.chosen[entry_id] = text
        return text

    def patronymic(self, entry_id: int, female: bool) -> str:
        """The patronymic made from the father's name."""
        entry = self.lex.entries[entry_id]
        forms = entry.pat_native if self.native else entry.pat_latin
        rate = self.rates.alt_native if self.native else self.rates.alt_spelling
        name = self.pick(forms, "alt_native" if self.native else "alt_spelling", rate)
        return feminine_patronymic(name, ukrainian=name == forms[0]) if female else name

    def drop(self, rate: float, kind: str) -> bool:
        """Decide whether to leave a part out; counts it when so."""
        if self.rng.random() < rate:
            self.counts[kind] += 1
            return True
        return False


def _western(sp: Speller, ids: NameIds) -> Parts:
    _, given, middle, _, _, family, family2 = ids
    names = [sp.word(given)]
    if middle != NONE and not sp.drop(sp.rates.middle_dropped, "middle_dropped"):
        names.append(sp.word(middle))
    surnames = [sp.word(family)] if family != NONE else []
    if family2 != NONE and not sp.drop(sp.rates.middle_dropped, "surname_dropped"):
        surnames.append(sp.word(family2))
    return names, surnames


def _bengali(sp: Speller, ids: NameIds, female: bool) -> Parts:
    names, surnames = _western(sp, ids)
    prefix = ids[0]
    if not female and sp.drop(sp.rates.prefix_toggled, "prefix_toggled"):
        prefix = NONE if prefix != NONE else int(sp.lex.pools["prefix"][0])
    return ([sp.word(prefix)] if prefix != NONE else []) + names, surnames


def _arabic_chain(sp: Speller, ids: NameIds) -> Parts:
    _, given, _, father, grand, family, _ = ids
    chain = [father] if father != NONE else []
    if grand != NONE and not sp.drop(sp.rates.middle_dropped, "middle_dropped"):
        chain.append(grand)
    if family != NONE:
        if chain and not sp.native and sp.drop(sp.rates.patronymic_dropped, "patronymic_dropped"):
            chain = []
        chain.append(family)
    surnames = [sp.word(part) for part in chain]
    if len(surnames) > 1 and sp.drop(sp.rates.connector, "connector"):
        surnames.insert(0, sp.rng.choice(CONNECTORS[sp.native]))
    return [sp.word(given)], surnames


def _ethiopian(sp: Speller, ids: NameIds) -> Parts:
    _, given, _, father, grand, _, _ = ids
    chain = [sp.word(father)]
    if grand != NONE and not sp.drop(sp.rates.middle_dropped, "middle_dropped"):
        chain.append(sp.word(grand))
    return [sp.word(given)], chain


def _slavic(sp: Speller, ids: NameIds, female: bool) -> Parts:
    _, given, _, father, _, family, _ = ids
    names = [sp.word(given)]
    rate = sp.rates.patronymic_dropped if not sp.native else sp.rates.patronymic_dropped / 5
    if not sp.drop(rate, "patronymic_dropped"):
        names.append(sp.patronymic(father, female))
    surname = sp.word(family)
    return names, [feminine_family(surname) if female else surname]


def _chinese(sp: Speller, ids: NameIds) -> Parts:
    _, given, middle, _, _, family, _ = ids
    first = sp.word(given)
    if middle == NONE:
        return [first], [sp.word(family)]
    second = sp.word(middle)
    if sp.native:
        return [first + second], [sp.word(family)]
    joiner = sp.rng.choice(("", "", "", "", "-", " "))
    if joiner:
        sp.counts["syllables_split"] += 1
    second = second.capitalize() if joiner == " " else second.lower()
    return [first + joiner + second], [sp.word(family)]


def name_parts(state: State, sp: Speller, ids: NameIds, female: bool) -> Parts:
    """Given-name and family-name parts following the state's naming convention."""
    convention = state.convention
    if convention == "bengali":
        return _bengali(sp, ids, female)
    if convention == "arabic_chain":
        return _arabic_chain(sp, ids)
    if convention == "ethiopian":
        return _ethiopian(sp, ids)
    if convention == "slavic":
        return _slavic(sp, ids, female)
    if convention == "chinese":
        return _chinese(sp, ids)
    return _western(sp, ids)


def vary_latin(parts: Parts, sp: Speller) -> Parts:
    """Initials, typos and lost accents: what clerks do to Latin names."""
    given, family = list(parts[0]), list(parts[1])
    if given and given[-1][:1].isalpha() and sp.drop(sp.rates.initials, "initials"):
        given[-1] = given[-1][0].upper() + "."
    for rate, kind, typo in ((sp.rates.typo_keyboard, "typo_keyboard", keyboard_typo),
                             (sp.rates.typo_ocr, "typo_ocr", ocr_typo)):
        words = given + family
        if sp.rng.random() < rate and words:
            i = sp.rng.randrange(len(words))
            words[i] = typo(words[i], sp.rng)
            sp.counts[kind] += 1
            given, family = words[: len(given)], words[len(given) :]
    if any(not w.isascii() for w in given + family) and sp.rng.random() < sp.rates.accents_stripped:
        sp.counts["accents_stripped"] += 1
        given, family = [strip_accents(w) for w in given], [strip_accents(w) for w in family]
    return given, family
