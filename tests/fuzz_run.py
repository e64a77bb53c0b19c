"""The long fuzz run (`make fuzz`): generate N hostile files (tests/fuzz_inputs.py), check them
all through the scan machinery — worker processes with a per-document time limit, so a hang is
counted, not endured — and print what matters: tracebacks (an exception other than a clean
refusal, or a rule that raised), runs over the time limit, worker deaths and peak memory.

    python -m tests.fuzz_run --files 10000 [--seed 0] [--jobs 2] [--timeout 10]

Exit status 1 when any traceback, timeout or crash was seen or the peak passed --max-mb."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from checker.batch.scan import default_jobs, scan
from checker.batch.worker import analyse
from tests.fuzz_inputs import GENERATORS


def fuzz_task(path: str) -> dict:
    """What a worker runs: the scan's analysis, with a rule that raised counted as a traceback."""
    result = analyse(path)
    if result["rule_errors"]:
        raise RuntimeError("rule raised: " + "; ".join(result["rule_errors"]))
    return result


def generate(folder: Path, files: int, seed: int) -> Counter:
    kinds: Counter = Counter()
    rng = random.Random(seed)
    formats = sorted(GENERATORS)
    for i in range(files):
        fmt = formats[i % len(formats)]
        data = GENERATORS[fmt](rng)
        (folder / f"f{i:05d}.{fmt}").write_bytes(data)
        kinds[fmt] += 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--max-mb", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jiaohe-fuzz-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        started = time.monotonic()
        kinds = generate(folder, args.files, args.seed)
        generated = time.monotonic() - started
        summary = scan(
            [str(folder)],
            Path(tmp) / "fuzz.sqlite",
            jobs=args.jobs,
            timeout=args.timeout,
            task=fuzz_task,
            memory_mb=None,
        )
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
    print(f"runs over {args.timeout:g} s: {outcomes['timeout']}")
    print(f"worker deaths: {outcomes['crash']}")
    print(f"peak memory of a worker: {peak_mb:.0f} MB")
    for path, kind, reason in summary.failures:
        if kind in ("error", "timeout", "crash"):
            print(f"  {kind}: {Path(path).name}: {reason[:300]}")
    bad = outcomes["error"] + outcomes["timeout"] + outcomes["crash"]
    return 1 if bad or peak_mb > args.max_mb else 0


if __name__ == "__main__":
    sys.exit(main())
