"""One report, one set of findings, for the real excerpts too — and the reader fixes that got there.

Each excerpt of ../shared/real (read at run time; skipped when absent) is saved, at run time, as
a Word file with one paragraph per line, as one whose lines are manual line breaks inside
paragraphs (text pasted from a web page), as a web page (tests/_containers.py), as a PDF printed one line per line (tests/_containers.py),
as LibreOffice converts the .txt to DOCX and to PDF, and as LibreOffice saves that Word file as
PDF (what an office user's "save as PDF" gives). Every container must give the findings the .txt
gives on the answer key's defects (../shared/gold/real-public.json), and the .txt's findings as a
whole; what remains different is listed in KNOWN_DIFFERENCES with its reason.

The first tests hold each reader fix on content of our own.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from checker.config import Config
from checker.engine import check_document
from checker.evaluation.keys import load_key, matches_item
from checker.ingest import load_document
from checker.model import Paragraph

from _containers import build_docx, build_html, build_pdf, libreoffice_convert
from test_form_layouts import FORMS, expected, flattened, found

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "real"
GOLD = SHARED / "gold" / "real-public.json"


# ---------------------------------------------------------------- reader fixes, our own content


def _squeeze(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", "", text)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_form_flattened_into_one_line_reads_the_same_printed(tmp_path, form):
    """The PDF keeps the spaces the line was typed with: a space glyph is narrower than the gap
    that would count as one, and without it the cells run together (89.974 89.974 → 89.97489.974)."""
    path = tmp_path / "form.pdf"
    path.write_bytes(build_pdf(flattened(*FORMS[form])))
    report = check_document(load_document(path), Config())
    assert found(report.findings) == expected(form, "flattened")


@pytest.mark.parametrize("space", [" ", "\u3000"])
def test_typed_spaces_part_figures_in_a_pdf(tmp_path, space):
    line = space.join(["其中：本年财政拨款", "58.5", "56.16", "56.16", "上年结转资金", "12", "12"])
    path = tmp_path / "line.pdf"
    path.write_bytes(build_pdf([line]))
    (paragraph,) = [b for b in load_document(path).blocks if isinstance(b, Paragraph)]
    assert paragraph.text.split() == line.split()


# A form pasted one cell per line, each closed by a pipe; the instructions left in two cells are
# longer than the printed page is wide.
PIPE_FORM = [
    "项目支出绩效自评表（2024年度） |",
    "项目名称 |",
    "老旧小区雨污分流改造 |",
    "实施单位 |",
    "某区住房和城乡建设局 |",
    "年度目标完成情况 |",
    "对照年度目标逐项说明完成情况，未完成的说明原因和下一步打算（不超过一百五十字） |",
    "评价结论 |",
    "结合自评情况说明总分和取得的主要成效，以及资金使用中发现的问题（不超过二百字） |",
    "项目负责人： |",
    "|",
]


@pytest.mark.parametrize("short_lines", [PIPE_FORM, PIPE_FORM * 3])
def test_cells_closed_by_a_pipe_stay_apart_in_a_pdf(tmp_path, short_lines):
    """A line closed by a pipe ends its cell, whether or not it reaches the margin (and on a page
    of short cells the margin the reader estimates is short too)."""
    path = tmp_path / "cells.pdf"
    path.write_bytes(build_pdf(short_lines))
    texts = [_squeeze(b.text) for b in load_document(path).blocks if isinstance(b, Paragraph)]
    assert texts == [_squeeze(line) for line in short_lines]


def _two_page_report(wrong: int) -> list[str]:
    """Our own report, long enough for two printed pages; sentence ``wrong`` states a growth rate
    its figures do not give."""
    lines = ["一、收入支出决算总体情况"]
    for i in range(1, 31):
        rate = "12.34%" if i == wrong else f"{8 / (90 + i) * 100:.2f}%"
        lines.append(
            f"（{i}）第{i}社区养老服务站全年支出{98 + i}.00万元，比上年增加8.00万元，增长{rate}，"
            "主要是助餐服务覆盖的老人增加、上门服务频次提高所致。"
        )
    return lines


@pytest.mark.parametrize("wrong", [3, 17, 29])
def test_a_running_header_on_both_pages_of_a_two_page_pdf_is_not_text(tmp_path, wrong):
    lines = _two_page_report(wrong)
    text = tmp_path / "report.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed = tmp_path / "report.pdf"
    printed.write_bytes(build_pdf(lines, header="社区养老服务中心2024年度部门决算"))
    document = load_document(printed)
    assert len({p.page for b in document.blocks for p in b.pieces}) == 2
    assert not [b for b in document.blocks if isinstance(b, Paragraph) and "部门决算" in b.text]
    assert _keys(check_document(document).findings) == _keys(check_document(load_document(text)).findings)


def _long_label_table(lead: int) -> list[str]:
    """Our own table in the text convention, ``lead`` lines of prose above it; each item's name
    wraps in its cell, and the 合计 row is 1.00 over its items' sum in the 决算数 column."""
    rows = [["项目", "年初预算数", "调整预算数", "决算数"]]
    for i in range(1, 41):
        rows.append([f"第{i}号社区公园绿化养护与苗木补植项目", f"{20 + i}.00", f"{22 + i}.00", f"{21 + i}.00"])
    total = sum(21 + i for i in range(1, 41)) + 1
    rows.insert(
        1, ["合计", f"{sum(20 + i for i in range(1, 41))}.00", f"{sum(22 + i for i in range(1, 41))}.00", f"{total}.00"]
    )
    lines = ["表1 项目支出决算表"] * lead + ["单位：万元"]
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    return lines + [""]


def test_a_row_broken_by_a_page_break_is_one_row(tmp_path):
    """Word and LibreOffice break a row that does not fit at the foot of a page: the first lines
    of its cells (the figures and the name's start) end the page, the rest of the name opens the
    next. The two parts are one row (第21号社区公园绿化养 / 护与苗木补植项目)."""
    broken = 0
    for lead in range(3):
        lines = _long_label_table(lead)
        text = tmp_path / f"table{lead}.txt"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        printed = tmp_path / f"table{lead}.pdf"
        printed.write_bytes(build_pdf(lines, split_rows=True))
        (table,) = load_document(printed).tables()
        names = [row[0] for row in table.rows[2:]]
        broken += sum(1 for cell in names if len({p.page for p in cell.pieces}) == 2)
        assert [_squeeze(cell.text) for cell in names] == [
            f"第{i}号社区公园绿化养护与苗木补植项目" for i in range(1, 41)
        ]
        assert _keys(check_document(load_document(printed)).findings) == _keys(
            check_document(load_document(text)).findings
        )
    assert broken, "no row was broken by a page break: the test proves nothing"


# ---------------------------------------------------------------- the real excerpts

CONTAINERS = ("docx", "docx-breaks", "html", "pdf", "libreoffice-docx", "libreoffice-pdf", "libreoffice-docx-pdf")

# (excerpt, container) → (findings only the container gives, findings only the .txt gives, why)
# (none left: the hard-wrapped 24 whose PDF ends a paragraph at …其中: reads its list's parts as parts)
KNOWN_DIFFERENCES: dict[tuple[str, str], tuple[Counter, Counter, str]] = {}


def _keys(findings) -> Counter:
    return Counter((f.rule, _squeeze(f.stated), _squeeze(f.expected)) for f in findings)


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> dict:
    """Per excerpt: the findings in every container built, and the .txt findings that hit each
    defect of the answer key."""
    sources = sorted(REAL.glob("*.txt"))
    if not sources or not GOLD.is_file():
        pytest.skip("../shared/real or its answer key is absent")
    out = tmp_path_factory.mktemp("real-containers")
    paths: dict[str, dict[str, Path]] = {s.name: {"txt": s} for s in sources}
    for sub in ("docx", "docx-breaks", "html", "pdf"):
        (out / sub).mkdir()
    for s in sources:
        lines = s.read_text(encoding="utf-8").split("\n")
        paths[s.name]["docx"] = out / "docx" / (s.stem + ".docx")
        paths[s.name]["docx"].write_bytes(build_docx(lines))
        paths[s.name]["docx-breaks"] = out / "docx-breaks" / (s.stem + ".docx")
        paths[s.name]["docx-breaks"].write_bytes(build_docx(lines, breaks=True))
        paths[s.name]["html"] = out / "html" / (s.stem + ".html")
        paths[s.name]["html"].write_bytes(build_html(lines))
        paths[s.name]["pdf"] = out / "pdf" / (s.stem + ".pdf")
        paths[s.name]["pdf"].write_bytes(build_pdf(lines))
    profile = out / "lo-profile"
    if libreoffice_convert(sources, "docx", out / "lo-docx", profile):
        libreoffice_convert(sources, "pdf", out / "lo-pdf", profile)
        libreoffice_convert([paths[s.name]["docx"] for s in sources], "pdf", out / "lo-docx-pdf", profile)
        for s in sources:
            paths[s.name]["libreoffice-docx"] = out / "lo-docx" / (s.stem + ".docx")
            paths[s.name]["libreoffice-pdf"] = out / "lo-pdf" / (s.stem + ".pdf")
            paths[s.name]["libreoffice-docx-pdf"] = out / "lo-docx-pdf" / (s.stem + ".pdf")
    key = {d.file: d for d in load_key(GOLD).documents}
    result = {}
    for name, built in paths.items():
        txt = check_document(load_document(built["txt"])).findings
        items = key[name].items if name in key else ()
        entry = {
            "gold": {i.id: set(_keys(f for f in txt if matches_item(f, i))) for i in items},
            "errors": _keys(f for f in txt if f.severity == "error"),
        }
        for container, path in built.items():
            findings = check_document(load_document(path)).findings
            entry[container] = _keys(findings)
            if container != "txt":
                entry[container + " errors"] = _keys(f for f in findings if f.severity == "error")
        result[name] = entry
    return result


def test_the_text_finds_the_answer_keys_defects(real):
    found_by_text = [item for entry in real.values() for item, keys in entry["gold"].items() if keys]
    assert len(found_by_text) >= 26


@pytest.mark.parametrize("container", CONTAINERS)
def test_every_container_finds_the_defects_the_text_finds(real, container):
    lost = {}
    for name, entry in real.items():
        if container not in entry:
            pytest.skip(f"{container} not built (LibreOffice not installed)")
        _, missing, _ = KNOWN_DIFFERENCES.get((name, container), (Counter(), Counter(), ""))
        for item, keys in entry["gold"].items():
            if keys and not any(k in entry[container] or k in missing for k in keys):
                lost[item] = sorted(keys)
    assert not lost, lost


@pytest.mark.parametrize("container", CONTAINERS)
def test_every_container_gives_the_text_findings(real, container):
    differ = {}
    for name, entry in real.items():
        if container not in entry:
            pytest.skip(f"{container} not built (LibreOffice not installed)")
        extra, missing, _ = KNOWN_DIFFERENCES.get((name, container), (Counter(), Counter(), ""))
        got = Counter(entry[container])
        got.subtract(extra)
        got.update(missing)
        if +got != entry["txt"] or -got:
            differ[name] = {"missing": dict(entry["txt"] - +got), "extra": dict(+got - entry["txt"])}
    assert not differ, differ


@pytest.mark.parametrize("container", CONTAINERS)
def test_no_container_raises_an_error_the_text_does_not(real, container):
    new = {}
    for name, entry in real.items():
        if container not in entry:
            pytest.skip(f"{container} not built (LibreOffice not installed)")
        added = set(entry[container + " errors"]) - set(entry["errors"])
        if added:
            new[name] = sorted(added)
    assert not new, new
