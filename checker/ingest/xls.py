"""Excel 97–2003 (.xls) workbooks, read with xlrd: every non-empty worksheet becomes one table.

The sheets go through the .xlsx reader's own path (``sheet_grid``, ``merge_covered``,
``display_value``), so a workbook saved in either format gives the same blocks: the same used
range and caps, merged cells read as empty continuation cells, numbers shown as their number
format displays them, and the same locations — ``sheet`` = the sheet name, ``line`` = the
1-based row, ``column`` = the 0-based column.

xlrd reads the workbook stream only; nothing in the file (macros, formulas) is run: a formula
cell shows the value Excel last computed and stored.
"""

from __future__ import annotations

import io
from pathlib import Path

from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.tables import make_table
from checker.ingest.xlsx import display_value, merge_covered, sheet_grid
from checker.model import Block

MAX_SHEETS = 256
"""Sheets one workbook may hold; a report has a handful, and each sheet costs a parse."""


def read_xls(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    import xlrd

    blocks: list[Block] = []
    try:
        # xlrd writes its notes ("file size not 512 + multiple of sector size") to a log file,
        # stdout by default, which would corrupt --format json: they go nowhere.
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True, logfile=io.StringIO()
        )
        try:
            if book.nsheets > MAX_SHEETS:
                raise InputError(path, t("input.xls_sheets", count=f"{book.nsheets:,}", limit=MAX_SHEETS))
            for index in range(book.nsheets):
                sheet = book.sheet_by_index(index)
                rows = _sheet_rows(path, book, sheet)
                if rows:
                    blocks.append(make_table(f"t{len(blocks) + 1}", rows, sheet.name))
                book.unload_sheet(index)
        finally:
            book.release_resources()
    except InputError:
        raise
    # xlrd reports a malformed or encrypted workbook as XLRDError, and a damaged record as
    # struct.error, IndexError, KeyError, UnicodeDecodeError, AssertionError...
    except Exception as exc:  # noqa: BLE001
        if "encrypted" in str(exc).lower():
            raise InputError(path, t("input.office_encrypted")) from None
        raise InputError(path, t("input.xlsx_unreadable", exc=f"{type(exc).__name__}: {exc}")) from None
    return blocks, []


def _sheet_rows(path: Path, book, sheet):
    import xlrd

    texts: dict[tuple[int, int], str] = {}
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            kind = sheet.cell_type(r, c)
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            text = _cell_text(book, sheet, r, c, kind)
            if text.strip():
                texts[r + 1, c + 1] = text
    # xlrd's ranges are 0-based, half-open (rlo, rhi, clo, chi); the shared code counts from 1, inclusive
    ranges = ((clo + 1, rlo + 1, chi, rhi) for rlo, rhi, clo, chi in sheet.merged_cells)
    return sheet_grid(path, sheet.name, texts, lambda kept: merge_covered(path, sheet.name, kept, ranges))


def _cell_text(book, sheet, r: int, c: int, kind: int) -> str:
    import xlrd

    value = sheet.cell_value(r, c)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    if kind == xlrd.XL_CELL_BOOLEAN:
        value = bool(value)
    elif kind == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            pass  # a serial number outside Excel's calendar shows as the number
    return display_value(value, _number_format(book, sheet.cell_xf_index(r, c)))


def _number_format(book, xf_index: int) -> str | None:
    try:
        fmt = book.format_map.get(book.xf_list[xf_index].format_key)
    except IndexError:
        return None
    return fmt.format_str if fmt is not None else None
