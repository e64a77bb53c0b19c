"""Reuse of one explanation for different indicators or items, and how suspicious each reuse is.

Two explanations are compared after ``normalize_explanation`` (numbers, dates, units and each
item's own name masked) with rapidfuzz's normalised Indel similarity. The threshold was chosen
on the five seed reports: genuinely shared reasons score 81–100 after masking, different reasons
by the same unit and in the same register stay at or below 75 (see the model card's reuse note).

For an archive, ``ExplanationIndex`` keeps MinHash signatures in LSH bands so that candidate
pairs are found without comparing every pair; candidates are then verified with the same
similarity as within one document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from typing import Hashable, Iterable, Iterator, Sequence

from rapidfuzz import fuzz, process

from checker.explain.mask import mask_explanation, minhash
from checker.explain.segments import Explanation
from checker.lexicon import load_yaml

SIMILARITY_THRESHOLD = 80.0
MIN_MASKED_CHARS = 8
RECLASSIFICATION = re.compile("|".join(load_yaml("explanations.yaml")["reclassification"]))
"""A transfer between items (lexicons/explanations.yaml): one reason rightly explains both sides."""


def normalize_explanation(text: str, item_name: str | None = None) -> str:
    """The comparable form of an explanation (what the archive index stores)."""
    return mask_explanation(text, [item_name] if item_name else [])


def similarity(a: str, b: str) -> float:
    """0–100 character similarity of two normalised explanations."""
    return fuzz.ratio(a, b)


_OPPOSITE = {("over", "under"), ("under", "over"), ("increase", "decrease"), ("decrease", "increase")}


@dataclass(frozen=True, slots=True)
class Reuse:
    """``later`` repeats ``earlier`` (similarity in 0–100); ``opposite`` when one explains an
    over-achievement or increase and the other a shortfall or decrease."""

    earlier: Explanation
    later: Explanation
    similarity: float
    opposite: bool

    @property
    def indicators(self) -> bool:
        return self.earlier.rate is not None and self.later.rate is not None


def _same_item(a: Explanation, b: Explanation) -> bool:
    """The same thing discussed twice (a 科目 in two sections, an indicator in the conclusion)."""
    if a.item and b.item and (a.item in b.item or b.item in a.item):
        return True
    if a.rate is not None and b.rate is not None:
        return False  # two scored indicators are two items, whatever their reasons mention
    for x, y in ((a, b), (b, a)):
        if x.item and len(x.item) >= 4 and (x.item in y.context or x.item in y.text):
            return True
    return False


def find_reuse(explanations: Sequence[Explanation], masked: Sequence[str] | None = None) -> list[Reuse]:
    """Pairs of near-identical explanations attached to different items, in reading order
    (``masked``: their ``normalize_explanation`` forms, when the caller has them already)."""
    if masked is None:
        masked = [normalize_explanation(e.text, e.item) for e in explanations]
    out: list[Reuse] = []
    for j, i, score in _similar_pairs(explanations, masked):
        earlier, later = explanations[i], explanations[j]
        opposite = (earlier.direction, later.direction) in _OPPOSITE and not RECLASSIFICATION.search(
            earlier.text + later.text
        )
        out.append(Reuse(earlier, later, score, opposite))
    return out


def _similar_pairs(explanations: Sequence[Explanation], masked: Sequence[str]) -> Iterator[tuple[int, int, float]]:
    """For each explanation ``j`` in order, the first earlier one ``i`` of its kind that it repeats
    on another item, with their similarity. rapidfuzz scores one explanation against all the
    earlier ones of its kind in one call (a document has thousands: pair by pair in Python was
    quadratic in interpreter time); ``process.extract`` rather than ``cdist``, whose score matrix
    imports numpy, which nothing else in a check needs."""
    groups: dict[str, list[int]] = {}
    for j, e in enumerate(explanations):
        if len(masked[j]) >= MIN_MASKED_CHARS:
            groups.setdefault(e.kind, []).append(j)
    found: list[tuple[int, int, float]] = []
    for members in groups.values():
        texts = [masked[k] for k in members]
        by_length: list[tuple[int, int]] = []  # the earlier ones as (length, position), sorted
        for jj in range(len(members)):
            j, size = members[jj], len(texts[jj])
            # a ratio of 80 needs the shorter text at least 2/3 of the longer: only the earlier
            # ones of a length in that window (with a margin) are handed to rapidfuzz
            window = [
                ii
                for _, ii in by_length[
                    bisect_left(by_length, ((2 * size) // 3 - 1,)) : bisect_right(by_length, ((3 * size) // 2 + 1, jj))
                ]
            ]
            insort(by_length, (size, jj))
            if not window:
                continue
            hits = process.extract(
                texts[jj],
                [texts[ii] for ii in window],
                scorer=fuzz.ratio,
                score_cutoff=SIMILARITY_THRESHOLD,
                limit=None,
            )
            for ii, score in sorted((window[k], score) for _, score, k in hits):
                earlier, later = explanations[members[ii]], explanations[j]
                if earlier.location == later.location or _same_item(earlier, later):
                    continue
                found.append((j, members[ii], score))
                break  # the nearest earlier match is enough to show the reuse
    return iter(sorted(found))


class ExplanationIndex:
    """Near-duplicate lookup over many documents: MinHash signatures in LSH bands.

    ``add(key, text, item)`` stores an explanation; ``similar(text, item)`` returns the keys of
    stored explanations whose similarity reaches ``threshold``. Bands of ``rows`` slots make a
    pair with Jaccard ≥ ~0.6 a candidate with high probability; candidates are verified with
    ``similarity``, so the index never reports a pair the in-document check would not.
    """

    def __init__(self, threshold: float = SIMILARITY_THRESHOLD, num_perm: int = 64, rows: int = 4):
        self.threshold = threshold
        self.num_perm = num_perm
        self.rows = rows
        self._buckets: dict[tuple[int, tuple[int, ...]], list[Hashable]] = {}
        self._texts: dict[Hashable, str] = {}

    def _bands(self, masked: str) -> Iterable[tuple[int, tuple[int, ...]]]:
        sig = minhash(masked, self.num_perm)
        for band in range(0, len(sig), self.rows):
            yield band, sig[band : band + self.rows]

    def add(self, key: Hashable, text: str, item: str | None = None) -> None:
        masked = normalize_explanation(text, item)
        if len(masked) < MIN_MASKED_CHARS:
            return
        self._texts[key] = masked
        for band in self._bands(masked):
            self._buckets.setdefault(band, []).append(key)

    def similar(self, text: str, item: str | None = None) -> list[tuple[Hashable, float]]:
        masked = normalize_explanation(text, item)
        if len(masked) < MIN_MASKED_CHARS:
            return []
        candidates: dict[Hashable, None] = {}
        for band in self._bands(masked):
            for key in self._buckets.get(band, ()):
                candidates[key] = None
        scored = ((key, similarity(masked, self._texts[key])) for key in candidates)
        return sorted(((k, s) for k, s in scored if s >= self.threshold), key=lambda ks: -ks[1])

    def __len__(self) -> int:
        return len(self._texts)
