"""Table understanding: sub-grids, headers, units, total rows and the 功能分类 code tree."""

from checker.tables.cells import cell_quantity, header_unit, parse_figure
from checker.tables.grid import Grid, row_label, split_table, subject_code

__all__ = ["Grid", "cell_quantity", "header_unit", "parse_figure", "row_label", "split_table", "subject_code"]
