"""One report, one set of findings, whatever the container.

Each seed report (read from ../shared at run time) is saved, at run time, as a Word file with one
paragraph per line, as one whose lines are manual line breaks inside paragraphs, as a web page (a
paragraph per line, tables as <table>), and as a PDF printed one line per line (long lines wrapped at the page width,
tables drawn as ruled grids) — and, when LibreOffice is installed, as LibreOffice converts the
.txt, and as it saves the Word files (one with the tables as Word tables) as Word 97–2003 .doc — and must give the .txt's findings: the same rules with the same stated and expected figures.
Every difference that remains is listed below with its reason.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import build_docx, build_docx_tables, build_html, build_pdf, libreoffice_convert

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEEDS = sorted(p.name for p in SHARED_SEEDS.glob("*.txt")) or ["(no seeds)"]

# (seed, container) → findings the container adds (+) or loses (−) against the .txt, and why.
KNOWN_DIFFERENCES: dict[tuple[str, str], tuple[Counter, Counter, str]] = {
    # (seed, container): (findings only the container gives, findings only the .txt gives, why)
    ("004_15c4900d2e5f3cbe.txt", "libreoffice-pdf"): (
        Counter(),
        Counter(
            {
                ("SCO001", "100%", "98.00%"): 1,
                ("SCO001", "0%", "82.67%（按实际值÷目标值则为120.96%）"): 1,
                ("SCO008", "120.96%", "0%"): 1,
            }
        ),
        "reader limitation: LibreOffice prints the seed's one-cell-per-line tables as bare lines with "
        "neither rules nor aligned columns, so the PDF has no table to rebuild: the scorecard checks "
        "are lost (the two target values read as prose figures no longer make a value conflict since the "
        "labels of quoted names were read whole)",
    ),
}


def findings(path: Path) -> Counter:
    """(rule, stated, expected) of every finding. White space inside a figure is dropped: a PDF
    stores no space characters, and a narrow gap between a figure and its unit (544.54 元) reads
    as no space at all."""
    report = check_document(load_document(path))
    return Counter((f.rule, _squeeze(f.stated), _squeeze(f.expected)) for f in report.findings)


def _squeeze(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", params=SEEDS)
def seed(request, tmp_path_factory) -> dict[str, Counter]:
    """The findings of one seed in every container, each container built and checked once."""
    source = SHARED_SEEDS / request.param
    if not source.is_file():
        pytest.skip("../shared/seeds has no reports")
    out = tmp_path_factory.mktemp(source.stem)
    lines = source.read_text(encoding="utf-8").split("\n")
    (out / "one-paragraph-per-line.docx").write_bytes(build_docx(lines))
    (out / "lines-as-breaks.docx").write_bytes(build_docx(lines, breaks=True))
    (out / "page.html").write_bytes(build_html(lines))
    (out / "one-line-per-line.pdf").write_bytes(build_pdf(lines))
    result = {
        "name": request.param,
        "txt": findings(source),
        "docx": findings(out / "one-paragraph-per-line.docx"),
        "docx-breaks": findings(out / "lines-as-breaks.docx"),
        "html": findings(out / "page.html"),
        "pdf": findings(out / "one-line-per-line.pdf"),
    }
    for container in ("docx", "pdf"):
        if libreoffice_convert([source], container, out / f"lo-{container}", out / "lo-profile"):
            result["libreoffice-" + container] = findings(out / f"lo-{container}" / f"{source.stem}.{container}")
    # Word 97–2003 files as LibreOffice saves the Word files: lines as paragraphs, and tables as Word tables
    (out / "word-tables.docx").write_bytes(build_docx_tables(lines))
    word_files = [out / "one-paragraph-per-line.docx", out / "word-tables.docx"]
    if libreoffice_convert(word_files, "doc", out / "lo-doc", out / "lo-profile"):
        result["libreoffice-doc"] = findings(out / "lo-doc" / "one-paragraph-per-line.doc")
        result["libreoffice-doc-word-tables"] = findings(out / "lo-doc" / "word-tables.doc")
    return result


def _assert_same(seed: dict, container: str) -> None:
    if container not in seed:
        pytest.skip(f"{container} not built (LibreOffice not installed)")
    expected = Counter(seed["txt"])
    extra, missing, _reason = KNOWN_DIFFERENCES.get((seed["name"], container), (Counter(), Counter(), ""))
    got = Counter(seed[container])
    got.subtract(extra)
    got.update(missing)
    assert +got == expected and not -got, f"missing: {dict(expected - +got)}\nextra: {dict(+got - expected)}"


def test_the_seed_has_findings_to_compare(seed):
    assert seed["txt"], "a seed without findings proves nothing about containers"


def test_word_with_one_paragraph_per_line_gives_the_text_findings(seed):
    _assert_same(seed, "docx")


def test_word_with_lines_kept_as_manual_breaks_gives_the_text_findings(seed):
    _assert_same(seed, "docx-breaks")


def test_a_web_page_gives_the_text_findings(seed):
    _assert_same(seed, "html")


def test_pdf_printed_line_by_line_gives_the_text_findings(seed):
    _assert_same(seed, "pdf")


@pytest.mark.parametrize(
    "container", ["libreoffice-docx", "libreoffice-pdf", "libreoffice-doc", "libreoffice-doc-word-tables"]
)
def test_libreoffice_conversions_give_the_text_findings(seed, container):
    _assert_same(seed, container)


def test_no_container_adds_heading_warnings(seed):
    for container in ("docx", "docx-breaks", "html", "pdf"):
        added = {k for k in seed[container] if k[0].startswith("STR")} - set(seed["txt"])
        assert not added, (container, added)
