"""The long fuzz run (`make fuzz`): generate N hostile files (tests/fuzz_inputs.py), check them
all through the scan machinery — worker processes with a per-document time limit, so a hang is
counted, not endured — and print what matters: tracebacks (an exception other than a clean
refusal, or a rule that raised), runs over the time limit, worker deaths and peak memory.

    python -m tests.fuzz_run --files 10000 [--seed 0] [--jobs 2] [--timeout 10] [--wall 60]

The time limit (--timeout) is on each document's CPU seconds in its worker, so that a run on a
machine busy with other work measures jiaohe, not the neighbours; --wall is the scan's own
wall-clock limit, which still stops a document that hangs (waiting, or spinning past it).
Exit status 1 when any traceback, run over the limit or crash was seen or the peak passed --max-mb."""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from checker.batch.scan import default_jobs, scan
from checker.batch.worker import analyse
from tests.fuzz_inputs import GENERATORS


CPU_LOG = "JIAOHE_FUZZ_CPU_LOG"
"""Where each worker appends `name<TAB>cpu seconds` per document (one short write: O_APPEND keeps lines whole)."""


def fuzz_task(path: str) -> dict:
    """What a worker runs: the scan's analysis, with a rule that raised counted as a traceback."""
    started = time.process_time()
    try:
        result = analyse(path)
    finally:
        with open(os.environ[CPU_LOG], "a", encoding="utf-8") as log:
            log.write(f"{Path(path).name}\t{time.process_time() - started:.3f}\n")
    if result["rule_errors"]:
        raise RuntimeError("rule raised: " + "; ".join(result["rule_errors"]))
    return result


def _generate_one(job: tuple[Path, int, int, str]) -> str:
    folder, seed, i, fmt = job
    # one generator per file, seeded by (seed, i): the same file whatever the number of processes
    data = GENERATORS[fmt](random.Random(f"{seed}:{i}"))
    (folder / f"f{i:05d}.{fmt}").write_bytes(data)
    return fmt


def generate(folder: Path, files: int, seed: int, jobs: int) -> Counter:
    formats = sorted(GENERATORS)
    work = [(folder, seed, i, formats[i % len(formats)]) for i in range(files)]
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        return Counter(pool.map(_generate_one, work, chunksize=16))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--timeout", type=float, default=10.0, help="CPU seconds per document")
    parser.add_argument("--wall", type=float, default=60.0, help="wall-clock seconds per document")
    parser.add_argument("--max-mb", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jiaohe-fuzz-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        started = time.monotonic()
        kinds = generate(folder, args.files, args.seed, args.jobs)
        generated = time.monotonic() - started
        cpu_log = Path(tmp) / "cpu.tsv"
        cpu_log.touch()
        os.environ[CPU_LOG] = str(cpu_log)
        summary = scan(
            [str(folder)],
            Path(tmp) / "fuzz.sqlite",
            jobs=args.jobs,
            timeout=args.wall,
            task=fuzz_task,
            memory_mb=None,
        )
        cpu = {name: float(sec) for name, sec in (line.split("\t") for line in cpu_log.read_text().splitlines())}
    slow = sorted((sec, name) for name, sec in cpu.items() if sec > args.timeout)
    outcomes = Counter(kind for _, kind, _ in summary.failures)
    peak_mb = summary.peak_rss_kb / 1024
    print(
        f"files: {sum(kinds.values())} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}), "
        f"seed {args.seed}, generated in {generated:.0f} s, checked in {summary.seconds:.0f} s"
    )
    print(
        f"read and checked: {summary.scanned}; refused with a reason (exit 2): {outcomes['input']}; "
        f"duplicate content: {summary.duplicates}"
    )
    print(f"tracebacks: {outcomes['error']}")
    print(
        f"runs over {args.timeout:g} CPU s: {len(slow)} (the slowest document took "
        f"{max(cpu.values(), default=0):.1f} CPU s; median {sorted(cpu.values())[len(cpu) // 2] if cpu else 0:.2f})"
    )
    print(f"runs stopped at the {args.wall:g} s wall-clock limit: {outcomes['timeout']}")
    print(f"worker deaths: {outcomes['crash']}")
    print(f"peak memory of a worker: {peak_mb:.0f} MB")
    for path, kind, reason in summary.failures:
        if kind in ("error", "timeout", "crash"):
            print(f"  {kind}: {Path(path).name}: {reason[:300]}")
    for sec, name in slow:
        print(f"  slow: {name}: {sec:.1f} CPU s")
    bad = outcomes["error"] + outcomes["timeout"] + outcomes["crash"] + len(slow)
    return 1 if bad or peak_mb > args.max_mb else 0


if __name__ == "__main__":
    sys.exit(main())
