"""A space typed between two Chinese words reads as a space in a PDF, however the PDF draws it.

LibreOffice's PDF of a Word file draws such a space as a gap of about a third of an em and no
space glyph, and writes the spaces it does draw as glyphs in a run of their own, out of the order
of the characters around them. Without the space the cells of a form flattened into one line run
together (项目名称村级补助主管部门…) and an empty blank in a sentence (减少 万元) closes up. A gap
between two Chinese characters is also how a line is justified or spread (因 公 出 国): that gap
is the same all along the line, and a typed space stands out from it.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest

from checker.config import Config
from checker.engine import check_document
from checker.ingest import load_document
from checker.model import Paragraph

from _containers import FONT, SIZE, build_docx, build_pdf, libreoffice_convert
from test_form_layouts import FORMS, expected, flattened, found


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_flattened_form_whose_spaces_are_gaps_reads_as_one_with_space_glyphs(tmp_path, form):
    path = tmp_path / "form.pdf"
    path.write_bytes(build_pdf(flattened(*FORMS[form]), spaces="gap"))
    assert found(check_document(load_document(path), Config()).findings) == expected(form, "flattened")


# Our own sentences: a blank left where a figure belongs (the space typed in the template
# stays), and the same sentence filled in.
BLANKS = [
    "本单位2024年度会议费支出 万元，比上年减少 万元，主要是压减会议数量。",
    "公务接待费支出3.2万元，占“三公”经费的 %，比上年增长 %。",
    "因公出国（境）费 万元，比上年持平。",
]
FILLED = [
    "本单位2024年度会议费支出12.5万元，比上年减少1.5万元，主要是压减会议数量。",
    "公务接待费支出3.2万元，占“三公”经费的40%，比上年增长10%。",
    "因公出国（境）费0万元，比上年持平。",
]


def _keys(path) -> Counter:
    return Counter((f.rule, re.sub(r"\s+", "", f.stated or "")) for f in check_document(load_document(path)).findings)


@pytest.mark.parametrize("lines", [BLANKS, FILLED], ids=["blanks", "filled"])
def test_a_blank_between_two_words_drawn_as_a_gap_is_still_blank(tmp_path, lines):
    text = tmp_path / "report.txt"
    spaced = [part for line in lines for part in (line, "")]  # a blank line after each paragraph
    text.write_text("\n".join(spaced), encoding="utf-8")
    printed = tmp_path / "report.pdf"
    printed.write_bytes(build_pdf(spaced, spaces="gap"))
    blanks = Counter(rule for rule, _ in _keys(text).elements() if rule == "TPL002")
    assert _keys(printed) == _keys(text)
    assert blanks["TPL002"] == (4 if lines is BLANKS else 0)


def _spread_pdf(words: list[str], tracking: float, gap: float) -> bytes:
    """One line of ``words``, every two characters ``tracking`` ems apart (a justified or spread
    line) and two words ``gap`` ems more apart, no space glyph drawn."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    run = c.beginText()
    run.setFont(FONT, SIZE)
    run.setCharSpace(tracking * SIZE)
    x = 72.0
    for word in words:
        run.setTextOrigin(x, 700)
        run.textOut(word)
        x += len(word) * (1 + tracking) * SIZE + gap * SIZE
    c.drawText(run)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text(tmp_path, data: bytes) -> str:
    path = tmp_path / "line.pdf"
    path.write_bytes(data)
    (paragraph,) = [b for b in load_document(path).blocks if isinstance(b, Paragraph)]
    return paragraph.text


@pytest.mark.parametrize("tracking", [0.0, 0.1, 0.4, 1.0])
def test_a_spread_line_has_no_spaces(tmp_path, tracking):
    words = ["公务用车购置", "及运行维护费支出情况"]
    assert _text(tmp_path, _spread_pdf(words, tracking, 0.0)) == "".join(words)


@pytest.mark.parametrize("tracking", [0.0, 0.1, 0.4])
@pytest.mark.parametrize("gap", [0.3, 0.5, 1.0])
def test_a_gap_standing_out_of_a_spread_line_is_a_space(tmp_path, tracking, gap):
    words = ["项目名称", "社区助餐点改造"]
    assert _text(tmp_path, _spread_pdf(words, tracking, gap)) == " ".join(words)


# Lines of our own, each short enough for one printed line: LibreOffice draws no space where a
# line wraps, and nothing then tells 0 / 0 from 00.
WORD_LINES = [
    "项目名称 社区助餐点改造 主管部门 某街道办事处",
    "年度资金总额: 60 58.5 56.16 10 96% 9.6",
    "项目资金 (万元) 年初预算数 全年预算数 年度资金总额: 60 58.5",
    "其中：本年财政拨款 60 58.5 56.16 — — —",
    "会议费支出 万元，比上年减少 万元。",
    "公务接待费支出 万元，占“三公”经费的 %。",
]


@pytest.fixture(scope="module")
def libreoffice_pdf(tmp_path_factory):
    """WORD_LINES as Word paragraphs (a blank one after each), saved as PDF by LibreOffice."""
    out = tmp_path_factory.mktemp("lo-spaces")
    source = out / "lines.docx"
    source.write_bytes(build_docx([part for line in WORD_LINES for part in (line, "")]))
    if not libreoffice_convert([source], "pdf", out / "pdf", out / "profile"):
        pytest.skip("LibreOffice is not installed")
    return out / "pdf" / "lines.pdf"


def test_libreoffice_pdf_of_a_word_file_keeps_its_spaces(libreoffice_pdf):
    """Both ways LibreOffice draws a space: a gap between two Chinese words, and a glyph written
    with the line's other Latin characters, out of text order (年度资金总额: 60, not 年度资金总额 : 60)."""
    texts = [b.text for b in load_document(libreoffice_pdf).blocks if isinstance(b, Paragraph)]
    assert texts == WORD_LINES


def test_libreoffice_pdf_of_a_word_file_gives_the_text_findings(libreoffice_pdf, tmp_path):
    text = tmp_path / "lines.txt"
    text.write_text("\n\n".join(WORD_LINES) + "\n", encoding="utf-8")
    assert _keys(libreoffice_pdf) == _keys(text)
    assert sum(1 for rule, _ in _keys(text).elements() if rule == "TPL002") == 4


@pytest.mark.parametrize("ocr", [False, True])
def test_ocr_boxes_are_not_read_for_spaces_drawn_as_gaps(ocr):
    """OCR spreads each box's characters evenly over the box it read: a gap between two boxes
    of one line is where the recogniser cut, no typesetting (only a column's gap parts them)."""
    from checker.ingest.pdf import _Char, layout

    chars, x = [], 72.0
    for word in ["项目名称", "社区助餐点改造"]:
        for ch in word:
            chars.append(_Char(ch, x, x + SIZE, 700.0, SIZE))
            x += SIZE
        x += 0.5 * SIZE
    (line,) = layout(1, 595.0, 842.0, chars, [], [], 0, ocr).lines
    assert line.text == ("项目名称社区助餐点改造" if ocr else "项目名称 社区助餐点改造")
