"""Scan benchmark: an archive of N documents (mutants and varied copies of the seeds and the
synthetic corpus) scanned with J workers; reports docs/s, chars/s and peak memory per worker, each
speed also as a ratio to `jieba.lcut` on one core, and J workers against one on the same archive.

    python -m checker.batch.bench [--docs 1000] [--jobs 2] [--mutants 200]

and, registered as ``bench_scan`` for `make bench` (``python -m checker.bench bench_scan``) when
``checker.batch.bench`` is in ``checker.bench.PLUGINS``: there on ``JIAOHE_BENCH_DOCS`` documents
(default 100, a fifth of them mutants) so the whole `make bench` stays near two minutes;
``JIAOHE_BENCH_DOCS=1000 make bench`` for the full archive. The real reports are read from
../shared/seeds at run time (skipped if absent).
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from checker.batch.scan import scan
from checker.bench import Skip, benchmark, headline, jieba_cpu, joined_seeds, seed_files

REPO = Path(__file__).resolve().parents[2]


def sources() -> list[Path]:
    return seed_files() + sorted((REPO / "corpus" / "synthetic").glob("*.txt"))


def build_archive(folder: Path, docs: int, mutants: int, seed: int = 7) -> int:
    """Write ``docs`` distinct documents into ``folder``; returns how many are mutants."""
    from checker.evaluation.mutate import mutate_corpus

    paths = sources()
    made = mutate_corpus(paths, seed=seed, count=min(mutants, docs))
    for mutant in made:
        (folder / mutant.name).write_bytes(mutant.data)
    bases = [(p.stem, p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    bases += [
        (Path(m.name).stem, m.data.decode("utf-8", errors="replace")) for m in made if Path(m.name).suffix == ".txt"
    ]
    n = len(made)
    i = 0
    while n < docs:
        stem, text = bases[i % len(bases)]
        # a different year line and a serial make each copy a distinct document (its own hash)
        (folder / f"{stem}.copy{i:04d}.txt").write_text(
            text.replace("2024年", f"{2014 + i % 11}年", 1) + f"\n（归档编号 {i:05d}）\n", encoding="utf-8"
        )
        n += 1
        i += 1
    return len(made)


def scan_benchmark(
    docs: int = 1000, jobs: int = 2, mutants: int = 200, progress: Callable[[str], None] | None = None
) -> list[str]:
    """Build the archive, scan it, rescan it; the report lines."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="jiaohe-bench-") as tmp:
        folder = Path(tmp) / "archive"
        folder.mkdir()
        started = time.perf_counter()
        made = build_archive(folder, docs, mutants)
        lines.append(f"archive: {docs} documents ({made} mutants) built in {time.perf_counter() - started:.1f} s")
        db = Path(tmp) / "bench.sqlite"

        def report_progress(done: int, total: int) -> None:
            if progress and done and done % 100 == 0:
                progress(f"  {done}/{total} after {time.perf_counter() - scan_started:.0f} s")

        scan_started = time.perf_counter()
        summary = scan([str(folder)], db, jobs=jobs, timeout=300, on_progress=report_progress)
        with sqlite3.connect(db) as conn:
            findings = conn.execute("SELECT count(*) FROM findings").fetchone()[0]
            cross = conn.execute("SELECT count(*) FROM cross_findings").fetchone()[0]
            per_doc = conn.execute(
                "SELECT avg(seconds), max(seconds), sum(cpu_seconds), sum(chars) FROM documents"
            ).fetchone()
        lines += [
            f"scan: {summary.scanned} scanned, {summary.failed} failed in {summary.seconds:.1f} s with {jobs} workers",
            f"throughput: {summary.scanned / summary.seconds:.2f} docs/s, "
            f"{summary.chars / summary.seconds:,.0f} chars/s ({summary.chars:,} chars)",
            f"per document: mean {per_doc[0]:.3f} s, max {per_doc[1]:.3f} s wall",
            # the machine may be shared: CPU time per document gives what idle cores would reach
            f"CPU: {per_doc[2]:.1f} s in workers → {jobs * summary.scanned / per_doc[2]:.2f} docs/s, "
            f"{jobs * per_doc[3] / per_doc[2]:,.0f} chars/s on {jobs} idle cores",
            f"peak memory per worker: {summary.peak_rss_kb / 1024:.0f} MB (max RSS)",
            f"findings: {findings} per-document, {cross} cross-document",
        ]
        _, text = joined_seeds(Path(tmp))
        jieba_rate = len(text) / jieba_cpu(text)
        per_core = per_doc[3] / per_doc[2]
        lines.append(
            f"per core {per_core:,.0f} chars/s; jieba.lcut {jieba_rate:,.0f} chars/s on the seeds in this "
            f"run; ratio {per_core / jieba_rate:.3f}"
        )
        again = scan([str(folder)], db, jobs=jobs)
        lines.append(f"rescan: {again.skipped} skipped, {again.scanned} scanned in {again.seconds:.1f} s")
        if jobs > 1:
            # both after the scan above, so neither pays for starting the fork server
            one, many = (_scan_once(folder, Path(tmp) / f"{n}.sqlite", n) for n in (1, jobs))
            # on a shared machine wall time says more about the neighbours than about the scan;
            # the CPU the documents and the parent took, spread over the cores, does not
            scaling = (one.work + one.parent) / ((many.work + many.parent) / jobs)
            lines += [
                f"again, 1 worker: {one.wall:.1f} s wall, {one.work:.1f} s CPU on documents, {one.parent:.2f} s in "
                f"the parent; {jobs} workers: {many.wall:.1f} s wall, {many.work:.1f} s, {many.parent:.2f} s",
                f"{jobs} workers ÷ 1: {one.wall / many.wall:.2f} by wall time in this run, "
                f"{scaling:.2f} on idle cores by CPU time",
            ]
            headline(
                f"scan {jobs} workers ÷ 1 worker (idle cores, from CPU; wall)",
                f"{scaling:.2f}; {one.wall / many.wall:.2f}",
            )
    headline(
        f"scan {docs} docs, {jobs} workers (wall; ÷ jieba on one core)",
        f"{summary.scanned / summary.seconds:.2f} docs/s, {summary.chars / summary.seconds:,.0f} chars/s; "
        f"{summary.chars / summary.seconds / jieba_rate:.3f}",
    )
    headline(
        f"scan on {jobs} idle cores (from worker CPU; ÷ jieba on one core)",
        f"{jobs * summary.scanned / per_doc[2]:.2f} docs/s, {jobs * per_doc[3] / per_doc[2]:,.0f} chars/s; "
        f"{jobs * per_doc[3] / per_doc[2] / jieba_rate:.3f}",
    )
    headline("scan chars/s per core ÷ jieba", f"{per_core / jieba_rate:.3f}")
    headline("scan peak RSS per worker", f"{summary.peak_rss_kb / 1024:.0f} MB")
    return lines


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class _Run:
    wall: float
    work: float
    """CPU seconds the workers spent on the documents."""
    parent: float


def _scan_once(folder: Path, db: Path, jobs: int) -> _Run:
    """The archive scanned into a new database by ``jobs`` workers."""
    started = _own_cpu()
    summary = scan([str(folder)], db, jobs=jobs, timeout=300)
    parent = _own_cpu() - started
    with sqlite3.connect(db) as conn:
        work = conn.execute("SELECT sum(cpu_seconds) FROM documents").fetchone()[0]
    return _Run(summary.seconds, work, parent)


@benchmark
def bench_scan() -> list[str]:
    """`jiaohe scan` of ``JIAOHE_BENCH_DOCS`` documents (default 100; mutants and varied copies of
    the seeds) on 2 workers."""
    seed_files()  # skips without the real reports
    setting = os.environ.get("JIAOHE_BENCH_DOCS", "100")
    if not setting.isdigit() or int(setting) < 1:
        raise Skip(f"JIAOHE_BENCH_DOCS must be a positive whole number, not {setting!r}")
    docs = int(setting)
    return scan_benchmark(docs, mutants=docs // 5)


def cluster_benchmark(docs: int) -> list[str]:
    """Scan one archive on a Dask LocalCluster of 1, then 2 worker processes; docs/s over the whole
    scan (cluster start and pipeline load included) and from the first result on (steady state)."""
    try:
        import distributed  # noqa: F401 - only to skip without the cluster extra
    except ImportError:
        raise Skip("Dask is not installed (pip install 'jiaohe[cluster]')") from None
    lines = []
    with tempfile.TemporaryDirectory(prefix="jiaohe-bench-") as tmp:
        folder = Path(tmp) / "archive"
        folder.mkdir()
        build_archive(folder, docs, mutants=docs // 5)
        _, text = joined_seeds(Path(tmp))
        jieba_rate = len(text) / jieba_cpu(text)
        for workers in (1, 2):
            stamps: list[float] = []
            summary = scan(
                [str(folder)],
                Path(tmp) / f"dask{workers}.sqlite",
                timeout=300,
                cluster=f"local:{workers}",
                on_progress=lambda done, total, stamps=stamps: stamps.append(time.perf_counter()),
            )
            steady = (len(stamps) - 2) / (stamps[-1] - stamps[1]) if len(stamps) > 2 else 0.0
            chars = summary.chars / summary.scanned * steady if summary.scanned else 0.0
            lines.append(
                f"dask local:{workers}: {summary.scanned} scanned, {summary.failed} failed in "
                f"{summary.seconds:.1f} s: {summary.scanned / summary.seconds:.2f} docs/s overall, "
                f"{steady:.2f} docs/s after the first result (≈ {chars:,.0f} chars/s; ÷ jieba {chars / jieba_rate:.3f})"
            )
            headline(
                f"scan on Dask, {workers} worker(s) (steady; chars/s ÷ jieba)",
                f"{steady:.2f} docs/s; {chars / jieba_rate:.3f}",
            )
    return lines


@benchmark
def bench_scan_cluster() -> list[str]:
    """`jiaohe scan --cluster local:1` and `local:2` on ``JIAOHE_BENCH_CLUSTER_DOCS`` documents (default 40)."""
    seed_files()  # skips without the real reports, as bench_scan
    setting = os.environ.get("JIAOHE_BENCH_CLUSTER_DOCS", "40")
    if not setting.isdigit() or int(setting) < 3:
        raise Skip(f"JIAOHE_BENCH_CLUSTER_DOCS must be a whole number of at least 3, not {setting!r}")
    return cluster_benchmark(int(setting))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mutants", type=int, default=200)
    args = parser.parse_args(argv)
    try:
        lines = scan_benchmark(args.docs, args.jobs, args.mutants, progress=lambda s: print(s, flush=True))
    except Skip as why:
        lines = [f"skipped: {why}"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
