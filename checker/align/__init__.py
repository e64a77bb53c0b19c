"""Prose ↔ table alignment: which table cell a figure in the text restates.

``align(document, quantities)`` returns an ``AlignmentResult``: the alignments (with label
scores), the conflicts (a figure naming a cell whose value it does not match), the
derivations (a figure reproduced by a small formula over cells) and the alignment coverage.
"""

from checker.align.matcher import Alignment, AlignmentResult, Conflict, Derivation, align, canonical_label

__all__ = ["Alignment", "AlignmentResult", "Conflict", "Derivation", "align", "canonical_label"]
