"""Web pages: a report saved from the site that published it (.html, .htm, a page stored as .txt).

The page's blocks (paragraphs, headings, list items, lines ended by <br>) become lines of the
layout stream and its data tables become grids, so a page gives the findings its text copy gives
(``checker.ingest.layout`` does the rest). What a browser does not show as text — scripts, styles,
the head, comments — is not read, and nothing in the page is run or fetched.

Many government sites lay a whole page out in a table; a table is read as a grid only when it
holds data (no table inside it, no cell as long as a paragraph of prose), otherwise its cells are
read as flowing text. Each line keeps the source line of the element it starts in.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.docx import MAX_GRID_COLUMNS
from checker.ingest.layout import Line, RawTable, assemble
from checker.ingest.ooxml import MAX_XML_ELEMENTS
from checker.ingest.tables import RawCell
from checker.ingest.text import decode
from checker.ingest.xlsx import MAX_SHEET_CELLS
from checker.model import Block, Piece

_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "title", "iframe", "object", "svg", "select"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body",
    }
)  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PAGE_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)[\s>/]", re.I | re.S
)
_PROSE_CELL = 200
"""A cell with more characters than a row of figures and labels ever has is layout, not data."""
MAX_ROWSPAN = 1000
"""Rows one cell may span; a report table has tens (rowspan="999999" must not make a grid of them)."""


def is_html(data: bytes) -> bool:
    """A page starts with a doctype or a tag (after a BOM, white space and comments)."""
    return bool(_PAGE_START.match(data[:4096]))


def read_html(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    from lxml import etree, html

    # the tree and the cells made of it cost a few hundred bytes an element: bounded as a Word
    # file's elements are, before anything is parsed (a tag opens with "<"; most close with one too)
    if data.count(b"<") > 2 * MAX_XML_ELEMENTS:
        raise InputError(path, t("input.html_too_large", limit=f"{MAX_XML_ELEMENTS:,}"))
    text = _XML_DECLARATION.sub("", decode(path, data), count=1)
    try:
        root = html.document_fromstring(
            text, parser=html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
        )
    except (etree.ParserError, ValueError) as exc:
        raise InputError(path, t("input.html_unreadable", exc=exc)) from None
    reader = _PageReader(path)
    reader.walk(root)
    warnings = [t("input.warning.replaced")] if "\ufffd" in text else []
    return assemble(reader.items), warnings


class _PageReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Line | RawTable] = []
        self.text = ""
        self.line = 1

    def walk(self, root) -> None:
        from lxml import etree

        # iterwalk, not recursion: a page may nest elements deeper than Python's stack. A subtree
        # it is told to skip still ends with its "end" event, where its tail is read.
        walker = etree.iterwalk(root, events=("start", "end"))
        pre = 0
        for event, el in walker:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "end":
                if tag in _BLOCKS:
                    self._flush()
                pre -= tag == "pre"
                self._add(el.tail, el, pre)
            elif tag in _SKIPPED or not tag:
                walker.skip_subtree()
            elif tag == "table" and _data_table(el):
                self._flush()
                cells = sum(1 for _ in el.iter("td", "th"))
                if cells > MAX_SHEET_CELLS:  # as for a spreadsheet: the table work grows with it
                    raise InputError(
                        self.path, t("input.html_table_too_large", cells=f"{cells:,}", limit=f"{MAX_SHEET_CELLS:,}")
                    )
                caption = el.find("caption")
                if caption is not None:  # the table's title, above it as a paragraph before a Word table
                    self._add(_cell_text(caption), caption, 0)
                    self._flush()
                rows = _rows(el)
                if rows:
                    self.items.append(RawTable(rows))
                walker.skip_subtree()
            else:
                if tag in _BLOCKS or tag == "br":
                    self._flush()
                pre += tag == "pre"
                self._add(el.text, el, pre)
        self._flush()

    def _add(self, text: str | None, el, pre: int) -> None:
        if not text:
            return
        if not self.text.strip():
            self.line = el.sourceline or self.line
        if not pre:
            self.text += _SPACE.sub(" ", text)
            return
        first, *rest = text.split("\n")
        self.text += first
        for part in rest:
            self._flush()
            self.line += 1
            self.text = part

    def _flush(self) -> None:
        text = self.text.replace("\xa0", " ").strip(" ")
        if text:
            self.items.append(Line(text, (Piece(0, len(text), self.line, 0),)))
        self.text = ""


def _data_table(table) -> bool:
    """A table of data holds no table (so every cell below is its own) and no cell as long as prose.
    (A count of paragraphs says nothing: Word's "save as web page" puts a <p> around every cell line.)"""
    if any(True for _ in table.iterdescendants("table")):
        return False
    return all(len(cell.text_content()) <= _PROSE_CELL for cell in table.iter("td", "th"))


def _cell_text(cell) -> str:
    """A cell's text; a <br> or a paragraph inside it breaks its line, as in a Word cell."""
    lines = [""]
    for el in cell.iter():
        if el is not cell and el.tag in ("br", "p", "div", "li"):
            lines.append("")
        if el.text and el.tag not in _SKIPPED:
            lines[-1] += el.text
        if el is not cell and el.tail:
            lines[-1] += el.tail
    cleaned = (_SPACE.sub(" ", ln).replace("\xa0", " ").strip() for ln in lines)
    return "\n".join(ln for ln in cleaned if ln)


def _rows(table) -> list[list[RawCell]]:
    """The grid of a data table: a cell spanning columns is followed by empty cells, one spanning
    rows leaves an empty cell in the rows below (as a merged Word cell does)."""
    pending: dict[int, int] = {}  # column → rows it is still spanned into
    rows: list[list[RawCell]] = []
    for tr in table.iter("tr"):
        line = tr.sourceline or 1
        row: list[RawCell] = []
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            _carry(row, pending, line)
            text = _cell_text(cell)
            at = cell.sourceline or line
            row.append((text, [Piece(0, len(text), at, 0)]))
            span = _span(cell.get("colspan"), MAX_GRID_COLUMNS)
            down = _span(cell.get("rowspan"), MAX_ROWSPAN) - 1
            if down:
                pending[len(row) - 1] = down
            for _ in range(span - 1):
                if down:
                    pending[len(row)] = down
                row.append(("", [Piece(0, 0, at, 0)]))
            if len(row) >= MAX_GRID_COLUMNS:
                break
        _carry(row, pending, line, to_end=True)
        if any(text for text, _ in row):
            rows.append(row[:MAX_GRID_COLUMNS])
    return rows


def _carry(row: list[RawCell], pending: dict[int, int], line: int, to_end: bool = False) -> None:
    """Empty cells where a cell of a row above still spans into this one: the columns from the
    row's end on, up to its next own cell (``to_end``: up to the last column spanned into)."""
    last = max((c for c, n in pending.items() if n > 0), default=-1)
    while pending.get(len(row), 0) > 0 or to_end and len(row) <= last:
        if pending.get(len(row), 0) > 0:
            pending[len(row)] -= 1
        row.append(("", [Piece(0, 0, line, 0)]))


def _span(value: str | None, limit: int) -> int:
    digits = re.match(r"\s*(\d{1,6})", value or "")
    return min(max(int(digits.group(1)), 1), limit) if digits else 1
