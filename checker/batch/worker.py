"""What a scan worker does with one document, and the version stamp that makes results reusable."""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from checker import __version__

BANDS, ROWS = 16, 4
"""MinHash banding for near-duplicate explanations: 16 bands of 4 rows find pairs with Jaccard
similarity around 0.75 and above with high probability."""


@lru_cache(maxsize=1)
def engine_version() -> str:
    """The package version plus a hash of everything that decides findings (rule code,
    lexicons, models), so a result is reused only when rescanning would give the same answer.
    ``JIAOHE_ENGINE`` pins it instead (keep reusing results across a change known not to alter
    findings)."""
    if os.environ.get("JIAOHE_ENGINE"):
        return os.environ["JIAOHE_ENGINE"]
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    sources = sorted(
        p for p in root.rglob("*.py") if not {"batch", "report", "commands"} & set(p.relative_to(root).parts[:-1])
    )
    for data in ("lexicons", "models"):  # inside the package when installed, beside it in a checkout
        base = root / data if (root / data).is_dir() else root.parent / data
        sources += sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sources:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


_WARM_UP_REPORT = (
    "某单位2024年度部门决算说明\n一、收入支出决算总体情况\n"
    "本年支出合计 120.50 万元，比上年增加 10.50 万元，增长 9.55%。"
    "偏差原因：年中追加项目资金。\n"
)


def warm_up() -> None:
    """Check a small built-in report once, so everything the pipeline loads on first use
    (language model, lexicons, classifiers) is loaded before a worker takes documents and the
    per-document time limit measures the document, not the start-up."""
    with tempfile.TemporaryDirectory(prefix="jiaohe-warm-") as tmp:
        path = Path(tmp) / "warm-up.txt"
        path.write_text(_WARM_UP_REPORT, encoding="utf-8")
        analyse(str(path))
    # What is loaded now (jieba's dictionary, lexicons, models) lives as long as the worker: moved
    # out of the collector's generations, full collections stop re-walking it for every document,
    # and a forked worker stops writing to the pages it shares with its fork server
    gc.collect()
    gc.freeze()


def analyse(path: str, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> dict:
    """Load and check one document with the settings ``check`` would use for it (its nearest
    settings file, then ``select``/``ignore``); everything the database stores about it, as
    plain data."""
    from checker.batch.figures import prior_year_figures
    from checker.config import load_config
    from checker.engine import check_document
    from checker.explain import find_explanations, mask_explanation, minhash
    from checker.identity import require_report
    from checker.ingest import load_document
    from checker.model import Paragraph

    started, cpu_started = time.perf_counter(), time.process_time()
    document = require_report(load_document(path))
    report = check_document(document, load_config(Path(path)).with_overrides(select, ignore))
    explanations = []
    for e in find_explanations(document):
        if e.kind != "reason":
            continue
        masked = mask_explanation(e.text, (e.item,) if e.item else ())
        signature = minhash(masked, num_perm=BANDS * ROWS)
        bands = [
            hashlib.blake2b(repr(signature[i : i + ROWS]).encode(), digest_size=8).hexdigest()
            for i in range(0, len(signature), ROWS)
        ]
        explanations.append(
            {
                "block": e.location.block,
                "line": e.location.line,
                "start": e.location.start,
                "end": e.location.end,
                "item": e.item,
                "text": e.text,
                "masked": masked,
                "bands": bands,
            }
        )
    figures = prior_year_figures(report.context)
    chars = 0
    for block in document.blocks:
        chars += len(block.text) if isinstance(block, Paragraph) else sum(len(c.text) for c in block.cells())
    return {
        "document": {**document.facts(), "format": document.format},
        "findings": [f.to_json() for f in report.findings],
        "rule_errors": list(report.rule_errors),  # a rule that raised (not stored; the fuzz run counts them)
        "coverage": report.coverage.to_json(),
        "explanations": explanations,
        "figures": figures,
        "chars": chars,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
