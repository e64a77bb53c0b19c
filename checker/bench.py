"""`make bench` (``python -m checker.bench [NAME ...]``): accuracy and speed, measured.

Each benchmark is a function registered with ``@benchmark``; it returns the lines it reports
and calls ``headline`` for the numbers the summary table at the end shows. Add a new one by
writing such a function in this module or in another module listed in ``PLUGINS`` (imported for
its registrations). Benchmarks that need the real reports (``../shared`` next to the checkout)
say so and are skipped when they are absent.

The default run takes about two minutes on two cores; the scan benchmark's archive size is
``JIAOHE_BENCH_DOCS`` (default 100, the full archive is 1000).
"""

from __future__ import annotations

import importlib
import json
import os
import re
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
PLUGINS: tuple[str, ...] = ("checker.batch.bench", "checker.ingest.ocr_bench")
"""Other modules that register benchmarks (e.g. a check-speed benchmark)."""

BENCHMARKS: dict[str, Callable[[], list[str]]] = {}
HEADLINES: list[tuple[str, str]] = []
"""(measure, value) rows of the summary table, in the order the benchmarks recorded them."""


class Skip(Exception):
    """Raised by a benchmark whose inputs are not available here."""


def benchmark(fn: Callable[[], list[str]]) -> Callable[[], list[str]]:
    BENCHMARKS[fn.__name__] = fn
    return fn


def headline(measure: str, value: str) -> None:
    """Record one number for the summary table printed after all benchmarks."""
    HEADLINES.append((measure, value))


def summary_table(rows: list[tuple[str, str]]) -> list[str]:
    width = max((len(m) for m, _ in rows), default=0)
    return [f"  {measure:<{width}}  {value}" for measure, value in rows]


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
            hit = next(
                (
                    i
                    for i, p in enumerate(preds)
                    if i not in used
                    and p.start < g["end"]
                    and g["start"] < p.end
                    and p.kind == g["kind"]
                    and _same_value(g["kind"], g["value"], p)
                ),
                None,
            )
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
    total = Scores(
        sum(s.tp for s in scores.values()),
        sum(s.n_pred for s in scores.values()),
        sum(s.n_gold for s in scores.values()),
    )
    lines = [
        f"gold set: {len(records)} texts, {total.n_gold} entities ({GOLD.relative_to(REPO)})",
        f"  {'kind':<9}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}",
    ]
    for kind, s in [*scores.items(), ("all", total)]:
        lines.append(f"  {kind:<9}{s.n_gold:>6}{s.n_pred:>6}{s.tp:>6}{s.precision:>8.3f}{s.recall:>8.3f}")
        headline(f"extraction P / R: {kind}", f"{s.precision:.3f} / {s.recall:.3f}  ({s.n_gold} gold)")
    return lines + errors


@benchmark
def extract_throughput() -> list[str]:
    """Warm throughput of the whole extract stage on the concatenated seed reports (one process),
    against `jieba.lcut` of the same text."""
    from checker.ingest import load_document
    from checker.nlp import extract

    with tempfile.TemporaryDirectory() as tmp:
        joined, text = joined_seeds(Path(tmp))
        doc = load_document(joined)
    chars = sum(len(c.text) for b in doc.blocks for c in (b.cells() if hasattr(b, "cells") else (b,)))
    n = len(extract(doc))  # warm: jieba's dictionary, the lexicons
    best = best_cpu(lambda: extract(doc), 5, before=forget_texts)
    jieba = jieba_cpu(text) * chars / len(text)  # jieba's time for as many chars as were extracted
    headline("extract throughput (warm, one core; ÷ jieba)", f"{chars / best:,.0f} chars/s; {jieba / best:.3f}")
    return [
        f"extract warm: {chars} chars, {n} quantities in {best:.3f} s CPU "
        f"→ {chars / best:,.0f} chars/s (best of 5, one core); ratio extract ÷ jieba {jieba / best:.3f}"
    ]


_PROBE = (
    "import resource, subprocess, sys, time; t0 = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(time.perf_counter() - t0, u.ru_utime + u.ru_stime, u.ru_maxrss)"
)
"""Runs a command, prints its wall seconds, CPU seconds and peak memory. A child forked straight from this
(large) process would count this process's pages in its own peak; one forked from the small
probe does not."""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_kb: int


def _cold(argv: list[str]) -> Run:
    """Wall seconds, CPU seconds and peak memory of one fresh run of ``argv``, with the bytecode of
    its modules as an installed program has it: under PYTHONDONTWRITEBYTECODE every run of a
    checkout compiles its ~80 modules from source again (a tenth of a second), while jieba's
    bytecode was written when it was installed. The first run writes it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True, env=env)
    wall, cpu, peak = done.stdout.split()[-3:]
    return Run(float(wall), float(cpu), int(peak))


def _cold_jieba(path: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys, jieba; jieba.lcut(open(sys.argv[1], encoding='utf-8').read())",
        str(path),
    ]


@benchmark
def extract_cold_start() -> list[str]:
    """Wall time and CPU time of a fresh `jiaohe extract` on seed 001 (best of 3), and the ratio to
    a fresh `jieba.lcut` of it."""
    seed = next((p for p in seed_files() if p.name.startswith("001")), None)
    if seed is None:
        raise Skip("seed 001 not present")
    runs, jieba = [], []
    for _ in range(3):
        runs.append(_cold([sys.executable, "-m", "checker", "extract", str(seed), "--format", "json"]))
        jieba.append(_cold(_cold_jieba(seed)))
    wall, cpu = min(r.wall for r in runs), min(r.cpu for r in runs)
    ratio = f"{wall / min(r.wall for r in jieba):.2f} wall, {cpu / min(r.cpu for r in jieba):.2f} CPU"
    headline("cold start: `jiaohe extract` seed 001 (÷ cold jieba)", f"{wall:.2f} s wall, {cpu:.2f} s CPU; {ratio}")
    return [
        f"extract cold start on {seed.name}: {wall:.2f} s wall, {cpu:.2f} s CPU (best of 3); "
        f"ratio to a cold jieba.lcut of it {ratio}"
    ]


@benchmark
def bench_check() -> list[str]:
    """Warm `jiaohe check` of seed 001 in one process (read + extract + statements + all rules),
    best of 5 CPU, against `jieba.lcut` of the same text."""
    from checker.engine import check_document
    from checker.ingest import load_document

    seed = next((p for p in seed_files() if p.name.startswith("001")), None)
    if seed is None:
        raise Skip("seed 001 not present")
    report = check_document(load_document(seed))  # warm: jieba, lexicons
    best = best_cpu(lambda: check_document(load_document(seed)), 5, before=forget_texts)
    jieba = jieba_cpu(seed.read_text(encoding="utf-8"))
    headline("check seed 001 (warm, one process; ÷ jieba)", f"{best:.3f} s; {jieba / best:.3f}")
    return [
        f"check warm on {seed.name}: {best:.3f} s CPU (best of 5), {len(report.findings)} findings, "
        f"{report.coverage.statements} statements; ratio check ÷ jieba {jieba / best:.3f}"
    ]


# --- speed, as ratios to jieba.lcut on the same text in the same run ----------------------
# A figure in chars/s or seconds depends on the machine and on what else runs on it; jieba's
# segmentation of the same text, timed in the same run, does not cancel out. Every speed below
# is therefore also printed as a ratio to it (> 1: faster than segmenting the text with jieba).

LINEAR_FACTORS = (1, 2, 4, 8)
COLD_REPORT = "001"
"""The seed of about 60 KB whose cold check is timed."""


def joined_seeds(tmp: Path, times: int = 1, files: list[Path] | None = None) -> tuple[Path, str]:
    """The seed reports (or ``files``) joined, ``times`` over, as one text report in ``tmp``."""
    text = "\n\n\n".join(p.read_text(encoding="utf-8") for p in files or seed_files())
    text = "\n\n\n".join([text] * times)
    path = tmp / f"joined-{times}x.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


def best_cpu(fn: Callable[[], object], runs: int = 3, before: Callable[[], object] | None = None) -> float:
    """The least CPU time of ``runs`` calls (the least is the one other processes disturbed least);
    ``before`` runs, untimed, ahead of each call."""
    best = None
    for _ in range(runs):
        if before is not None:
            before()
        t0 = time.process_time()
        fn()
        elapsed = time.process_time() - t0
        best = elapsed if best is None else min(best, elapsed)
    return best


def jieba_cpu(text: str, runs: int = 3) -> float:
    """CPU seconds of ``jieba.lcut(text)`` with its dictionary already loaded (best of ``runs``)."""
    import jieba

    jieba.lcut("预热")
    return best_cpu(lambda: jieba.lcut(text), runs)


def forget_texts() -> None:
    """Empty the caches keyed by text (the numbers of a paragraph, a table cell's figure), so that
    a timed check of a text the warm-up already read pays for reading it as a first check of a
    new report does."""
    from checker.align.matcher import _canonical, _header_name, _period_is_current
    from checker.ingest.forms import _role
    from checker.numbers import _amount, _found
    from checker.statements.composition import _parts_named
    from checker.tables.cells import _figure

    _found.cache_clear()
    _amount.cache_clear()  # keyed by each figure as written
    _figure.cache_clear()
    _role.cache_clear()  # keyed by each short paragraph and cell, not only by column labels
    _parts_named.cache_clear()  # keyed by the labels of a list's amounts
    for cache in (_canonical, _header_name, _period_is_current):
        cache.cache_clear()


def _check_cpu(path: Path, runs: int = 3) -> float:
    from checker.engine import check_document
    from checker.ingest import load_document

    check_document(load_document(path))  # warm: jieba, lexicons, the model
    return best_cpu(lambda: check_document(load_document(path)), runs, before=forget_texts)


@benchmark
def speed_warm() -> list[str]:
    """Warm in-process `check` of the seeds joined, against `jieba.lcut` of the same text (CPU, best of 3)."""
    with tempfile.TemporaryDirectory() as tmp:
        path, text = joined_seeds(Path(tmp))
        check = _check_cpu(path)
    jieba = jieba_cpu(text)
    n = len(text)
    headline("check warm, seeds joined (chars/s; ÷ jieba)", f"{n / check:,.0f}; {jieba / check:.3f}")
    return [
        f"seeds joined: {n:,} chars; check {check:.3f} s CPU → {n / check:,.0f} chars/s; "
        f"jieba.lcut {jieba:.3f} s → {n / jieba:,.0f} chars/s; ratio check ÷ jieba {jieba / check:.3f}"
    ]


@benchmark
def speed_linearity() -> list[str]:
    """Warm `check` of one seed repeated 1×, 2×, 4×, 8×: CPU per char relative to 1× (1.00 = linear),
    beside jieba's on the same texts."""
    seed = [p for p in seed_files() if p.name.startswith(COLD_REPORT)] or seed_files()[:1]
    lines, base = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for k in LINEAR_FACTORS:
            path, text = joined_seeds(Path(tmp), k, seed)
            check, jieba = _check_cpu(path, runs=1 if k > 2 else 2), jieba_cpu(text, runs=2)
            per_char = (check / len(text), jieba / len(text))
            base = base or per_char
            lines.append(
                f"  {k}× {len(text):>9,} chars: check {check:7.3f} s, per char ×{per_char[0] / base[0]:.2f} "
                f"of 1×; jieba per char ×{per_char[1] / base[1]:.2f}; check ÷ jieba {jieba / check:.3f}"
            )
            headline(
                f"check time per char at {k}× (÷ 1×; check ÷ jieba)",
                f"{per_char[0] / base[0]:.2f}  (jieba {per_char[1] / base[1]:.2f}); {jieba / check:.3f}",
            )
    return [f"{seed[0].name} repeated (warm, one process, CPU):", *lines]


@benchmark
def speed_cold() -> list[str]:
    """A fresh `jiaohe check` of the ~60 KB seed against a fresh `python -c "import jieba;
    jieba.lcut(...)"` of it (runs alternate, best of 3 wall), and the check's peak memory."""
    seed = next((p for p in seed_files() if p.name.startswith(COLD_REPORT)), None)
    if seed is None:
        raise Skip(f"seed {COLD_REPORT} not present")
    check_argv = [sys.executable, "-m", "checker", "check", str(seed), "--format", "json", "--fail-on", "none"]
    jieba_argv = _cold_jieba(seed)
    _cold(check_argv)  # a first run fills the model cache, the bytecode and the OS file cache
    check, jieba = [], []
    for _ in range(3):
        check.append(_cold(check_argv))
        jieba.append(_cold(jieba_argv))
    wall, cpu, peak = min(r.wall for r in check), min(r.cpu for r in check), max(r.peak_kb for r in check)
    j_wall, j_cpu = min(r.wall for r in jieba), min(r.cpu for r in jieba)
    kb = seed.stat().st_size / 1024
    headline(
        f"cold check of a {kb:.0f} KB report (s; ÷ cold jieba)",
        f"{wall:.2f} wall, {cpu:.2f} CPU; {wall / j_wall:.2f} wall, {cpu / j_cpu:.2f} CPU",
    )
    j_peak = max(r.peak_kb for r in jieba)
    headline("cold check peak memory (÷ cold jieba's)", f"{peak / 1024:.0f} MB; {peak / j_peak:.2f}")
    return [
        f"cold `jiaohe check` {seed.name} ({kb:.0f} KB): {wall:.2f} s wall, {cpu:.2f} s CPU (best of 3), "
        f"peak {peak / 1024:.0f} MB",
        f"cold `python -c 'import jieba; jieba.lcut(...)'` of it: {j_wall:.2f} s wall, {j_cpu:.2f} s CPU; "
        f"ratio check ÷ jieba {wall / j_wall:.2f} wall, {cpu / j_cpu:.2f} CPU (1.00: as fast as segmenting it cold); "
        f"jieba's peak {j_peak / 1024:.0f} MB",
    ]


# --- labels: what each quantity measures --------------------------------------------------

LABELS_REAL = REPO / "corpus" / "gold" / "labels_real.jsonl"
LABELS_SYNTHETIC = REPO / "corpus" / "gold" / "labels_synthetic.jsonl"
LABELS_HOLDOUT = REPO / "corpus" / "gold" / "labels_real_holdout.jsonl"
"""Labelled after the labeller was tuned on labels_real.jsonl, without looking at its output."""
_LABEL_NOISE = re.compile(r"[\s“”\"'‘’]")


def _norm_label(text: str) -> str:
    return _LABEL_NOISE.sub("", text).replace("(", "（").replace(")", "）")


def label_acceptable(pred: str | None, gold: list[str]) -> bool:
    """A label is acceptable when it names the same thing as one of the gold phrases: it contains
    one (基本支出决算 for 基本支出) or is a specific part of one (缴费支出 for 职业年金缴费支出).
    A generic word (支出, 资金) is acceptable only when the gold phrase is exactly that word."""
    from checker.nlp.labels import is_generic

    if not pred:
        return False
    p = _norm_label(pred)
    for g in map(_norm_label, gold):
        if p == g or g in p:
            return True
        if p in g and len(p) >= 2 and not is_generic(pred):
            return True
    return False


def _norm_period(period: str | None) -> str | None:
    return period.replace(" ", "").removesuffix("度") if period else None


@dataclass
class LabelScores:
    n: int = 0
    found: int = 0
    label: int = 0
    period: int = 0
    measure: int = 0
    all: int = 0

    def line(self, name: str) -> str:
        def pct(k: int) -> str:
            return f"{k / self.n:6.1%}" if self.n else "     -"

        return (
            f"  {name:<10}{self.n:>5}{self.found:>7}  label {pct(self.label)}  period {pct(self.period)}"
            f"  measure {pct(self.measure)}  all three {pct(self.all)}"
        )


def score_labels(pairs: list[tuple[object, dict]]) -> tuple[LabelScores, list[str]]:
    """Scores over (quantity or None, expected) pairs and a line per miss. Period and measure must
    equal the expected value, None included (a period or measure the text does not state is a miss)."""
    scores, misses = LabelScores(), []
    for q, exp in pairs:
        scores.n += 1
        if q is None:
            misses.append(f"  not found {exp.get('where')}")
            continue
        scores.found += 1
        ok = (
            label_acceptable(q.label, exp["label"]),
            _norm_period(q.period) == _norm_period(exp["period"]),
            q.measure == exp["measure"],
        )
        scores.label += ok[0]
        scores.period += ok[1]
        scores.measure += ok[2]
        scores.all += all(ok)
        if not all(ok):
            misses.append(
                f"  {exp.get('where')} {q.text!r}: got {q.label}|{q.period}|{q.measure}, "
                f"want {exp['label'][0]}|{exp['period']}|{exp['measure']}"
            )
    return scores, misses


def _target_index(qs, target: str, nth: int):
    """The ``nth`` quantity written as ``target`` (a comparator before it allowed: ≥90% for 90%)."""
    hits = [
        q
        for q in qs
        if q.kind != "date"
        and q.text.replace(" ", "").endswith(target)
        and not any(ch.isdigit() for ch in q.text.replace(" ", "")[: -len(target)])
    ]
    return hits[nth] if nth < len(hits) else None


def synthetic_label_pairs(path: Path = LABELS_SYNTHETIC) -> list[tuple[object, dict]]:
    from checker.ingest import load_document
    from checker.nlp import extract

    pairs = []
    with tempfile.TemporaryDirectory() as tmp:
        for rec in load_gold(path):
            doc_path = Path(tmp) / f"{rec['id']}.txt"
            doc_path.write_text(rec["text"], encoding="utf-8")
            qs = extract(load_document(doc_path))
            for exp in rec["expect"]:
                pairs.append(
                    (
                        _target_index(qs, exp["target"], exp["nth"]),
                        {**exp, "where": f"{rec['id']}#{exp['target']}/{exp['nth']}"},
                    )
                )
    return pairs


def real_label_pairs(path: Path = LABELS_REAL) -> list[tuple[object, dict]]:
    from checker.ingest import load_document
    from checker.nlp import extract

    records = load_gold(path)
    pairs = []
    for name in dict.fromkeys(r["file"] for r in records):
        source = SHARED / ("seeds" if name.endswith(".txt") else "samples-pdf") / name
        if not source.exists():
            raise Skip(f"{source} not present")
        by_place = {(q.location.block, q.location.start, q.location.end): q for q in extract(load_document(source))}
        pairs += [
            (by_place.get((r["block"], r["start"], r["end"])), {**r, "where": f"{name[:12]}:{r['block']}"})
            for r in records
            if r["file"] == name
        ]
    return pairs


@benchmark
def label_accuracy() -> list[str]:
    """Acceptable label / exact period / exact measure on corpus/gold/labels_{synthetic,real}.jsonl."""
    lines = [f"  {'set':<10}{'n':>5}{'found':>7}"]
    misses: list[str] = []
    for name, pairs in (
        ("synthetic", synthetic_label_pairs),
        ("real", real_label_pairs),
        ("holdout", lambda: real_label_pairs(LABELS_HOLDOUT)),
    ):
        try:
            scores, missed = score_labels(pairs())
        except Skip as why:
            lines.append(f"  {name:<10} skipped: {why}")
            continue
        lines.append(scores.line(name))
        if scores.n:
            headline(
                f"labels {name}: label / period / measure",
                f"{scores.label / scores.n:.1%} / {scores.period / scores.n:.1%} / "
                f"{scores.measure / scores.n:.1%}  ({scores.n} quantities)",
            )
        misses += [f"  [{name}]" + m[1:] for m in missed]
    return lines + misses


def main(argv: list[str] | None = None) -> int:
    for module in PLUGINS:
        importlib.import_module(module)
    names = (argv if argv is not None else sys.argv[1:]) or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    for name in names:
        print(f"== {name}")
        try:
            lines = BENCHMARKS[name]()
        except Skip as why:
            lines = [f"  skipped: {why}"]
            headline(name, f"skipped: {why}")
        print("\n".join(lines), flush=True)
    print(f"== summary ({time.perf_counter() - started:.0f} s)")
    print("\n".join(summary_table(HEADLINES)))
    return 0


if __name__ == "__main__":
    # plugins import ``checker.bench``, a module apart from this ``__main__`` copy: run that one so
    # their benchmarks and headlines land in the registry main() reads
    from checker import bench

    sys.exit(bench.main())
