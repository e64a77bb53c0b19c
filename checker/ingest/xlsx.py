"""Excel (.xlsx) workbooks: every non-empty worksheet becomes one table.

Locations: a cell's piece has ``sheet`` = the sheet name, ``line`` = its 1-based row and
``column`` = its 0-based column (A → 0), matching the 0-based columns of the other readers.
The table spans the sheet's used range (leading and trailing empty rows and columns are
dropped), so table row/column numbers may differ from the sheet's; the pieces keep the
sheet's own row and column.

Values are the ones Excel last computed (``data_only``): a formula cell shows its cached
result. Numbers are shown as Excel displays them where the number format says how — fixed
decimals (0.00 → 1234.50), thousands separators (#,##0.00 → 1,234.50), percentages
(0.0% → 12.5%), quoted literal text ("万元"), a separate format for negatives — because the
displayed precision is what the interval arithmetic downstream relies on. Other formats
(General, dates, scientific, fractions) fall back to the shortest exact decimal, with at most
15 significant digits as Excel keeps. Values are converted through ``Decimal``, never rounded
as floats. The cells a merged range covers read as empty continuation cells, as Excel shows
them, even when the file also stores a value there.

The sheet name is the caption unless the first row is a one-cell title (``make_table``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Iterable

from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.ooxml import check_archive
from checker.ingest.tables import RawCell, make_table
from checker.model import Block, Piece


FINDINGS_EXPORT = "jiaohe.findings-export"
"""The keywords property of the workbook `jiaohe export --xlsx` writes: its findings quote
reports, so the workbook is refused as input rather than checked as one."""

MAX_SHEET_CELLS = 200_000
"""The used range of one sheet (first to last non-empty row × column) a report may span; the
checker's table work grows with it (a 7 × 16,384 range took 17 s)."""
MAX_SHEET_COLUMNS = 1_000
"""Columns of that range; a report table has tens."""
MAX_MERGE_WORK = 5_000_000
"""Cell-in-merge tests one workbook may cost; real sheets need a few thousand."""


def read_xlsx(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    check_archive(path, data)
    import openpyxl

    blocks: list[Block] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if workbook.properties.keywords == FINDINGS_EXPORT:
                raise InputError(path, t("input.findings_workbook"))
            for sheet in workbook.worksheets:  # chart sheets are not among them
                rows = _sheet_rows(path, sheet)
                if rows:
                    blocks.append(make_table(f"t{len(blocks) + 1}", rows, sheet.title))
        finally:
            workbook.close()
    except InputError:
        raise
    # openpyxl reports a malformed workbook with many exception types (KeyError for a missing
    # part, ValueError/TypeError for a bad attribute, XML parse errors, ...).
    except Exception as exc:  # noqa: BLE001
        raise InputError(path, t("input.xlsx_unreadable", exc=f"{type(exc).__name__}: {exc}")) from None
    return blocks, []


def _sheet_rows(path: Path, sheet) -> list[list[RawCell]]:
    texts: dict[tuple[int, int], str] = {}
    for cell in _stored_cells(sheet):
        text = display_value(cell.value, cell.number_format)
        if text.strip():
            texts[cell.row, cell.column] = text
    return sheet_grid(path, sheet.title, texts, lambda kept: _merge_continuations(path, sheet, kept))


def sheet_grid(
    path: Path,
    title: str,
    texts: dict[tuple[int, int], str],
    continuations: Callable[[dict[tuple[int, int], str]], set[tuple[int, int]]],
) -> list[list[RawCell]]:
    """The rows of a sheet's used range from its non-empty cells' texts, keyed by 1-based (row,
    column); ``continuations`` gives the keys a merge covers without being its top-left cell
    (they read as empty). Shared by the .xlsx and .xls readers, so both cap, merge and place
    cells alike."""
    if not texts:
        return []
    rows = sorted({r for r, _ in texts})
    cols = sorted({c for _, c in texts})
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    if height * width > MAX_SHEET_CELLS or width > MAX_SHEET_COLUMNS:
        raise InputError(
            path,
            t(
                "input.sheet_too_large",
                sheet=repr(title),
                rows=f"{height:,}",
                columns=f"{width:,}",
                cells=f"{MAX_SHEET_CELLS:,}",
                max_columns=f"{MAX_SHEET_COLUMNS:,}",
            ),
        )
    for key in continuations(texts):
        del texts[key]
    if not texts:
        return []
    rows = sorted({r for r, _ in texts})
    cols = sorted({c for _, c in texts})
    grid = []
    for r in range(rows[0], rows[-1] + 1):
        cells = []
        for c in range(cols[0], cols[-1] + 1):
            raw = texts.get((r, c), "")
            cells.append((raw, [Piece(0, len(raw), r, c - 1, sheet=title)]))
        grid.append(cells)
    return grid


def _stored_cells(sheet):
    """The cells the sheet's XML stores. ``iter_rows`` would pad every gap up to the last
    stored cell — a million empty rows for one cell at XFD1048576 — so the rows come
    straight from openpyxl's parser (what ``iter_rows`` reads) without the padding."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    with sheet._get_source() as source:  # read-only mode has no public access to the part
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _, row in parser.parse():
            for cell in row:
                yield ReadOnlyCell(sheet, **cell)


def _merge_continuations(path: Path, sheet, texts: dict[tuple[int, int], str]) -> set[tuple[int, int]]:
    """The non-empty cells covered by a merge without being its top-left cell.

    Excel shows only the top-left value of a merged range, but some generators also write
    the value into the covered cells. Read-only worksheets do not expose their merges, so
    the <mergeCell> elements are streamed from the sheet's XML (entities never resolved).
    """
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries

    def ranges():
        merge_tag = f"{{{_SHEET_NS}}}mergeCell"
        with sheet._get_source() as source:
            for _, el in etree.iterparse(
                source, tag=(merge_tag, f"{{{_SHEET_NS}}}row"), resolve_entities=False, no_network=True
            ):
                if el.tag == merge_tag:
                    yield range_boundaries(el.get("ref", ""))
                el.clear()  # keep memory flat: the rows were already read by openpyxl
                while el.getprevious() is not None:
                    del el.getparent()[0]

    return merge_covered(path, sheet.title, texts, ranges())


def merge_covered(
    path: Path, title: str, texts: dict[tuple[int, int], str], ranges: Iterable[tuple[int, int, int, int]]
) -> set[tuple[int, int]]:
    """The keys of ``texts`` that the merged ranges (left, top, right, bottom; 1-based, inclusive)
    cover without being their top-left cell. Each range looks up only the non-empty cells inside
    it (rows and columns by bisection), so thousands of ranges cost what their content costs."""
    from bisect import bisect_left, bisect_right

    by_row: dict[int, list[int]] = {}
    for r, c in sorted(texts):
        by_row.setdefault(r, []).append(c)
    content_rows = sorted(by_row)
    covered: set[tuple[int, int]] = set()
    work = 0
    for left, top, right, bottom in ranges:
        for r in content_rows[bisect_left(content_rows, top) : bisect_right(content_rows, bottom)]:
            row = by_row[r]
            hits = row[bisect_left(row, left) : bisect_right(row, right)]
            work += len(hits) + 1
            covered.update((r, c) for c in hits if (r, c) != (top, left))
        if work > MAX_MERGE_WORK:
            raise InputError(path, t("input.sheet_merges", sheet=repr(title)))
    return covered


_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def display_value(value, number_format: str | None) -> str:
    """The text Excel shows for a cell value under its number format (see module doc)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return _format_number(value, number_format or "General")
    return str(value)


_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"([^"]*)"|\\(.)|_.|\*.')


def _format_number(value: int | float, number_format: str) -> str:
    number = _decimal(value)
    sections = _split_sections(number_format)
    section = sections[0]
    if number < 0 and len(sections) > 1 and sections[1].strip():
        # The negative section draws its own sign (or parentheses).
        section, number = sections[1], -number
    elif number == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    section = _BRACKETS.sub("", section)
    core = _QUOTED.sub("", section)
    if section.strip().lower() in ("", "general", "@") or re.search(r"[eE][+-]|/|[yYmMdDhHsS]", core):
        return _general(number)
    if not re.search(r"[0#?]", core):  # a section that is all literal, such as "-" for zero
        return _literal(section, core, len(core), len(core), "")
    percent = core.count("%")
    number = number * (Decimal(100) ** percent)
    digits = re.search(r"[0#?,.]*[0#?][0#?,.]*", core)
    pattern = digits.group(0) if digits else "0"
    int_part, _, frac_part = pattern.partition(".")
    decimals = sum(1 for ch in frac_part if ch in "0#?")
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    grouped = "," in int_part.rstrip(",")
    shown = f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"
    if frac_part and all(ch == "#" for ch in frac_part) and "." in shown:
        shown = shown.rstrip("0").rstrip(".")  # '#' decimals are shown only when non-zero
    start, end = (digits.start(), digits.end()) if digits else (len(core), len(core))
    return _literal(section, core, start, end, shown)


def _literal(section: str, core: str, start: int, end: int, shown: str) -> str:
    """Put the number into the section's literal text (quoted strings, escapes, % signs)."""
    out: list[str] = []
    core_pos = 0
    i = 0
    placed = False
    while i < len(section):
        m = _QUOTED.match(section, i)
        if m:
            if m.group(1) is not None:
                out.append(m.group(1))
            elif m.group(2) is not None:
                out.append(m.group(2))
            i = m.end()
            continue
        if start <= core_pos < end:
            if not placed:
                out.append(shown)
                placed = True
        elif section[i] not in "@":
            out.append(section[i])
        core_pos += 1
        i += 1
    if not placed:
        out.append(shown)
    return "".join(out).strip()


def _split_sections(number_format: str) -> list[str]:
    sections, current, quoted = [], "", False
    for ch in number_format:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


def _decimal(value: int | float) -> Decimal:
    if isinstance(value, int):
        return Decimal(value)
    try:
        # Excel keeps 15 significant digits; '%.15g' drops binary noise such as 0.30000000000000004.
        return Decimal(f"{value:.15g}")
    except InvalidOperation:
        return Decimal(0)


def _general(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
