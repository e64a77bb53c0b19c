"""Word (.docx) reports: paragraphs and tables in body order, merged cells, list numbering.

Locations. ``Piece.line`` is the paragraph number: the 1-based position of the ``w:p``
element among all ``w:p`` elements of the document body in XML order — paragraphs inside
table cells (and nested tables) are counted where they occur. Every piece therefore points
at exactly one Word paragraph, whether it belongs to a body paragraph or to a table cell,
and ``list(body.iter(w:p))[line - 1]`` finds it again. ``Piece.column`` is the character
offset of the piece in that paragraph's text (runs, hyperlinks, tracked insertions and
simple fields concatenated; deleted text and text boxes left out).

Automatic numbering. A list paragraph's number ("一、", "（一）", "1.") is not in its text: Word
draws it from numbering.xml. It is reconstructed here (counters per list in body order, the
level's number format and text pattern, starts and overrides) and prepended to the block
text so headings are recognised; the pieces cover only the paragraph's own text, and the
document gets a warning saying how many numbers were reconstructed. Bullets are not numbers
and are not prepended. Heading styles without a number give no section (the section tree is
built from numbered headings only); table-of-contents entries (a TOC content control or the
"toc N" styles) keep their text but are not headings.

Merged cells follow the text convention: a cell continued by a horizontal span (gridSpan,
hMerge) or a vertical merge (vMerge) is an empty cell, so rows keep their grid width.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.layout import Line, RawTable, assemble
from checker.ingest.ooxml import check_archive
from checker.model import Block, Piece

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _val(el, tag_path: str) -> str | None:
    """The w:val attribute of a descendant given as 'pPr/numPr/ilvl'; None if absent."""
    for tag in tag_path.split("/"):
        if el is None:
            return None
        el = el.find(_w(tag))
    return None if el is None else el.get(_w("val"))


def read_docx(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    check_archive(path, data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _BodyReader(document)
        blocks = reader.read()
    except InputError:
        raise
    except PackageNotFoundError:
        raise InputError(path, t("input.docx_no_document")) from None
    # A malformed document fails deep inside python-docx/lxml with many exception types
    # (KeyError for a missing part, ValueError for a bad attribute, XMLSyntaxError, ...);
    # for the user they all mean the same thing.
    except Exception as exc:  # noqa: BLE001
        raise InputError(path, t("input.docx_unreadable", exc=f"{type(exc).__name__}: {exc}")) from None
    warnings = []
    if reader.reconstructed:
        warnings.append(t("input.warning.numbering", count=reader.reconstructed))
    return blocks, warnings


class _BodyReader:
    def __init__(self, document):
        self.body = document.element.body
        self.numbering = _Numbering(document)
        self.para_no = {p: i for i, p in enumerate(numbered_paragraphs(self.body), 1)}
        self.items: list[Line | RawTable] = []
        self.reconstructed = 0
        self.in_toc = 0

    def read(self) -> list[Block]:
        self._walk(self.body)
        return assemble(self.items)

    def _walk(self, container) -> None:
        for child in container:
            if child.tag == _w("p"):
                self._paragraph(child)
            elif child.tag == _w("tbl"):
                self._table(child)
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    toc = _val(child, "sdtPr/docPartObj/docPartGallery") == "Table of Contents"
                    self.in_toc += toc
                    self._walk(content)
                    self.in_toc -= toc
            elif child.tag == _w("customXml"):
                self._walk(child)

    def _paragraph_parts(self, p) -> tuple[str, str]:
        """(list number Word draws, the paragraph's own text) for one w:p."""
        marker = self.numbering.marker(p)
        text = paragraph_text(p)
        if marker and text.strip():
            self.reconstructed += 1
            return marker, text
        return "", text

    def _paragraph(self, p) -> None:
        """A body paragraph is one line of the layout stream, blank ones too (blank lines delimit
        the rows of a TAB-cell table typed into Word, and a leading TAB marks its cells)."""
        prefix, text = self._paragraph_parts(p)
        # A table of contents repeats the headings with page numbers; they are not sections.
        may_head = not (self.in_toc or self.numbering.is_toc_style(_val(p, "pPr/pStyle")))
        # Text pasted from a web page or a converter often keeps its lines as manual breaks inside
        # one Word paragraph; each is a line of the layout stream, as it would be in a text file.
        start = 0
        for k, line in enumerate(text.split("\n")):
            if k == 0 and prefix:  # the list number Word draws goes before the first line
                own = line.strip()
                piece = Piece(len(prefix), len(prefix) + len(own), self.para_no[p], len(line) - len(line.lstrip()))
                self.items.append(Line(prefix + own, (piece,), may_head))
            else:
                self.items.append(Line(line, (Piece(0, len(line), self.para_no[p], start),), may_head))
            start += len(line) + 1

    def _table(self, tbl) -> None:
        rows = []
        for tr in tbl.xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr | ./w:customXml/w:tr"):
            rows.append(self._row(tr))
        rows = [r for r in rows if r]
        if rows:
            self.items.append(RawTable(rows))

    def _row(self, tr) -> list[tuple[str, list[Piece]]]:
        tcs = tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc")
        cells: list[tuple[str, list[Piece]]] = []
        if not tcs:
            return cells
        before = _clamp(_int(_val(tr, "trPr/gridBefore"), 0), 0, MAX_GRID_COLUMNS)
        cells.extend(self._empty(tcs[0]) for _ in range(before))
        for tc in tcs:
            tc_pr = tc.find(_w("tcPr"))
            v_merge = tc_pr.find(_w("vMerge")) if tc_pr is not None else None
            h_merge = _val(tc, "tcPr/hMerge")
            continued = (
                v_merge is not None and v_merge.get(_w("val"), "continue") == "continue" or h_merge == "continue"
            )
            cells.append(self._empty(tc) if continued else self._cell(tc))
            span = _clamp(_int(_val(tc, "tcPr/gridSpan"), 1), 1, MAX_GRID_COLUMNS)
            cells.extend(self._empty(tc) for _ in range(span - 1))
        return cells

    def _cell(self, tc) -> tuple[str, list[Piece]]:
        """A cell's paragraphs joined by newlines, each keeping its paragraph number."""
        raw = ""
        pieces: list[Piece] = []
        for p in _own_paragraphs(tc):
            prefix, text = self._paragraph_parts(p)
            own = text.strip()
            if not own:
                continue
            if raw:
                raw += "\n"
            raw += prefix
            pieces.append(Piece(len(raw), len(raw) + len(own), self.para_no[p], len(text) - len(text.lstrip())))
            raw += own
        return (raw, pieces) if pieces else self._empty(tc)

    def _empty(self, tc) -> tuple[str, list[Piece]]:
        """An empty cell points, with zero width, at the paragraph of the cell it continues."""
        first = next(iter(_own_paragraphs(tc)), None)
        return "", [Piece(0, 0, self.para_no[first], 0)] if first is not None else []


def _own_paragraphs(tc):
    """The paragraphs of a cell in order (nested tables included, text boxes not)."""
    return [p for p in tc.iter(_w("p")) if not _in_textbox(p, tc)]


def _in_textbox(el, stop) -> bool:
    el = el.getparent()
    while el is not None and el is not stop:
        if el.tag == _w("txbxContent"):
            return True
        el = el.getparent()
    return False


_SKIPPED_RUN_ANCESTORS = {_w("del"), _w("moveFrom"), _w("txbxContent")}


def visible_runs(p) -> list:
    """The w:r elements whose text a paragraph shows, in order — the runs ``Piece.column``
    counts in (deleted text and text boxes left out)."""
    runs = []
    for r in p.iter(_w("r")):
        el = r.getparent()
        while el is not None and el is not p and el.tag not in _SKIPPED_RUN_ANCESTORS:
            el = el.getparent()
        if el is p:
            runs.append(r)
    return runs


def numbered_paragraphs(body) -> list:
    """Every w:p of a document body (tables and text boxes included) in document order: the
    ``Location.line`` of a Word report is a 1-based index into this list."""
    return list(body.iter(_w("p")))


def paragraph_text(p) -> str:
    """Visible text of a paragraph: every run that belongs to it, in order.

    python-docx's ``Paragraph.text`` reads only direct runs and hyperlinks; real reports
    also keep text in smart tags, tracked insertions, simple fields and content controls.
    """
    return "".join(_RUN_CONTENT.get(child.tag, _no_text)(child) for r in visible_runs(p) for child in r)


def _no_text(_) -> str:
    return ""


# The text python-docx's CT_R.text gives, without one XPath query per run (a 3,000-paragraph
# document reads in 0.33 s instead of 0.99 s).
_RUN_CONTENT = {
    _w("t"): lambda el: el.text or "",
    _w("tab"): lambda el: "\t",
    _w("ptab"): lambda el: "\t",
    _w("cr"): lambda el: "\n",
    _w("br"): lambda el: "\n" if el.get(_w("type"), "textWrapping") == "textWrapping" else "",
    _w("noBreakHyphen"): lambda el: "-",
}


MAX_GRID_COLUMNS = 63
"""Word tables have at most 63 columns; a larger gridSpan/gridBefore is clamped to it."""
MAX_LIST_START = 32767
"""The largest start value Word accepts for a list level; larger ones are clamped to it."""


def _clamp(value: int, low: int, high: int) -> int:
    return min(max(value, low), high)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _Numbering:
    """Counters for Word's automatic list numbering, advanced paragraph by paragraph."""

    def __init__(self, document):
        self.abstract: dict[str, dict[int, object]] = {}
        self.nums: dict[str, tuple[str, dict[int, object], dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()
        self.styles: dict[str, object] = {}
        try:
            for style in document.styles.element.findall(_w("style")):
                self.styles[style.get(_w("styleId"))] = style
        except (KeyError, NotImplementedError):
            pass
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in root.findall(_w("abstractNum")):
            levels = {_int(lvl.get(_w("ilvl")), 0): lvl for lvl in abstract.findall(_w("lvl"))}
            link = _val(abstract, "numStyleLink")
            self.abstract[abstract.get(_w("abstractNumId"))] = levels if not link else {"link": link}
        for num in root.findall(_w("num")):
            levels: dict[int, object] = {}
            starts: dict[int, int] = {}
            for override in num.findall(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), 0)
                start = _val(override, "startOverride")
                if start is not None:
                    starts[ilvl] = _clamp(_int(start, 1), 0, MAX_LIST_START)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = lvl
            self.nums[num.get(_w("numId"))] = (_val(num, "abstractNumId"), levels, starts)

    def is_toc_style(self, style_id: str | None) -> bool:
        style = self.styles.get(style_id) if style_id else None
        name = _val(style, "name") if style is not None else None
        return bool(name and re.fullmatch(r"(?i)toc \d|目录 ?\d", name))

    def _style_num(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives, following basedOn."""
        for _ in range(10):  # basedOn chains are short; a cycle must not hang the reader
            style = self.styles.get(style_id) if style_id else None
            if style is None:
                return None, None
            num_id = _val(style, "pPr/numPr/numId")
            if num_id is not None:
                return num_id, _val(style, "pPr/numPr/ilvl")
            style_id = _val(style, "basedOn")
        return None, None

    def _levels(self, abstract_id: str | None) -> tuple[str | None, dict]:
        levels = self.abstract.get(abstract_id or "", {})
        if "link" in levels:  # numStyleLink: the definition lives with the linked style's list
            num_id, _ = self._style_num(levels["link"])
            abstract_id = self.nums.get(num_id or "", (None, {}, {}))[0]
            levels = self.abstract.get(abstract_id or "", {})
            if "link" in levels:
                return abstract_id, {}
        return abstract_id, levels

    def marker(self, p) -> str | None:
        if not self.nums:
            return None
        style_id = _val(p, "pPr/pStyle")
        num_id = _val(p, "pPr/numPr/numId")
        ilvl_text = _val(p, "pPr/numPr/ilvl")
        if num_id is None:
            num_id, style_ilvl = self._style_num(style_id)
            ilvl_text = ilvl_text or style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, own_levels, starts = self.nums[num_id]
        abstract_id, levels = self._levels(abstract_id)
        levels = {**levels, **own_levels}
        if ilvl_text is None:  # a multi-level list tied to heading styles names the style per level
            ilvl_text = next((str(i) for i, lvl in levels.items() if _val(lvl, "pStyle") == style_id), "0")
        ilvl = min(max(_int(ilvl_text, 0), 0), 8)
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        counters = self.counters.setdefault(abstract_id or num_id, [None] * 9)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for level in starts:
                if 0 <= level < 9:
                    counters[level] = None

        def start(level: int) -> int:
            if level in starts:
                return starts[level]
            if levels.get(level) is None:
                return 1
            return _clamp(_int(_val(levels.get(level), "start"), 1), 0, MAX_LIST_START)

        counters[ilvl] = start(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            deeper_lvl = levels.get(deeper)
            if deeper_lvl is None or _val(deeper_lvl, "lvlRestart") != "0":
                counters[deeper] = None
        fmt = _num_fmt(lvl)
        if fmt == "bullet":
            return None
        legal = lvl.find(_w("isLgl")) is not None
        pattern = _val(lvl, "lvlText") or ""
        out = pattern
        for level in range(8, -1, -1):  # %10 does not exist; go high to low so %1 never eats %1x
            token = f"%{level + 1}"
            if token not in out:
                continue
            value = counters[level] if counters[level] is not None else start(level)
            level_fmt = "decimal" if legal or levels.get(level) is None else _num_fmt(levels[level])
            out = out.replace(token, format_number(value, level_fmt))
        if not out.strip():
            return None
        suffix = _val(lvl, "suff") or "tab"
        return out + ("" if suffix == "nothing" else " ")


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _num_fmt(lvl) -> str:
    """A level's number format; Word puts custom formats in mc:AlternateContent with a fallback."""
    fmt = _val(lvl, "numFmt")
    if fmt is None:
        fallback = lvl.find(f"{{{MC_NS}}}AlternateContent/{{{MC_NS}}}Fallback/{_w('numFmt')}")
        fmt = fallback.get(_w("val")) if fallback is not None else None
    return fmt or "decimal"


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def chinese_number(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """Write 0 … 9999 as Word's chineseCounting does (11 → 十一, 105 → 一百零五)."""
    if n < 0 or n > 9999:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20 and digits is _CN_DIGITS:
        return units[0] + (digits[n % 10] if n % 10 else "")
    out = ""
    gap = False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0])):
        d = n // value % 10
        if d:
            out += (digits[0] if gap else "") + digits[d] + unit
            gap = False
        elif out:
            gap = True
    if n % 10:
        out += (digits[0] if gap else "") + digits[n % 10]
    return out


def format_number(n: int, fmt: str) -> str:
    """One list counter in a Word numFmt (the formats Chinese reports use; others as decimal)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "japaneseCountingThousand",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return chinese_number(n)  # LibreOffice writes 一、二、三 as taiwaneseCountingThousand
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_number(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if (
        fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 780
    ):  # beyond 30 repeats (ZZ…Z) decimal: a crafted start must not make huge markers
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        out = ""
        for value, sym in _ROMAN:
            while n >= value:
                out += sym
                n -= value
        return out if fmt == "upperRoman" else out.lower()
    if fmt == "none":
        return ""
    return str(n)
