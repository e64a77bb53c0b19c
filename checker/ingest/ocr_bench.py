"""Measure OCR engines against a PDF's own text layer.

    python -m checker.ingest.ocr_bench ../shared/samples-pdf ../shared/real-pdf [--pages N] [--engine rapidocr tesseract]

The pages are chosen by their shape, not by name: in each PDF the prose page with the most digits,
the table page with the most digits (收支 and detail tables) and the table page with the fewest (at
least ten: header-heavy tables such as the 三公 one, or a contents page). A page is prose when
it has a comma or full stop in every ``PROSE_SPAN`` characters or fewer; a table's cells rarely
hold one. The pages are taken in turn by kind, so ``--pages N`` keeps a mix.

Each page is rendered at 200 dpi and read by each engine. Its text layer, whitespace removed, is
the truth. The reading is aligned with it by Levenshtein edit operations (a dropped or added
character costs one, not every position after it), over the digits and decimal points alone
(numbers are what jiaohe checks, and a lost point makes a figure a hundred times larger) and over
all characters; every misread digit or point is printed with the truth around it. Then
seconds per page, both the wall clock and the CPU time of this process (all its threads): on a
machine shared with other work the wall clock says more about the neighbours than about the engine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from itertools import chain, zip_longest
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from checker.bench import SHARED, Skip, benchmark, headline
from checker.ingest import ocr
from checker.ingest.pdf import _lines, page_lines

KINDS = ("table", "prose", "sparse table")
PROSE_SPAN = 60
SENTENCE_MARKS = "，。；"
MIN_DIGITS = 10


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


@dataclass(frozen=True)
class Page:
    path: Path
    index: int
    kind: str
    truth: str


@dataclass
class Tally:
    """Errors and lengths of the truth (digits, characters), seconds, pages, misread digits."""

    digit_errors: int = 0
    digits: int = 0
    char_errors: int = 0
    chars: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    pages: int = 0
    misreads: list[str] = field(default_factory=list)

    def add(self, truth: str, read: str, wall: float, cpu: float) -> Tally:
        page = Tally(wall=wall, cpu=cpu, pages=1)
        page.misreads = _misreads(truth, read)
        page.digit_errors, page.digits = len(page.misreads), len(_figures(truth))
        page.char_errors, page.chars = Levenshtein.distance(truth, read), len(truth)
        for name in ("digit_errors", "digits", "char_errors", "chars", "wall", "cpu", "pages"):
            setattr(self, name, getattr(self, name) + getattr(page, name))
        self.misreads += page.misreads
        return page

    def scores(self) -> str:
        return (
            f"digits and points {1 - self.digit_errors / max(self.digits, 1):.2%} ({self.digit_errors} wrong of {self.digits:,}), "
            f"characters {1 - self.char_errors / max(self.chars, 1):.2%} ({self.char_errors} of {self.chars:,})"
        )

    def speed(self) -> str:
        n = max(self.pages, 1)
        return f"{self.wall / n:.1f} s/page wall, {self.cpu / n:.1f} s/page CPU"


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _figures(text: str) -> str:
    """The digits and decimal points, full-width ones (４．) as the ASCII ones OCR gives (not by
    NFKC: it makes an ellipsis … three points)."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else "." for ch in text if ch.isdigit() or ch in ".．")


def _misreads(truth: str, read: str) -> list[str]:
    """Each edit that aligns the digits and points of ``read`` with those of ``truth``, told with
    the truth around it."""
    where = [k for k, ch in enumerate(truth) if _figures(ch)]
    wanted, got = _figures(truth), _figures(read)
    out = []
    for op in Levenshtein.editops(wanted, got):
        at = where[min(op.src_pos, len(where) - 1)] if where else 0
        context = truth[max(0, at - 8) : at + 8]
        seen = got[op.dest_pos] if op.tag != "delete" else "∅"
        meant = wanted[op.src_pos] if op.tag != "insert" else "∅"
        out.append(f"{meant}→{seen} near “{context}”")
    return out


def _kind(text: str) -> str:
    marks = sum(text.count(mark) for mark in SENTENCE_MARKS)
    return "prose" if marks * PROSE_SPAN >= len(text) else "table"


def pick(paths: list[Path], limit: int | None = None) -> list[Page]:
    """The pages to read (see the module's text), by kind in turn, at most ``limit``."""
    chosen: dict[str, list[Page]] = {kind: [] for kind in KINDS}
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        texts = [_squeeze("".join(page_lines(pdf[index]))) for index in range(len(pdf))]
        pdf.close()
        best: dict[str, tuple[int, int, str]] = {}
        for index, truth in enumerate(texts):
            digits = len(_digits(truth))
            if digits < MIN_DIGITS:
                continue
            kind = _kind(truth)
            for name, score in ((kind, digits),) if kind == "prose" else (("table", digits), ("sparse table", -digits)):
                if name not in best or score > best[name][0]:
                    best[name] = (score, index, truth)
        for name in KINDS:  # a PDF with one table page has it as its densest, not also as its sparsest
            if name in best and not (name == "sparse table" and best[name][1] == best.get("table", (0, -1))[1]):
                chosen[name].append(Page(path, best[name][1], name, best[name][2]))
    turns = [page for page in chain.from_iterable(zip_longest(*chosen.values())) if page is not None]
    return turns[:limit]


def read_pages(pages: list[Page], engine: str = "rapidocr", verbose: bool = False) -> dict[str, Tally]:
    """Read each page with ``engine``; the tallies per kind and over all ("all")."""
    tallies = {"all": Tally(), **{kind: Tally() for kind in KINDS}}
    if pages:  # the first run sets up ONNX Runtime's buffers (three pages' time): not a page's cost
        pdf = pdfium.PdfDocument(pages[0].path)
        ENGINES[engine](ocr.render(pdf[pages[0].index]))
        pdf.close()
    for page in pages:
        pdf = pdfium.PdfDocument(page.path)
        image = ocr.render(pdf[page.index])
        pdf.close()
        start, cpu = time.perf_counter(), time.process_time()
        read = _squeeze(ENGINES[engine](image))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        one = tallies["all"].add(page.truth, read, seconds, cpu)
        tallies[page.kind].add(page.truth, read, seconds, cpu)
        if verbose:
            print(
                f"{engine:9} {page.path.name[:34]:34} p{page.index + 1:<3} {page.kind:12} {one.scores()}, {one.speed()}",
                flush=True,
            )
            for misread in one.misreads:
                print(f"          {misread}")
    return tallies


def _pdfs(folders: list[Path]) -> list[Path]:
    """The PDFs of the folders, one from each folder in turn (a cut list keeps both)."""
    lists = [sorted(folder.glob("*.pdf")) for folder in folders]
    return [path for path in chain.from_iterable(zip_longest(*lists)) if path is not None]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", type=Path, nargs="+")
    ap.add_argument("--pages", type=int, default=None, help="at most this many pages (the kinds in turn)")
    ap.add_argument("--engine", nargs="+", default=["rapidocr", "tesseract"], choices=sorted(ENGINES))
    args = ap.parse_args(argv)
    engines = [e for e in args.engine if e != "tesseract" or shutil.which("tesseract")]
    pages = pick(_pdfs(args.folders), args.pages)
    for name in engines:
        tallies = read_pages(pages, name, verbose=True)
        for kind, tally in tallies.items():
            if tally.pages:
                print(f"{name:9} {kind:12} {tally.pages:3} pages: {tally.scores()}; {tally.speed()}")


BENCH_FOLDERS = ("samples-pdf", "real-pdf")
BENCH_PAGES = 21
"""Pages `make bench` reads: seven of each kind, about 40 s on two idle cores."""


@benchmark
def bench_ocr() -> list[str]:
    """`make bench`: seconds per page of the OCR engine and how many digits and characters it reads
    right, on pages of the sample and real PDFs rendered at the reading resolution."""
    folders = [SHARED / name for name in BENCH_FOLDERS if (SHARED / name).is_dir()]
    if not folders:
        raise Skip(f"none of {', '.join(BENCH_FOLDERS)} in {SHARED}")
    if not ocr.available():
        raise Skip("the OCR engine is not installed")
    pages = pick(_pdfs(folders), BENCH_PAGES)
    tallies = read_pages(pages)
    total = tallies["all"]
    headline(
        "OCR per page (s; digits and points read right)",
        f"{total.speed()}; {1 - total.digit_errors / max(total.digits, 1):.2%} of {total.digits:,}",
    )
    lines = [
        f"OCR of {total.pages} pages of {len({p.path for p in pages})} PDFs ({', '.join(f.name for f in folders)}): "
        f"{total.speed()} (all threads); {total.scores()}"
    ]
    lines += [
        f"  {kind:12} {t.pages:2} pages: {t.scores()}; {t.speed()}" for kind, t in tallies.items() if kind != "all"
    ]
    lines += [f"  misread: {m}" for m in total.misreads]
    return lines


if __name__ == "__main__":
    main()
