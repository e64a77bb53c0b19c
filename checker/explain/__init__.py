"""Deviation explanations: where they are, what they explain, how alike they are.

Public API (also for the batch/archive side):
- ``find_explanations(document)`` → ``Explanation`` records (text, kind reason/measure, item,
  direction over/under/met/increase/decrease/flat, completion rate, location, context);
- ``normalize_explanation(text, item)`` → the masked, comparable form of an explanation;
- ``similarity(a, b)`` → 0–100 between two normalised explanations (reuse at ≥ ``SIMILARITY_THRESHOLD``);
- ``signature(masked)`` / ``minhash(masked)`` → shingles / a stable MinHash for indexing;
- ``ExplanationIndex`` → near-duplicate lookup across documents (LSH bands, verified by ``similarity``).
"""

from checker.explain.mask import mask_explanation, minhash, signature
from checker.explain.reuse import SIMILARITY_THRESHOLD, ExplanationIndex, find_reuse, normalize_explanation, similarity
from checker.explain.segments import Explanation, find_explanations

__all__ = [
    "Explanation",
    "ExplanationIndex",
    "SIMILARITY_THRESHOLD",
    "find_explanations",
    "find_reuse",
    "mask_explanation",
    "minhash",
    "normalize_explanation",
    "signature",
    "similarity",
]
