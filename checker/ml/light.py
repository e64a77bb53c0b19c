"""The specificity classifier scored without importing scikit-learn.

Importing scikit-learn (and the scipy and pandas it pulls in) takes longer than checking a
60 KB report. The shipped pipeline is only a char n-gram TF-IDF, nine hand features and a
logistic regression, so its fitted numbers (vocabulary, idf, coefficients) are read out of it
once, kept in a cache file named after the model file's hash, and applied here with numpy.
A pipeline of any other shape is not read out: the caller then scores with scikit-learn.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")
"""What scikit-learn's char analyzer folds to one space before cutting n-grams."""
_FORMAT = "1"
"""Bump when the cached fields change, so an older cache file is not read."""


@dataclass(frozen=True)
class LinearCharModel:
    """P(vague) = σ(w · [tf-idf of char n-grams ‖ hand features] + b), as the pipeline computes it."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    vague_is_positive: bool  # 'vague' is the class the decision function points to
    ngram_max: int

    def _char_ngrams(self, text: str) -> list[str]:
        text = _WHITE_SPACES.sub(" ", text.lower())
        grams = list(text)
        for n in range(2, min(self.ngram_max + 1, len(text) + 1)):
            grams += [text[i : i + n] for i in range(len(text) - n + 1)]
        return grams

    def _char_score(self, text: str) -> float:
        """w · the text's l2-normalised sublinear tf-idf row, over its nonzero entries only: a text
        has a few hundred n-grams of the vocabulary's thousands, and building each dense row and
        multiplying it out cost more than the rest of the scoring."""
        counts: dict[int, int] = {}
        for gram in self._char_ngrams(text):
            j = self.vocabulary.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return 0.0
        cols = np.fromiter(counts, dtype=np.intp, count=len(counts))
        weights = (np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))) + 1) * self.idf[cols]
        norm = np.sqrt(np.dot(weights, weights))
        if norm:
            weights /= norm
        return float(np.dot(weights, self.coef[cols]))

    def p_vague(self, texts: list[str]) -> list[float]:
        from checker.ml.specificity import _char_text, specificity_features

        chars = np.array([self._char_score(t) for t in _char_text(texts)])
        decision = chars + specificity_features(texts) @ self.coef[len(self.idf) :] + self.intercept
        p = 1.0 / (1.0 + np.exp(-decision))
        return [float(x) for x in (p if self.vague_is_positive else 1.0 - p)]


def read_out(model) -> LinearCharModel | None:
    """The fitted numbers of a pipeline shaped as ``build_pipeline`` makes it, else None."""
    from checker.ml.specificity import _char_text, specificity_features

    try:
        union, clf = model.named_steps["features"], model.named_steps["clf"]
        (_, chars), (_, hand) = union.transformer_list
        (_, to_text), (_, tfidf) = chars.steps
        params = tfidf.get_params()
        shaped = (
            type(clf).__name__ == "LogisticRegression"
            and len(clf.classes_) == 2
            and union.transformer_weights is None
            and to_text.func is _char_text
            and hand.func is specificity_features
            and params["analyzer"] == "char"
            and params["ngram_range"][0] == 1
            and params["lowercase"]
            and params["sublinear_tf"]
            and params["use_idf"]
            and params["norm"] == "l2"
            and not params["binary"]
            and params["preprocessor"] is None
            and params["strip_accents"] is None
            and "vague" in list(clf.classes_)
        )
    except (AttributeError, KeyError, ValueError, TypeError):
        return None
    if not shaped:
        return None
    return LinearCharModel(
        vocabulary={g: int(j) for g, j in tfidf.vocabulary_.items()},
        idf=np.asarray(tfidf.idf_, dtype=np.float64),
        coef=np.asarray(clf.coef_[0], dtype=np.float64),
        intercept=float(clf.intercept_[0]),
        vague_is_positive=list(clf.classes_).index("vague") == 1,
        ngram_max=int(params["ngram_range"][1]),
    )


def cache_dir() -> Path:
    """``$JIAOHE_CACHE``, else ``$XDG_CACHE_HOME/jiaohe``, else ``~/.cache/jiaohe``."""
    if os.environ.get("JIAOHE_CACHE"):
        return Path(os.environ["JIAOHE_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jiaohe"


def cache_path(model_file: Path) -> Path:
    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:24]
    return cache_dir() / f"{model_file.stem}.{digest}.v{_FORMAT}.npz"


def save(light: LinearCharModel, path: Path) -> None:
    """Write the cache file; a cache that cannot be written only costs the next run time."""
    grams = sorted(light.vocabulary, key=light.vocabulary.get)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(
            tmp,
            grams=np.array(grams, dtype=str),
            idf=light.idf,
            coef=light.coef,
            scalars=np.array([light.intercept, float(light.vague_is_positive), float(light.ngram_max)]),
        )
        os.replace(tmp, path)
    except OSError:
        pass


def load(path: Path) -> LinearCharModel | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            grams, idf, coef, scalars = data["grams"], data["idf"], data["coef"], data["scalars"]
    except (OSError, KeyError, ValueError):
        return None
    if len(grams) != len(idf) or len(coef) < len(idf):
        return None
    return LinearCharModel(
        vocabulary={str(g): j for j, g in enumerate(grams)},
        idf=idf,
        coef=coef,
        intercept=float(scalars[0]),
        vague_is_positive=bool(scalars[1]),
        ngram_max=int(scalars[2]),
    )
