"""Build a DOCX and a PDF from the lines of a text report, the way such files arrive: one Word
paragraph per line (typed with hard returns, or converted from a PDF), and a PDF that prints
one line per line, wrapping lines longer than the page is wide.

A TAB at the start of a line (a table cell in the text convention) is kept as a TAB in Word and
drawn as an indent in the PDF, where a TAB has no glyph."""

from __future__ import annotations

import io
from typing import Sequence

FONT = "STSong-Light"
SIZE = 11
PITCH = 16.0
MARGIN = 72.0


def build_docx(lines: Sequence[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def build_pdf(lines: Sequence[str], page_numbers: bool = True) -> bytes:
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

    def new_page() -> None:
        if page_numbers:
            c.setFont(FONT, SIZE)
            c.drawCentredString(width / 2, MARGIN / 2, str(state["page"]))
        c.showPage()
        state["page"] += 1
        state["y"] = height - MARGIN

    def draw(x: float, text: str) -> None:
        if state["y"] < MARGIN:
            new_page()
        if text:
            c.setFont(FONT, SIZE)
            c.drawString(x, state["y"], text)
        state["y"] -= PITCH

    for line in lines:
        indent = len(line) - len(line.lstrip("\t"))
        x = MARGIN + 2 * SIZE * indent
        text = line.strip()
        chunk = ""
        for ch in text:
            if pdfmetrics.stringWidth(chunk + ch, FONT, SIZE) > right - x:
                draw(x, chunk)
                x, chunk = MARGIN, ""
            chunk += ch
        draw(x, chunk)
    new_page()
    c.save()
    return buf.getvalue()
