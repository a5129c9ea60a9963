"""Render personnel rows: the person as one organisation recorded them."""

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from scripts.demo_data.careers import Careers
from scripts.demo_data.config import RecordRates, VariationRates
from scripts.demo_data.dates import birth_date
from scripts.demo_data.identifiers import (
    IdentifierMakers,
    national_id,
    passport_number,
    reformat_service_number,
    service_number,
)
from scripts.demo_data.lexicon import load_lexicon
from scripts.demo_data.name_format import format_name
from scripts.demo_data.names import NameFields, NameIds, Speller, name_parts, vary_latin
from scripts.demo_data.people import NAME_PARTS, People
from scripts.demo_data.plan import HOME, HOME_AGAIN, MISSION, OTHER_STATE, RecordSpec
from scripts.demo_data.ranks import CATEGORIES, rank_title, unit_name
from scripts.demo_data.states import State

PERSONNEL_COLUMNS = (
    "record_id", "family_name", "given_names", "full_name", "aliases", "date_of_birth",
    "place_of_birth", "nationality", "sex", "service_number", "passport_number", "national_id",
    "rank", "unit", "personnel_category",
)
# An alias is the name again in the other script, or in its less common Latin spellings.
ALIAS_RATES = VariationRates(
    alt_spelling=1.0, alt_native=0.0, middle_dropped=0.0, patronymic_dropped=0.0, connector=0.0,
    prefix_toggled=0.0,
)
Row = tuple[str, ...]


@dataclass
class PersonnelRenderer:
    """Renders the personnel rows of one chunk."""

    people: People
    careers: Careers
    states: tuple[State, ...]
    ids: IdentifierMakers
    records: RecordRates
    variation: VariationRates
    rng: random.Random
    counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        columns = (self.people.names[part].tolist() for part in NAME_PARTS)
        self._names = cast(list[NameIds], list(zip(*columns, strict=True)))
        self._birth = self.people.birth.tolist()
        self._female = self.people.female.tolist()
        self._state = self.people.state.tolist()
        self._service = self.ids.service(self.people.gid).tolist()
        self._passport = self.ids.passport(self.people.gid * 3).tolist()
        self._national = self.ids.national(self.people.gid).tolist()

    def row(self, record_id: str, spec: RecordSpec) -> tuple[Row, str]:
        """One personnel row and the ISO 15924 script its name is written in."""
        state = self.states[self._state[spec.row]]
        native = (spec.kind in (HOME, HOME_AGAIN) and state.has_native_script
                  and self.rng.random() < state.native_rate)
        if native:
            self.counts["native_script"] += 1
        name = self._name(state, spec, native)
        year, month, day = self._birth[spec.row]
        row = (record_id, name.family_name, name.given_names, name.full_name,
               self._alias(state, spec, native, name),
               birth_date(year, month, day, self.variation, self.rng, self.counts),
               self._place(state, spec, native), self._nationality(state, spec),
               self._sex(spec.row), self._service_number(state, spec),
               self._passport_number(state, spec), self._national_id(state, spec),
               *self._post(state, spec))
        return row, state.script if native else "Latn"

    def _name(self, state: State, spec: RecordSpec, native: bool) -> NameFields:
        sp = Speller(load_lexicon(state), native, self.variation, self.rng, self.counts)
        parts = name_parts(state, sp, self._names[spec.row], self._female[spec.row])
        if not native:
            parts = vary_latin(parts, sp)
        return format_name(state, parts, native, spec.kind == MISSION, self.rng,
                           self.variation.order_swapped, self.counts)

    def _alias(self, state: State, spec: RecordSpec, native: bool, name: NameFields) -> str:
        if self.rng.random() >= self.records.alias:
            return ""
        other_script = state.has_native_script and not native and spec.kind != MISSION
        sp = Speller(load_lexicon(state), other_script, ALIAS_RATES, self.rng, Counter())
        given, family = name_parts(state, sp, self._names[spec.row], self._female[spec.row])
        alias = " ".join(given + family)
        written = {name.full_name, f"{name.given_names} {name.family_name}"}
        if alias in written:
            return ""
        self.counts["alias"] += 1
        return alias

    def _place(self, state: State, spec: RecordSpec, native: bool) -> str:
        if self.rng.random() < self.records.place_missing:
            return ""
        lex = load_lexicon(state)
        entry = lex.entries[int(self.people.place[spec.row])]
        return entry.native[0] if native and entry.native else entry.latin[0]

    def _nationality(self, state: State, spec: RecordSpec) -> str:
        if self.rng.random() < self.records.nationality_missing:
            return ""
        if spec.kind == OTHER_STATE and self.rng.random() < 0.7:
            return spec.org  # a dual national, recorded with the submitting state's nationality
        return state.code

    def _sex(self, row: int) -> str:
        if self.rng.random() < self.records.sex_missing:
            return ""
        return "F" if self._female[row] else "M"

    def _service_number(self, state: State, spec: RecordSpec) -> str:
        rate = self.records.service_number_home
        if spec.kind == OTHER_STATE:
            return ""
        if spec.kind == MISSION:
            rate = self.records.service_number_mission
        if self.rng.random() >= rate:
            return ""
        text = service_number(state, self._service[spec.row])
        if spec.kind != HOME and self.rng.random() < self.variation.service_number_reformatted:
            self.counts["service_number_reformatted"] += 1
            return reformat_service_number(text, self.rng)
        return text

    def _passport_number(self, state: State, spec: RecordSpec) -> str:
        rate = self.records.passport_mission if spec.kind == MISSION else self.records.passport_home
        if self.rng.random() >= rate:
            return ""
        number = self._passport[spec.row]
        issuer = state
        if spec.kind == OTHER_STATE:
            issuer = next(s for s in self.states if s.code == spec.org)
            number = self.ids.passport.one(int(self.people.gid[spec.row]) * 3 + 2)
        elif spec.kind != HOME and self.rng.random() < self.variation.passport_renewed:
            self.counts["passport_renewed"] += 1
            number = self.ids.passport.one(int(self.people.gid[spec.row]) * 3 + 1)
        return passport_number(issuer, number)

    def _national_id(self, state: State, spec: RecordSpec) -> str:
        rate = self.records.national_id_home
        if spec.kind == MISSION:
            rate = self.records.national_id_mission
        if spec.kind == OTHER_STATE or self.rng.random() >= rate:
            return ""
        return national_id(state, self._national[spec.row])

    def _post(self, state: State, spec: RecordSpec) -> tuple[str, str, str]:
        category = int(self.people.category[spec.row])
        language = "un" if spec.kind == MISSION else state.language
        if spec.kind == OTHER_STATE:
            language = next(s for s in self.states if s.code == spec.org).language
        rank = rank_title(category, int(self.people.rank[spec.row]), language)
        number = int(self.careers.unit[spec.row, spec.deployment])
        unit = unit_name(category, state.unit, number, state.code)
        if spec.kind == OTHER_STATE:
            unit = ""
        missing = self.rng.random() < self.records.category_missing
        return rank, unit, "" if missing else CATEGORIES[category]
