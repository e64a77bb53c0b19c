"""Deviation explanations: where they are, what they explain, how alike they are."""

from checker.explain.mask import mask_explanation, minhash, signature
from checker.explain.segments import Explanation, find_explanations

__all__ = ["Explanation", "find_explanations", "mask_explanation", "minhash", "signature"]
