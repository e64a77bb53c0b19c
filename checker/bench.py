"""`make bench` (``python -m checker.bench [NAME ...]``): accuracy and speed, measured.

Each benchmark is a function registered with ``@benchmark``; it returns the lines it reports.
Add a new one by writing such a function in this module or in another module listed in
``PLUGINS`` (imported for its registrations). Benchmarks that need the real reports
(``../shared`` next to the checkout) say so and are skipped when they are absent.
"""

from __future__ import annotations

import importlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GOLD = REPO / "corpus" / "gold" / "quantities.jsonl"
PLUGINS: tuple[str, ...] = ("checker.batch.bench",)
"""Other modules that register benchmarks (e.g. a check-speed benchmark)."""

BENCHMARKS: dict[str, Callable[[], list[str]]] = {}


class Skip(Exception):
    """Raised by a benchmark whose inputs are not available here."""


def benchmark(fn: Callable[[], list[str]]) -> Callable[[], list[str]]:
    BENCHMARKS[fn.__name__] = fn
    return fn


def seed_files() -> list[Path]:
    files = sorted((SHARED / "seeds").glob("*.txt"))
    if not files:
        raise Skip("../shared/seeds not present")
    return files


# --- quantity extraction -------------------------------------------------------------------

@dataclass(frozen=True)
class Scores:
    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0


def _same_value(kind: str, gold: str, pred) -> bool:
    if kind == "date":
        return pred.iso == gold
    return pred.value is not None and pred.value == Decimal(gold)


def score_gold(records: list[dict]) -> tuple[dict[str, Scores], list[str]]:
    """Per-kind scores of ``find_quantities`` on the gold records, and a line per error.

    A prediction matches a gold entity when the spans overlap, the kinds agree and the values
    are equal (dates: the ISO form); each gold entity matches at most one prediction.
    """
    from checker.normalize import normalize
    from checker.numbers import find_quantities

    tp: Counter = Counter()
    n_pred: Counter = Counter()
    n_gold: Counter = Counter()
    errors = []
    for rec in records:
        preds = find_quantities(normalize(rec["text"]), cell=rec["cell"])
        used: set[int] = set()
        for p in preds:
            n_pred[p.kind] += 1
        for g in rec["entities"]:
            n_gold[g["kind"]] += 1
            hit = next((i for i, p in enumerate(preds) if i not in used and p.start < g["end"]
                        and g["start"] < p.end and p.kind == g["kind"] and _same_value(g["kind"], g["value"], p)),
                       None)
            if hit is None:
                errors.append(f"  miss {rec['id']} {g['kind']} {g['text']!r} = {g['value']}")
            else:
                used.add(hit)
                tp[g["kind"]] += 1
        for i, p in enumerate(preds):
            if i not in used:
                errors.append(f"  extra {rec['id']} {p.kind} {p.text!r} = {p.iso or p.value}")
    kinds = sorted(set(n_pred) | set(n_gold))
    return {k: Scores(tp[k], n_pred[k], n_gold[k]) for k in kinds}, errors


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@benchmark
def gold_quantities() -> list[str]:
    """Precision/recall per kind of the number finder on corpus/gold/quantities.jsonl."""
    records = load_gold()
    scores, errors = score_gold(records)
    total = Scores(sum(s.tp for s in scores.values()), sum(s.n_pred for s in scores.values()),
                   sum(s.n_gold for s in scores.values()))
    lines = [f"gold set: {len(records)} texts, {total.n_gold} entities ({GOLD.relative_to(REPO)})",
             f"  {'kind':<9}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}"]
    for kind, s in [*scores.items(), ("all", total)]:
        lines.append(f"  {kind:<9}{s.n_gold:>6}{s.n_pred:>6}{s.tp:>6}{s.precision:>8.3f}{s.recall:>8.3f}")
    return lines + errors


@benchmark
def extract_throughput() -> list[str]:
    """Warm throughput of the whole extract stage on the concatenated seed reports (one process)."""
    from checker.ingest import load_document
    from checker.nlp import extract, get_nlp

    files = seed_files()
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "seeds.txt"
        joined.write_text("\n\n\n".join(p.read_text(encoding="utf-8") for p in files), encoding="utf-8")
        doc = load_document(joined)
    chars = sum(len(c.text) for b in doc.blocks for c in (b.cells() if hasattr(b, "cells") else (b,)))
    get_nlp()
    extract(doc)  # warm caches (jieba's, spaCy's vocab)
    best = n = None
    for _ in range(5):
        t0 = time.process_time()
        n = len(extract(doc))
        elapsed = time.process_time() - t0
        best = elapsed if best is None else min(best, elapsed)
    return [f"extract warm: {chars} chars, {n} quantities in {best:.3f} s CPU "
            f"→ {chars / best:,.0f} chars/s (best of 5, one core)"]


@benchmark
def extract_cold_start() -> list[str]:
    """Wall time and CPU time of a fresh `jiaohe extract` on seed 001 (best of 3)."""
    seed = next((p for p in seed_files() if p.name.startswith("001")), None)
    if seed is None:
        raise Skip("seed 001 not present")
    walls, cpus = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "checker", "extract", str(seed), "--format", "json"],
                       check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [f"extract cold start on {seed.name}: {min(walls):.2f} s wall, {min(cpus):.2f} s CPU (best of 3)"]


@benchmark
def bench_check() -> list[str]:
    """Warm `jiaohe check` of seed 001 in one process (read + extract + statements + all rules), best of 5."""
    from checker.engine import check_document
    from checker.ingest import load_document

    seed = next((p for p in seed_files() if p.name.startswith("001")), None)
    if seed is None:
        raise Skip("seed 001 not present")
    report = check_document(load_document(seed))  # warm: spaCy, jieba, lexicons
    walls = []
    for _ in range(5):
        t0 = time.perf_counter()
        report = check_document(load_document(seed))
        walls.append(time.perf_counter() - t0)
    return [f"check warm on {seed.name}: {min(walls):.3f} s wall (best of 5), "
            f"{len(report.findings)} findings, {report.coverage.statements} statements"]

def main(argv: list[str] | None = None) -> int:
    for module in PLUGINS:
        importlib.import_module(module)
    names = (argv if argv is not None else sys.argv[1:]) or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names:
        print(f"== {name}")
        try:
            lines = BENCHMARKS[name]()
        except Skip as why:
            lines = [f"  skipped: {why}"]
        print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
