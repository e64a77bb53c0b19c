"""The explanation-specificity classifier: features, the shipped model, reproducible training."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from checker.ml import specificity

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "corpus" / "labels" / "explanations.jsonl"


def test_features_see_numbers_dates_names_and_causes():
    specific, vague = specificity.specificity_features(
        [
            "因施工单位未按期进场，城东供热管网改造项目于2024年9月才开工，结转资金86.50万元。",
            "加强管理，提高效率。",
        ]
    )
    assert specific[0] > 0 and specific[1] == 1.0 and specific[2] > 0 and specific[5] == 1.0
    assert vague[0] == 0 and vague[1] == 0 and vague[5] == 0


def test_placeholder_feature():
    (placeholder,) = specificity.specificity_features(["主要原因是：……。"])
    assert placeholder[6] == 1.0


def test_training_data_is_balanced_and_large_enough():
    texts, labels, groups = specificity.load_training(DATA)
    assert len(texts) >= 600 and len(set(texts)) == len(texts)
    assert abs(labels.count("vague") - labels.count("specific")) <= 10
    assert len(set(groups)) >= 20


# Written for these tests, not in the training data: two vague and two specific reasons.
HELD_OUT = [
    "偏差原因：工作力度加大，超出预期效益，改进措施：合理安排制定下年度目标。",
    "严格按照预算执行。",
    "主要原因是：本年新增城西污水泵站迁建项目，支付工程进度款312.40万元。",
    "受汛期强降雨影响，北山河道清淤工程于2024年8月停工45天，完成工程量的72%。",
]

# How far a probability of the retrained model may stray from the shipped one. lbfgs stops once its
# tolerance is met, and other numpy/scipy builds get there by another path: under the locked versions
# it stops after 16 iterations instead of the shipped model's 18, weights differ by up to 1.3, yet no
# probability moves by more than 0.0035. 0.01 leaves a margin of about 3x over that and stays small
# next to the thresholds the rules apply (EXP002 flags at 0.96).
PROBABILITY_TOLERANCE = 0.01


def test_shipped_model_separates_clear_cases():
    p = specificity.vagueness(HELD_OUT)
    assert p is not None
    assert p[0] > 0.5 and p[1] > 0.5
    assert p[2] < 0.5 and p[3] < 0.5


def test_model_loads_once():
    assert specificity.load_model() is specificity.load_model()


def test_training_reproduces_the_shipped_model():
    """Same data and seeds give a model that decides as the shipped one: the same label for every
    training and held-out text, and probabilities within PROBABILITY_TOLERANCE.

    Weights are not compared: the solver's stopping point depends on the numeric libraries'
    builds, and what matters to the rules is what the model predicts."""
    texts, labels, _ = specificity.load_training(DATA)
    fixed = texts + HELD_OUT
    fresh = specificity.train(texts, labels)
    shipped = specificity.load_model()
    assert shipped is not None, "the shipped model does not load under the installed scikit-learn"
    assert list(fresh.classes_) == list(shipped.classes_)
    assert list(fresh.predict(fixed)) == list(shipped.predict(fixed))
    gap = np.abs(fresh.predict_proba(fixed) - shipped.predict_proba(fixed)).max()
    assert gap <= PROBABILITY_TOLERANCE, f"probabilities differ by up to {gap:.4f}"
