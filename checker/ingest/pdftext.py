"""Text that ``pdftotext`` made of a PDF: the PDF's lines one per line, with a form feed closing every page.

Such a text has lost what the PDF reader judges paragraphs by (where a line stops on the page, how
far it is indented), and keeps traces the PDF reader never sees: a space set between a Latin figure
and a Chinese character (年初预算为 1560.05 万元), a run of spaces between the columns of a table
(``-layout``). Every PDF's prose is hard-wrapped, so the question here is only how wide a full line
is, and which lines end a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from checker.ingest.layout import HEADING_START, TERMINAL, Line, RawTable, Wrapping, width
from checker.model import Piece
from checker.structure import FIGURE

PAGE_END = "\f"
"""pdftotext ends every page with a form feed (unless told not to); no typed text holds one."""

COLUMN_GAP = re.compile(r"\S(?: {2,}|\u3000+)\S")
"""Two or more spaces (or full-width spaces) between words: a gap between a table's columns as
``pdftotext -layout`` keeps it."""

_PROSE_MARK = re.compile(r"[，。；！？;]|,(?!\d{3})")
"""Marks of running text: a line of a justified paragraph is stretched with gaps as wide as a
column's (增长 21.95         %。), a row of cells holds no such mark."""

_CLOSING = tuple("。，、；：！？）》」』”")
"""Marks no line of prose opens with: a line led by one goes on from the line above (pdftotext sets a
mark the PDF draws apart on a line of its own)."""

_SENTENCE_MARK = re.compile("[。；！？]")
_MARKER_ALONE = re.compile(HEADING_START.pattern + r"\s*")

_LABEL_MAX = 30

_LINE_MIN = 20
"""Characters a line needs to count towards the page width: shorter lines are cells, titles, page
numbers; no page of a report in body type holds fewer."""
_LINES_MIN = 3


def from_pdftotext(lines: Sequence[str]) -> bool:
    return any(PAGE_END in line for line in lines)


def pdftotext_items(lines: Sequence[str], items: Sequence[Line]) -> list[Line | RawTable]:
    """The lines of a pdftotext text (``items``, one per line of ``lines``) as the layout
    normaliser is to read them: a justified line with its stretch closed up, and a table's numbered
    row label printed as a line of its own made a cell of its own (no heading, no list item)."""
    out: list[Line | RawTable] = [
        unstretched(line, k) if COLUMN_GAP.search(line.strip()) and not is_row(line) else item
        for k, (line, item) in enumerate(zip(lines, items), 1)
    ]
    for k in paired_labels(lines) | column_cells(lines) | table_page_labels(lines):
        out[k] = RawTable([[items[k].placed(0)]])
    return out


_PAIR_REACH = 2
"""Lines of words within which a second label of the same number shows two columns read in turn."""
_PAIR_GAP = 8
"""Lines looked at for them, column heads and figures between included."""
_HEAD_MAX = 5
"""Characters of a column head (项目, 决算数, 年初预算数)."""


def paired_labels(lines: Sequence[str]) -> set[int]:
    """The lines that are row labels of a table printed in two halves side by side (收入 on the
    left, 支出 on the right): pdftotext reads them in turn, one label of each half, so a number
    comes twice within a line or two (一、…收入 / 一、…支出 / 二、…收入 / 二、…支出). No report numbers
    two headings alike one after the other, so neither is a heading."""
    words = [k for k, line in enumerate(lines) if line.strip()]
    numbers = {}
    for k in words:
        text = lines[k].strip(" \u3000\f")
        m = HEADING_START.match(text)
        if m and len(text) <= _LABEL_MAX and not _SENTENCE_MARK.search(text):
            numbers[k] = "".join(m.group(0).split())
    out: set[int] = set()
    for n, k in enumerate(words):
        if k not in numbers:
            continue
        # the column heads and figures pdftotext reads between the two labels (支出 / 项目 / 决算数)
        later = [j for j in words[n + 1 : n + 1 + _PAIR_GAP] if j in numbers or not _between_labels(lines[j])]
        pair = next((j for j in later[:_PAIR_REACH] if numbers.get(j) == numbers[k]), None)
        if pair is not None:
            out.update((k, pair))
    return out


def _between_labels(line: str) -> bool:
    text = "".join(line.split())
    return len(text) <= _HEAD_MAX or FIGURE.fullmatch(text) is not None


_DEEP = 8
"""Columns a line of a table's cell sits in from the margin at least; prose is indented two or four."""
_REGION_REACH = 2
_PART = re.compile(r"\s*第")


def column_cells(lines: Sequence[str]) -> set[int]:
    """The numbered lines of a ``-layout`` text that are cells of a table, not headings or list
    items: a row of columns with a figure or two gaps (1.一般公共预算   18,330.37   二、外交支出), and a
    row of one gap (三、其他资金   五、教育支出), a label set far in (六、科学技术支出 under the rows of a
    table's middle column) or a label between two rows (a cell's first line, the rest of its row
    below it) within two lines of words of such a row or of another such line. A title with its
    unit (一、部门概况      单位：万元) is a row of one gap, but stands apart."""
    words = [k for k, line in enumerate(lines) if line.strip()]
    region: set[int] = set()
    for k in words:
        text = lines[k].strip(" \u3000\f")
        gaps = len(COLUMN_GAP.findall(text)) if is_row(text) else 0
        if gaps >= 2 or gaps and _FIGURE_RUN.search(text):
            region.add(k)
    numbered = {
        k
        for k in words
        if HEADING_START.match(lines[k].strip(" \u3000\f")) and not _PART.match(lines[k].lstrip(PAGE_END))
    }
    at = {k: n for n, k in enumerate(words)}

    def between_rows(k: int) -> bool:
        n = at[k]
        return 0 < n < len(words) - 1 and is_row(lines[words[n - 1]]) and is_row(lines[words[n + 1]])

    hanging = {
        k
        for k in numbered - region
        if is_row(lines[k]) or _label(lines[k]) and (_indent(lines[k]) >= _DEEP or between_rows(k))
    }
    # a column of labels hangs from the rows beside it: walk it down and up from them
    for order in (words, words[::-1]):
        near: list[int] = []
        for k in order:
            if k in hanging and any(j in region for j in near):
                region.add(k)
            near = (near + [k])[-_REGION_REACH:]
    return region & numbered


_FIGURE_RUN = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+")
"""A money figure (18,330.37, 0.94): a page number or a count is none."""


def _label(line: str) -> bool:
    """A numbered line short enough for a row's label, closing no sentence."""
    text = line.strip(" \u3000\f")
    return (
        bool(HEADING_START.match(text))
        and not _PART.match(text)
        and len(text) <= _LABEL_MAX
        and not _SENTENCE_MARK.search(text)
    )


def table_page_labels(lines: Sequence[str]) -> set[int]:
    """The numbered row labels on a page that is a table read cell by cell (pdftotext's plain
    reading order: labels and figures one per line, a table's halves interleaved): a page with
    money figures alone on their lines, whose lines of words are seven in ten such figures, labels
    or column heads. All its labels are cells — leaving some for headings would make gaps in their
    numbering."""
    out: set[int] = set()
    start = 0
    for end in [k for k, line in enumerate(lines) if PAGE_END in line] + [len(lines)]:
        words = [k for k in range(start, end) if lines[k].strip(" \u3000\f")]
        money = sum(1 for k in words if _MONEY_ALONE.fullmatch(lines[k].strip(" \u3000\f")))
        cells = sum(1 for k in words if _label(lines[k]) or width(lines[k]) <= _HEAD_MAX)
        if money >= _TABLE_PAGE_FIGURES and 10 * (money + cells) >= 7 * len(words):
            out.update(k for k in words if _label(lines[k]))
        start = end
    return out


_MONEY_ALONE = re.compile(rf"(?:{_FIGURE_RUN.pattern})(?:\s+(?:{_FIGURE_RUN.pattern}))*")
_TABLE_PAGE_FIGURES = 5


_STRETCH = re.compile(r"(?<=\S) {2,}(?=\S)")


def unstretched(text: str, line: int) -> Line:
    """A line of a justified paragraph with each gap it was stretched by (增长 21.95         %) closed
    to one space; every run of words keeps its own place in the source."""
    lead = len(text) - len(text.lstrip(" "))
    parts, pieces, at, offset = [text[:lead]], [], lead, lead
    for gap in _STRETCH.finditer(text, lead):
        parts.append(text[at : gap.start()] + " ")
        pieces.append(Piece(offset, offset + gap.start() - at, line, at))
        offset += gap.start() - at + 1
        at = gap.end()
    parts.append(text[at:])
    pieces.append(Piece(offset, offset + len(text) - at, line, at))
    return Line("".join(parts), tuple(pieces))


def is_row(text: str) -> bool:
    """A row of a table's columns as ``-layout`` prints it."""
    return COLUMN_GAP.search(text.strip()) is not None and _PROSE_MARK.search(text) is None


def _indent(line: str) -> int:
    text = line.lstrip(PAGE_END)
    return len(text) - len(text.lstrip(" \u3000"))


class PdfTextWrapping(Wrapping):
    """Hard-wrapped prose of a pdftotext text. A full line is the length most long lines reach (a
    line of figures is a character or two longer or shorter than one of words); the table rows,
    cells and titles around them leave that length alone, where they outnumber prose lines in the
    document-wide share ``Wrapping`` counts."""

    def __init__(self, prose: Sequence[str]):
        # a text printed double-spaced comes out with a blank line after every line: a blank line
        # then parts no paragraphs
        words = [k for k, s in enumerate(prose) if s.strip()]
        spaced = sum(1 for k in words if k + 1 < len(prose) and not prose[k + 1].strip())
        self.double_spaced = 2 * spaced > len(words)
        long = Counter(n for n in (width(s) for s in prose if s.strip() and not is_row(s)) if n >= _LINE_MIN)
        self.wrapped = max((long[n] + long[n - 1] + long[n - 2] for n in long), default=0) >= _LINES_MIN
        self.width = float(max(long, key=lambda n: (long[n] + long[n - 1] + long[n - 2], n))) if self.wrapped else 0.0

    def starts_paragraph(self, text: str) -> bool:
        return super().starts_paragraph(text) or is_row(text)

    def ends_paragraph(self, text: str, first: bool) -> bool:
        stripped = text.strip()
        if _MARKER_ALONE.fullmatch(stripped):
            return False  # a list number alone on its line (（八） set apart): its item is the line below
        return (
            stripped.endswith(TERMINAL)
            or width(stripped) < self.width * 0.75
            or is_row(stripped)
            or first
            and bool(HEADING_START.match(stripped))
            and super().ends_paragraph(stripped, first)
        )

    def runs_on(self, lines: Sequence[str], below: Sequence[str | None]) -> bool:
        """The paragraph goes on into the next line (right below it, or after one blank line in a
        double-spaced text or at the foot of a page) when that line opens no paragraph (not numbered, not indented further,
        not a row of columns) and
        - opens with a mark no line of prose opens with (。，、), or
        - the last line is full and closes a sentence: the PDF reader sees the right margin, here
          a full line is the only sign, or
        - the paragraph is prose whose first line is set further in than the next (a line set in
          as far as the paragraph's first line opens the next one), or
        - the paragraph is a numbered item of prose (1、…。): pdftotext breaks an item where the PDF
          draws a piece of a line a little lower (主要用于：set apart), and an item's text runs on
          to the next number."""
        if len(below) > 1 and not (below[0] or "").strip() and (self.double_spaced or PAGE_END in (below[1] or "")):
            below = below[1:]  # the blank line of double spacing, or the foot of a page
        following = below[0] if below else None
        if following is None or not following.strip():
            return False
        if following.lstrip(" \u3000\f").startswith(_CLOSING):
            return True
        text = lines[-1]
        lead, own = _indent(following), _indent(lines[0])
        # a line set further in opens a paragraph, unless it starts where the line above stops: a
        # piece of that line the PDF draws a little lower (a staircase of pieces)
        if lead > own and lead < len(text.rstrip()) - 1 or self.starts_paragraph(following):
            return False
        prose = any(_SENTENCE_MARK.search(t) for t in lines)  # a title closes no sentence
        if own and lead == own:
            return False  # indented as the paragraph's first line was: the next paragraph's first line
        if lead < own and prose:
            return True  # the paragraph's first line is indented, the lines it wraps to are not
        return prose and bool(HEADING_START.match(lines[0])) or width(text) >= self.width - 1
