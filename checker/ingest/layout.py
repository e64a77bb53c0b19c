"""The layout normaliser every reader shares: a stream of source lines becomes paragraphs and tables.

Readers differ in what a "line" is — a physical line of a text file, a Word paragraph, a line
of a PDF page — but reports arrive in the same layouts in all of them: prose hard-wrapped at a
page width (a PDF copied out line by line, a Word file typed with a return at every line end),
page numbers alone on a line, tables written one cell per line. Deciding those layouts in one
place makes a report give the same findings whatever container it came in.

Table convention (as in text exported from Word): a line starting with TAB is one cell, a blank
line ends a row, a non-TAB line inside a table continues the last cell, an empty TAB line is an
empty (usually merged) cell, and two blank lines in a row end the table.

Hard-wrapped prose is detected for the document as a whole (most prose lines are about as long
as each other and stop without closing a sentence); its lines are re-joined into paragraphs and
every piece keeps its source place, so a finding on a joined paragraph points at its own line.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter, methodcaller
from typing import Callable, Iterator, Sequence

from checker.collector import collector_paused
from checker.ingest.ruby import has_ruby, strip_text
from checker.ingest.script import is_traditional, simplified
from checker.ingest.tables import SENTENCE_END, RawCell, caption_before, cell_from_parts, make_table
from checker.lexicon import load_yaml
from checker.model import Block, Paragraph, Piece, Table
from checker.normalize import normalize
from checker.numbers import quantities_in
from checker.structure import CIRCLED, DASH_BULLET, FIGURE, parse_heading
from checker.tables.grid import indicator_level1_words, label_kind, may_open_indicator_header, names_indicators


def _page_value(line: str | None) -> int:
    """The number a page-number line shows (- 5 -, 第5页 → 5)."""
    digits = re.search(r"\d+", line or "")
    return int(digits.group()) if digits else -1


# a figure alone on a line, its unit written after it (86%, 3824.26万元, 1.2万亩)
_FIGURE_CELL = re.compile(FIGURE.pattern + r"[\u4e00-\u9fff]{0,3}")
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?)\s*$")
TERMINAL = SENTENCE_END
# A heading line in wrapped text is as wide as a wrapped sentence line; what gives it away is
# that it ends like a title, not mid-phrase.
_TITLE_END = re.compile(
    r"(?:情况|说明|分析|概况|职能|结论|建议|措施|问题|解释|事项|构成|目标|成效|做法|经验|"
    r"报表|决算表|预算表|[》」”])(?:[（(][^）)]{1,12}[)）])?\s*[:：]?$"
)
# a numeral followed by more numerals in a row (…瞿溪一、/二、三、四标段) is a list of them that a line
# break split, not a heading: 二、三公经费 still heads
HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+\s*[、．.](?![一二三四五六七八九十]{1,3}[、，,])"
    r"|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,2}\s*(?:[、．]|\.(?!\d)))"
)
# An item of a list bulleted by a circled number or a run of dashes (② 可支配收入…, ——专项拨款…, -----…):
# such a line after one that closed a sentence opens a paragraph of its own, however near the margin
# that sentence ended (wrapped, the items ran into one paragraph and their lists into each other).
_ITEM_START = re.compile(rf"\s*(?:[{CIRCLED}]|{DASH_BULLET})")


def opens_item(previous: str, text: str) -> bool:
    return previous.rstrip().endswith(TERMINAL) and _ITEM_START.match(text) is not None


def goes_on_past_comma(line: str, below: str) -> bool:
    """A line that stops at a comma goes on into the line right below when that line opens nothing: a
    sentence never ends at a comma, wherever a copy broke it (…其中：基本支出X万元，⏎项目支出Y万元。, a page
    copied a sentence or a clause to a line); nor does a list end at a 顿号 (内设5个科室，即办公室、⏎财务科、…)."""
    return line.rstrip().endswith(_COMMA) and opens_nothing(below)


def opens_nothing(below: str) -> bool:
    """The line holds words and opens no number, heading, bullet or table row: it may go on a paragraph."""
    head = below.strip()
    return (
        bool(head)
        and _CELL_MARK.search(below) is None
        and not HEADING_START.match(head)
        and _ITEM_START.match(head) is None
    )


_COMMA = ("，", ",", "、")
_CELL_MARK = re.compile("[\t|｜]")


def goes_on_inline(lines: Sequence[str], text: str) -> bool:
    """Items enumerated inside a sentence (…主要用于：①A；②B；③C；/④D) go on in its paragraph when a line
    break falls before one: the paragraph's lines hold the numeral before the line's, not only at the
    paragraph's own start. Only its last ``ITEM_LINES`` lines are read (an item runs over a few): a caller
    hands one line more when the paragraph has more, so that its start is not taken for the tail's."""
    at = CIRCLED.find(text.lstrip()[:1])
    if at <= 0:
        return False
    tail = "".join(lines[-ITEM_LINES:])
    return CIRCLED[at - 1] in (tail.lstrip()[1:] if len(lines) <= ITEM_LINES else tail)


ITEM_LINES = 8


class Line:
    """One line of the source as its reader saw it.

    ``text`` keeps the line's leading TABs (they mark table cells) and any list number a reader
    reconstructed; ``pieces`` map offsets of ``text`` to the source (a reconstructed number has
    none). ``may_head`` is False for lines that must never be headings (a table of contents).
    """

    # the place as three slots, not a tuple: a text file makes a Line per physical line, and a
    # tuple each is thousands more objects for the collector to walk
    __slots__ = ("text", "may_head", "_pieces", "_line", "_column", "_page")

    def __init__(self, text: str, pieces: tuple[Piece, ...], may_head: bool = True):
        self.text = text
        self.may_head = may_head
        self._pieces: tuple[Piece, ...] | None = pieces
        self._line = self._column = 0
        self._page: int | None = None

    @classmethod
    def at(cls, text: str, line: int, column: int = 0, page: int | None = None) -> "Line":
        """The whole ``text`` from one source place. Its piece is made only when asked for: most
        lines of a text file are blank or table cells, and a joined line gets its piece moved."""
        self = cls.__new__(cls)
        self.text = text
        self.may_head = True
        self._pieces = None
        self._line = line
        self._column = column
        self._page = page
        return self

    @property
    def pieces(self) -> tuple[Piece, ...]:
        if self._pieces is None:
            self._pieces = (Piece(0, len(self.text), self._line, self._column, self._page),)
        return self._pieces

    def origin(self, offset: int) -> tuple[int, int]:
        """(source line, column) of an offset of ``text``."""
        if self._pieces is None:
            column = self._column
            return self._line, column + offset if 0 <= offset < len(self.text) else column
        for p in self._pieces:
            if p.start <= offset < p.end:
                return p.line, p.column + offset - p.start
        p = self._pieces[0]
        return p.line, p.column

    def placed(self, offset: int) -> tuple[str, tuple[Piece, ...]]:
        """The line without surrounding white space, its pieces clipped to match and shifted to
        ``offset`` (its place in a joined paragraph)."""
        text = self.text
        stripped = text.strip()
        if self._pieces is None:
            if not stripped:
                return "", ()
            lead = len(text) - len(text.lstrip())
            return stripped, (Piece(offset, offset + len(stripped), self._line, self._column + lead, self._page),)
        lead = len(text) - len(text.lstrip())
        stop = lead + len(stripped)
        if not lead and not offset and stop == len(text) and all(p.start < p.end <= stop for p in self._pieces):
            return text, self._pieces  # nothing to clip or move: the common case, without a copy of each piece
        pieces = []
        for p in self._pieces:
            start, end = max(p.start, lead), min(p.end, stop)
            if start < end:
                pieces.append(_moved(p, start - lead + offset, end - lead + offset, p.column + start - p.start))
        return stripped, tuple(pieces)


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table a reader already holds as a grid (a Word table); placed in the stream as it is."""

    rows: Sequence[Sequence[RawCell]]


class Wrapping:
    """Whether prose is hard-wrapped at a page width, and where its paragraphs end."""

    page: int | None = None
    """The printed width the full lines of an unwrapped copy share, where some of its paragraphs kept a page's
    line breaks (``at_page_width``)."""

    def __init__(self, prose: Sequence[str]):
        lines = [s for s in map(str.strip, prose) if s]
        self.wrapped, self.width = _wrapping(lines)
        if not self.wrapped:
            self.page = _page_width(lines)

    def at_page_width(self, line: str, below: str) -> bool:
        """A line of a copy read as unwrapped that fills the page width its other full lines share and stops
        mid-sentence goes on into the line below when that opens nothing: a copy mostly of titles, contents
        and tables (too many short lines for the page test) still keeps a page's breaks in its paragraphs."""
        page = self.page
        if page is None:
            return False
        stripped = line.strip()
        return page - 1 <= width(stripped) <= page and _may_run_on(stripped) and opens_nothing(below)

    def starts_paragraph(self, text: str) -> bool:
        return bool(HEADING_START.match(text))

    def ends_paragraph(self, text: str, first: bool) -> bool:
        """A line ends its paragraph when it closes a sentence, stops well short of the width,
        or is a numbered title standing alone on its line."""
        stripped = text.strip()
        return (
            stripped.endswith(TERMINAL)
            or len(stripped) < self.width * 0.75
            or first
            and bool(HEADING_START.match(stripped))
            and bool(_TITLE_END.search(stripped))
        )

    def runs_on(self, lines: Sequence[str], below: Sequence[str | None]) -> bool:
        """Whether the paragraph of ``lines``, its last line ending it by the tests above, still
        goes on into the next line of words (``below``: the lines right below it; a reader
        without page geometry may know better). A full line closing a clause with a semicolon
        goes on into a line that opens nothing (no number, no heading): the clauses of a sentence
        and the parts of a 其中 list run on past a semicolon where the page wrapped. (A full line
        closing a sentence stays ambiguous: paragraphs have no other mark here.)"""
        last = lines[-1].strip() if lines else ""
        following = (below[0] or "").strip() if below else ""
        return (
            last.endswith(_CLAUSE_END)
            and len(last) >= self.width * _FULL_LINE
            and bool(following)
            and not self.starts_paragraph(following)
            and not opens_item(last, following)
        )


_CLAUSE_END = ("；", ";")
_FULL_LINE = 0.9
"""How near the page width a line must reach to be taken for one the page broke, not its paragraph."""

_WRAP_LINES = 20
"""Prose lines enough to tell a page width by their lengths; a shorter copy (an excerpt of a page or
two) must show it more plainly: most lines open-ended and, measured as printed (``width``), within a
tenth of the page width."""
_SHORT_WRAP_LINES = 8


def width(text: str) -> int:
    """How wide a line of prose is on its page, in Chinese characters: a figure's digit or a Latin
    letter is half as wide, and its spaces are none of it (the gap pdftotext sets where a figure
    meets a Chinese character, a justified line's stretch)."""
    text = "".join(text.split())
    return (len(text) + len(_WIDE.findall(text))) // 2


_WIDE = re.compile(r"[^\x00-\u1fff]")


def _wrapping(prose: list[str]) -> tuple[bool, float]:
    if len(prose) < _SHORT_WRAP_LINES:
        return False, 0.0
    short = len(prose) < _WRAP_LINES
    if short and not _wrapping_printed(prose):
        return False, 0.0
    lengths = sorted(map(len, prose))
    width = lengths[int(len(lengths) * 0.8)]
    open_ended = len(prose) - sum(map(methodcaller("endswith", TERMINAL), prose))
    near_width = len(lengths) - bisect_left(lengths, width * 0.75)  # the lengths are sorted
    # a page-width line holds a sentence; a column of short cells (one per line) is not wrapped prose
    wrapped = _WRAP_MIN <= width <= 60 and open_ended / len(prose) > 0.5 and near_width / len(prose) > 0.5
    return wrapped, float(statistics.median(lengths[bisect_left(lengths, width * 0.5) :]) if wrapped else width)


def _page_width(prose: list[str]) -> int | None:
    """The printed width most open-ended long lines of words share (a line one half-width glyph short counted
    with it), when at least ``_PAGE_LINES`` and ``_PAGE_SHARE`` of them do; else None. Numbered titles are left
    out: a contents page's titles often share a width, and a title ends its line."""
    widths = Counter(width(s) for s in prose if len(s) >= _WRAP_MIN and _may_run_on(s))
    page, shared = max(
        ((n, widths[n] + widths[n - 1]) for n in widths if n >= _WRAP_MIN), key=itemgetter(1, 0), default=(0, 0)
    )
    return page if shared >= _PAGE_LINES and shared >= _PAGE_SHARE * sum(widths.values()) else None


_PAGE_LINES = 6
_PAGE_SHARE = 0.5
_SENTENCE_MARK = re.compile("[，,。；;：:]")
_HAN = re.compile("[\u4e00-\u9fff]")


def _may_run_on(line: str) -> bool:
    """A line of words that stops mid-sentence and is no numbered title (a numbered line with a sentence mark in it
    is an item's first line, which may go on)."""
    return (
        not line.endswith(TERMINAL)
        and _HAN.search(line) is not None
        and not (HEADING_START.match(line) and _SENTENCE_MARK.search(line) is None)
    )


def _wrapping_printed(prose: list[str]) -> bool:
    widths = sorted(map(width, prose))
    page = widths[int(len(widths) * 0.8)]
    open_ended = len(prose) - sum(map(methodcaller("endswith", TERMINAL), prose))
    near_width = len(widths) - bisect_left(widths, page * 0.9)
    return open_ended / len(prose) > 0.6 and near_width / len(prose) > 0.5


_CUT_FIGURE = re.compile(r"\d(?:[,，.．]|[,，]\d{1,2})$")
"""A line that stops inside a figure: after its decimal point or thousands comma, or inside a thousands group."""
_FIGURE_REACH = 24


def breaks_figure(line: str, below: str) -> bool:
    """Whether a line of prose stops inside a figure that the line below completes (…总计1,⏎250.00万元;
    …增加1186.67⏎万元，…; …占5.⏎00%): a break that a copy from a page made mid-sentence, not the end of a
    paragraph. The line stops inside the number, or the line below opens with the figure's unit; a line
    ending in a number above one opening with a number (图1⏎2024年) is two lines."""
    tail, head = line.rstrip(), below.lstrip()
    if not tail or not tail[-1].isdigit() and tail[-1] not in ",，.．" or not head or "\t" in below:
        return False  # most lines end with a sentence's end
    inside = _CUT_FIGURE.search(tail) is not None
    if not inside and (head[0].isdigit() or not tail[-1].isdigit()):
        return False
    cut = min(len(tail), _FIGURE_REACH)
    joined = tail[-cut:] + head[:_FIGURE_REACH]
    return any(
        q.start < cut < q.end and q.kind not in ("date", "year") and (q.unit is not None or q.kind == "percent")
        for q in quantities_in(joined)
    )


def join_pieces(parts: Sequence[tuple[str, Sequence[Piece]]]) -> tuple[str, tuple[Piece, ...]]:
    """Concatenate texts without a separator (Chinese wraps anywhere, even inside a number),
    shifting each part's pieces to its place in the joined text."""
    texts: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    for text, own in parts:
        # a part at offset 0 keeps its own (immutable) pieces: most paragraphs are one line
        pieces.extend(own if not offset else (_moved(p, p.start + offset, p.end + offset, p.column) for p in own))
        texts.append(text)
        offset += len(text)
    return "".join(texts), tuple(pieces)


def _moved(p: Piece, start: int, end: int, column: int) -> Piece:
    # dataclasses.replace costs ten times as much, and a long report has a piece per line.
    return Piece(start, end, p.line, column, p.page, p.sheet)


class _Assembler:
    def __init__(self, items: Sequence[Line | RawTable], wrapping: Callable[[list[str]], Wrapping] = Wrapping):
        self.items = items
        self.norm = [normalize(it.text) if isinstance(it, Line) else None for it in items]
        self.blocks: list[Block] = []
        self.n_paragraphs = self.n_tables = 0
        # the page width is told by the lines of prose: a table's rows (a TAB or a pipe between cells) are not
        # wrapped, and a copy with its tables as pipe rows would otherwise read as never wrapped
        self.wrap = wrapping([t for t in self.norm if t is not None and not _CELL_MARK.search(t)])
        self.numbers = {i for i, line in enumerate(self.norm) if line is not None and PAGE_NUMBER.match(line)}
        self._pages: set[int] | None = None
        self.running = self._running_lines()
        self.prose_until = 0  # lines before this index that might start a table were judged prose

    def _blank(self, i: int) -> bool:
        return 0 <= i < len(self.items) and self.norm[i] is not None and not self.norm[i].strip()

    def _is_page_break(self, i: int) -> bool:
        """A number alone on a line is a page number when blank lines surround it — unless the
        nearest line on either side is a figure too: a table copied one cell per line with a blank
        line after each cell (…\n\n37.24\n\n10\n\n86%\n\n…) surrounds its cells with blank lines.
        Such a number is still a page number where it continues the numbering of the pages that
        stand between words (a page broke inside a table)."""
        if self.wrap.wrapped:
            return True
        if not self._alone(i):
            return False
        if not (self._beside_figure(i, -1) or self._beside_figure(i, 1)):
            return True
        return any(abs(_page_value(self.norm[i]) - v) == 1 for v in self._page_values())

    def _alone(self, i: int) -> bool:
        return (i == 0 or self._blank(i - 1)) and (i + 1 == len(self.items) or self._blank(i + 1))

    def _page_values(self) -> set[int]:
        """The numbers of the pages that a number alone between lines of words shows."""
        if self._pages is None:
            self._pages = {
                _page_value(self.norm[i])
                for i in self.numbers
                if self._alone(i) and not self._beside_figure(i, -1) and not self._beside_figure(i, 1)
            }
        return self._pages

    def _beside_figure(self, i: int, step: int) -> bool:
        """Whether the nearest line with words in direction ``step`` is a figure (86%, 3824.26万元)."""
        k = i + step
        while self._blank(k):
            k += step
        line = self.norm[k] if 0 <= k < len(self.items) else None
        return line is not None and _FIGURE_CELL.fullmatch("".join(line.split())) is not None

    def _running_lines(self) -> set[int]:
        """Running headers and footers: a line of words (a title, a unit's name) printed beside
        the page numbers (one of the two lines before or after each), the same on three pages
        or more, each time beside a different page number."""
        numbers = self.numbers
        pages = sorted(i for i in numbers if self._is_page_break(i))
        if not pages:
            return set()
        # The two lines of words nearest each page number, found by bisection: walking out from
        # every number alone on a line crossed whole tables of one figure per line, once per figure.
        words = [
            k
            for k, line in enumerate(self.norm)
            if line is not None and line.strip() and not line.startswith("\t") and k not in numbers
        ]
        walls = [k for k, line in enumerate(self.norm) if line is None]  # a ready table ends the search
        near: dict[str, dict[int, str]] = {}
        keys: dict[int, str | None] = {}  # a line of words beside a whole table of figures is judged once
        for i in pages:
            w, j = bisect_left(walls, i), bisect_left(words, i)
            low, high = walls[w - 1] if w else -1, walls[w] if w < len(walls) else len(self.norm)
            before = [k for k in reversed(words[max(0, j - 2) : j]) if k > low]
            after = [k for k in words[j : j + 2] if k < high]
            for k in before + after:
                if k not in keys:
                    text = self.norm[k].strip()
                    running = len(text) <= _RUNNING_MAX and sum(ch.isalpha() for ch in text) >= 4
                    keys[k] = _DIGITS.sub("#", text) if running else None
                if keys[k] is not None:
                    near.setdefault(keys[k], {})[k] = self.norm[i].strip()
        return {
            k
            for places in near.values()
            if len(places) >= 3 and len(set(places.values())) == len(places)
            for k in places
        }

    def run(self) -> list[Block]:
        i = 0
        pending: list[int] = []  # the lines of the paragraph being joined
        # read once per line, not looked up on self per line: a text file has thousands of lines
        items, norm, wrap, running, numbers = self.items, self.norm, self.wrap, self.running, self.numbers
        n = len(items)
        while i < n:
            line = norm[i]
            if line == "":  # an empty line (a third of a text file's) is skipped by the tests below
                i += 1
                continue
            item = items[i]
            if isinstance(item, RawTable):
                self._flush(pending)
                self._table(item.rows)
                i += 1
                continue
            # every kind of table line holds a TAB or a pipe; a line of prose skips the table tests
            if "\t" in line or "|" in line or "｜" in line:
                end = self._row_run(i)
                if end > i:
                    self._flush(pending)
                    rows = [
                        _row_cells(self.items[k])
                        for k in range(i, end)
                        if isinstance(self.items[k], Line)
                        and _row_kind(self.items[k].text)
                        and not _rule_row(self.items[k].text)
                    ]
                    opens = [
                        _opens_with_pipe(self.items[k].text) for k in range(i, end) if isinstance(self.items[k], Line)
                    ]
                    lead, taken = _broken_off_cell(self.blocks, opens)
                    if lead:
                        self.n_paragraphs -= taken
                        rows[0] = _led(self.items[i].text, rows[0], lead)
                    if _row_kind(self.items[i].text) == "pipe":
                        rows = _spans_restored(_run_together_split(rows))
                    if lead and continued(self.blocks, rows):
                        i = end
                        continue
                    self._table(rows)
                    i = end
                    continue
                end = self._pipe_cell_table(i)
                if end > i:
                    self._flush(pending)
                    i = end
                    continue
                if line.startswith("\t") and i >= self.prose_until:
                    end = self._tab_table(i)
                    if end > i:
                        self._flush(pending)
                        i = end
                        continue
            if not line.strip() or i in running or i in numbers and self._is_page_break(i):
                i += 1
                continue
            below = norm[i + 1] if i + 1 < n else None
            if not wrap.wrapped:
                pending.append(i)
                if not below or not (
                    breaks_figure(line, below) or goes_on_past_comma(line, below) or wrap.at_page_width(line, below)
                ):
                    self._flush(pending)
            else:
                if pending and (
                    wrap.starts_paragraph(line)
                    or opens_item(norm[pending[-1]] or "", line)
                    and not goes_on_inline([norm[k] or "" for k in pending[-ITEM_LINES - 1 :]], line)
                ):
                    self._flush(pending)
                pending.append(i)
                if (
                    wrap.ends_paragraph(line, first=len(pending) == 1)
                    and not wrap.runs_on([norm[k] or "" for k in pending], norm[i + 1 : i + 3])
                    and not (below and (breaks_figure(line, below) or goes_on_past_comma(line, below)))
                ):
                    self._flush(pending)
            i += 1
        self._flush(pending)
        return self.blocks

    def _flush(self, indices: list[int]) -> None:
        """The lines at ``indices`` become one paragraph."""
        if not indices:
            return
        if len(indices) == 1:
            line = self.items[indices[0]]
            raw, pieces = line.placed(0)
            text = self.norm[indices[0]].strip()  # normalising keeps white space and offsets
            may_head = line.may_head
        else:
            lines = [self.items[k] for k in indices]
            texts: list[str] = []
            pieces_of: list[Piece] = []
            offset = 0
            for line in lines:
                part, own = line.placed(offset)
                texts.append(part)
                pieces_of.extend(own)
                offset += len(part)
            raw, pieces = "".join(texts), tuple(pieces_of)
            text = normalize(raw)  # a comma between digits may straddle two lines
            may_head = all(line.may_head for line in lines)
        indices.clear()
        if not raw:
            return
        self.n_paragraphs += 1
        self.blocks.append(
            Paragraph(f"p{self.n_paragraphs}", text, raw, pieces, parse_heading(text) if may_head else None)
        )

    def _table(self, rows: Sequence[Sequence[RawCell]]) -> None:
        self.n_tables += 1
        self.blocks.append(make_table(f"t{self.n_tables}", rows, caption_before(self.blocks)))

    def _row_run(self, i: int) -> int:
        """The end of a run of two or more one-row-per-line rows of one kind starting at ``i``
        (single blank lines between rows allowed), or ``i`` when there is none."""
        first = self.items[i]
        kind = _row_kind(first.text)
        # Entries of a table of contents (title, TAB, page number) stay lines.
        if kind is None or not first.may_head:
            return i
        end, rows, k = i, 0, i
        while k < len(self.items) and isinstance(self.items[k], Line):
            text = self.items[k].text
            if _row_kind(text) == kind and self.items[k].may_head:
                rows += 1
                end = k = k + 1
            elif (
                not text.strip()
                and k + 1 < len(self.items)
                and isinstance(self.items[k + 1], Line)
                and _row_kind(self.items[k + 1].text) == kind
            ):
                k += 1
            else:
                break
        return end if rows >= 2 else i

    def _pipe_cell_table(self, i: int) -> int:
        """A table pasted one cell per line, each cell closed by a pipe and no mark between rows
        (项目 | / 预算数 | / 合计 | / 3 | …): the row width is the one that puts a label first and
        only figures or empty cells after it in every row below a header of labels. Returns the
        index after the table, or ``i`` when no width fits."""
        if i < self.prose_until or not _pipe_cell(self.items[i]):
            return i
        end = i
        while end < len(self.items) and _pipe_cell(self.items[end]):
            end += 1
        self.prose_until = end  # read as lines unless a width fits below
        cells = [self.items[k].text.rstrip()[:-1] for k in range(i, end)]
        layout = _pipe_cell_layout([normalize(c).strip() for c in cells])
        if layout is None:
            return i
        rows = []
        for offsets in layout:
            row = []
            for k in offsets:
                line_no, column = self.items[i + (len(cells) - 1 if k is None else k)].origin(0)
                row.append(cell_from_parts([(line_no, "" if k is None else cells[k], column)]))
            rows.append(row)
        self._table(rows)
        return end

    def _tab_table(self, i: int) -> int:
        """Read a TAB-cell table starting at item ``i``; return the index after it, or ``i``
        when the TAB-led lines there are indented prose."""
        start = i
        rows: list[list[list[tuple[int, str, int]]]] = []  # rows → cells → (line, text, column)
        row: list[list[tuple[int, str, int]]] = []
        blank_run = 0
        n = len(self.items)
        while i < n:
            item = self.items[i]
            if isinstance(item, RawTable):
                break
            text = item.text
            if text.startswith("\t"):
                blank_run = 0
                line_no, column = item.origin(1)
                row.append([(line_no, text[1:], column)])
            elif not text.strip():
                blank_run += 1
                if row:
                    rows.append(row)
                    row = []
                if blank_run >= 2:
                    break
            else:
                blank_run = 0
                target = row or (rows[-1] if rows else None)
                if target is None:
                    break
                line_no, column = item.origin(0)
                target[-1].append((line_no, text, column))
            i += 1
        if row:
            rows.append(row)
        cells = [[cell_from_parts(parts) for parts in r] for r in rows]
        texts = [raw for r in cells for raw, _ in r if raw]  # cell_from_parts strips each cell
        # Paragraphs indented with a TAB (as Word users often type them) make cells that end
        # sentences; a lone TAB-led line is an indented line, not a table of one cell.
        if len(cells) == 1 == len(cells[0]) or 2 * sum(1 for t in texts if t.endswith(TERMINAL)) >= len(texts):
            self.prose_until = i
            return start
        self._table(cells)
        return i


_RUNNING_MAX = 40
_DIGITS = re.compile(r"\d+")
_WRAP_MIN = 16
_PIPES = "|｜"
_LONE_CELL = re.compile(r"[|｜]?[^|｜\d]{1,30}[|｜]")
"""One cell of words closed by a pipe, alone on its line (a table row's name broken off)."""


def _broken_off_cell(blocks: list[Block], opens: Sequence[bool]) -> tuple[list[RawCell], int]:
    """The first cell of a table's top row when a web page's copy broke it onto the line above
    (项目资金（万元） |, closed by a pipe, the row's own line opening with no pipe while the rows
    below open with one — ``opens``: whether each row's line opens with a pipe): taken back from
    the paragraphs ``blocks`` ends with, so the header keeps its row-name column and each column
    name stays over its figures. Returns the cell (none when the row is whole) and how many
    paragraphs were taken."""
    if opens[0] or not any(opens[1:]) or not blocks or not isinstance(blocks[-1], Paragraph):
        return [], 0
    last = blocks[-1]
    if not _LONE_CELL.fullmatch(last.raw.strip()):
        return [], 0
    blocks.pop()
    taken = 1
    if blocks and isinstance(blocks[-1], Paragraph) and blocks[-1].raw.strip() in _PIPES:
        blocks.pop()  # the row's opening pipe, alone on its line
        taken += 1
    return [cell for cell in _paragraph_cells(last) if cell[0].strip()][:1], taken


def continued(blocks: list[Block], rows: Sequence[Sequence[RawCell]]) -> bool:
    """Whether ``rows``, whose first cell a web page's copy broke onto the lines above, go on the
    table right before them (no line between but that cell) of the same width: one table whose copy
    broke at each row that opens with a cell of several lines (年度总体目标, 一级指标 over 二级指标 …),
    its two-row headers left whole. The rows are added to that table."""
    before = blocks[-1] if blocks else None
    if not isinstance(before, Table) or before.n_cols != max(map(len, rows)):
        return False
    kept = [[(cell.raw, list(cell.pieces)) for cell in row] for row in before.rows]
    blocks[-1] = make_table(before.id, kept + [list(row) for row in rows], before.caption)
    return True


def _led(text: str, row: Sequence[RawCell], lead: list[RawCell]) -> list[RawCell]:
    """The row of line ``text`` with its broken-off first cell back: whole between pipes, its
    closing pipe ends its last cell instead of opening an empty one."""
    closed = text.rstrip()[-1:] in _PIPES and not row[-1][0].strip()
    return lead + list(row[:-1] if closed else row)


def _rate(text: str) -> bool | None:
    """Whether a cell's figure is a rate (12.5%); None for a cell without a figure."""
    return text.endswith("%") if FIGURE.fullmatch(text) else None


@lru_cache(maxsize=1)
def _spanning_words() -> tuple[str, ...]:
    """Column labels of the cells a form fills once for a block of rows (分值, 得分: the 其中 rows
    of its funds block are scored with their total), the merged cells a pipe copy writes only on
    the first row."""
    roles = dict(load_yaml("scoring.yaml")["fund_columns"])
    return tuple(roles["weight"]) + tuple(roles["score"])


def _spans_restored(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """The rows of a table typed with pipes, a row that a copy wrote without a merged cell of the
    rows above (| 其中：财政拨款 | 7.29 | 7.29 | 7.29 | 100% | under | 年度资金总额 | 7.29 | 7.29 |
    7.29 | 10.00 | 100% | 10.00 |) given back its empty cell, so its figures stand under their
    columns: where the row is shorter than the rows of figures above it and a figure of it is
    not of its column's kind (a rate under a column of amounts or scores). The empty cell goes
    where the header names a column filled once for the block (分值), or where alone it makes
    every figure fit. When neither places the row, its figures are kept together in one cell:
    read into no column (nothing to check) rather than into the wrong ones."""
    rows = _blank_tails_cut(rows)
    texts = [[normalize(raw).strip() for raw, _ in row] for row in rows]
    out = [list(row) for row in rows]
    # the block of rows of figures above a row, kept as the rows go down (a walk back from each
    # row made a long table quadratic): the kind of figure each column holds (the nearest row
    # says), the block's width, and the row of words above it
    kinds: dict[int, bool] = {}
    width = 0
    header: list[str] = []
    for r in range(1, len(rows)):
        above = texts[r - 1]
        if any(_rate(t) is not None for t in above[1:]):
            width = max(width, max(c + 1 for c, text in enumerate(above) if text))
            for c, text in enumerate(above):
                if _rate(text) is not None:
                    kinds[c] = bool(_rate(text))
        else:
            kinds, width, header = {}, 0, above
        row = texts[r]
        filled = max((c + 1 for c, text in enumerate(row) if text), default=0)
        if filled < 3 or _rate(row[0]) is not None:
            continue
        if filled >= width or _fits(row, kinds, 0):
            continue
        if names_indicators(header):
            # an indicator row is short at its start, where the level cells merged over it were
            # left out, never in its middle: the scorecard reader places it
            continue
        fitting = [c for c in range(1, filled) if _fits(row, kinds, c)]
        spanning = [c for c in fitting if c < len(header) and any(w in header[c] for w in _spanning_words())]
        places = spanning if len(spanning) == 1 else fitting
        cells = out[r]
        if len(places) == 1:
            at = places[0]
            blank: RawCell = ("", [Piece(0, 0, *_anchor(cells[at - 1]))])
            cells.insert(at, blank)
            # the cells the copy left out after the row's last figure are empty cells of the
            # block's width (a row of another width starts another grid)
            if len(cells) > len(out[r - 1]) and not cells[-1][0].strip():
                cells.pop()
            cells += [("", [Piece(0, 0, *_anchor(cells[-1]))])] * (len(out[r - 1]) - len(cells))
            texts[r] = [normalize(raw).strip() for raw, _ in cells]  # the rows below see it placed
            continue
        parts: list[tuple[str, Sequence[Piece]]] = []
        for raw, pieces in cells[1:filled]:
            if raw.strip():
                parts += [(" ", ())] * bool(parts) + [(raw, pieces)]
        joined, pieces = join_pieces(parts)
        out[r] = [cells[0], (joined, list(pieces))] + [("", [Piece(0, 0, *_anchor(cell))]) for cell in cells[2:]]
        texts[r] = [row[0], normalize(joined)] + [""] * (len(cells) - 2)
    return out


_HEADER_MIN = 4
"""Labels an indicator header holds at the least (三级指标 | 指标值 | 分值 | 得分)."""


def _header_run(texts: Sequence[str], start: int) -> int:
    """The end of the run of indicator column labels from ``start``."""
    end = start
    while end < len(texts) and texts[end] and label_kind(texts[end]) != (None, ""):
        end += 1
    return end


def _run_together_split(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """The rows of a pipe table whose copy ran an indicator header together with the rows around
    it on one line (… | 实际完成情况 | 绩效指标 | 年度指标值 | … | 一级指标 | 二级指标 | … | 度量单位 |
    产出指标 | 数量指标 | …): such a line is cut where the header's labels start and where the
    first indicator row starts — only where that row opens with a first-level indicator, so its
    cells are a whole row; the header's second row (一级指标 | 二级指标 | …, the cells under the
    first row's spanning ones) is cut from its first, as the two rows were. Anything else is left
    as it is."""
    if not any(len(row) > 2 * _HEADER_MIN for row in rows):
        return rows
    level1 = indicator_level1_words()
    out: list[list[RawCell]] = []
    for row in rows:
        if len(row) <= 2 * _HEADER_MIN or not any(may_open_indicator_header("".join(raw.split())) for raw, _ in row):
            out.append(row)
            continue
        texts = ["".join(normalize(raw).split()) for raw, _ in row]
        start = next((c for c, t in enumerate(texts) if t and label_kind(t)[0] in ("level1", "name")), None)
        end = _header_run(texts, start) if start is not None else 0
        if start is None or end - start < _HEADER_MIN or end >= len(texts) or texts[end] not in level1:
            out.append(row)
            continue
        roles = {label_kind(t)[0] for t in texts[start:end]}
        if "name" not in roles or not roles & {"weight", "score"}:
            out.append(row)
            continue
        lower = next((c for c in range(start + 1, end) if label_kind(texts[c])[0] == "level1"), start)
        parts = [row[:start], row[start:lower], row[lower:end], row[end:]]
        out.extend(part for part in parts if part)
    return out


def _blank_tails_cut(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """A pipe row wider than every other row of its block only by empty cells at its end (a
    header typed | 得分 | | over rows that end at their score) is cut to the widest of the others:
    a row of another width starts another grid, and the header would lose its rows."""
    if len(rows) < 2:
        return rows
    widths = sorted((len(row) for row in rows), reverse=True)
    if widths[0] == widths[1]:
        return rows
    others = widths[1]
    return [
        row[:others] if len(row) > others and not any(raw.strip() for raw, _ in row[others:]) else row for row in rows
    ]


def _fits(row: Sequence[str], kinds: dict[int, bool], at: int) -> bool:
    """Whether every figure of ``row`` is of its column's kind, an empty cell put in at ``at``
    (0: as the row stands)."""
    for c, text in enumerate(row):
        kind = _rate(text)
        column = c + 1 if at and c >= at else c
        if kind is not None and c and column in kinds and kinds[column] != kind:
            return False
    return True


def _anchor(cell: RawCell) -> tuple[int, int, int | None]:
    """Where an empty cell made beside ``cell`` is placed: (line, column, page)."""
    pieces = cell[1]
    return (pieces[0].line, pieces[0].column, pieces[0].page) if pieces else (1, 0, None)


def _opens_with_pipe(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in _PIPES


CELL_END = tuple(_PIPES)
"""What closes a line that is one cell of a table pasted a cell per line (项目名称 |)."""
_RULE_CELL = re.compile(r"\s{0,8}:?-{2,200}:?\s{0,8}")


_PIPE_WIDTH_MAX = 12
_NIL_MARKS = ("-", "—", "/")  # what a form writes in a cell that has no figure


def figure_cell(text: str) -> bool:
    return bool(FIGURE.fullmatch(text)) or text in _NIL_MARKS


def _pipe_cell(item: Line | RawTable) -> bool:
    """A line holding one cell closed by a pipe (a lone pipe is an empty cell)."""
    return isinstance(item, Line) and _closed_by_pipe(item.text)


def _closed_by_pipe(text: str) -> bool:
    body = text.strip()
    return bool(body) and body[-1] in _PIPES and sum(body.count(p) for p in _PIPES) == 1


def _pipe_cell_layout(texts: Sequence[str]) -> list[list[int | None]] | None:
    """The rows of a one-cell-per-line table: the first width that fits (``_pipe_layout``). A short
    last row is tried only when no width divides the cells: it loosens the one test that keeps a
    width from cutting rows apart."""
    widths = range(2, min(_PIPE_WIDTH_MAX, len(texts) // 3) + 1)
    for short_end in (False, True):
        for width in widths:
            layout = _pipe_layout(texts, width, short_end)
            if layout is not None:
                return layout
    return None


def _pipe_layout(texts: Sequence[str], width: int, short_end: bool) -> list[list[int | None]] | None:
    """The offsets of the cells of each row when a one-cell-per-line table is cut into rows of
    ``width`` (None: an empty cell the copy dropped), or None when that width does not fit.
    A lone pipe opening every row (| / 项目 | / 预算数 | / | / 合计 | …) is the row's mark, not a
    cell. With ``short_end`` the last row may stop early: a copy drops the empty cells that end a
    table."""
    offsets = list(range(len(texts)))
    if not texts[0] and all(not t for t in texts[:: width + 1]):
        offsets = [k for k in offsets if k % (width + 1)]
    rows: list[list[int | None]] = [list(offsets[r : r + width]) for r in range(0, len(offsets), width)]
    if len(rows[-1]) < width:
        if not short_end:
            return None
        rows[-1] += [None] * (width - len(rows[-1]))
    cut = ["" if k is None else texts[k] for row in rows for k in row]
    return rows if _labelled_rows(cut, width) else None


def _labelled_rows(texts: Sequence[str], width: int) -> bool:
    """Cut into rows of ``width``: a header row of words, then at least two rows that each open
    with a label followed only by figures or empty cells, some of them figures."""
    rows = [texts[r : r + width] for r in range(0, len(texts), width)]
    header, body = rows[0], rows[1:]
    if len(body) < 2 or not all(t and not figure_cell(t) for t in header):
        return False
    for row in body:
        if figure_cell(row[0]) or any(t and not figure_cell(t) for t in row[1:]):
            return False
    # A row may leave its label empty (a continuation of the row above), most may not.
    return 2 * sum(1 for row in body if row[0]) > len(body) and any(t for row in body for t in row[1:])


def _row_kind(text: str) -> str | None:
    """'tab' for a row of TAB-separated cells (a copy from Excel or a web page), 'pipe' for cells
    between pipes (Markdown, or a table pasted with | separators), None for anything else.
    One TAB at the very start and no other is a cell of the one-cell-per-line convention, and
    one pipe at the end of a line is a cell of the one-cell-per-line | convention."""
    if "\t" not in text and "|" not in text and "｜" not in text:
        return None  # a line of prose, as most are
    body = text.rstrip()
    tabs = body.count("\t")
    if tabs >= 2 or tabs == 1 and not body.startswith("\t"):
        return "tab"
    stripped = body.strip()
    pipes = sum(stripped.count(p) for p in _PIPES)
    if pipes >= 2 or pipes == 1 and stripped[-1] not in _PIPES and stripped[0] not in _PIPES:
        return "pipe"
    return None


def pipe_row(text: str) -> bool:
    """A row of cells between pipes, on one line."""
    return _row_kind(text) == "pipe"


def _rule_row(text: str) -> bool:
    """The |---|---| line under a Markdown header row."""
    cells = [c for c in re.split("[|｜]", text.strip()) if c.strip()]
    return bool(cells) and all(_RULE_CELL.fullmatch(c) for c in cells)


def _row_cells(line: Line) -> list[RawCell]:
    """The cells of a one-row-per-line row, each mapped to its place in the line."""
    text, bounds = _cell_bounds(line.text)
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        line_no, column = line.origin(a + 1)
        cells.append(cell_from_parts([(line_no, text[a + 1 : b], column)]))
    return cells


def _cell_bounds(text: str) -> tuple[str, list[int]]:
    """A row's text without its trailing white space, and the offsets of the marks parting its
    cells (a cell runs between two of them)."""
    if _row_kind(text.rstrip()) == "tab":
        # Trailing TABs stand for empty cells at the end of the row.
        text = text.rstrip(" \u3000\r\n")
        return text, [-1] + [k for k, ch in enumerate(text) if ch == "\t"] + [len(text)]
    text = text.rstrip()
    lead = len(text) - len(text.lstrip())
    bounds = [k for k, ch in enumerate(text) if ch in _PIPES]
    # A Markdown row opens and closes with a pipe; in a row pasted without them, a pipe
    # at either end is an empty cell's border.
    if not (text[lead] in _PIPES and text[-1] in _PIPES):
        bounds = [lead - 1] + bounds + [len(text)]
    return text, bounds


def pipe_tables(blocks: Sequence[Block]) -> list[Block]:
    """Tables typed with pipes (项目 | 行次 | 金额) in a reader that makes paragraphs from its own
    layout evidence (a PDF printing such a table as lines of text): each run of two or more
    paragraphs that are rows of cells between pipes becomes a table, as ``assemble`` makes one
    of lines, and so does a run of paragraphs that are one cell each, closed by a pipe, where a
    row width fits them (``_pipe_cell_rows``). Blocks are numbered afresh when a table is made."""
    blocks = _broken_paragraphs_joined(blocks)
    out: list[Block] = []
    rows: list[Paragraph] = []
    made = False

    def flush() -> None:
        nonlocal made
        if len(rows) >= 2:
            kept = [p for p in rows if not _rule_row(p.raw)]
            cells = [_paragraph_cells(p) for p in kept]
            lead, _ = _broken_off_cell(out, [_opens_with_pipe(p.raw) for p in kept])
            if lead:
                cells[0] = _led(kept[0].raw, cells[0], lead)
            cells = _spans_restored(_run_together_split(cells))
            if not (lead and continued(out, cells)):
                out.append(make_table("", cells, caption_before(out)))
            made = True
        else:
            out.extend(rows)
        rows.clear()

    cells: list[Paragraph] = []  # a run of paragraphs that are one cell each, closed by a pipe

    def flush_cells() -> None:
        nonlocal made
        table = _pipe_cell_rows(cells) if cells else None
        if table is not None:
            out.append(make_table("", table, caption_before(out)))
            made = True
        else:
            out.extend(cells)
        cells.clear()

    for block in blocks:
        if isinstance(block, Paragraph) and pipe_row(block.raw):
            flush_cells()
            rows.append(block)
            continue
        flush()
        if isinstance(block, Paragraph) and _closed_by_pipe(block.raw):
            cells.append(block)
            continue
        flush_cells()
        out.append(block)
    flush()
    flush_cells()
    if not made:
        return list(blocks)
    paragraphs = tables = 0
    numbered: list[Block] = []
    for block in out:
        if isinstance(block, Paragraph):
            paragraphs += 1
            numbered.append(replace(block, id=f"p{paragraphs}"))
        else:
            tables += 1
            rebuilt = make_table(f"t{tables}", [[(c.raw, c.pieces) for c in row] for row in block.rows])
            numbered.append(replace(rebuilt, caption=block.caption, unit=block.unit))
    return numbered


def _broken_paragraphs_joined(blocks: Sequence[Block]) -> Sequence[Block]:
    """A PDF prints each piece of a broken pipe row (``_broken_row_runs``) as a paragraph of its
    own: they are joined back into one, which then stands among whole rows and is numbered with
    the table they make."""
    runs = _broken_row_runs([b.raw if isinstance(b, Paragraph) else None for b in blocks])
    if not runs:
        return blocks
    out: list[Block] = []
    i = 0
    for start, end in runs:
        out.extend(blocks[i:start])
        raw, pieces = join_pieces([(b.raw, b.pieces) for b in blocks[start:end] if isinstance(b, Paragraph)])
        text = normalize(raw)
        out.append(Paragraph(blocks[start].id, text, raw, pieces, parse_heading(text)))
        i = end
    return out + list(blocks[i:])


def _paragraph_cells(paragraph: Paragraph) -> list[RawCell]:
    """The cells of a paragraph that is one row of cells, each keeping the places of its text."""
    text, bounds = _cell_bounds(paragraph.raw)
    return [_cell_between(paragraph, text, a, b) for a, b in zip(bounds, bounds[1:])]


def _cell_between(paragraph: Paragraph, text: str, a: int, b: int) -> RawCell:
    """The cell between the marks at ``a`` and ``b`` of the paragraph's ``text``, keeping the places
    of its text; an empty cell is anchored where it stands."""
    pieces = tuple(
        _moved(p, max(p.start, a + 1) - a - 1, min(p.end, b) - a - 1, p.column + max(p.start, a + 1) - p.start)
        for p in paragraph.pieces
        if max(p.start, a + 1) < min(p.end, b)
    )
    cell, placed = Line(text[a + 1 : b], pieces).placed(0)
    if not placed:
        at = next((p for p in paragraph.pieces if p.end > a), paragraph.pieces[-1])
        placed = (Piece(0, 0, at.line, at.column + max(0, a + 1 - at.start), at.page),)
    return cell, list(placed)


def _pipe_cell_rows(paragraphs: Sequence[Paragraph]) -> list[list[RawCell]] | None:
    """A table pasted one cell per line (项目 | / 预算数 | / 合计 | / 3 | …) that a PDF printed as
    one paragraph a cell: its rows, cut as ``_pipe_layout`` cuts the lines of a text file."""
    cells = []
    for p in paragraphs:
        text = p.raw.rstrip()
        cells.append(_cell_between(p, text, -1, len(text) - 1))  # up to the closing pipe
    layout = _pipe_cell_layout([normalize(c).strip() for c, _ in cells])
    if layout is None:
        return None
    last = paragraphs[-1].raw.rstrip()
    dropped = _cell_between(paragraphs[-1], last, len(last) - 1, len(last) - 1)  # a cell the copy dropped at the end
    return [[dropped if k is None else cells[k] for k in offsets] for offsets in layout]


@collector_paused
def assemble(items: Sequence[Line | RawTable], wrapping: Callable[[list[str]], Wrapping] = Wrapping) -> list[Block]:
    """Paragraphs and tables, in source order, from a reader's lines and ready tables; ``wrapping``
    judges where hard-wrapped prose lines end their paragraphs. The collector is held off, as in a
    check: the lines, pieces and paragraphs made here hold no cycles, and its passes over them were
    a tenth of reading a text report."""
    # reports written in traditional characters, or copied with pinyin after the characters
    # (萬(wàn)元), are read as plain simplified text before anything is recognised in them
    if has_ruby(_item_texts(items)):
        items = _rewritten(items, strip_text)
    if is_traditional(_item_texts(items)):
        items = _rewritten(items, lambda text, pieces: (simplified(text), pieces))
    return _Assembler(_broken_rows_joined(items), wrapping).run()


BROKEN_ROW_MIN = 3
"""Pipes a row needs before the count of its broken lines can tell it (two cells are any line)."""


def _broken_rows_joined(items: Sequence[Line | RawTable]) -> Sequence[Line | RawTable]:
    """The lines of a text, with the pieces of each broken pipe row (``_broken_row_runs``) joined
    back into one line."""
    runs = _broken_row_runs([item.text if isinstance(item, Line) else None for item in items])
    if not runs:
        return items
    out: list[Line | RawTable] = []
    i = 0
    for start, end in runs:
        out.extend(items[i:start])
        text, pieces = join_pieces([(item.text, item.pieces) for item in items[start:end] if isinstance(item, Line)])
        out.append(Line(text, pieces))
        i = end
    return out + list(items[i:])


def _broken_row_runs(texts: Sequence[str | None]) -> list[tuple[int, int]]:
    """A table copied from a sheet writes every row with the sheet's count of pipes (empty cells
    padding it); a row with a cell of several lines (绩 效 指 标 over the header's rows, a corner
    cell 预算资金（万元）) comes out broken between its cells, each piece closed by a pipe. Where
    the pieces, each with fewer pipes, add up to exactly the count of the rows right above and
    right below, they are one row: the spans ``(start, end)`` of such pieces among the ``texts``
    (lines of a text file, or paragraphs a PDF printed them as; None where there is no text).
    Anything else stays as it is."""
    # each line's pipes (the two of ``_PIPES``) counted once, in line: the walk below reads a count
    # up to thrice, and a function call per line of the text cost three times the counting
    pipes = [text.count("|") + text.count("｜") if text else 0 for text in texts]
    if max(pipes, default=0) < BROKEN_ROW_MIN:
        return []
    runs: list[tuple[int, int]] = []
    i, n = 0, len(texts)
    joined = 0  # the width of the row just joined: the line above is then only its last piece
    while i < n:
        width = joined or (pipes[i - 1] if i else 0)
        # a run right under a joined row may close the table: the rows above vouch for its width
        chained, joined = bool(joined), 0
        k, total = i, 0
        while width >= BROKEN_ROW_MIN and k < n and 0 < pipes[k] < width and total < width:
            if (texts[k] or "").rstrip()[-1:] not in _PIPES or k > i and _opens_part_row(texts[k]):
                break
            total += pipes[k]
            k += 1
        ends = k == n or not (texts[k] or "").strip()
        if (
            k - i >= 2
            and total == width
            and (
                ends
                and chained
                or not ends
                and (pipes[k] == width and pipe_row(texts[k] or "") or _pieces_end(texts, pipes, k, width) is not None)
            )
        ):
            runs.append((i, k))
            i, joined = k, width
            continue
        i += 1
    return runs


def _pieces_end(texts: Sequence[str | None], pipes: Sequence[int], start: int, width: int) -> int | None:
    """Where a run of two or more pieces from ``start`` ends when they add up to exactly ``width``
    pipes, each piece closed by a pipe, and a whole row or the table's end follows: a row broken right under another
    (产出指标（50分） over its first indicator, under a broken header) stands for the row below."""
    k, total = start, 0
    while k < len(texts) and 0 < pipes[k] < width and total < width:
        if (texts[k] or "").rstrip()[-1:] not in _PIPES or k > start and _opens_part_row(texts[k]):
            return None
        total += pipes[k]
        k += 1
    ends = k == len(texts) or not (texts[k] or "").strip()
    whole = ends or pipes[k] == width and pipe_row(texts[k] or "")
    return k if k - start >= 2 and total == width and whole else None


def _opens_part_row(text: str | None) -> bool:
    """A piece opening with 其中 is a row of its own (the short 其中 rows under an indicator or a funds
    line, their empty cells dropped), never the rest of the row broken above it, even when the
    pipes of two such rows add up to the sheet's width."""
    return (text or "").lstrip(" |｜\t").startswith(load_yaml("scoring.yaml")["indicator_part_prefix"])


def _item_texts(items: Sequence[Line | RawTable]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Line):
            yield item.text
        else:
            yield from (text for row in item.rows for text, _ in row)


def _rewritten(
    items: Sequence[Line | RawTable], fix: Callable[[str, tuple[Piece, ...]], tuple[str, tuple[Piece, ...]]]
) -> list[Line | RawTable]:
    """Every line and cell text through ``fix`` (text and its pieces in, the same out)."""
    out: list[Line | RawTable] = []
    for item in items:
        if isinstance(item, Line):
            text, pieces = fix(item.text, item.pieces)
            out.append(Line(text, pieces, item.may_head))
        else:
            out.append(RawTable([[fix(text, tuple(pieces)) for text, pieces in row] for row in item.rows]))
    return out


def rejoin(blocks: Sequence[Block]) -> list[Block]:
    """Re-join hard-wrapped paragraphs of a reader that has already made paragraphs from its own
    layout evidence (a PDF's line geometry), with the decisions ``assemble`` makes on lines."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    wrap = Wrapping([p.text for p in paragraphs])
    if not wrap.wrapped:
        return list(blocks)
    out: list[Block] = []
    pending: list[Paragraph] = []
    count = 0

    def flush() -> None:
        nonlocal count
        if not pending:
            return
        count += 1
        if len(pending) == 1:
            out.append(replace(pending[0], id=f"p{count}"))
        else:
            raw, pieces = join_pieces([(p.raw, p.pieces) for p in pending])
            text = normalize(raw)
            out.append(Paragraph(f"p{count}", text, raw, pieces, parse_heading(text)))
        pending.clear()

    for block in blocks:
        if not isinstance(block, Paragraph):
            flush()
            out.append(block)
            continue
        if PAGE_NUMBER.match(block.text):
            continue
        if pending and wrap.starts_paragraph(block.text):
            flush()
        pending.append(block)
        # A paragraph the reader made of several lines is judged by its last line.
        if wrap.ends_paragraph(block.text[block.pieces[-1].start :], first=len(pending) == 1):
            flush()
    flush()
    return out
