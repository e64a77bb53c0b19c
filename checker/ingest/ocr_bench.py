"""Measure OCR engines against a PDF's own text layer.

    python -m checker.ingest.ocr_bench ../shared/samples-pdf [--pages 2] [--engine rapidocr tesseract]

Each chosen page (per PDF: the first ``--pages`` prose pages and as many table pages, told apart
by their share of digits) is rendered at 200 dpi and read by each engine. The page's text layer,
whitespace removed, is the truth; accuracy is 1 − Levenshtein distance ÷ length, over the
digits alone (numbers are what jiaohe checks) and over all characters; then seconds per page,
both the wall clock and the CPU time of this process (all its threads): on a machine shared with
other work the wall clock says more about the neighbours than about the engine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from checker.bench import SHARED, Skip, benchmark, headline
from checker.ingest import ocr
from checker.ingest.pdf import _lines, page_lines


def _rapidocr(image) -> str:
    chars, _, _ = ocr.page_content(image, 72 / ocr.DPI)
    return "".join(ln.text for ln in _lines(chars))


def _tesseract(image) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        out = subprocess.run(
            ["tesseract", str(png), "stdout", "-l", "chi_sim", "--psm", "6"], capture_output=True, text=True, check=True
        )
    return out.stdout


ENGINES = {"rapidocr": _rapidocr, "tesseract": _tesseract}


def _accuracy(truth: str, read: str) -> tuple[int, int]:
    """(errors, length of the truth)."""
    return Levenshtein.distance(truth, read), len(truth)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _pick(pdf: pdfium.PdfDocument, per_kind: int) -> list[tuple[int, str, str]]:
    """(page index, prose|table, text layer) of the first pages of each kind."""
    chosen: dict[str, list] = {"prose": [], "table": []}
    for index in range(len(pdf)):
        text = _squeeze("".join(page_lines(pdf[index])))
        if len(text) < 200:
            continue
        kind = "table" if len(_digits(text)) > 0.25 * len(text) else "prose"
        if len(chosen[kind]) < per_kind:
            chosen[kind].append((index, kind, text))
    return chosen["prose"] + chosen["table"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--pages", type=int, default=1, help="prose and table pages per PDF (each)")
    ap.add_argument("--engine", nargs="+", default=["rapidocr", "tesseract"], choices=sorted(ENGINES))
    args = ap.parse_args(argv)
    engines = [e for e in args.engine if e != "tesseract" or shutil.which("tesseract")]
    # digit err/len, char err/len, wall seconds, pages, CPU seconds
    totals = {e: [0, 0, 0, 0, 0.0, 0, 0.0] for e in engines}
    for path in sorted(args.folder.glob("*.pdf")):
        pdf = pdfium.PdfDocument(path)
        for index, kind, truth in _pick(pdf, args.pages):
            image = ocr.render(pdf[index])
            for name in engines:
                start, cpu = time.perf_counter(), time.process_time()
                read = _squeeze(ENGINES[name](image))
                seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
                de, dn = _accuracy(_digits(truth), _digits(read))
                ce, cn = _accuracy(truth, read)
                t = totals[name]
                for k, v in enumerate((de, dn, ce, cn, seconds, 1, cpu)):
                    t[k] += v
                print(
                    f"{name:9} {path.name[:32]:32} p{index + 1:<3} {kind:5} digits {1 - de / max(dn, 1):6.2%} "
                    f"chars {1 - ce / max(cn, 1):6.2%} {seconds:6.1f} s, CPU {cpu:5.1f} s",
                    flush=True,
                )
    for name, (de, dn, ce, cn, seconds, pages, cpu) in totals.items():
        if pages:
            print(
                f"{name:9} {pages} pages: digits {1 - de / max(dn, 1):.2%} ({de} errors in {dn}), "
                f"chars {1 - ce / max(cn, 1):.2%}, {seconds / pages:.1f} s/page, CPU {cpu / pages:.1f} s/page"
            )


BENCH_PDF = "putuo-caizhengju-2024.pdf"
"""The sample whose pages `make bench` reads by OCR: a prose page and a table page."""


@benchmark
def bench_ocr() -> list[str]:
    """`make bench`: seconds per page of the OCR engine on one prose and one table page of a
    sample PDF rendered at the reading resolution, and how many of their digits it reads right."""
    path = SHARED / "samples-pdf" / BENCH_PDF
    if not path.exists():
        raise Skip(f"{path} not present")
    if not ocr.available():
        raise Skip("the OCR engine is not installed")
    pdf = pdfium.PdfDocument(path)
    errors = digits = 0
    wall = cpu = 0.0
    pages = _pick(pdf, 1)
    _rapidocr(ocr.render(pdf[pages[0][0]]))  # loads the models: not a page's cost
    for index, _, truth in pages:
        image = ocr.render(pdf[index])
        start, started_cpu = time.perf_counter(), time.process_time()
        read = _squeeze(_rapidocr(image))
        wall, cpu = wall + time.perf_counter() - start, cpu + time.process_time() - started_cpu
        de, dn = _accuracy(_digits(truth), _digits(read))
        errors, digits = errors + de, digits + dn
    n = len(pages)
    headline(
        "OCR per page (s; digits read right)",
        f"{wall / n:.1f} wall, {cpu / n:.1f} CPU; {1 - errors / max(digits, 1):.2%}",
    )
    return [
        f"OCR of {n} pages of {BENCH_PDF} (prose and table): {wall / n:.1f} s/page wall, {cpu / n:.1f} s/page CPU "
        f"(all threads); digits {1 - errors / max(digits, 1):.2%} ({errors} wrong of {digits})"
    ]


if __name__ == "__main__":
    main()
