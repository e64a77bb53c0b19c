"""Scanned reports: an image-only PDF and a PNG are read by OCR, findings on them are marked
and never errors, and an oversized image is refused before it is decoded.

The page is drawn with reportlab in a CJK TrueType font embedded in the PDF (pdfium cannot draw
an unembedded CID font's glyphs), rendered with pypdfium2 and stored back as a bare image.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from checker.engine import OCR_MARK, check_document
from checker.ingest import InputError, load_document, ocr, sniff
from checker.model import Table

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from tests._cjk_font import cjk_font  # noqa: E402


needs_engine = pytest.mark.skipif(not ocr.available(), reason="rapidocr-onnxruntime is not installed")

# Invented figures: 本年支出 1,250.40 = 基本支出 980.20 + 项目支出 270.20, but the prose says
# the increase over 1,120.40 is 130.00 and 增长 16.2% where 130.00 ÷ 1,120.40 = 11.60%.
PROSE = (
    "一、收入支出决算总体情况说明",
    "本单位2024年度支出合计1,250.40万元，比上年增加130.00万元，",
    "增长16.2%，主要原因是新增信息化建设项目。",
)
TABLE = (
    ("项目", "本年数", "上年数"),
    ("基本支出", "980.20", "905.10"),
    ("项目支出", "270.20", "215.30"),
    ("合计", "1,250.40", "1,120.40"),
)


def _report_image(dpi: int = 200) -> Image.Image:
    font = cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(font, 12)
    y = 760.0
    for line in PROSE:
        c.drawString(72, y, line)
        y -= 22
    y -= 20
    xs = (72, 232, 352, 472)
    top = y
    for row in TABLE:
        for x, text in zip(xs, row):
            c.drawString(x + 6, y - 16, text)
        y -= 24
    for k in range(len(TABLE) + 1):
        c.line(xs[0], top - 24 * k, xs[-1], top - 24 * k)
    for x in xs:
        c.line(x, top, x, top - 24 * len(TABLE))
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    return pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "scan.pdf"
    _report_image().save(path, "PDF", resolution=200)
    return path


@needs_engine
def test_image_only_pdf_is_read_and_its_defect_is_a_marked_warning(scanned_pdf):
    doc = load_document(scanned_pdf)
    assert doc.ocr_pages == frozenset({1})
    text = "".join(b.text for b in doc.paragraphs())
    assert "1,250.40" in text and "130.00" in text
    [table] = [b for b in doc.blocks if isinstance(b, Table)]
    # The ruled grid comes back as cells through the PDF reader's grid builder.
    assert [c.text for c in table.rows[-1]] == ["合计", "1,250.40", "1,120.40"]
    findings = [f for f in check_document(doc).findings if f.category == "arith.growth"]
    assert findings, "the growth rate 16.2% (should be 11.60%) is found"
    for f in findings:
        assert f.severity == "warning" and f.message.endswith(OCR_MARK)
        assert f.location.page == 1


@needs_engine
def test_png_is_read(tmp_path):
    path = tmp_path / "page.png"
    image = _report_image()
    image.crop((0, 0, image.width, image.height // 4)).save(path)  # the prose: half the OCR time
    doc = load_document(path)
    assert doc.format == "image" and doc.ocr_pages == frozenset({1})
    assert "增长16.2%" in "".join(b.text for b in doc.paragraphs())


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (the data stays 1 × 1)."""
    buf = io.BytesIO()
    Image.new("L", (1, 1), 255).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = bytearray(data[12:29])  # chunk type + 13 bytes of header fields
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


@pytest.mark.parametrize("size", [(10000, 7000), (30000, 30000)])  # ours; Pillow's bomb guard
def test_pixel_cap_refuses_before_decoding(tmp_path, size):
    path = tmp_path / "huge.png"
    path.write_bytes(_png_claiming(*size))
    with pytest.raises(InputError, match="M 像素的上限"):
        load_document(path)
    cli = subprocess.run(
        [sys.executable, "-m", "checker", "--lang", "en", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 2 and "pixel limit" in cli.stderr


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_images_are_recognised_by_content(fmt):
    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, fmt)
    assert sniff(buf.getvalue()) == "image"


@pytest.mark.parametrize(
    ("read", "kept"),
    [
        ("合计 3, 418.26", "合计 3,418.26"),  # a space after the thousands comma: one amount
        ("占 12. 5%", "占 12.5%"),
        ("基本支出 1,204.10 863.37", "基本支出 1,204.10 863.37"),  # two figures in one box stay two
    ],
)
def test_spaces_inside_a_number_are_dropped(read, kept):
    assert ocr._SPACE_IN_NUMBER.sub("", read) == kept


def _line_png(path: Path) -> Path:
    """One line of a scanned page (a strip: OCR takes a second, not a page's worth)."""
    image = _report_image()
    image.crop((0, 200, image.width, 320)).save(path)
    return path


@needs_engine
def test_scan_picks_up_images_and_records_bad_ones(tmp_path):
    from checker.batch.scan import scan

    folder = tmp_path / "archive"
    folder.mkdir()
    good = _line_png(folder / "page.PNG")
    data = good.read_bytes()
    (folder / "truncated.png").write_bytes(data[: len(data) // 2])
    (folder / "bomb.png").write_bytes(_png_claiming(30000, 30000))
    (folder / "not-an-image.tif").write_bytes(b"II*\x00" + bytes(20))
    (folder / "notes.bmp").write_bytes(b"BM")  # not a kind of file a scan takes
    summary = scan([str(folder)], tmp_path / "f.sqlite", jobs=1)
    failures = {Path(p).name: (kind, reason) for p, kind, reason in summary.failures}
    assert summary.scanned == 1 and set(failures) == {"truncated.png", "bomb.png", "not-an-image.tif"}
    assert {kind for kind, _ in failures.values()} == {"input"}
    assert "M 像素的上限" in failures["bomb.png"][1] and "truncated" in failures["truncated.png"][1]
    assert "Traceback" not in "".join(reason for _, reason in failures.values())


@pytest.mark.parametrize("name", ["truncated.jpg", "not-an-image.tiff"])
def test_check_refuses_a_bad_image_with_exit_2(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".jpg"):
        buf = io.BytesIO()
        Image.new("L", (64, 64), 200).save(buf, "JPEG")
        path.write_bytes(buf.getvalue()[:-40])
    else:
        path.write_bytes(b"MM\x00*" + bytes(20))
    cli = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(path)], capture_output=True, text=True, timeout=120
    )
    assert cli.returncode == 2 and str(path) in cli.stderr
    assert "Traceback" not in cli.stderr


def test_a_many_page_tiff_is_checked_whole_before_any_page_is_decoded(tmp_path):
    # the second frame is over the cap: the file fails before the first is decoded or OCR'd
    small, big = Image.new("1", (16, 16), 1), Image.new("1", (9000, 8000), 1)
    buf = io.BytesIO()
    small.save(buf, "TIFF", save_all=True, append_images=[big], compression="group4")
    with pytest.raises(InputError, match="图像第 2 页为 9000×8000 像素，超过"):
        ocr.open_image(tmp_path / "two.tif", buf.getvalue())


@needs_engine
def test_an_interruption_during_a_run_is_not_turned_into_an_ocr_failure(monkeypatch):
    # the engine wraps whatever is raised while ONNX Runtime runs, also `check --timeout`'s signal
    from rapidocr_onnxruntime.utils.infer_engine import ONNXRuntimeError

    class TimeUp(Exception):
        pass

    def interrupted(image):
        try:
            raise TimeUp
        except TimeUp as exc:
            raise ONNXRuntimeError("Traceback …") from exc

    monkeypatch.setattr(type(ocr._engine().text_det), "__call__", lambda self, image: interrupted(image))
    with pytest.raises(TimeUp):
        ocr.recognize(Image.new("L", (64, 64), 255))


def test_the_page_progress_bar_shows_on_a_terminal_only(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    ocr.progress(1, 30)
    assert not ocr._bar, "nothing on a pipe or in a log"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    ocr.progress(1, 30)
    ocr.progress(12, 30)
    [bar] = ocr._bar
    assert bar.tasks[0].completed == 11 and bar.tasks[0].total == 30
    ocr.progress(0, 0)
    assert not ocr._bar


@needs_engine
def test_an_image_only_copy_of_a_sample_keeps_its_findings_and_adds_no_error(pdf_dir, tmp_path):
    # the measure: every page of a text-layer sample rendered at the reading resolution and
    # stored back as a bare image; at least 80 % of the original's findings (same rule, same page)
    # come back, and no error the original does not have
    from collections import Counter

    original = pdf_dir / "putuo-caizhengju-2024-seeded-errors.pdf"
    if not original.exists():
        pytest.skip(f"{original.name} not present")
    pdf = pdfium.PdfDocument(original)
    pages = [ocr.render(pdf[index]) for index in range(len(pdf))]
    scan = tmp_path / "scan.pdf"
    pages[0].save(scan, "PDF", resolution=ocr.DPI, save_all=True, append_images=pages[1:])
    scanned = load_document(scan)
    assert scanned.ocr_pages == frozenset(range(1, len(pages) + 1))
    before = check_document(load_document(original)).findings
    after = check_document(scanned).findings

    def place(finding):
        return finding.rule, finding.location.page

    kept = Counter(map(place, before)) & Counter(map(place, after))
    assert before and sum(kept.values()) >= 0.8 * len(before), (before, after)
    errors_before = {place(f) for f in before if f.severity == "error"}
    assert [f for f in after if f.severity == "error" and place(f) not in errors_before] == []


@pytest.mark.parametrize(
    ("truth", "read", "wrong"),
    [
        ("合计1,250.40万元，增长16.2%", "合计1,250.40万元，增长16.2%", 0),
        (
            "合计1,250.40万元，增长16.2%",
            "合计1,25.40万元，增长16.2%",
            1,
        ),  # one dropped digit costs one, not all after it
        ("合计1,250.40万元", "合计1,25040万元", 1),  # a lost point makes the figure a hundred times larger
        ("合计1,250.40万元", "合计1,258.40万元", 1),
        ("４．法院支出3.5万元", "4.法院支出3.5万元", 0),  # full-width digits and points are the same figures
        ("基本支出980.20", "基本支出980.20 1", 1),
        ("目录……3", "目录……3", 0),  # an ellipsis is no decimal point
    ],
)
def test_the_ocr_benchmark_aligns_digits_and_points(truth, read, wrong):
    from checker.ingest.ocr_bench import _misreads

    misreads = _misreads(truth, read)
    assert len(misreads) == wrong
    assert all("near “" in m for m in misreads)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("本单位2024年度支出合计1,250.40万元，比上年增加130.00万元，增长11.60%，主要是新增信息化建设项目。", "prose"),
        ("项目本年数上年数基本支出980.20905.10项目支出270.20215.30合计1,250.401,120.40", "table"),
    ],
)
def test_the_ocr_benchmark_tells_prose_from_a_table(text, kind):
    from checker.ingest.ocr_bench import _kind

    assert _kind(text) == kind
