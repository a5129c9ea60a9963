"""The match model, declared as data: features with ordered levels and their m/u.

A level's weight is log2(m / u): how much more often a true match than a
non-match lands on that level. The prior is the match probability of two records
drawn at random, the population u is measured on; blocking only decides which
pairs are worth comparing and adds no evidence of its own. Models serialise to and from JSON so the
registry can store the exact model beside every score it produced.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from linkage.features import LEVEL_FUNCTIONS, TF_KEYS

MODEL_NAME = "vetreg-fs"
MODEL_VERSION = "5"


@dataclass(frozen=True)
class Level:
    """One comparison outcome with its probabilities under match (m) and non-match (u)."""

    label: str
    m: float
    u: float
    tf: bool = False  # weight adjusted by how common the compared value is
    # "feature=level" this level can only occur with (e.g. a number from the same issuer
    # needs the same nationality): its weight is then conditional on that agreement,
    # which the other feature already counts, so the agreement is not counted twice.
    implies: str = ""
    # Least m that estimation may give: data can show a change (sex recorded wrongly,
    # a soldier back as a contractor) to be rare, but never rule it out, and an m near
    # zero would outweigh every other agreement of a true pair.
    min_m: float = 0.0

    @property
    def weight(self) -> float:
        """log2 Bayes factor of this level."""
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class Feature:
    """A compared field: its level function (by name) and ordered levels, best first."""

    name: str
    levels: tuple[Level, ...]
    tf_adjustment: float = 0.0  # 0 = off, 1 = full term-frequency adjustment

    def weights(self) -> NDArray[np.float32]:
        """Weights indexed by level + 1 (index 0 is the null level, weight 0), each level
        alone; `Model.level_weights` also conditions levels that imply another's."""
        return np.array([0.0] + [lv.weight for lv in self.levels], dtype=np.float32)


@dataclass(frozen=True)
class Model:
    """A Fellegi-Sunter model: prior and features; name and version travel with scores."""

    features: tuple[Feature, ...]
    prior: float = 1e-2  # chance that two records drawn at random are one person
    name: str = MODEL_NAME
    version: str = MODEL_VERSION
    trained_on: dict[str, Any] = field(default_factory=dict)

    @property
    def prior_weight(self) -> float:
        """log2 prior odds of a match among candidate pairs."""
        return math.log2(self.prior / (1.0 - self.prior))

    def feature(self, name: str) -> Feature:
        """The feature called `name`."""
        return next(f for f in self.features if f.name == name)

    def log_probabilities(self, feature: Feature) -> tuple[NDArray[np.float64],
                                                           NDArray[np.float64]]:
        """log2 m and log2 u per level, indexed by level + 1 (index 0, the null level, is 0).

        A level that implies another feature's level gets m and u conditional on it
        (chain rule: P(a, b) = P(b) P(a | b)), so together the two count once.
        """
        log_m = np.log2([1.0] + [lv.m for lv in feature.levels])
        log_u = np.log2([1.0] + [lv.u for lv in feature.levels])
        for i, level in enumerate(feature.levels, start=1):
            if level.implies:
                name, _, index = level.implies.partition("=")
                implied = self.feature(name).levels[int(index)]
                log_m[i] -= math.log2(implied.m)
                log_u[i] -= math.log2(implied.u)
        return log_m, log_u

    def level_weights(self, feature: Feature) -> NDArray[np.float32]:
        """Weights of a feature's levels in this model, indexed by level + 1 (null = 0)."""
        log_m, log_u = self.log_probabilities(feature)
        return np.asarray(log_m - log_u, dtype=np.float32)

    def with_probabilities(self, m: dict[str, list[float]], u: dict[str, list[float]],
                           prior: float | None = None, **trained_on: Any) -> Model:
        """A copy with new m and/or u per feature (missing names keep theirs)."""
        features = tuple(
            replace(f, levels=tuple(
                replace(lv, m=max(m.get(f.name, [lv.m for lv in f.levels])[i], lv.min_m),
                        u=u.get(f.name, [lv.u for lv in f.levels])[i])
                for i, lv in enumerate(f.levels)))
            for f in self.features)
        info = {**self.trained_on, **trained_on}
        return replace(self, features=features, prior=self.prior if prior is None else prior,
                       trained_on=info)

    def to_json(self) -> str:
        """JSON text of the whole model."""
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Model:
        """The model serialised by `to_json`; unknown level functions are refused, and so
        is a model whose levels do not line up with the current level functions (one
        saved by an earlier engine version)."""
        data = json.loads(text)
        expected = {f.name: len(f.levels) for f in DEFAULT_MODEL.features}
        features = []
        for f in data["features"]:
            if f["name"] not in LEVEL_FUNCTIONS:
                raise ValueError(f"unknown feature {f['name']!r}")
            levels = tuple(Level(**lv) for lv in f["levels"])
            if len(levels) != expected.get(f["name"], len(levels)):
                raise ValueError(f"feature {f['name']!r} has {len(levels)} levels; this "
                                 f"engine compares it in {expected[f['name']]}")
            features.append(Feature(f["name"], levels, f.get("tf_adjustment", 0.0)))
        return cls(tuple(features), data["prior"], data["name"], data["version"],
                   data.get("trained_on", {}))


def _feature(name: str, spec: list[tuple[str, float, float]], tf_levels: int = 0,
             tf_adjustment: float = 0.0, min_m: dict[str, float] | None = None,
             implies: dict[str, str] | None = None) -> Feature:
    floors, implied = min_m or {}, implies or {}
    levels = tuple(Level(label, m, u, i < tf_levels, implies=implied.get(label, ""),
                         min_m=floors.get(label, 0.0))
                   for i, (label, m, u) in enumerate(spec))
    return Feature(name, levels, tf_adjustment if name in TF_KEYS else 0.0)


def _identifier(name: str) -> Feature:
    """A number's levels; the last three are different numbers, told apart by issuer.

    "different, same issuer" implies the same nationality and "different, other issuer"
    a different one: both are weighed given that (dis)agreement, which the nationality
    feature counts, so a person's two passports from two states do not count the
    differing nationality a second time. "different" is left for pairs whose issuer
    cannot be told (a nationality unknown). u of "other issuer" is about the share of
    random pairs with different nationalities; m splits the matches' differing numbers.
    """
    feature = _feature(name, [("exact", 0.88, 2e-6), ("same number", 0.04, 1e-6),
                              ("one edit", 0.02, 2e-5), ("different, same issuer", 0.02, 0.15),
                              ("different", 0.015, 0.10),
                              ("different, other issuer", 0.025, 0.75)])
    levels = list(feature.levels)
    levels[3] = replace(levels[3], implies="nationality=0")
    levels[5] = replace(levels[5], implies="nationality=1")
    return replace(feature, levels=tuple(levels))


DEFAULT_MODEL = Model(features=(
    _feature("name", [
        ("exact", 0.50, 2e-5), ("variant", 0.12, 2e-5), ("close spellings", 0.14, 1e-4),
        ("all of one name", 0.10, 3e-4), ("one token of the other", 0.05, 5e-3),
        ("two shared, others differ", 0.03, 1e-3), ("one shared, others differ", 0.03, 0.05),
        ("initials", 0.01, 2e-2), ("different", 0.02, 0.927),
    ], tf_levels=3, tf_adjustment=1.0),
    _feature("date_of_birth", [
        ("exact", 0.80, 7e-5), ("day/month swapped", 0.02, 2e-6), ("one digit", 0.04, 6e-4),
        ("same year-month", 0.03, 2e-3), ("same year, partial date", 0.05, 2e-3),
        ("same year", 0.01, 0.023), ("year +-1", 0.02, 0.05), ("different", 0.03, 0.9223),
    ], tf_levels=1, tf_adjustment=1.0),
    _identifier("passport"),
    _identifier("national_id"),
    _identifier("service_number"),
    _feature("nationality", [("same", 0.95, 0.15), ("different", 0.05, 0.85)]),
    _feature("sex", [("same", 0.98, 0.5), ("different", 0.02, 0.5)], min_m={"different": 0.005}),
    _feature("place_of_birth", [("same", 0.80, 0.02), ("similar", 0.10, 0.01),
                                ("different", 0.10, 0.97)], tf_levels=1, tf_adjustment=1.0),
    # Weak, but often all that separates namesakes of a common name with no birth date:
    # two records of one rotation name one unit, a later rotation of the contingent a
    # unit of the same kind (BANBAT-2, BANBAT-3), and a person rarely changes category
    # (a soldier may come back as a contractor, so "different" is not ruled out). A
    # unit of another kind (a staff post after a battalion) keeps at least a fifth of
    # the matches, whatever a data set without such moves would estimate. A kind of unit
    # is nearly always one state's (BANBAT is Bangladesh's), so its weight is taken
    # given the same nationality, which that feature already counts.
    _feature("unit", [("same", 0.50, 0.01), ("same kind, other number", 0.25, 0.04),
                      ("different", 0.25, 0.95)], min_m={"different": 0.2},
             implies={"same kind, other number": "nationality=0"}),
    _feature("personnel_category", [("same", 0.95, 0.55), ("different", 0.05, 0.45)],
             min_m={"different": 0.02}),
), prior=1e-2)
"""Hand-set starting values: the model used before (and as prior for) estimation.

The prior is the chance that two records drawn at random are one person (u is
measured on random pairs too). Training re-estimates it from the data (about 3e-5 for
20,000 generated records); untrained, 1e-2 — a registry of a hundred people — errs
towards review, as clearing an offender by mistake is the costlier error in vetting.
"""
