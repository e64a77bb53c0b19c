"""Build a DOCX and a PDF from the lines of a text report, the way such files arrive: one Word
paragraph per line (typed with hard returns, or converted from a PDF), and a PDF that prints
one line per line, wrapping lines longer than the page is wide.

A table in the text convention (a TAB before each cell, one cell per line, a blank line after each
row, two after the table) stays so in Word — where it is typed the same way — and is drawn as a
ruled grid in the PDF, the way a PDF shows a table."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Sequence

FONT = "STSong-Light"
SIZE = 11
PITCH = 16.0
MARGIN = 72.0
# pdfium extracts nothing from a one-glyph STSong-Light string (the glyph is drawn, its text is
# lost); a trailing space keeps it. Only there: a space drawn at the end of every line would be a
# space typed before every line break.
_TAIL = " "


def _shown(text: str) -> str:
    return text + _TAIL if len(text) == 1 else text


def build_docx(lines: Sequence[str], breaks: bool = False) -> bytes:
    """One paragraph per line; with ``breaks``, each run of lines between blank ones is one
    paragraph whose lines end in manual line breaks, as text pasted from a web page into Word is."""
    import docx

    document = docx.Document()
    paragraph = None
    for line in lines:
        if breaks and paragraph is not None and line.strip():
            paragraph.add_run().add_break()
            paragraph.add_run(line)
            continue
        paragraph = document.add_paragraph(line) if line.strip() else None
        if paragraph is None:
            document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def build_docx_tables(lines: Sequence[str]) -> bytes:
    """One paragraph per line, each TAB-cell table a real Word table (a shorter row's last cells
    left empty), as a report typed in Word has its tables."""
    import docx

    document = docx.Document()
    for item in tab_tables(lines):
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        table = document.add_table(rows=len(item), cols=max(len(row) for row in item))
        for r, row in enumerate(item):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def build_html(lines: Sequence[str]) -> bytes:
    """A web page of the lines: a paragraph per line, each TAB-cell table and each run of pipe rows
    a <table> (a pipe at each end of a row is its border, the |---| line under a header dropped)."""
    import html
    import re

    body: list[str] = []
    run: list[list[str]] = []

    def table(rows: Sequence[Sequence[str]]) -> str:
        cells = ("".join(f"<td>{html.escape(c)}</td>" for c in row) for row in rows)
        return "<table>" + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>"

    for item in tab_tables(lines):
        pipes = isinstance(item, str) and item.count("|") + item.count("｜") >= 2
        if run and not pipes:
            body.append(table(run))
            run = []
        if isinstance(item, list):
            body.append(table(item))
        elif re.fullmatch(r"\s*[|｜][\s|:\-｜]+", item):
            continue
        elif pipes:
            row = item.strip()
            row = row[1:] if row[:1] in "|｜" else row
            row = row[:-1] if row[-1:] in "|｜" else row
            run.append([c.strip() for c in re.split("[|｜]", row)])
        else:
            body.append(f"<p>{html.escape(item)}</p>")
    if run:
        body.append(table(run))
    page = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>报告</title></head><body>\n'
    return (page + "\n".join(body) + "\n</body></html>\n").encode("utf-8")


def tab_tables(lines: Sequence[str]) -> list[str | list[list[str]]]:
    """The lines, with each TAB-cell table replaced by its rows of cells."""
    out: list[str | list[list[str]]] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            out.append(lines[i])
            i += 1
            continue
        rows: list[list[str]] = []
        row: list[str] = []
        blanks = 0
        while i < len(lines) and blanks < 2:
            line = lines[i]
            if line.startswith("\t"):
                row.append(line[1:].strip())
                blanks = 0
            elif not line.strip():
                blanks += 1
                if row:
                    rows.append(row)
                    row = []
            elif row or rows:
                (row or rows[-1])[-1] += line.strip()
                blanks = 0
            i += 1
        if row:
            rows.append(row)
        out.append(rows)
    return out


def build_pdf(
    lines: Sequence[str],
    page_numbers: bool = True,
    header: str | None = None,
    split_rows: bool = False,
    spaces: str = "glyph",
) -> bytes:
    """``header``: a running header printed in the top margin of every page, as Word prints one.
    ``split_rows``: a table row that does not fit at the foot of a page is broken there, the rest
    of its cells' lines going on at the top of the next page (Word's and LibreOffice's default),
    instead of moving whole to the next page.
    ``spaces``: how a typed space of running text is drawn — "glyph": as a space glyph; "gap": as
    a gap of a third of an em and no glyph, as LibreOffice's PDF of a Word file draws a space
    between two Chinese words."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    right = width - MARGIN
    state = {"y": height - MARGIN, "page": 1}

    def head() -> None:
        if header:
            c.setFont(FONT, SIZE)
            c.drawCentredString(width / 2, height - MARGIN / 2, header)

    def new_page(last: bool = False) -> None:
        if page_numbers:
            c.setFont(FONT, SIZE)
            c.drawCentredString(width / 2, MARGIN / 2, str(state["page"]))
        c.showPage()
        state["page"] += 1
        state["y"] = height - MARGIN
        if not last:
            head()

    head()

    def draw(x: float, text: str) -> None:
        if state["y"] < MARGIN:
            new_page()
        if text and (spaces == "glyph" or " " not in text):
            c.setFont(FONT, SIZE)
            c.drawString(x, state["y"], _shown(text))
        elif text:
            # one text object: pdfium loses a one-glyph string drawn alone (a lone figure 0)
            run = c.beginText()
            run.setFont(FONT, SIZE)
            # the space a line wraps at is drawn, as a glyph at the end of the line or at the
            # start of the next one
            lead, trail = len(text) - len(text.lstrip(" ")), len(text) - len(text.rstrip(" "))
            words = text.strip(" ").split(" ")
            words[0], words[-1] = " " * lead + words[0], words[-1] + " " * trail
            for word in words:
                run.setTextOrigin(x, state["y"])
                run.textOut(word)
                x += advance(word + " ")
            c.drawText(run)
        state["y"] -= PITCH

    def advance(text: str) -> float:
        if spaces == "glyph":
            return pdfmetrics.stringWidth(text, FONT, SIZE)
        return pdfmetrics.stringWidth(text.replace(" ", ""), FONT, SIZE) + text.count(" ") * SIZE / 3

    def wrap(text: str, room: float) -> list[str]:
        out, chunk = [], ""
        for ch in text:
            if chunk and advance(chunk + ch) > room:
                out.append(chunk)
                chunk = ""
            chunk += ch
        return out + [chunk]

    for item in tab_tables(lines):
        if isinstance(item, str):
            for chunk in wrap(item.strip(), right - MARGIN):
                draw(MARGIN, chunk)
            continue
        # One column grid for the table; the last cell of a shorter row spans the columns left.
        step = (right - MARGIN) / max(len(row) for row in item)
        for row in item:
            spans = [step] * (len(row) - 1) + [right - MARGIN - step * (len(row) - 1)]
            cells = [wrap(cell, span - 4) for cell, span in zip(row, spans)]
            while cells:
                depth = max(len(cell) for cell in cells) * PITCH + 4
                room = int((state["y"] - MARGIN - 4) // PITCH)
                if state["y"] - depth < MARGIN and not (split_rows and room >= 1):
                    new_page()
                    room = int((state["y"] - MARGIN - 4) // PITCH)
                longest = max(len(cell) for cell in cells)
                part = min(room, longest) if split_rows else longest
                shown, cells = [cell[:part] for cell in cells], [cell[part:] for cell in cells]
                if not any(cells):
                    cells = []
                depth = max(len(cell) for cell in shown) * PITCH + 4
                top = state["y"] + SIZE + 2
                for k, cell in enumerate(shown):
                    for n, chunk in enumerate(cell):
                        c.setFont(FONT, SIZE)
                        c.drawString(MARGIN + k * step + 2, state["y"] - n * PITCH, _shown(chunk))
                for x in [MARGIN + k * step for k in range(len(row))] + [right]:
                    c.line(x, top, x, top - depth)
                c.line(MARGIN, top, right, top)
                c.line(MARGIN, top - depth, right, top - depth)
                state["y"] -= depth
                if cells:
                    new_page()
        draw(MARGIN, "")
    new_page(last=True)
    c.save()
    return buf.getvalue()


def text_and_pdf(out: Path, stem: str, lines: Sequence[str]) -> tuple[Path, Path]:
    """The lines as a text file and as the PDF ``build_pdf`` prints of them, side by side in ``out``."""
    text, pdf = out / f"{stem}.txt", out / f"{stem}.pdf"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pdf.write_bytes(build_pdf(lines))
    return text, pdf


def table_containers(text: str, out: Path, stem: str) -> list[Path]:
    """A report with pipe tables as .txt, as HTML with real tables, as a Word file with real tables and
    as a ruled PDF (the last two from its TAB grid)."""
    from checker.tables.notation import grid_text

    lines = text.split("\n")
    tab = grid_text(text).split("\n")
    (out / f"{stem}.txt").write_text(text, encoding="utf-8")
    (out / f"{stem}.html").write_bytes(build_html(lines))
    (out / f"{stem}.docx").write_bytes(build_docx_tables(tab))
    (out / f"{stem}.pdf").write_bytes(build_pdf(tab))
    return [out / f"{stem}.{ext}" for ext in ("txt", "html", "docx", "pdf")]


def padded_to_margin(template: str, pad: str = "村") -> str:
    """``template`` with ``{pad}`` filled by as many ``pad`` as fit, so that the line ``build_pdf``
    prints of it ends within one pad of the right margin and does not wrap."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    room = A4[0] - 2 * MARGIN
    filled = ""
    while pdfmetrics.stringWidth(template.format(pad=filled + pad), FONT, SIZE) <= room:
        filled += pad
    return template.format(pad=filled)


def libreoffice_convert(sources: Sequence[Path], target: str, out: Path, profile: Path) -> bool:
    """Convert all ``sources`` to ``target`` (docx, doc, xls, pdf) into ``out`` in one LibreOffice run with a
    profile of its own: two LibreOffice runs sharing the default profile make the second fail
    (parallel test runs, a desktop LibreOffice open). False when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target]
        + ["--outdir", str(out)]
        + [str(s) for s in sources],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return True


def findings_in(container: str, texts: Sequence[str], path: Path) -> list:
    """The findings of the texts' lines saved at ``path`` as a one-paragraph-per-line DOCX or a
    line-by-line PDF (``container``: "docx" or "pdf")."""
    from checker.engine import check_document
    from checker.ingest import load_document

    lines = [line for text in texts for line in text.split("\n") if line]
    path.write_bytes(build_docx(lines) if container == "docx" else build_pdf(lines))
    return list(check_document(load_document(path)).findings)


_FIGURE_CELL = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+%?|-?\d{1,3}(?:,\d{3})+")
_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
)


def _text_width(text: str, size: float) -> float:
    return sum(size if ord(ch) > 0x2E7F else size * 0.55 for ch in text)


def build_fods(
    text: str,
    borders: str = "all",
    landscape: bool = False,
    fit_width: bool = False,
    font: str = "WenQuanYi Micro Hei",
    size: float = 10.0,
    row_height: float = 0.0,
) -> bytes:
    """A spreadsheet (flat ODF) of the report's pipe tables, the way budget tables are typed in Excel
    or WPS and printed to PDF: each ``@@PAGE``-parted part on a sheet (a page) of its own, a plain
    line a row merged across the sheet (a title centred, a ``单位`` line right-aligned), a blank line
    an empty row, a cell ``<`` / ``^`` merged into the cell left of / above it. Figures with a
    decimal point or thousands separators are numbers with a number format (right-aligned, as a
    sheet prints them), a lone dash right-aligned as a number format shows a zero; every other cell
    is text, codes keep their zeros. ``borders``: all, none,
    outer (around each table only) or header (the rows above the first figure row); ``row_height``:
    points, 0 for the sheet's default."""
    from xml.sax.saxutils import escape

    styles: dict[tuple, str] = {}
    numbers: dict[tuple[int, bool, bool], str] = {}

    def number_style(places: int, grouping: bool, percent: bool) -> str:
        key = (places, grouping, percent)
        if key not in numbers:
            numbers[key] = f"N{len(numbers)}"
        return numbers[key]

    def cell_style(**props: object) -> str:
        key = tuple(sorted(props.items()))
        if key not in styles:
            styles[key] = f"ce{len(styles)}"
        return styles[key]

    sheets: list[list[str | list[list[str]]]] = [[]]
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped == "@@PAGE":
            sheets.append([])
        elif stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            part = sheets[-1]
            if part and isinstance(part[-1], list):
                part[-1].append(cells)
            else:
                part.append([cells])
        else:
            sheets[-1].append(stripped)
    body = []
    heights: set[int] = set()
    for number, sheet in enumerate(sheets):
        width = max((len(r) for item in sheet if isinstance(item, list) for r in item), default=1)
        widths = [30.0] * width
        rows_xml = []
        heads: list[tuple[int, list[tuple[int, int, int, str]]]] = []  # header rows: their cells' texts
        for item in sheet:
            if isinstance(item, str):
                if not item:
                    rows_xml.append(
                        f'<table:table-row><table:table-cell table:number-columns-repeated="{width}"/></table:table-row>'
                    )
                    continue
                unit = item.startswith("单位") or "单位：" in item
                style = cell_style(align="end" if unit else "center", bold=not unit, big=not unit)
                cover = "<table:covered-table-cell/>" * (width - 1)
                rows_xml.append(
                    f'<table:table-row><table:table-cell table:style-name="{style}" office:value-type="string" '
                    f'table:number-columns-spanned="{width}" table:number-rows-spanned="1"><text:p>{escape(item)}</text:p>'
                    f"</table:table-cell>{cover}</table:table-row>"
                )
                continue
            grid = [r + [""] * (width - len(r)) for r in item]
            head = next((i for i, r in enumerate(grid) if any(_FIGURE_CELL.fullmatch(c) for c in r)), len(grid))
            for r, row in enumerate(grid):
                cells = []
                spanned = []
                for c, value in enumerate(row):
                    if value in ("<", "^"):
                        cells.append("<table:covered-table-cell/>")
                        continue
                    cs = 1
                    while c + cs < width and row[c + cs] == "<":
                        cs += 1
                    rs = 1
                    while r + rs < len(grid) and grid[r + rs][c] == "^":
                        rs += 1
                    ruled = {
                        "all": (True, True, True, True),
                        "none": (False,) * 4,
                        "outer": (r == 0, r + rs == len(grid), c == 0, c + cs == width),
                        "header": (r < head,) * 4,
                    }[borders]
                    shown = value.replace("\\n", "")
                    figure = _FIGURE_CELL.fullmatch(shown) is not None
                    props: dict[str, object] = {"rules": ruled, "wrap": r < head}
                    if r < head:
                        props["align"] = "center"
                    elif shown in ("-", "—"):
                        props["align"] = "end"  # a zero a number format shows as a dash
                    attrs = ""
                    if figure:
                        percent = shown.endswith("%")
                        plain = shown.rstrip("%").replace(",", "")
                        places = len(plain.split(".")[1]) if "." in plain else 0
                        props["number"] = number_style(places, "," in shown or abs(float(plain)) < 1000, percent)
                        amount = float(plain) / 100 if percent else float(plain)
                        attrs = f'office:value-type="{"percentage" if percent else "float"}" office:value="{amount!r}"'
                    elif shown:
                        attrs = 'office:value-type="string"'
                    if cs == 1 and r >= head:
                        widths[c] = max(widths[c], _text_width(shown, size) + 8)
                    elif cs == 1:
                        widths[c] = max(widths[c], min(_text_width(shown, size), 4 * size) + 8)
                    spanned.append((c, cs, rs, shown))
                    span = (
                        f' table:number-columns-spanned="{cs}" table:number-rows-spanned="{rs}"'
                        if cs > 1 or rs > 1
                        else ""
                    )
                    content = "".join(f"<text:p>{escape(p)}</text:p>" for p in value.split("\\n")) if shown else ""
                    cells.append(
                        f'<table:table-cell table:style-name="{cell_style(**props)}" {attrs}{span}>{content}</table:table-cell>'
                    )
                if r < head:  # sized below, once the columns' widths are known
                    heads.append((len(rows_xml), [cell for cell in spanned if cell[-1]]))
                    rows_xml.append("<table:table-row{HEIGHT}>" + "".join(cells) + "</table:table-row>")
                    continue
                tall = ' table:style-name="ro"' if row_height else ""
                rows_xml.append(f"<table:table-row{tall}>" + "".join(cells) + "</table:table-row>")
        # LibreOffice keeps a row at its default height on loading a file: a header cell that wraps
        # would spill over the rows around it, as no sheet is printed
        for at, texts in heads:
            # (a cell over several rows: those below it take a line each)
            lines = max(
                (
                    math.ceil(_text_width(text, size) / max(sum(widths[c : c + cs]) - 16, size)) - rs + 1
                    for c, cs, rs, text in texts
                ),
                default=1,
            )
            lines = max(lines, 1)
            heights.add(lines)
            rows_xml[at] = rows_xml[at].replace("{HEIGHT}", f' table:style-name="rh{lines}"')
        columns = "".join(f'<table:table-column table:style-name="co{number}_{c}"/>' for c in range(width))
        column_styles = "".join(
            f'<style:style style:name="co{number}_{c}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{w:.1f}pt"/></style:style>'
            for c, w in enumerate(widths)
        )
        body.append(
            (
                sum(widths),
                column_styles,
                f'<table:table table:name="表{number + 1}" table:style-name="ta">{columns}{"".join(rows_xml)}</table:table>',
            )
        )
    number_xml = "".join(
        f'<number:{"percentage" if percent else "number"}-style style:name="{name}">'
        f'<number:number number:decimal-places="{places}" number:min-decimal-places="{places}" '
        f'number:min-integer-digits="1" number:grouping="{str(grouping).lower()}"/>'
        + ("<number:text>%</number:text>" if percent else "")
        + f"</number:{'percentage' if percent else 'number'}-style>"
        for (places, grouping, percent), name in numbers.items()
    )
    style_xml = []
    for key, name in styles.items():
        props = dict(key)
        rules = props.get("rules", (False,) * 4)
        sides = "".join(
            f' fo:border-{side}="0.5pt solid #000000"' if on else f' fo:border-{side}="none"'
            for side, on in zip(("top", "bottom", "left", "right"), rules)
        )
        wrap = ' fo:wrap-option="wrap"' if props.get("wrap") else ""
        number_attr = f' style:data-style-name="{props["number"]}"' if "number" in props else ""
        align = props.get("align")
        paragraph = f'<style:paragraph-properties fo:text-align="{align}"/>' if align else ""
        weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if props.get("bold") else ""
        big = (
            f' fo:font-size="{size * 1.6:.0f}pt" style:font-size-asian="{size * 1.6:.0f}pt"' if props.get("big") else ""
        )
        style_xml.append(
            f'<style:style style:name="{name}" style:family="table-cell" style:parent-style-name="Default"{number_attr}>'
            f'<style:table-cell-properties{sides}{wrap} style:vertical-align="middle"/>{paragraph}'
            f"<style:text-properties{weight}{big}/></style:style>"
        )
    page_w, page_h = (29.7, 21.0) if landscape else (21.0, 29.7)
    # a sheet wider than the page prints its last columns on pages of their own; no report is published so
    fit_width = fit_width or max(wide for wide, _, _ in body) > (page_w - 3.0) / 2.54 * 72
    scale = ' style:scale-to-X="1" style:scale-to-Y="0"' if fit_width else ""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_ODS_NS} office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        f'<office:font-face-decls><style:font-face style:name="F" svg:font-family="{font}" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>'
        '<office:styles><style:style style:name="Default" style:family="table-cell">'
        f'<style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="{size}pt" '
        f'style:font-size-asian="{size}pt"/></style:style></office:styles>'
        "<office:automatic-styles>"
        + number_xml
        + "".join(cs for _, cs, _ in body)
        + "".join(style_xml)
        + (
            f'<style:style style:name="ro" style:family="table-row"><style:table-row-properties '
            f'style:row-height="{row_height}pt" style:use-optimal-row-height="false"/></style:style>'
            if row_height
            else ""
        )
        + "".join(
            f'<style:style style:name="rh{n}" style:family="table-row"><style:table-row-properties '
            f'style:row-height="{n * size * 1.25 + 4:.1f}pt" style:use-optimal-row-height="false"/></style:style>'
            for n in sorted(heights)
        )
        + f'<style:page-layout style:name="pm"><style:page-layout-properties fo:page-width="{page_w}cm" '
        f'fo:page-height="{page_h}cm" style:print-orientation="{"landscape" if landscape else "portrait"}" '
        f'fo:margin="1.5cm"{scale}/></style:page-layout>'
        '<style:style style:name="ta" style:family="table" style:master-page-name="mp">'
        '<style:table-properties table:display="true"/></style:style>'
        "</office:automatic-styles>"
        '<office:master-styles><style:master-page style:name="mp" style:page-layout-name="pm">'
        '<style:header style:display="false"/><style:footer style:display="false"/></style:master-page></office:master-styles>'
        "<office:body><office:spreadsheet>"
        + "".join(t for _, _, t in body)
        + "</office:spreadsheet></office:body></office:document>\n"
    )
    return xml.encode()
