"""The words a reviewer reads in the archive exports (Excel workbook, HTML index page), the Word
memo and the scan summary: entries of ``lexicons/ui.yaml`` (``failure.*``, ``sheet.*``,
``column.*``, ``index.*``, ``memo.*``, and the contract's own ``category.*``, ``confidence.*``,
``decision.*``), read in the language of the interface when they are looked up. Light to import:
the scanning process uses it without the pipeline."""

from __future__ import annotations

from checker.i18n import Words

__all__ = [
    "CATEGORY_NAMES",
    "COLUMN_NAMES",
    "CONFIDENCE_NAMES",
    "DECISION_NAMES",
    "FAILURE_NAMES",
    "INDEX",
    "MEMO",
    "SCAN",
    "SHEET_NAMES",
]

CATEGORY_NAMES = Words("category")
CONFIDENCE_NAMES = Words("confidence")
DECISION_NAMES = Words("decision")
FAILURE_NAMES = Words("failure")
SHEET_NAMES = Words("sheet")
COLUMN_NAMES = Words("column")
INDEX = Words("index")
MEMO = Words("memo")
SCAN = Words("scan")
