"""Bad input through the real command line: exit status 2, one line naming the file, no traceback."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from checker.ingest import MAX_INPUT_BYTES, InputError
from checker.ingest import ooxml
from tests._legacy import ole_file

REPO_ROOT = Path(__file__).resolve().parents[1]


def jiaohe(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *map(str, args)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


def assert_refused(path: Path, reason: str) -> None:
    result = jiaohe("inspect", path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert reason in lines[0], lines[0]


def small_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("本部门2024年度决算收入合计 1,206.50 万元。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_nonexistent_path(tmp_path):
    assert_refused(tmp_path / "没有这个文件.docx", "文件不存在")


def test_directory(tmp_path):
    assert_refused(tmp_path, "是文件夹")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_refused(path, "空文件")


def test_binary_garbage(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    assert_refused(path, "二进制数据")


def test_truncated_docx(tmp_path):
    path = tmp_path / "truncated.docx"
    data = small_docx()
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "Office 文件已损坏或不完整")


def test_zip_with_garbage_is_a_corrupt_docx(tmp_path):
    path = tmp_path / "corrupt.docx"
    path.write_bytes(b"PK\x03\x04" + random.Random(3).randbytes(8000))
    assert_refused(path, "Office 文件已损坏或不完整")


def test_docx_whose_document_part_is_not_xml(tmp_path):
    path = tmp_path / "broken-xml.docx"
    with zipfile.ZipFile(io.BytesIO(small_docx())) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data)
    assert_refused(path, "无法读取该 Word 文档")


def test_zip_that_is_neither_word_nor_excel(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "说明")
    assert_refused(path, "既不是 Word")


def test_docx_zip_bomb(tmp_path):
    """20 MB of one repeated byte compresses about a thousand to one: refused before parsing."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(20):
                part.write(chunk)
    assert path.stat().st_size < 200 * 1024
    assert_refused(path, "疑似压缩炸弹")


def test_archive_declaring_too_much_data_is_refused(tmp_path, monkeypatch):
    """The total-size limit, scaled down so the test needs no 200 MB archive."""
    monkeypatch.setattr(ooxml, "MAX_UNCOMPRESSED_BYTES", 1000)
    data = small_docx()
    with pytest.raises(InputError, match="压缩包解压后超过"):
        ooxml.check_archive(tmp_path / "big.docx", data)


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "not xml at all")
    assert_refused(path, "无法读取该 Excel 工作簿")


def test_ole_signature_without_a_container(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert_refused(path, "Office 文件已损坏或不完整")


def test_ole_file_that_is_neither_doc_nor_xls(tmp_path):
    path = tmp_path / "message.msg"
    path.write_bytes(ole_file({"__substg1.0_0037001F": "主题".encode("utf-16-le")}))
    assert_refused(path, "不支持的 OLE 复合文件")


def peak_rss_kb(*args: str | Path) -> tuple[int, int]:
    """(exit status, peak resident memory in KB) of one jiaohe run, measured by a parent."""
    probe = (
        "import resource, subprocess, sys\n"
        "rc = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
        "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "checker", *map(str, args)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    rc, kb = out.stdout.split()
    return int(rc), int(kb)


def test_50_mb_text_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    line = "本年支出合计 1,206.50 万元，比上年增加 31.20 万元，增长 2.66%。\n".encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert path.stat().st_size > MAX_INPUT_BYTES
    try:
        assert_refused(path, "MB 的上限")
        rc_big, big = peak_rss_kb("inspect", path)
        rc_none, baseline = peak_rss_kb("inspect", tmp_path / "missing.txt")
    finally:
        path.unlink()  # pytest keeps recent tmp dirs; 50 MB each is not worth keeping
    assert rc_big == rc_none == 2
    # Reading the file would add at least its 50 MB (and decoding twice that).
    assert big - baseline < 20 * 1024, (big, baseline)


def test_text_named_file_holding_a_pdf_is_read_as_pdf(tmp_path):
    pytest.importorskip("checker.ingest.pdf")
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "report.txt"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "一、收入支出决算总体情况说明")
    c.drawString(72, 740, "本年收入合计 1,206.50 万元。")
    c.save()
    result = jiaohe("inspect", path)
    assert result.returncode == 0, result.stderr
    assert "格式：pdf" in result.stdout


def test_truncated_pdf_named_txt(tmp_path):
    pytest.importorskip("checker.ingest.pdf")
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + bytes(100))
    result = jiaohe("inspect", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(path) in result.stderr


def test_password_protected_docx(tmp_path):
    """Word stores an encrypted .docx as an OLE file holding an EncryptedPackage stream."""
    path = tmp_path / "protected.docx"
    path.write_bytes(ole_file({"EncryptionInfo": bytes(100), "EncryptedPackage": bytes(5000)}))
    assert_refused(path, "有密码保护")


def test_docx_without_text(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert_refused(path, "没有找到文字")
