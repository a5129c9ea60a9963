"""The match model, declared as data: features with ordered levels and their m/u.

A level's weight is log2(m / u): how much more often a true match than a
non-match lands on that level. The prior is the match probability of a
candidate pair before any comparison. Models serialise to and from JSON so the
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
MODEL_VERSION = "1"


@dataclass(frozen=True)
class Level:
    """One comparison outcome with its probabilities under match (m) and non-match (u)."""

    label: str
    m: float
    u: float
    tf: bool = False  # weight adjusted by how common the compared value is

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
        """Weights indexed by level + 1 (index 0 is the null level, weight 0)."""
        return np.array([0.0] + [lv.weight for lv in self.levels], dtype=np.float32)


@dataclass(frozen=True)
class Model:
    """A Fellegi-Sunter model: prior and features; name and version travel with scores."""

    features: tuple[Feature, ...]
    prior: float = 0.02
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

    def with_probabilities(self, m: dict[str, list[float]], u: dict[str, list[float]],
                           prior: float | None = None, **trained_on: Any) -> Model:
        """A copy with new m and/or u per feature (missing names keep theirs)."""
        features = tuple(
            replace(f, levels=tuple(
                replace(lv, m=m.get(f.name, [lv.m for lv in f.levels])[i],
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
        """The model serialised by `to_json`; unknown level functions are refused."""
        data = json.loads(text)
        features = []
        for f in data["features"]:
            if f["name"] not in LEVEL_FUNCTIONS:
                raise ValueError(f"unknown feature {f['name']!r}")
            levels = tuple(Level(**lv) for lv in f["levels"])
            features.append(Feature(f["name"], levels, f.get("tf_adjustment", 0.0)))
        return cls(tuple(features), data["prior"], data["name"], data["version"],
                   data.get("trained_on", {}))


def _feature(name: str, spec: list[tuple[str, float, float]], tf_levels: int = 0,
             tf_adjustment: float = 0.0) -> Feature:
    levels = tuple(Level(label, m, u, i < tf_levels) for i, (label, m, u) in enumerate(spec))
    return Feature(name, levels, tf_adjustment if name in TF_KEYS else 0.0)


def _identifier(name: str) -> Feature:
    return _feature(name, [("exact", 0.92, 2e-6), ("one edit", 0.04, 2e-5),
                           ("different", 0.04, 0.99998)])


DEFAULT_MODEL = Model(features=(
    _feature("name", [
        ("exact", 0.50, 2e-5), ("variant", 0.12, 2e-5), ("phonetic", 0.08, 1e-4),
        ("similar .92", 0.10, 2e-4), ("token subset", 0.06, 3e-4), ("similar .85", 0.06, 2e-3),
        ("similar .75", 0.04, 2e-2), ("one token", 0.03, 0.05), ("initials", 0.01, 2e-2),
        ("different", 0.01, 0.9054),
    ], tf_levels=2, tf_adjustment=1.0),
    _feature("date_of_birth", [
        ("exact", 0.82, 7e-5), ("day/month swapped", 0.02, 2e-6), ("one digit", 0.05, 6e-4),
        ("same year-month", 0.03, 2e-3), ("same year", 0.05, 0.025), ("year +-1", 0.02, 0.05),
        ("different", 0.01, 0.9223),
    ], tf_levels=1, tf_adjustment=1.0),
    _identifier("passport"),
    _identifier("national_id"),
    _identifier("service_number"),
    _feature("nationality", [("same", 0.95, 0.15), ("different", 0.05, 0.85)]),
    _feature("sex", [("same", 0.98, 0.5), ("different", 0.02, 0.5)]),
    _feature("place_of_birth", [("same", 0.80, 0.02), ("similar", 0.10, 0.01),
                                ("different", 0.10, 0.97)], tf_levels=1, tf_adjustment=1.0),
))
"""Hand-set starting values: the model used before (and as prior for) estimation."""
