"""How specific a deviation explanation is: a char n-gram TF-IDF + hand features classifier.

``vague`` means the text names no cause a reviewer could check (超出预期效益, 严格按照预算执行,
slogans, placeholders); ``specific`` names a project, event, policy, counterparty, date or figure.
Training data: ``corpus/labels/explanations.jsonl`` (written for this project, see the generator
there). The model file is ``models/explanation-specificity.joblib``; ``jiaohe train`` rebuilds it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from checker.explain.mask import mask_explanation

MODEL_NAME = "explanation-specificity.joblib"
SEED = 0

_DIGITS = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MONEY = re.compile(r"\d\s*(?:亿元|万元|元)")
_DATE = re.compile(r"(?:19|20)\d{2}\s*年|\d{1,2}\s*月(?:份)?|第[一二三四1-4]季度")
_BOOK = re.compile(r"《[^》]{2,40}》|“[^”]{2,30}”")
_NAMED = re.compile(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,}(?:项目|工程|合同|公司|平台|基地|中心|园|厂|站|库|学校|医院|局|部|办|委)"
)
_CAUSAL = re.compile(r"由于|因为|因[\u4e00-\u9fff]|受[^，。；]{1,20}影响|导致|致使|造成|是因")
_PLACEHOLDER = re.compile(
    r"…|\.\.\.|XX|ＸＸ|某某|请填写|请说明|根据实际情况填写|^\s*[无/]\s*[。.]?\s*$|^\s*同上|^\s*见上"
)
_CHANGE = re.compile(r"新增|追加|调减|调增|减少|增加|划转|调整至|调整为|延期|推迟|顺延|结转|补发|停产|流标")


def specificity_feature_rows(texts, masked_texts=None) -> list[list[float]]:
    """Counts a reviewer looks for: numbers, money, dates, named things, causes, placeholders
    (``masked_texts``: ``mask_explanation`` of each text where the caller has it, else None)."""
    rows = []
    for k, text in enumerate(texts):
        masked = masked_texts[k] if masked_texts is not None else None
        if masked is None:
            masked = mask_explanation(text)
        rows.append(
            [
                min(len(_NUMBER.findall(text)), 6) / 6,
                1.0 if _MONEY.search(text) else 0.0,
                min(len(_DATE.findall(text)), 3) / 3,
                1.0 if _BOOK.search(text) else 0.0,
                min(len(_NAMED.findall(text)), 4) / 4,
                1.0 if _CAUSAL.search(text) else 0.0,
                1.0 if _PLACEHOLDER.search(text) else 0.0,
                min(len(_CHANGE.findall(text)), 3) / 3,
                min(len(masked), 120) / 120,
            ]
        )
    return rows


def specificity_features(texts):
    """``specificity_feature_rows`` as the numpy array the scikit-learn pipeline stacks (the
    shipped model refers to this function by name; a check scores with the rows alone)."""
    import numpy as np

    return np.asarray(specificity_feature_rows(texts), dtype=np.float64)


def _char_text(texts):
    """Digits collapsed so the n-grams learn the shape of a figure, not its value."""
    return [_DIGITS.sub("0", t) for t in texts]


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    chars = make_pipeline(
        FunctionTransformer(_char_text),
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, max_features=4000, sublinear_tf=True),
    )
    features = FunctionTransformer(specificity_features)
    return Pipeline(
        [
            ("features", FeatureUnion([("chars", chars), ("specificity", features)])),
            ("clf", LogisticRegression(C=4.0, max_iter=2000, random_state=SEED)),
        ]
    )


def load_training(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Texts, labels and template ids of the training file."""
    texts, labels, groups = [], [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(row["label"])
                groups.append(row.get("template", row["text"]))
    return texts, labels, groups


def scores(truth: list[str], predicted: list[str]) -> dict:
    """Precision/recall/F1 with ``vague`` (what a finding would flag) as the positive class."""
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(truth, predicted, pos_label="vague", average="binary", zero_division=0)
    return {"n": len(truth), "precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4)}


def cross_validate(texts: list[str], labels: list[str], groups: list[str], folds: int = 5) -> dict:
    """Two estimates: stratified k-fold over sentences, and k-fold holding out whole templates.

    Sentences from one template share most of their characters, so the sentence-level split
    flatters the model; the template-level split is the fairer number.
    """
    from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

    by_sentence = cross_val_predict(
        build_pipeline(), texts, labels, cv=StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    )
    by_template = cross_val_predict(build_pipeline(), texts, labels, groups=groups, cv=GroupKFold(n_splits=folds))
    return {
        "folds": folds,
        "by_sentence": scores(labels, list(by_sentence)),
        "by_template": scores(labels, list(by_template)),
    }


def train(texts: list[str], labels: list[str]):
    return build_pipeline().fit(texts, labels)


def save(model, path: Path) -> None:
    import joblib

    joblib.dump(model, path, compress=3)


@lru_cache(maxsize=1)
def load_model():
    """The shipped model, loaded once per process; None when the file is missing or was written by
    an incompatible scikit-learn (the rules then fall back to what needs no model; `jiaohe train`
    rebuilds it)."""
    import pickle
    import warnings

    import joblib

    from checker.lexicon import models_dir

    path = models_dir() / MODEL_NAME
    if not path.is_file():
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)  # sklearn's InconsistentVersionWarning
            return joblib.load(path)
    except (UserWarning, ImportError, AttributeError, ValueError, EOFError, pickle.UnpicklingError):
        return None


@lru_cache(maxsize=1)
def load_light():
    """The shipped model's numbers applied without scikit-learn (``checker.ml.light``): read from
    the cache file of this model file, or read out of the loaded model once and cached; None
    when there is no model or it is not of the shape ``light`` computes."""
    from checker.lexicon import models_dir
    from checker.ml import light

    path = models_dir() / MODEL_NAME
    if not path.is_file():
        return None
    cached = light.cache_path(path)
    found = light.load(cached) if cached.is_file() else None
    if found is None:
        model = load_model()
        found = light.read_out(model) if model is not None else None
        if found is not None:
            light.save(found, cached)
    return found


def vagueness(texts: list[str], masked_texts: list[str | None] | None = None) -> list[float] | None:
    """P(vague) for each text, or None when no model is installed (``masked_texts``: see
    ``specificity_feature_rows``)."""
    fast = load_light()
    if fast is not None:
        return fast.p_vague(texts, masked_texts) if texts else []
    model = load_model()
    if model is None or not texts:
        return None if model is None else []
    column = list(model.classes_).index("vague")
    return [float(p[column]) for p in model.predict_proba(texts)]
