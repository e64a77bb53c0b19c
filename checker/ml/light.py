"""The specificity classifier scored without importing scikit-learn or numpy.

Importing scikit-learn (and the scipy and pandas it pulls in) takes longer than checking a
60 KB report, and numpy alone a tenth of a second. The shipped pipeline is only a char n-gram
TF-IDF, nine hand features and a logistic regression, so its fitted numbers (vocabulary, idf,
coefficients) are read out of it once, kept in a cache file named after the model file's hash,
and applied here in plain Python: a text has a few hundred n-grams of the vocabulary's
thousands, and a dict lookup per n-gram is all the sparse product needs.
A pipeline of any other shape is not read out: the caller then scores with scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from checker.lexicon import cache_dir

_WHITE_SPACES = re.compile(r"\s\s+")
"""What scikit-learn's char analyzer folds to one space before cutting n-grams."""
_FORMAT = "2"
"""Bump when the cached fields change, so an older cache file is not read."""


@dataclass(frozen=True)
class LinearCharModel:
    """P(vague) = σ(w · [tf-idf of char n-grams ‖ hand features] + b), as the pipeline computes it."""

    grams: dict[str, tuple[float, float]]  # n-gram → (its idf, its coefficient)
    hand_coef: tuple[float, ...]  # the coefficients of ``specificity_feature_rows``' columns
    intercept: float
    vague_is_positive: bool  # 'vague' is the class the decision function points to
    ngram_max: int

    def _char_ngrams(self, text: str) -> list[str]:
        text = _WHITE_SPACES.sub(" ", text.lower())
        grams = list(text)
        for n in range(2, min(self.ngram_max + 1, len(text) + 1)):
            grams += [text[i : i + n] for i in range(len(text) - n + 1)]
        return grams

    @cached_property
    def _terms(self) -> dict[str, tuple[float, float, float, float]]:
        """n-gram → (idf, coefficient, idf·coefficient, idf²)."""
        return {gram: (idf, coef, idf * coef, idf * idf) for gram, (idf, coef) in self.grams.items()}

    def _char_score(self, text: str) -> float:
        """w · the text's l2-normalised sublinear tf-idf row, over its nonzero entries only."""
        # only the vocabulary's n-grams counted, in C and in first-occurrence order: the sums below
        # add in the order they always did, without a turn of the loop per n-gram outside it
        terms = self._terms
        counts = Counter(filter(terms.__contains__, self._char_ngrams(text)))
        dot = square = 0.0
        for term, count in zip(map(terms.__getitem__, counts), counts.values()):
            if count == 1:
                # the weight is idf itself (log 1 + 1 = 1): its products are the precomputed ones, bit for bit
                dot += term[2]
                square += term[3]
                continue
            idf, coef = term[0], term[1]
            weight = (math.log(count) + 1) * idf
            dot += weight * coef
            square += weight * weight
        return dot / math.sqrt(square) if square else 0.0

    def p_vague(self, texts: list[str], masked_texts: list[str | None] | None = None) -> list[float]:
        from checker.ml.specificity import _char_text, specificity_feature_rows

        out = []
        for chars, hand in zip(_char_text(texts), specificity_feature_rows(texts, masked_texts), strict=True):
            decision = self._char_score(chars) + sum(x * w for x, w in zip(hand, self.hand_coef)) + self.intercept
            p = 1.0 / (1.0 + math.exp(-decision))
            out.append(p if self.vague_is_positive else 1.0 - p)
        return out


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
    idf, coef = [float(x) for x in tfidf.idf_], [float(x) for x in clf.coef_[0]]
    return LinearCharModel(
        grams={g: (idf[j], coef[j]) for g, j in sorted(tfidf.vocabulary_.items(), key=lambda gj: gj[1])},
        hand_coef=tuple(coef[len(idf) :]),
        intercept=float(clf.intercept_[0]),
        vague_is_positive=list(clf.classes_).index("vague") == 1,
        ngram_max=int(params["ngram_range"][1]),
    )


def cache_path(model_file: Path) -> Path:
    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:24]
    return cache_dir() / f"{model_file.stem}.{digest}.v{_FORMAT}.json"


def save(light: LinearCharModel, path: Path) -> None:
    """Write the cache file (JSON: floats written as ``repr`` read back exactly); a cache that
    cannot be written only costs the next run time."""
    fields = {
        "grams": list(light.grams),
        "idf_coef": list(light.grams.values()),
        "hand_coef": light.hand_coef,
        "intercept": light.intercept,
        "vague_is_positive": light.vague_is_positive,
        "ngram_max": light.ngram_max,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(fields, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def load(path: Path) -> LinearCharModel | None:
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        grams, idf_coef = fields["grams"], fields["idf_coef"]
        if len(grams) != len(idf_coef):
            return None
        return LinearCharModel(
            grams={g: (float(idf), float(coef)) for g, (idf, coef) in zip(grams, idf_coef, strict=True)},
            hand_coef=tuple(float(w) for w in fields["hand_coef"]),
            intercept=float(fields["intercept"]),
            vague_is_positive=bool(fields["vague_is_positive"]),
            ngram_max=int(fields["ngram_max"]),
        )
    except (OSError, UnicodeDecodeError, KeyError, ValueError, TypeError):
        return None
