"""The declared model, term-frequency adjustment and estimation of m/u."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from linkage import columns as c
from linkage.estimate import (
    estimate_from_labels,
    estimate_prior,
    estimate_u,
    expectation_maximisation,
)
from linkage.features import prepare_records
from linkage.model import DEFAULT_MODEL, Feature, Level, Model
from linkage.scoring import compare_pairs, level_column, score_pairs, weight_column
from tests.linkage.factories import make_frame, make_normalised


def test_model_round_trips_through_json() -> None:
    model = DEFAULT_MODEL.with_probabilities({}, {}, prior=0.1, note="x")
    assert Model.from_json(model.to_json()) == model


def test_unknown_feature_is_refused() -> None:
    text = DEFAULT_MODEL.to_json().replace('"name": "sex"', '"name": "shoe_size"')
    with pytest.raises(ValueError, match="shoe_size"):
        Model.from_json(text)


def test_level_weight_is_log2_bayes_factor() -> None:
    assert Level("x", 0.8, 0.1).weight == pytest.approx(3.0)


def test_common_name_weighs_less_than_rare_name() -> None:
    common = [make_normalised(given="mohammed", family="ali", dob=f"19{60 + i}")
              for i in range(8)]
    rare = [make_normalised(given="zephyrine", family="okonkwo", dob="1970"),
            make_normalised(given="zephyrine", family="okonkwo", dob="1971")]
    prepared = prepare_records(make_frame(*common, *rare))
    pairs = pd.DataFrame({c.LEFT: [0, 8], c.RIGHT: [1, 9]})
    scored = score_pairs(prepared, pairs, DEFAULT_MODEL)
    assert (scored[level_column("name")] == 0).all()
    common_w, rare_w = scored[weight_column("name")].tolist()
    assert rare_w > common_w + 2


def _simulated_levels(n: int, prior: float, m: list[float], u: list[float],
                      seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    matched = rng.random(n) < prior
    data = {}
    for name in ("a", "b", "cc"):
        data[level_column(name)] = np.where(
            matched, rng.choice(3, n, p=m), rng.choice(3, n, p=u)).astype(np.int8)
    return pd.DataFrame(data)


def test_em_recovers_known_m_and_prior() -> None:
    true_m, true_u = [0.8, 0.15, 0.05], [0.02, 0.08, 0.9]
    levels = _simulated_levels(50_000, 0.3, true_m, true_u, seed=1)
    start = Model(tuple(Feature(name, (Level("agree", 0.5, true_u[0]),
                                       Level("close", 0.3, true_u[1]),
                                       Level("differ", 0.2, true_u[2])))
                        for name in ("a", "b", "cc")), prior=0.5)
    fitted = expectation_maximisation(levels, start)
    assert fitted.prior == pytest.approx(0.3, abs=0.02)
    for feature in fitted.features:
        assert [lv.m for lv in feature.levels] == pytest.approx(true_m, abs=0.02)


def test_em_fits_a_feature_with_levels_implying_different_levels_of_another() -> None:
    # x: 0 agree (either k), 1 differ with k the same (implies k=0), 2 differ with k
    # different (implies k=1): an identifier's "same issuer" / "other issuer" split.
    from linkage.estimate import _implied

    rng = np.random.default_rng(3)
    n, prior = 60_000, 0.3
    matched = rng.random(n) < prior
    ab_m, ab_u = [0.8, 0.15, 0.05], [0.02, 0.08, 0.9]
    data = {level_column(name): np.where(matched, rng.choice(3, n, p=ab_m),
                                         rng.choice(3, n, p=ab_u)).astype(np.int8)
            for name in ("a", "b")}
    k_m, k_u = [0.9, 0.1], [0.2, 0.8]
    k = np.where(matched, rng.choice(2, n, p=k_m), rng.choice(2, n, p=k_u))
    x_agree = np.where(matched, rng.random(n) < 0.7, rng.random(n) < 0.01)
    data[level_column("k")] = k.astype(np.int8)
    data[level_column("x")] = np.where(x_agree, 0, np.where(k == 0, 1, 2)).astype(np.int8)
    levels = pd.DataFrame(data)

    def three(m: list[float], u: list[float]) -> tuple[Level, ...]:
        return tuple(Level(label, mm, uu) for label, mm, uu in
                     zip(("agree", "close", "differ"), m, u, strict=True))

    start = Model((Feature("a", three([0.5, 0.3, 0.2], ab_u)),
                   Feature("b", three([0.5, 0.3, 0.2], ab_u)),
                   Feature("k", (Level("same", 0.5, k_u[0]), Level("different", 0.5, k_u[1]))),
                   Feature("x", (Level("agree", 0.5, 0.01),
                                 Level("differ, k same", 0.3, 0.99 * k_u[0], implies="k=0"),
                                 Level("differ, k different", 0.2, 0.99 * k_u[1],
                                       implies="k=1")))), prior=0.5)
    assert _implied(start, "x") == ("k",)
    fitted = expectation_maximisation(levels, start)
    assert fitted.prior == pytest.approx(prior, abs=0.02)
    assert [lv.m for lv in fitted.feature("k").levels] == pytest.approx(k_m, abs=0.02)
    # m stays joint: P(differ, k same | match) = 0.3 * 0.9, P(differ, k differs) = 0.3 * 0.1.
    assert [lv.m for lv in fitted.feature("x").levels] == pytest.approx([0.7, 0.27, 0.03],
                                                                        abs=0.02)
    # Weighed given k, "differ, k different" costs what differing numbers cost, not that
    # plus the differing k again.
    weights = fitted.level_weights(fitted.feature("x"))
    assert weights[3] == pytest.approx(weights[2], abs=0.2)


def test_u_from_random_pairs_moves_towards_the_data() -> None:
    people = [make_normalised(given=g, family="x", dob=f"19{50 + i:02d}-01-01", sex_n=s)
              for i, (g, s) in enumerate(zip(["a", "b", "c", "d"] * 30, "MF" * 60,
                                             strict=True))]
    model = estimate_u(prepare_records(make_frame(*people)), DEFAULT_MODEL, samples=10_000)
    sex = [lv.u for lv in model.feature("sex").levels]
    assert sex[0] == pytest.approx(0.5, abs=0.05)
    assert model.trained_on["u_pairs"] == 120 * 119 // 2


def test_labels_re_estimate_m() -> None:
    compared = pd.DataFrame({level_column(f.name): np.zeros(400, dtype=np.int8)
                             for f in DEFAULT_MODEL.features})
    labels = np.ones(400, dtype=bool)
    model = estimate_from_labels(compared, labels, DEFAULT_MODEL)
    assert model.feature("sex").levels[0].m > 0.99
    assert model.trained_on["labelled_matches"] == 400


def test_a_level_implying_another_is_weighed_given_it() -> None:
    service = DEFAULT_MODEL.feature("service_number")
    same_issuer = service.levels[3]
    nationality = DEFAULT_MODEL.feature("nationality").levels[0]
    assert same_issuer.implies == "nationality=0"
    conditional = DEFAULT_MODEL.level_weights(service)[4]
    assert conditional == pytest.approx(same_issuer.weight - nationality.weight, abs=1e-4)
    # Together with the nationality's own weight, the pair counts the agreement once.
    assert conditional + nationality.weight == pytest.approx(same_issuer.weight, abs=1e-4)


def test_a_number_from_another_issuer_is_weighed_given_the_differing_nationality() -> None:
    passport = DEFAULT_MODEL.feature("passport")
    other_issuer = passport.levels[5]
    differs = DEFAULT_MODEL.feature("nationality").levels[1]
    assert other_issuer.label == "different, other issuer"
    assert other_issuer.implies == "nationality=1"
    assert not passport.levels[4].implies  # nationality unknown: nothing implied
    weight = DEFAULT_MODEL.level_weights(passport)[6]
    expected = (math.log2(other_issuer.m / differs.m) - math.log2(other_issuer.u / differs.u))
    assert weight == pytest.approx(expected, abs=1e-4)
    # With the nationality's own weight the disagreement counts once: the pair weighs
    # what the passport level alone says, not that plus the nationality again.
    assert weight + differs.weight == pytest.approx(other_issuer.weight, abs=1e-4)
    # A true person's two passports from two states cost less than numbers whose issuer
    # is unknown; the nationality feature already took the differing states into account.
    assert weight > DEFAULT_MODEL.level_weights(passport)[5]


def test_identifier_levels_sum_to_one() -> None:
    for name in ("passport", "national_id", "service_number"):
        levels = DEFAULT_MODEL.feature(name).levels
        assert sum(lv.m for lv in levels) == pytest.approx(1.0)
        assert len(levels) == 6


def test_a_model_saved_with_five_identifier_levels_is_refused() -> None:
    data = json.loads(DEFAULT_MODEL.to_json())
    for feature in data["features"]:
        if feature["name"] == "passport":
            feature["levels"] = feature["levels"][:5]
    with pytest.raises(ValueError, match="passport"):
        Model.from_json(json.dumps(data))


def test_prior_is_the_match_share_of_all_record_pairs() -> None:
    people = [make_normalised(given=g, family="okafor", dob=f"19{50 + i}-02-03",
                              passport_n=f"P{i:07d}")
              for i, g in enumerate(["ada", "bola", "chike", "dayo", "emeka", "femi"])]
    records = [dict(p) for p in people for _ in range(2)]  # each person twice
    prepared = prepare_records(make_frame(*records))
    pairs = pd.DataFrame({c.LEFT: np.arange(0, 12, 2), c.RIGHT: np.arange(1, 12, 2)})
    compared = compare_pairs(prepared, pairs, DEFAULT_MODEL)
    fitted = estimate_prior(prepared, compared, DEFAULT_MODEL)
    assert fitted.prior == pytest.approx(6 / (12 * 11 / 2), rel=0.05)


def test_a_near_certain_pair_stays_in_the_link_band_without_an_identifier() -> None:
    left = make_normalised(given="madeline", family="lowe", dob="1962-04-09",
                           place_n="kiama", national_id_n="4417390")
    right = make_normalised(given="beau", family="lowe", dob="1962-04-09",
                            place_n="kiama", national_id_n="4417391")
    model = DEFAULT_MODEL.with_probabilities({}, {}, prior=0.5)
    scored = score_pairs(prepare_records(make_frame(left, right)),
                         pd.DataFrame({c.LEFT: [0], c.RIGHT: [1]}), model)
    assert scored[c.SCORE].iloc[0] >= 0.95
    assert scored[c.BAND].iloc[0] == "link"


def test_identifier_sessions_keep_their_rate_of_differing_numbers_but_not_the_split() -> None:
    from linkage.estimate import Session, _combined_m

    def session(field: str, fixed: tuple[str, ...], passport_m: list[float],
                evidence: float) -> Session:
        fitted = DEFAULT_MODEL.with_probabilities({"passport": passport_m}, {})
        return Session(field, fitted, {"passport": evidence, "nationality": evidence}, fixed)

    # Compatriots only: nearly every differing passport looks "same issuer".
    clean = session("service_number", ("service_number", "nationality"),
                    [0.6, 0.02, 0.02, 0.35, 0.007, 0.003], 1000.0)
    # Birth-date session, nationality compared: of differing passports three fifths are
    # from the same issuer, a fifth from an unknown one and a fifth from another.
    dob = session("date_of_birth", ("date_of_birth",), [0.5, 0.02, 0.02, 0.3, 0.1, 0.1],
                  1000.0)
    m = [lv.m for lv in _combined_m(DEFAULT_MODEL, [dob, clean]).feature("passport").levels]
    assert m[:3] == pytest.approx([0.6, 0.02, 0.02])
    assert m[3:] == pytest.approx([0.36 * 0.6, 0.36 * 0.2, 0.36 * 0.2])


def test_estimation_never_rules_out_a_changed_category_or_sex() -> None:
    model = estimate_from_labels(
        pd.DataFrame({level_column(f.name): np.zeros(400, dtype=np.int8)
                      for f in DEFAULT_MODEL.features}), np.ones(400, dtype=bool), DEFAULT_MODEL)
    for name in ("sex", "personnel_category"):
        different = model.feature(name).levels[1]
        assert different.m == different.min_m > 0
        assert model.level_weights(model.feature(name))[2] > -8  # not -29, as m = 1e-9 gives
