"""The Word reader: body order, merged cells, list numbering, and locations that round-trip."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from checker.ingest import InputError, load_document
from checker.ingest.docx import chinese_number, format_number
from checker.model import Paragraph, Table
from checker.structure import chinese_ordinal

W = nsdecls("w")


def add_list_definition(document, num_id: int, levels: list[tuple[str, str]], suffix: str = "nothing") -> int:
    """Add a multi-level list (numFmt, lvlText per level) to the document's numbering part."""
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema wants every abstractNum before the nums
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    return num_id


def numbered(document, text: str, num_id: int, level: int):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def save(document, tmp_path: Path, name: str = "report.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def word_paragraphs(path: Path) -> list[str]:
    """Every w:p of the body in XML order, read independently of the reader under test."""
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def assert_round_trip(doc, path: Path) -> int:
    """Each piece's text is found in the Word paragraph and at the column it names."""
    paragraphs = word_paragraphs(path)
    checked = 0
    for block in doc.blocks:
        units = [block] if isinstance(block, Paragraph) else list(block.cells())
        for unit in units:
            for piece in unit.pieces:
                source = paragraphs[piece.line - 1]
                piece_text = unit.raw[piece.start : piece.end]
                assert source[piece.column : piece.column + len(piece_text)] == piece_text, (unit.id, piece)
                checked += 1
    return checked


def test_paragraphs_and_tables_keep_body_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("本部门2024年度收入支出决算情况说明如下。")
    d.add_paragraph("表1 收入支出决算总表")
    t1 = d.add_table(rows=2, cols=2)
    t1.cell(0, 0).text, t1.cell(0, 1).text = "项目", "决算数"
    t1.cell(1, 0).text, t1.cell(1, 1).text = "基本支出", "1,206.50"
    d.add_paragraph("上表反映了本年度支出的构成。")
    t2 = d.add_table(rows=1, cols=3)
    for i, text in enumerate(["单位：万元", "合计", "318.75"]):
        t2.cell(0, i).text = text
    d.add_paragraph("以上为全部说明。")
    doc = load_document(save(d, tmp_path))

    assert [b.id for b in doc.blocks] == ["p1", "p2", "t1", "p3", "t2", "p4"]
    assert [type(b) for b in doc.blocks] == [Paragraph, Paragraph, Table, Paragraph, Table, Paragraph]
    t1_block = doc.blocks[2]
    assert (t1_block.n_rows, t1_block.n_cols) == (2, 2)
    assert t1_block.rows[1][1].text == "1,206.50"
    assert t1_block.caption == "表1 收入支出决算总表"
    assert doc.blocks[4].unit == "万元"
    assert doc.blocks[5].text == "以上为全部说明。"


def test_paragraph_numbers_count_cell_paragraphs_in_body_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("第一段说明。")  # w:p 1
    t = d.add_table(rows=1, cols=2)  # cell paragraphs: w:p 2 and 3
    t.cell(0, 0).text = "人员经费"
    t.cell(0, 1).add_paragraph("公用经费")  # a second paragraph in the cell: w:p 4
    d.add_paragraph("第二段说明。")  # w:p 5
    doc = load_document(save(d, tmp_path))
    first, table, last = doc.blocks
    assert first.pieces[0].line == 1
    assert table.rows[0][0].pieces[0].line == 2
    assert table.rows[0][1].text == "公用经费"  # the empty first paragraph of the cell is skipped
    assert table.rows[0][1].pieces[0].line == 4
    assert last.pieces[0].line == 5
    assert last.locate().line == 5


def test_horizontally_and_vertically_merged_cells_become_empty_continuations(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    merged = t.cell(0, 0).merge(t.cell(0, 2))
    merged.text = "一般公共预算财政拨款支出决算表"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "基本支出"
    t.cell(1, 1).text, t.cell(1, 2).text = "人员经费", "96.40"
    t.cell(2, 1).text, t.cell(2, 2).text = "公用经费", "12.35"
    path = save(d, tmp_path)
    table = next(load_document(path).tables())
    assert [[c.text for c in row] for row in table.rows] == [
        ["一般公共预算财政拨款支出决算表", "", ""],
        ["基本支出", "人员经费", "96.40"],
        ["", "公用经费", "12.35"],
    ]
    assert table.caption == "一般公共预算财政拨款支出决算表"
    # Continuation cells still point at a real paragraph, with zero width.
    for cell in (table.rows[0][1], table.rows[2][0]):
        assert cell.pieces and cell.pieces[0].start == cell.pieces[0].end == 0
    assert assert_round_trip(load_document(path), path) >= 7


def test_automatic_chinese_numbering_builds_the_section_tree(tmp_path):
    d = docx.Document()
    num = add_list_definition(d, 71, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    d.add_paragraph("某区农业农村局2024年度部门决算说明")
    numbered(d, "部门概况", num, 0)
    numbered(d, "主要职能", num, 1)
    d.add_paragraph("本局负责统筹全区农业农村发展工作。")
    numbered(d, "机构设置", num, 1)
    numbered(d, "收入支出决算总体情况", num, 0)
    numbered(d, "收入决算情况", num, 1)  # restarts at （一） under the new 二、
    numbered(d, "财政拨款收入", num, 2)
    numbered(d, "其他收入", num, 2)
    path = save(d, tmp_path)
    doc = load_document(path)

    heads = [b.text for b in doc.paragraphs() if b.heading]
    assert heads == [
        "一、部门概况",
        "（一）主要职能",
        "（二）机构设置",
        "二、收入支出决算总体情况",
        "（一）收入决算情况",
        "1.财政拨款收入",
        "2.其他收入",
    ]
    assert outline(doc) == OUTLINE
    assert any("按 Word 自动编号重建了" in w for w in doc.warnings)
    # The rebuilt marker is not in the document: pieces cover only the paragraph's own text.
    second = doc.block(doc.sections[1].block)
    assert second.raw[second.pieces[0].start : second.pieces[0].end] == "收入支出决算总体情况"
    assert assert_round_trip(doc, path) == 9


def test_a_list_restarted_by_a_start_override(tmp_path):
    """Two lists sharing one definition continue each other unless the second restarts."""
    d = docx.Document()
    num = add_list_definition(d, 74, [("chineseCounting", "%1、")])
    d.part.numbering_part.element.append(
        parse_xml(
            f'<w:num {W} w:numId="75"><w:abstractNumId w:val="{num}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    numbered(d, "项目概况", num, 0)
    numbered(d, "项目资金情况", num, 0)
    d.add_paragraph("附件：绩效指标完成情况")
    numbered(d, "产出指标", 75, 0)
    numbered(d, "效益指标", 75, 0)
    doc = load_document(save(d, tmp_path))
    assert [s.heading.number for s in doc.sections] == [1, 2, 1, 2]


def test_numbering_separator_and_heading_style_list(tmp_path):
    """A tab suffix becomes a space; a list tied to a paragraph style numbers that style."""
    d = docx.Document()
    num = add_list_definition(d, 72, [("chineseCounting", "第%1部分")], suffix="tab")
    style = d.styles["Heading 1"]
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>')
    )
    d.add_paragraph("单位概况", style="Heading 1")
    d.add_paragraph("本单位为财政全额拨款事业单位。")
    d.add_paragraph("单位决算情况说明", style="Heading 1")
    doc = load_document(save(d, tmp_path))
    assert [(s.heading.level, s.heading.number, s.heading.title) for s in doc.sections] == [
        (0, 1, "单位概况"),
        (0, 2, "单位决算情况说明"),
    ]
    assert doc.blocks[0].text == "第一部分 单位概况"


def test_typed_markers_need_no_reconstruction(tmp_path):
    d = docx.Document()
    d.add_paragraph("第二部分 部门决算情况说明")
    d.add_paragraph("（三）一般公共预算财政拨款支出决算情况")
    d.add_paragraph("本年支出 8,215.06万元，比上年减少 312.40万元。")
    doc = load_document(save(d, tmp_path))
    assert [(s.heading.level, [c.heading.level for c in s.children]) for s in doc.sections] == [(0, [2])]
    assert doc.warnings == ()


def test_bullets_are_not_numbers(tmp_path):
    d = docx.Document()
    d.add_paragraph("坚持厉行节约", style="List Bullet")
    doc = load_document(save(d, tmp_path))
    assert doc.blocks[0].text == "坚持厉行节约"
    assert doc.warnings == ()


def test_text_in_smart_tags_hyperlinks_and_revisions(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("支出合计")
    p._p.append(
        parse_xml(f'<w:smartTag {W} w:uri="urn:x" w:element="chmetcnv"><w:r><w:t>2,995.39</w:t></w:r></w:smartTag>')
    )
    p._p.append(
        parse_xml(
            f'<w:ins {W} w:id="1" w:author="审核" w:date="2025-01-01T00:00:00Z"><w:r><w:t>万元</w:t></w:r></w:ins>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:del {W} w:id="2" w:author="审核" w:date="2025-01-01T00:00:00Z">'
            f"<w:r><w:delText>元</w:delText></w:r></w:del>"
        )
    )
    p.add_run("。")
    doc = load_document(save(d, tmp_path))
    assert doc.blocks[0].text == "支出合计2,995.39万元。"


def test_full_width_text_is_normalised_one_for_one(tmp_path):
    d = docx.Document()
    d.add_paragraph("\u3000\u3000执行率为９８．５％。")
    path = save(d, tmp_path)
    block = load_document(path).blocks[0]
    assert block.raw == "执行率为９８．５％。"
    assert block.text == "执行率为98.5%。"
    assert block.pieces[0].column == 2  # the two ideographic spaces of the indent
    assert assert_round_trip(load_document(path), path) == 1


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("不应出现的内容", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("占位")
    clean = save(d, tmp_path, "clean.docx")
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(clean) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, _, rest = text.partition("?>")
                text = (
                    head
                    + '?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "'
                    + secret.as_uri()
                    + '">]>'
                    + rest.replace("占位", "&xxe;")
                )
                data = text.encode("utf-8")
            dst.writestr(item, data)
    try:
        doc = load_document(evil)
    except InputError:
        return  # refusing the document is as safe as ignoring the entity
    assert all("不应出现" not in b.text for b in doc.paragraphs())


def test_chinese_counting_reads_back_as_the_same_ordinal():
    assert [chinese_ordinal(chinese_number(n)) for n in range(1, 200)] == list(range(1, 200))


@pytest.mark.parametrize(
    "n,fmt,shown",
    [
        (3, "chineseCounting", "三"),
        (10, "chineseCounting", "十"),
        (21, "chineseCounting", "二十一"),
        (110, "chineseCounting", "一百一十"),
        (3, "chineseLegalSimplified", "叁"),
        (2, "ideographTraditional", "乙"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimalZero", "07"),
    ],
)
def test_list_counter_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_docx_location_round_trip_on_a_mixed_document(tmp_path):
    d = docx.Document()
    num = add_list_definition(d, 73, [("chineseCounting", "%1、")])
    numbered(d, "预算执行情况", num, 0)
    d.add_paragraph("2024年全年预算数为 1,682.00万元，执行数为 1,650.37万元，执行率 98.12%。")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "指标"
    t.cell(0, 2).text = "完成值"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "产出指标", "培训人次", "≥1200人次"
    t.cell(2, 0).merge(t.cell(1, 0))
    t.cell(2, 1).text = "满意度"
    t.cell(2, 2).paragraphs[0].add_run("  96.5%")
    t.cell(2, 2).add_paragraph("（抽样调查）")
    numbered(d, "存在的问题", num, 0)
    path = save(d, tmp_path)
    doc = load_document(path)
    assert assert_round_trip(doc, path) >= 8
    table = next(doc.tables())
    assert table.rows[2][2].text == "96.5%\n（抽样调查）"


def test_read_docx_signature_matches_the_text_reader(tmp_path):
    from checker.ingest.docx import read_docx

    d = docx.Document()
    d.add_paragraph("说明。")
    buf = io.BytesIO()
    d.save(buf)
    blocks, warnings = read_docx(tmp_path / "x.docx", buf.getvalue())
    assert [b.text for b in blocks] == ["说明。"] and warnings == []


def chinese_outline(tmp_path: Path) -> Path:
    d = docx.Document()
    num = add_list_definition(d, 76, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    numbered(d, "项目基本情况", num, 0)
    numbered(d, "项目立项依据", num, 1)
    numbered(d, "资金到位情况", num, 1)
    numbered(d, "绩效目标完成情况", num, 0)
    numbered(d, "产出目标", num, 1)
    numbered(d, "数量指标", num, 2)
    numbered(d, "质量指标", num, 2)
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "绩效指标完成情况表"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "培训人次", "1200", "1260"
    return save(d, tmp_path, "outline.docx")


OUTLINE = [("一、", [("（一）", []), ("（二）", [])]), ("二、", [("（一）", ["1.", "2."])])]


def outline(doc) -> list:
    return [
        (s.heading.marker, [(c.heading.marker, [g.heading.marker for g in c.children]) for c in s.children])
        for s in doc.sections
    ]


def test_word_custom_number_format_falls_back(tmp_path):
    path = chinese_outline(tmp_path)
    assert outline(load_document(path)) == OUTLINE
    d = docx.Document(str(path))
    for lvl in d.part.numbering_part.element.iter(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        if fmt is not None and fmt.get(qn("w:val")) == "decimal":
            fmt.addprevious(
                parse_xml(
                    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                    f'{W}><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/>'
                    '</mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
                )
            )
            lvl.remove(fmt)
    d.save(str(path))
    assert outline(load_document(path)) == OUTLINE


def test_numbering_survives_a_libreoffice_round_trip(tmp_path):
    """LibreOffice rewrites numbering.xml its own way (e.g. taiwaneseCountingThousand)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    source = chinese_outline(tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    for fmt, src, out in (
        ("odt", source, tmp_path / "odt"),
        ("docx", tmp_path / "odt" / "outline.odt", tmp_path / "docx"),
    ):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                str(src),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
    converted = tmp_path / "docx" / "outline.docx"
    doc = load_document(converted)
    assert outline(doc) == OUTLINE
    table = next(doc.tables())
    assert [c.text for c in table.rows[1]] == ["培训人次", "1200", "1260"]
    assert assert_round_trip(doc, converted) >= 8


def test_table_of_contents_entries_are_not_sections(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("目录")
    d.add_paragraph("第一部分 单位概况\t1", style="toc 1")
    body = d.element.body
    sdt = parse_xml(
        f'<w:sdt {W}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        f"</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>第二部分 决算情况说明</w:t></w:r>"
        f"<w:r><w:tab/><w:t>5</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(len(body) - 1, sdt)  # before the final sectPr
    d.add_paragraph("第一部分 单位概况")
    d.add_paragraph("第二部分 决算情况说明")
    doc = load_document(save(d, tmp_path))
    assert [b.text for b in doc.paragraphs()][1:3] == ["第一部分 单位概况\t1", "第二部分 决算情况说明\t5"]
    assert [(s.heading.number, s.block) for s in doc.sections] == [(1, "p4"), (2, "p5")]


def test_lines_ended_by_manual_breaks_are_lines_and_a_list_number_goes_before_the_first(tmp_path):
    document = docx.Document()
    numbered = document.add_paragraph(style="List Number")
    numbered.add_run("收入总计500万元")
    numbered.add_run().add_break()
    numbered.add_run("支出总计400万元")
    plain = document.add_paragraph("单位：万元")
    plain.add_run().add_break()
    plain.add_run("合计 860.00")
    document.save(tmp_path / "breaks.docx")
    blocks = load_document(tmp_path / "breaks.docx").blocks
    texts = [(b.text, b.pieces[0].line, b.pieces[0].column) for b in blocks]
    # each line keeps its paragraph's number and its offset within the paragraph
    assert texts == [
        ("1. 收入总计500万元", 1, 0),
        ("支出总计400万元", 1, 10),
        ("单位：万元", 2, 0),
        ("合计 860.00", 2, 6),
    ]
