"""The specificity model applied in plain Python must score as the scikit-learn pipeline does, and a
check must import neither scikit-learn (once the model's numbers are cached) nor numpy."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from checker.ml import light
from checker.ml.specificity import load_model, load_training

REPO = Path(__file__).resolve().parents[1]
OWN_TEXTS = [
    "因会议室改造，第三季度两次培训推迟到次年一月举办，涉及学员85人。",
    "严格按照预算执行，进一步加强管理。",
    "  空格   与\n\n换行  ",
    "A",
    "",
]


@pytest.fixture(scope="module")
def model():
    found = load_model()
    if found is None:
        pytest.skip("no compatible model installed")
    return found


@pytest.fixture(scope="module")
def texts():
    training, _, _ = load_training(REPO / "corpus" / "labels" / "explanations.jsonl")
    return training + OWN_TEXTS


def _sklearn(model, texts):
    column = list(model.classes_).index("vague")
    return [float(p[column]) for p in model.predict_proba(texts)]


def test_plain_python_scores_equal_the_pipeline(model, texts):
    fast = light.read_out(model)
    assert fast is not None
    for want, got in zip(_sklearn(model, texts), fast.p_vague(texts), strict=True):
        assert abs(want - got) < 1e-12


def test_char_ngrams_are_the_vectorizer_analyzer(model, texts):
    fast = light.read_out(model)
    analyzer = model.named_steps["features"].transformer_list[0][1].steps[1][1].build_analyzer()
    assert all(analyzer(t) == fast._char_ngrams(t) for t in texts)


def test_cache_file_round_trip(model, tmp_path):
    fast = light.read_out(model)
    path = tmp_path / "m.json"
    light.save(fast, path)
    again = light.load(path)
    assert again == fast
    assert again.p_vague(OWN_TEXTS) == fast.p_vague(OWN_TEXTS)
    light.save(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()
    for broken in (b"not a cache", b"[1, 2]", b'{"grams": ["a"], "idf_coef": []}', b"\xff\xfe"):
        path.write_bytes(broken)
        assert light.load(path) is None


def test_a_pipeline_of_another_shape_is_not_read_out(model):
    other = copy.deepcopy(model)
    other.named_steps["features"].transformer_list[0][1].steps[1][1].set_params(analyzer="char_wb")
    assert light.read_out(other) is None
    assert light.read_out(object()) is None


def test_second_run_scores_without_scikit_learn(model, tmp_path):
    probe = (
        "import sys; from checker.ml.specificity import vagueness; "
        "p = vagueness(['严格按照预算执行，进一步加强管理。']); "
        "print(round(p[0], 9), 'sklearn' in sys.modules, 'numpy' in sys.modules)"
    )
    env = {"JIAOHE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split()[1] == "True"  # read out of the model once
    assert second.stdout.split() == [first.stdout.split()[0], "False", "False"]
    assert list(tmp_path.glob("*.json"))
