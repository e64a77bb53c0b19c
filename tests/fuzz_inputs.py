"""Structure-aware generators of hostile inputs for the readers: small valid txt/html/docx/xlsx/pdf
files built with the same libraries real reports come from (.doc/.xls by tests/_legacy.py), then
mutated — figures, separators, cue words and invisible characters in the text; attributes, spans,
list starts, merges, cell addresses and ruling lines in the structure; and finally bytes. Every
generator takes a ``random.Random`` so hypothesis (tests/test_fuzz.py) and the long run
(tests/fuzz_run.py, `make fuzz`) draw from the same space."""

from __future__ import annotations

import io
import random
import re
import zipfile

_CUES = (
    "合计",
    "其中",
    "比上年增加",
    "增长",
    "下降",
    "占",
    "执行率",
    "完成率",
    "指标",
    "分别为",
    "万元",
    "%",
    "预算数",
    "决算数",
    "主要原因是",
    "一是",
    "（一）",
    "一、",
    "得分",
    "权重",
)
_JUNK = (
    "\u200b",
    "\u3000",
    " " * 40,
    "\t",
    "\x07",
    "\ufeff",
    "，",
    "。",
    "；",
    "1%",
    "9" * 35,
    ".",
    "、",
    "“",
    "”",
    "（",
    "）",
    "-",
    '=HYPERLINK("x")',
    "[/",
    "`",
    "\n",
)
_LINES = (
    "某单位2024年度部门决算说明",
    "一、收入支出决算总体情况",
    "本年收入合计1,206.50万元，比上年增加56.20万元，增长4.89%。",
    "其中：财政拨款收入1,100.00万元，占91.17%；其他收入106.50万元，占8.83%。",
    "本年支出合计1,180.30万元，其中基本支出900.10万元，项目支出280.20万元。",
    "二、项目支出绩效情况",
    "设置绩效指标12个，其中已完成10个，完成率83.33%。",
    "“培训人次”指标，预期指标值≥200人次，实际完成值180人次，完成率90%，得分9分。",
    "\t项目\t\n\t金额\t\n\n\t合计\t\n\t1,206.50\t\n",
)


def report_text(rng: random.Random) -> str:
    lines = [rng.choice(_LINES) for _ in range(rng.randint(1, 12))]
    return "\n".join(mutate_text(rng, line) for line in lines)


def mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(0, 4)):
        kind = rng.randrange(6)
        at = rng.randint(0, len(text))
        if kind == 0:
            text = text[:at] + rng.choice(_JUNK) + text[at:]
        elif kind == 1:
            text = text[:at] + rng.choice(_CUES) * rng.randint(1, 400) + text[at:]
        elif kind == 2:
            text = re.sub(
                r"\d+(?:\.\d+)?",
                lambda m: rng.choice(
                    (m.group(0), "0", "9" * rng.randint(1, 40), "1" + "0" * rng.randint(0, 30) + ".5")
                ),
                text,
            )
        elif kind == 3:
            piece = text[at : at + rng.randint(1, 30)]
            text = text[:at] + piece * rng.randint(1, 300) + text[at:]
        elif kind == 4:
            text = "\u200b".join(text) if rng.random() < 0.3 else text.replace("，", rng.choice(("", ",", " ", "\n")))
        else:
            text = text[:at]
    return text


def mutate_bytes(rng: random.Random, data: bytes, rate: float = 0.3) -> bytes:
    """Sometimes leave the bytes alone; else flip, cut or repeat a few of them."""
    if rng.random() > rate or not data:
        return data
    out = bytearray(data)
    kind = rng.randrange(3)
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == 1:
        del out[rng.randint(len(out) // 2, len(out)) :]
    else:
        a = rng.randrange(len(out))
        out[a:a] = out[a : a + rng.randint(1, 64)] * rng.randint(2, 20)
    return bytes(out)


def _rezip(rng: random.Random, data: bytes, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.endswith(".xml"):
                body = edit(item.filename, body.decode("utf-8")).encode("utf-8")
            dst.writestr(item.filename, body)
    return out.getvalue()


_BIG = ("0", "-1", "63", "64", "1000000", "99999999999", "abc", "")


def _xml_edit(rng: random.Random, xml: str) -> str:
    """Change attribute values (w:val, r, ref, …) to extremes, duplicate or drop elements."""
    for _ in range(rng.randint(0, 6)):
        kind = rng.randrange(4)
        if kind == 0:
            xml = re.sub(
                r'(w:val|r|ref|w:w|count)="[^"]*"',
                lambda m: f'{m.group(1)}="{rng.choice(_BIG)}"' if rng.random() < 0.2 else m.group(0),
                xml,
            )
        elif kind == 1:
            xml = re.sub(
                r"(<w:tcPr>|<w:tcPr/>)",
                lambda m: rng.choice(('<w:tcPr><w:gridSpan w:val="1000000"/>', "<w:tcPr><w:vMerge/>", m.group(0))),
                xml,
                count=3,
            )
        elif kind == 2:
            elements = re.findall(r"<w:p>.*?</w:p>|<row [^>]*>.*?</row>", xml)
            if elements:
                chosen = rng.choice(elements)
                xml = xml.replace(chosen, chosen * rng.randint(2, 50), 1)
        else:
            xml = re.sub(
                r">([^<]{1,200})<",
                lambda m: ">" + _xml_text(mutate_text(rng, m.group(1))) + "<" if rng.random() < 0.3 else m.group(0),
                xml,
            )
    return xml


def _xml_text(text: str) -> str:
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text).replace("&", "&amp;").replace("<", "&lt;")


def docx_file(rng: random.Random) -> bytes:
    import docx

    d = docx.Document()
    for line in report_text(rng).split("\n"):
        if line.strip():
            d.add_paragraph(_xml_text(line)[:2000], style=rng.choice(("Normal", "List Number", "Heading 1")))
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    table = d.add_table(rows=rows, cols=cols)
    for r in range(rows):
        for c in range(cols):
            table.cell(r, c).text = rng.choice(("合计", "1,206.50", "45.2%", "", "其中：基本支出", "900.10"))
    if rows > 1 and cols > 1 and rng.random() < 0.3:
        table.cell(0, 0).merge(table.cell(1, 1))
    buf = io.BytesIO()
    d.save(buf)
    data = _rezip(rng, buf.getvalue(), lambda name, xml: _xml_edit(rng, xml)) if rng.random() < 0.7 else buf.getvalue()
    return mutate_bytes(rng, data)


def xlsx_file(rng: random.Random) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r in range(1, rng.randint(2, 8)):
        for c in range(1, rng.randint(2, 6)):
            sheet.cell(r, c, rng.choice(("收入合计", 1206.5, 0.452, "其中", -3, 10 ** rng.randint(0, 40), None)))
            sheet.cell(r, c).number_format = rng.choice(("General", "0.00", "#,##0.00", "0.0%", '"万元"0', "@"))
    if rng.random() < 0.3:
        sheet.merge_cells("A1:B2")
    if rng.random() < 0.2:
        sheet[rng.choice(("XFD1048576", "A1048576", "XFD1"))] = "合计"
    buf = io.BytesIO()
    workbook.save(buf)
    data = _rezip(rng, buf.getvalue(), lambda name, xml: _xml_edit(rng, xml)) if rng.random() < 0.5 else buf.getvalue()
    return mutate_bytes(rng, data)


def pdf_file(rng: random.Random) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(600, 800))
    c.setFont("Helvetica", 9)
    y = 780
    for line in report_text(rng).split("\n")[:30]:
        c.drawString(40, y, line.encode("ascii", "replace").decode()[:120])  # the base font has no CJK
        y -= 12
    n = rng.choice((0, 3, 10, 60, 300))
    step = rng.choice((0.5, 3.0, 12.0))
    for i in range(n):
        c.line(40, 40 + (i * step) % 700, 560, 40 + (i * step) % 700)
        c.line(40 + (i * step) % 520, 40, 40 + (i * step) % 520, 740)
    c.save()
    return mutate_bytes(rng, buf.getvalue(), rate=0.2)


_TAGS = ("p", "div", "span", "td", "tr", "table", "br", "li", "pre", "script", "b", "o:p", "![if !supportLists]")


def html_file(rng: random.Random) -> bytes:
    """A page of report lines in random (often unclosed or misnested) tags, tables with random spans."""
    import html

    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"]
    for line in report_text(rng).split("\n"):
        tag = rng.choice(_TAGS)
        attrs = rng.choice(("", f" colspan='{rng.choice(_BIG)}'", f" rowspan='{rng.choice(_BIG)}'"))
        parts.append(f"<{tag}{attrs}>{html.escape(line) if rng.random() < 0.8 else line}")
        if rng.random() < 0.5:
            parts.append(f"</{tag}>")
    depth = rng.choice((0, 10, 3000))
    parts.append("<div>" * depth + "合计" + "</div>" * rng.randint(0, depth))
    text = "".join(parts)
    encoding = rng.choice(("utf-8", "gb18030"))
    return mutate_bytes(rng, text.encode(encoding, errors="replace"), rate=0.2)


def txt_file(rng: random.Random) -> bytes:
    text = report_text(rng)
    encoding = rng.choice(("utf-8", "utf-8", "gb18030", "utf-16"))
    return mutate_bytes(rng, text.encode(encoding, errors="replace"), rate=0.1)


def doc_file(rng: random.Random) -> bytes:
    """A Word 97 file of the report's lines and a table, its structures sometimes absurd (piece
    table, text length, paragraph properties), then its bytes flipped, cut or repeated."""
    from tests._legacy import word_doc

    lines = [line for line in report_text(rng).split("\n") if line.strip()][:200]
    cells = ("合计", "1,206.50", "45.2%", "", "其中：\r基本支出", ("小计", rng.randint(0, 8)))  # (text, columns wide)
    rows = [[rng.choice(cells) for _ in range(4)] for _ in range(3)]
    items = lines[: len(lines) // 2] + [rows] + [(line, rng.randrange(9)) for line in lines[len(lines) // 2 :]]
    options = rng.choice(
        (
            {},
            {"piece_count": rng.choice((0, 2, 10**6))},
            {"ccp_text": rng.choice((0, 1, 2**31 - 1))},
            {"papx": False},
            {"levels": [(rng.randrange(256), "\x00\x09" * rng.randint(0, 3)) for _ in range(rng.randint(0, 9))]},
            {"compressed": True, "items": ["Total 1,206.50", "Sum 45.2%"]},
            {
                "text": "".join(
                    rng.choice(("\x13", "\x14", "\x15", "\x07", "\r", "\x0b", "合计", "1,206.50")) for _ in range(300)
                )
            },
        )
    )
    return mutate_bytes(rng, word_doc(**{"items": items, **options}))


def xls_file(rng: random.Random) -> bytes:
    from tests._legacy import excel_xls

    rows = [
        [
            rng.choice(("收入合计", 1206.5, 0.452, "其中", -3, 10 ** rng.randint(0, 40), None))
            for _ in range(rng.randint(1, 6))
        ]
        for _ in range(rng.randint(1, 8))
    ]
    merges = [(0, rng.randint(0, 3), 0, rng.randint(0, 3))] if rng.random() < 0.3 else []
    return mutate_bytes(rng, excel_xls({"表": rows}, merges))


GENERATORS = {
    "txt": txt_file,
    "html": html_file,
    "docx": docx_file,
    "xlsx": xlsx_file,
    "pdf": pdf_file,
    "doc": doc_file,
    "xls": xls_file,
}
