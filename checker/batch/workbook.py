"""The archive as an Excel workbook a reviewer works in: a summary sheet (one row per document,
linked to its HTML review copy when those were exported beside it), the findings and the
failures; Chinese headers, filters on every column, the header row frozen, widths to fit,
severity colours. Paths are shown relative to the scanned folder.

Every text cell is written as a string: document text (a unit name, an excerpt, a file name)
that starts with "=" would otherwise become a live formula. The workbook is marked as jiaohe's
own export, so checking it again says it is no report.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from pathlib import Path, PurePosixPath

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from checker import __version__
from checker.batch.reviewed import notes_name
from checker.batch.tables import SEVERITIES, failures_frame, findings_frame, scanned_root, shown_path, summary_frame
from checker.ingest.xlsx import FINDINGS_EXPORT
from checker.model import CATEGORIES
from checker.report.labels import (
    CATEGORY_NAMES,
    COLUMN_NAMES,
    CONFIDENCE_NAMES,
    DECISION_NAMES,
    FAILURE_NAMES,
    SHEET_NAMES,
)
from checker.report.html import KIND_NAMES, SEVERITY_NAMES

SEVERITY_FILLS = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
HEADER_FILL = "D9D9D9"
WIDE_COLUMNS = {"message": 60, "excerpt": 50, "expr": 30, "decision_note": 24, "reason": 50}
"""Columns of prose: this wide, wrapped; the others fit their longest cell up to MAX_WIDTH."""
MAX_WIDTH = 40

SUMMARY_COLUMNS = (
    "path",
    "notes",
    "unit",
    "year",
    "kind",
    *(f"n_{s}" for s in SEVERITIES),
    *(f"n_{c}" for c in CATEGORIES),
    "checks_pass",
    "checks_fail",
    "checks_uncertain",
    "quantities",
    "statements",
    "chars",
    "format",
    "sha256",
)
FINDINGS_COLUMNS = (
    "path",
    "unit",
    "year",
    "severity",
    "rule",
    "category",
    "message",
    "line",
    "page",
    "excerpt",
    "stated",
    "expected",
    "expr",
    "decision",
    "decision_note",
    "confidence",
    "name",
    "fingerprint",
)
FAILURE_COLUMNS = ("path", "failure", "reason", "failed_at")
VALUE_NAMES = {
    "severity": SEVERITY_NAMES,
    "category": CATEGORY_NAMES,
    "kind": KIND_NAMES,
    "confidence": CONFIDENCE_NAMES,
    "decision": DECISION_NAMES,
    "failure": FAILURE_NAMES,
}


def header(column: str) -> str:
    """A column's Chinese header; finding counts are headed by the severity or category name."""
    if column.startswith("n_"):
        key = column[2:]
        return SEVERITY_NAMES.get(key) or CATEGORY_NAMES.get(key, key)
    return COLUMN_NAMES.get(column, column)


def export_xlsx(conn: sqlite3.Connection, out: Path, notes: Path | None = None) -> None:
    """Write the reviewer's workbook to ``out``; ``notes`` is the folder `export --html` wrote the
    review copies into, linked from the summary."""
    # all read before a file is opened: a failing query must not leave a half-written workbook
    summary, findings, failures = summary_frame(conn), findings_frame(conn), failures_frame(conn)
    root = scanned_root([*summary["path"], *failures["path"]])
    failures = failures.rename(columns={"kind": "failure"})
    book = Workbook()
    book.properties.creator = "jiaohe " + __version__
    book.properties.keywords = FINDINGS_EXPORT
    book.remove(book.active)
    links = [_notes_link(out, notes, p, sha) for p, sha in zip(summary["path"], summary["sha256"])]
    _sheet(book, "summary", summary.assign(notes=[name for name, _ in links]), SUMMARY_COLUMNS, root, links)
    _sheet(book, "findings", findings, FINDINGS_COLUMNS, root)
    _sheet(book, "failures", failures, FAILURE_COLUMNS, root)
    book.save(out)


def _notes_link(out: Path, notes: Path | None, path: str, sha256: str) -> tuple[str | None, str | None]:
    """(cell text, link target) of a document's review copy: the target relative to the workbook,
    starting with ./ or ../ so that no file name can be read as a link scheme."""
    if notes is None:
        return None, None
    target = notes / notes_name(path, sha256)
    if not target.is_file():
        return None, None
    relative = PurePosixPath(Path(os.path.relpath(target.resolve(), out.resolve().parent)).as_posix())
    link = str(relative) if str(relative).startswith("../") else f"./{relative}"
    return target.name, link


def _sheet(
    book: Workbook,
    key: str,
    frame: pd.DataFrame,
    columns: tuple[str, ...],
    root: str | None,
    links: list[tuple[str | None, str | None]] | None = None,
) -> None:
    sheet = book.create_sheet(SHEET_NAMES[key])
    sheet.append([header(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center")
    widths = [_width(header(c)) + 2 for c in columns]
    for r, record in enumerate(frame.to_dict("records"), start=2):
        for c, column in enumerate(columns, start=1):
            value = _value(record.get(column), column, root)
            cell = sheet.cell(row=r, column=c, value=value)
            if cell.data_type == "f":
                cell.data_type = "s"
            if column == "severity" and record.get(column) in SEVERITY_FILLS:
                cell.fill = PatternFill("solid", fgColor=SEVERITY_FILLS[record[column]])
            elif column.startswith("n_") and column[2:] in SEVERITY_FILLS and value:
                cell.fill = PatternFill("solid", fgColor=SEVERITY_FILLS[column[2:]])
            if column in WIDE_COLUMNS:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
                widths[c - 1] = max(widths[c - 1], _width(value))
            if column == "notes" and links and links[r - 2][1]:
                cell.hyperlink = links[r - 2][1]
                cell.style = "Hyperlink"
                cell.alignment = Alignment(vertical="top")
    for c, column in enumerate(columns, start=1):
        width = WIDE_COLUMNS.get(column, min(widths[c - 1], MAX_WIDTH))
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, sheet.max_row)}"


def _value(value: object, column: str, root: str | None) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if column == "path":
        return shown_path(str(value), root)
    if column in VALUE_NAMES:
        return VALUE_NAMES[column].get(value, value)
    if hasattr(value, "item"):  # numpy scalars: openpyxl takes Python numbers
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _width(value: object) -> int:
    """Columns a value takes on screen: a CJK character is two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
