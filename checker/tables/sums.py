"""The sums a table asserts by its layout.

* the 功能分类 code tree: a 类 (201) equals the sum of its 款 (20106), a 款 the sum of its 项
  (2010601), and a 合计 row the sum of the 类 rows — for every money column;
* a 合计/总计 row at the top of a block (年度资金总额, then its sources) equals the rows below it,
  a part's 其中 sub-items and items numbered a level down (1、 then 1）) not counted again; the
  extent of 其中 rows is read from the names the lexicon knows a part is made of, else from the
  figures that add up to the part;
* a 合计 row at the bottom of a flat list of uncoded rows equals the rows above it;
* 小计 rows each close the items above them, and a 合计 row under them equals the 小计 rows;
* a part equals its 其中 rows when they name all it is made of (公务用车购置及运行维护费 =
  购置费 + 运行维护费);
* a 合计/小计 column equals the columns it heads (合计 | 基本支出 | 项目支出; with two-level
  headers, 财政拨款/小计 = 财政拨款/一般公共预算 + 财政拨款/政府性基金 …);
* a 执行率 column equals its row's 执行数 ÷ 预算数.

Only the layout is read here; ``checker.rules.tables`` does the interval arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Literal

from checker.lexicon import load_yaml
from checker.memo import by_identity
from checker.normalize import without_spaces
from checker.model import Cell, Quantity
from checker.statements.composition import identities
from checker.structure import outline_level
from checker.tables.cells import is_empty, money_unit
from checker.tables.grid import (
    Grid,
    column_kind,
    counts_up,
    is_total_label,
    names_amount,
    row_code,
    row_label,
    split_table,
    subject_code,
)

_NOT_A_PART = ("率", "%", "其中", "上年", "比上年", "增减", "变动", "占比", "比重")
# last year's column is not a part of this year's 合计 column, but it adds up down its rows
_NOT_SUMMED_DOWN = tuple(w for w in _NOT_A_PART if w != "上年")


@dataclass(frozen=True)
class SumRelation:
    """``total`` is stated to equal the sum of ``parts`` (named ``names``).

    ``structural`` is True when the layout makes the relation certain (a code tree, a 小计
    column over its group); False when it rests on reading row labels, so a mismatch is
    reported with less confidence.
    """

    kind: Literal["tree", "column", "row"]
    total: Quantity
    total_name: str
    parts: tuple[Quantity, ...]
    names: tuple[str, ...]
    measure: str
    structural: bool
    open_end: bool = False
    """The parts run to the last row of the table: the rest of them may stand on the next page
    (a table cut at a page break and not recognised as continued), so a shortfall is not proof."""
    unreadable: bool = False
    """A part's cell holds words where a figure belongs: the sum cannot be made (``parts`` is
    empty) and the check is uncertain, never a finding."""


@dataclass(frozen=True)
class RatioRelation:
    """``rate`` (percent) is stated to equal ``numerator ÷ denominator``."""

    rate: Quantity
    numerator: Quantity
    denominator: Quantity
    row_name: str
    names: tuple[str, str]


def zero_at(cell: Cell, unit: str | None) -> Quantity:
    """An empty money cell means 0 (the reports leave zero cells blank or write "-")."""
    return Quantity(
        text=cell.text.strip() or "（空）",
        kind="money",
        value=Decimal(0),
        unit=unit,
        decimals=0,
        low=Decimal(0),
        high=Decimal(0),
        location=cell.locate(),
    )


def _unreadable(kind: Literal["tree", "column", "row"], total: Quantity, name: str, measure: str) -> SumRelation:
    return SumRelation(kind, total, name, (), (), measure, False, unreadable=True)


def _money(grid: Grid, row: tuple[Cell, ...], c: int) -> Quantity | None | Literal[False]:
    """The money figure in column ``c``: a Quantity, None when empty (zero), False when the
    cell holds text (the relation cannot be read)."""
    if c >= len(row):
        return None
    cell = row[c]
    if is_empty(cell.text):
        return None
    q = grid.value(cell)
    if q is None or q.kind not in ("money", "number"):
        return False
    return q


@lru_cache(maxsize=1)
def _not_money() -> tuple[str, ...]:
    return tuple(load_yaml("table_sums.yaml")["not_money_columns"])


def _money_columns(grid: Grid, across: bool = False) -> list[int]:
    """The columns of amounts: summed down the rows, or (``across``) taken as the parts of a
    合计 column."""
    return list(_both_money_columns(grid)[across])


@by_identity(maxsize=256)  # every relation reader of a grid asks, the same as split_table's grids
def _both_money_columns(grid: Grid) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The money columns summed down, and those that are parts across: one look at each column."""
    down: list[int] = []
    across: list[int] = []
    rows = list(grid.rows())
    for c, label in enumerate(grid.labels):
        if not (money_unit(grid.units[c]) or _states_money(grid, rows, c)) or any(w in label for w in _not_money()):
            continue
        summed_down, part = (not any(w in label for w in skip) for skip in (_NOT_SUMMED_DOWN, _NOT_A_PART))
        if not summed_down and not part:
            continue
        cells = [row[c].text for row in rows if c < len(row) and row[c].text.strip()]
        if len(cells) >= 3 and counts_up([without_spaces(t) for t in cells]):
            continue  # the rows' numbers (行次) under a header that lost its label
        codes = sum(1 for t in cells if subject_code(t) or re.fullmatch(r"\s*\d{2}\s*", t))
        names = sum(1 for t in cells if not any(ch.isdigit() for ch in t))
        # whole amounts (90, 120) under a header that names an amount are figures, not codes
        figures = names_amount(label) and names * 2 < len(cells)
        if (cells and codes * 2 >= len(cells) or column_kind(rows, c) == "key") and not figures:
            continue
        if summed_down:
            down.append(c)
        if part:
            across.append(c)
    return tuple(down), tuple(across)


def _states_money(grid: Grid, rows: list[tuple[Cell, ...]], c: int) -> bool:
    """Every filled cell of the column writes its own money unit (500.00万元): a column of amounts,
    though no header, title or unit line states a unit."""
    cells = [row[c] for row in rows if c < len(row) and not is_empty(row[c].text)]
    return bool(cells) and all((q := grid.value(cell)) is not None and q.kind == "money" for cell in cells)


def _values(grid: Grid, rows: list[tuple[Cell, ...]], c: int) -> list[Quantity] | None:
    out = []
    for row in rows:
        q = _money(grid, row, c)
        if q is False:
            return None
        out.append(q if q is not None else zero_at(row[c] if c < len(row) else row[-1], grid.units[c]))
    return out


def _total_name(row: tuple[Cell, ...]) -> str | None:
    """The total word a row is named by (合计, 人员经费合计), looking past 类 | 款 | 项 cells."""
    for cell in row[:4]:
        text = without_spaces(cell.text)
        if text and cell_is_text(text) and is_total_label(text):
            return text
    return None


def cell_is_text(text: str) -> bool:
    return not subject_code(text) and not any(ch.isdigit() for ch in text)


def tree_relations(grid: Grid) -> list[SumRelation]:
    coded: list[tuple[str, tuple[Cell, ...]]] = []
    total_row = None
    closing = False  # the total row stands below every coded row
    for row in grid.rows():
        code = row_code(row)
        if code:
            coded.append((code, row))
            closing = False
        elif total_row is None and (name := _total_name(row)):
            total_row = row
            closing = "小计" not in name  # a page's 小计 may close only the rows above it
    if not coded:
        return []
    out: list[SumRelation] = []
    groups: list[tuple[tuple[Cell, ...], str, list[tuple[str, tuple[Cell, ...]]], bool]] = []
    codes = {code for code, _ in coded}
    # only a paginated table can go on where it stops, and not past the total row that closes it
    last = grid.table.rows[-1]
    at_table_end = (
        grid.body[-1] == len(grid.table.rows) - 1 and bool(last) and last[0].locate().page is not None and not closing
    )
    for i, (code, row) in enumerate(coded):
        children = [(k, r) for k, r in coded if len(k) == len(code) + 2 and k.startswith(code)]
        if children:
            open_end = at_table_end and all(k.startswith(code) for k, _ in coded[i + 1 :])
            groups.append((row, code, children, open_end))
    flat = False  # the total is over codes of a level below 类 that no 类 row heads (30101, 30102 …)
    if total_row is not None:
        top = min(len(k) for k, _ in coded)
        tops = [(k, r) for k, r in coded if len(k) == top]
        flat = top > 3
        # 2xx are 功能分类 and 3xx/5xx 经济分类 codes: one total never adds up both schemes
        if all(len(k) == top or k[:top] in codes for k, _ in coded) and len({k[0] for k, _ in tops}) == 1:
            groups.append((total_row, _total_name(total_row) or "合计", tops, at_table_end))
    for row, name, children, open_end in groups:
        # a 合计 over 款 or 项 rows with no 类 above them may be of an excerpt: it rests on the rows shown
        structural = not (flat and row is total_row)
        for c in _money_columns(grid):
            total = _money(grid, row, c)
            if not isinstance(total, Quantity):
                continue
            parts = _values(grid, [r for _, r in children], c)
            if parts is None:
                out.append(_unreadable("tree", total, name, grid.labels[c]))
                continue
            out.append(
                SumRelation(
                    "tree",
                    total,
                    name,
                    tuple(parts),
                    tuple(k for k, _ in children),
                    grid.labels[c],
                    structural,
                    open_end,
                )
            )
    return out


def block_total_relations(grid: Grid) -> list[SumRelation]:
    """A total row that opens a block of uncoded rows (资金来源: 年度资金总额 then sources)."""
    rows = list(grid.rows())
    money = _money_columns(grid)
    if len(rows) < 3 or any(
        subject_code(row[c].text) for row in rows for c in range(min(2, len(row))) if c not in money
    ):
        return []
    first = row_label(rows[0])
    if not is_total_label(first) or any(is_total_label(row_label(r)) for r in rows[1:]):
        return []
    parts_rows: list[tuple[Cell, ...]] = []
    breakdowns: list[tuple[tuple[Cell, ...], list[tuple[Cell, ...]]]] = []
    depth = len(rows[0])  # the column the names of the parts stand in
    top = None  # the outline level the parts are numbered at (1、因公出国费)
    below = False  # the row before was an item of a part
    i = 1
    while i < len(rows):
        label = row_label(rows[i])
        level = _outline_level(label)
        # an outline by columns: a row named further right than a part before it is an item of
        # that part (一般公共预算资金 | 小计, then | 公共财政拨款资金; 一、货物, then its purchases);
        # an outline by numbers likewise (2、公务接待费, then 1）国内接待费 and its own 其中)
        column = _label_column(rows[i])
        nested = top is not None and level is not None and level > top
        breakdown = label.startswith("其中") and not below
        if parts_rows and (column > depth or nested and not breakdown or below and label.startswith("其中")):
            below = True
            i += 1
            continue
        below = False
        depth = min(depth, column)
        # 其中 right under the total opens its own list of parts (年度资金总额，其中：财政拨款…)
        if not parts_rows or not breakdown:
            if not parts_rows:
                top = level
            parts_rows.append(rows[i])
            i += 1
            continue
        end, complete = _named_breakdown(parts_rows[-1], rows, i)
        if end is None:
            end = _end_of_breakdown(grid, parts_rows[-1], rows, i)
        if end is None and nested:
            below = True  # numbered one level down: the numbers show where the sub-items end
            i += 1
            continue
        if end is None:
            return []  # sub-items whose extent the figures do not show: not one flat list
        if complete:
            breakdowns.append((parts_rows[-1], rows[i:end]))
        i = end
    out = _list_sums(grid, rows[0], first, parts_rows, open_end=False)
    # a part with all the parts its name is made of listed under it: certain by definition
    for parent, children in breakdowns:
        out += _column_sums(grid, parent, row_label(parent), children, structural=True, filled=True)
    return out


_NESTED_REACH = 12
"""Rows after a part looked at for its own items (a whole followed by rows adding up to it)."""


def closing_total_relations(grid: Grid) -> list[SumRelation]:
    """A total row that closes a flat list of uncoded rows (因公出国（境）费, 公务接待费, …, then 合计):
    the rows above it, when none is a total, a 其中, an item set a column further right or numbered
    another way than the first, or a whole followed by rows that add up to it (an outline that
    lost its marks). A shortfall may be rows the excerpt or the page above cut off, and the list
    rests on reading row labels: a mismatch is a warning."""
    rows = list(grid.rows())
    money = _money_columns(grid)
    if len(rows) < 3 or any(
        subject_code(row[c].text) for row in rows for c in range(min(2, len(row))) if c not in money
    ):
        return []
    last = row_label(rows[-1])
    parts_rows = rows[:-1]
    labels = [row_label(r) for r in parts_rows]
    if (
        not is_total_label(last)
        or any(not label or is_total_label(label) or label.startswith("其中") for label in labels)
        or any(_TOP_ORDINAL.match(label) for label in labels)  # the 一、二、 items: ordinal_relations
        or len({_outline_level(label) for label in labels}) > 1
        or len({_label_column(r) for r in parts_rows}) > 1
    ):
        return []
    for i, row in enumerate(parts_rows[:-2]):
        end = _end_of_breakdown(grid, row, parts_rows[: i + 1 + _NESTED_REACH], i + 1)
        if end is not None and end - i - 1 >= 2:
            return []
    return _list_sums(grid, rows[-1], last, parts_rows, open_end=True)


def subtotal_relations(grid: Grid) -> list[SumRelation]:
    """小计 rows each closing the uncoded items above them (back to the 小计 before, or to a group's
    heading row without figures: 人员经费, 公用经费), and a 合计 row closing the table that adds up
    the 小计 rows. Every item must stand in a group; otherwise the rows are not read. Read from
    row labels: a mismatch is a warning."""
    rows = list(grid.rows())
    money = _money_columns(grid)
    if len(rows) < 5 or not money or any(row_code(row) for row in rows):
        return []
    last = row_label(rows[-1])
    if not is_total_label(last) or "小计" in last:
        return []
    groups: list[tuple[tuple[Cell, ...], list[tuple[Cell, ...]]]] = []
    items: list[tuple[Cell, ...]] = []
    for row in rows[:-1]:
        label = row_label(row)
        if not label or label.startswith("其中"):
            return []
        if "小计" in label:
            if not items or len({_label_column(r) for r in items}) > 1:
                return []  # a 小计 heading its items, or items set out over several columns
            groups.append((row, items))
            items = []
        elif is_total_label(label):
            return []
        elif any(isinstance(_money(grid, row, c), Quantity) for c in money):
            items.append(row)
        elif items:
            return []  # a row without figures amid a group's items
    if items or len(groups) < 2:
        return []
    out = [rel for row, parts in groups for rel in _list_sums(grid, row, row_label(row), parts, open_end=False)]
    return out + _list_sums(grid, rows[-1], last, [row for row, _ in groups], open_end=False)


def _list_sums(
    grid: Grid, total_row: tuple[Cell, ...], name: str, parts_rows: list[tuple[Cell, ...]], open_end: bool
) -> list[SumRelation]:
    """In every money column, the total row's figure against the sum of the rows of a list (read
    from its labels: not structural)."""
    out = []
    for c in _money_columns(grid):
        total = _money(grid, total_row, c)
        if not isinstance(total, Quantity):
            continue
        parts = _values(grid, parts_rows, c)
        if parts is None:
            out.append(_unreadable("column", total, name, grid.labels[c]))
            continue
        names = tuple(row_label(r) for r in parts_rows)
        out.append(SumRelation("column", total, name, tuple(parts), names, grid.labels[c], False, open_end))
    return out


def _outline_level(label: str) -> int | None:
    """How deep the mark numbering a row's name stands (``checker.structure.outline_level``), past 其中."""
    return outline_level(re.sub(r"^其中[:：]?", "", label))


def _named_breakdown(parent: tuple[Cell, ...], rows: list[tuple[Cell, ...]], start: int) -> tuple[int | None, bool]:
    """Where the 其中 rows under ``parent`` end when an identity of ``lexicons/identities.yaml`` marked
    ``table_rows`` says what its name is made of (公务用车购置及运行维护费: 购置费, 运行维护费), and
    whether they list every part it cannot do without. (None, False) when no such identity names the
    row or the first 其中 row is none of its parts."""
    name = row_label(parent)
    ident = next((i for i in identities() if i["table_rows"] and i["whole"].search(name)), None)
    if ident is None:
        return None, False
    parts: tuple[re.Pattern[str], ...] = ident["parts"]
    seen: set[int] = set()
    end = start
    while end < len(rows):
        label = row_label(rows[end])
        part = next((k for k, p in enumerate(parts) if p.search(label)), None)
        if part is None or part in seen or is_total_label(label):
            break
        seen.add(part)
        end += 1
    if end == start:
        return None, False
    required = {k for k, p in enumerate(parts) if p.pattern not in ident["optional"]}
    return end, required <= seen


def _label_column(row: tuple[Cell, ...]) -> int:
    """The column a row's name stands in (past its code or sequence number); a row without a
    name counts as named in its last column."""
    label = row_label(row)
    return next((c for c, cell in enumerate(row) if label and without_spaces(cell.text) == label), len(row))


def _end_of_breakdown(grid: Grid, parent: tuple[Cell, ...], rows: list[tuple[Cell, ...]], start: int) -> int | None:
    """Where the sub-items that start at ``rows[start]`` (其中：公务用车购置费, then 公务用车运行
    维护费 unmarked) end: after the first rows whose figures add up to their parent's in every
    money column. Only the label 其中 marks the first; the figures mark the last."""
    columns = _money_columns(grid)
    parent_values = [_values(grid, [parent], c) for c in columns]
    if not columns or any(v is None for v in parent_values):
        return None
    for end in range(start + 1, len(rows) + 1):
        if any(is_total_label(row_label(r)) for r in rows[start:end]):
            return None
        sums = [_values(grid, rows[start:end], c) for c in columns]
        if any(v is None for v in sums):
            return None
        if all(sum(q.value for q in sub) == whole[0].value for sub, whole in zip(sums, parent_values)):
            return end
    return None


_TOP_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def ordinal_relations(grid: Grid) -> list[SumRelation]:
    """Uncoded statements such as the 收入支出决算总表: 本年收入合计 = the 一、二、… rows above
    it; 总计 = that 合计 + the rows between them (年初结转和结余 …), not counting the 一、二、
    rows listed under those (they break a carry-over down by fund)."""
    rows = [_across_panels(grid, r, row) for r, row in zip(grid.body, grid.rows())]
    if any(row_code(r) for r in rows):
        return []
    out: list[SumRelation] = []
    items: list[tuple[Cell, ...]] = []
    closed: tuple[Cell, ...] | None = None
    between: list[tuple[Cell, ...]] = []
    for row in rows:
        label = without_spaces(row[0].text) if row else ""  # the names stand in the panel's first column
        if not label or not cell_is_text(label):
            continue
        if _TOP_ORDINAL.match(label):
            if closed is None:
                items.append(row)
        elif "总计" in label and closed is not None:
            out += _column_sums(grid, row, label, [closed] + between)
            items, closed, between = [], None, []
        elif is_total_label(label):
            if (outline_level(label) or 0) > 1:
                continue  # (一)收入小计 totals the rows under one item, not the 一、二、 items above it
            if len(items) >= 2:
                # a column whose 一、二、 cells are all blank holds no breakdown of this total: the
                # figure beside the total belongs to the other side (本年收入合计 | … | 本年支出合计 |
                # 36341.62, the 支出 figures of a copy that dropped its empty cells)
                out += _column_sums(grid, row, label, items, filled=True)
                closed, between = row, []
            items = []
        elif closed is not None and not label.startswith("其中"):
            between.append(row)
    return out


def _across_panels(grid: Grid, r: int, row: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """A panel's row as read across a merged cell: one total row may serve two panels side by
    side (当年支出小计 written once across 功能分类 and 支出用途, its amount once at the right). A
    panel whose name cell is empty takes the total name standing left of it past empty cells, and
    a total row's empty amount the figure standing right of it past empty cells."""
    if not grid.cols or not row:
        return row
    full = grid.table.rows[r]
    cells = list(row)
    first, last = grid.cols[0], grid.cols[-1]
    if not full[first].text.strip():
        left = next((c for c in range(first - 1, -1, -1) if full[c].text.strip()), None)
        if (
            left is None
            or not cell_is_text(without_spaces(full[left].text))
            or not is_total_label(without_spaces(full[left].text))
        ):
            return row
        cells[0] = full[left]
    elif not is_total_label(without_spaces(full[first].text)):
        return row
    right = next((c for c in range(last + 1, len(full)) if full[c].text.strip()), None)
    if right is not None and not cell_is_text(full[right].text) and not any(c.text.strip() for c in cells[1:]):
        cells[-1] = full[right]
    return tuple(cells)


def _column_sums(
    grid: Grid,
    total_row: tuple[Cell, ...],
    name: str,
    part_rows: list[tuple[Cell, ...]],
    structural: bool = False,
    filled: bool = False,
) -> list[SumRelation]:
    """``filled``: a column whose part cells are all blank is skipped (其中 rows printed but not
    filled in say nothing of the breakdown)."""
    out = []
    for c in _money_columns(grid):
        total = _money(grid, total_row, c)
        if not isinstance(total, Quantity):
            continue
        if filled and all(c >= len(r) or is_empty(r[c].text) for r in part_rows):
            continue
        parts = _values(grid, part_rows, c)
        if parts is None:
            out.append(_unreadable("column", total, name, grid.labels[c]))
            continue
        out.append(
            SumRelation(
                "column",
                total,
                name,
                tuple(parts),
                tuple(row_label(r) for r in part_rows),
                grid.labels[c],
                structural,
            )
        )
    return out


_MEASURE_LEAVES = ("预算数", "决算数", "执行数", "年初预算数", "全年预算数", "调整预算数")


def row_relations(grid: Grid) -> list[SumRelation]:
    """合计/小计 columns over the columns they head, read from the header paths: a total at
    path P/合计 equals the other columns directly under P, a sub-group counted by its own 小计
    column when it has one (合计 = 因公出国 + 公务用车/小计 + 公务接待). When every column ends in
    a measure (预算数 | 决算数 pairs), each measure is summed on its own."""
    cols = _money_columns(grid, across=True)
    paths = {c: [seg for seg in grid.labels[c].split("/") if seg] for c in cols}
    leaves = {p[-1] for p in paths.values() if p}
    by_measure: dict[str, list[int]] = {}
    if len(leaves) >= 2 and leaves <= set(_MEASURE_LEAVES) and all(len(p) >= 2 for p in paths.values()):
        for c in cols:
            by_measure.setdefault(paths[c][-1], []).append(c)
            paths[c] = paths[c][:-1]
    else:
        by_measure[""] = cols
    # a prefix every column shares (财政拨款“三公”经费/…) names the table, not a group
    common = _common_prefix([paths[c] for c in cols])
    for c in cols:
        paths[c] = paths[c][common:]
    out: list[SumRelation] = []
    for measure, group in by_measure.items():
        for c in group:
            path = paths[c]
            if not path or not is_total_label(path[-1]):
                continue
            parent = path[:-1]
            parts = _direct_parts(c, parent, group, paths)
            if len(parts) < 2:
                continue
            out += _row_sums(grid, c, parts, structural=bool(parent) or bool(measure) or common > 0)
    return out


def _common_prefix(paths: list[list[str]]) -> int:
    if not paths:
        return 0
    n = 0
    while all(len(p) > n + 1 for p in paths) and len({p[n] for p in paths}) == 1:
        n += 1
    return n


def _direct_parts(total: int, parent: list[str], group: list[int], paths: dict[int, list[str]]) -> list[int]:
    depth = len(parent)
    under = [d for d in group if d != total and paths[d][:depth] == parent and len(paths[d]) > depth]
    parts = []
    for d in under:
        path = paths[d]
        if is_total_label(path[-1]) and len(path) == depth + 1:
            return []  # two totals at one level: the layout is not a simple breakdown
        if len(path) == depth + 1:
            parts.append(d)
            continue
        child = path[: depth + 1]
        members = [e for e in under if paths[e][: depth + 1] == child]
        head = next((e for e in members if len(paths[e]) == depth + 2 and is_total_label(paths[e][-1])), None)
        if head is not None:
            if d == head:
                parts.append(d)
        elif len(path) == depth + 2:
            parts.append(d)
    return parts


def _row_sums(grid: Grid, c: int, parts: list[int], structural: bool) -> list[SumRelation]:
    out = []
    label = grid.labels[c]
    for row in grid.rows():
        if c >= len(row):
            continue
        total = _money(grid, row, c)
        if not isinstance(total, Quantity):
            continue
        values: list[Quantity] | None = []
        for d in parts:
            q = _money(grid, row, d)
            if q is False:
                values = None
                break
            values.append(q if q is not None else zero_at(row[min(d, len(row) - 1)], grid.units[d]))
        name = row_label(row) or "本行"
        if values is None:
            out.append(_unreadable("row", total, f"{name}·{label}", label))
            continue
        out.append(
            SumRelation(
                "row", total, f"{name}·{label}", tuple(values), tuple(grid.labels[d] for d in parts), label, structural
            )
        )
    return out


def ratio_relations(grid: Grid) -> list[RatioRelation]:
    """执行率 = 执行数 ÷ 预算数 per row, where one grid has all three columns."""
    if grid.column("分值权重", "权重") is not None:
        return []  # a self-evaluation funds line: the scoring rules check it with its score
    words = load_yaml("table_sums.yaml")["ratio_columns"]
    rate_col = grid.column(*words["rate"])
    if rate_col is None:
        return []
    rate_label = without_spaces(grid.labels[rate_col])
    named = next((w for key, w in words["named_budgets"].items() if key in rate_label), words["budget"])
    spent_col = grid.column(*words["spent"], skip=rate_col)
    budget_col = grid.column(*named, skip=rate_col)
    if spent_col is None or budget_col is None or spent_col == budget_col:
        return []
    out = []
    for row in grid.rows():
        if max(rate_col, spent_col, budget_col) >= len(row):
            continue
        rate = grid.value(row[rate_col])
        spent = grid.value(row[spent_col])
        budget = grid.value(row[budget_col])
        if rate is None or spent is None or budget is None or rate.kind != "percent":
            continue
        out.append(
            RatioRelation(
                rate,
                spent,
                budget,
                row_label(row) or without_spaces(row[0].text),
                (grid.labels[spent_col], grid.labels[budget_col]),
            )
        )
    return out


@dataclass(frozen=True)
class ChangeRelation:
    """This year's and last year's amounts of one row, and the change the row states between them:
    ``delta`` (current − prior) and/or ``rate`` ((current − prior) ÷ prior, in percent)."""

    current: Quantity
    prior: Quantity
    delta: Quantity | None
    rate: Quantity | None
    row_name: str


@lru_cache(maxsize=1)
def _change_columns() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in load_yaml("cues_change.yaml")["table_columns"].items()}


def _years_apart(grid: Grid, skip: set[int]) -> tuple[int, int] | None:
    """(this year's column, last year's): the two columns whose headers name consecutive years,
    else the two that say 本年 and 上年."""
    years = {
        c: int(m.group(1))
        for c, label in enumerate(grid.labels)
        if c not in skip
        for m in [re.search(r"(20\d\d)\s*年", without_spaces(label))]
        if m
    }
    if len(years) == 2 and len(set(years.values())) == 2:
        (a, ya), (b, yb) = sorted(years.items(), key=lambda kv: -kv[1])
        return (a, b) if ya == yb + 1 else None
    words = _change_columns()
    current = [
        c
        for c, label in enumerate(grid.labels)
        if c not in skip and any(w in without_spaces(label) for w in words["current"])
    ]
    prior = [
        c
        for c, label in enumerate(grid.labels)
        if c not in skip and any(w in without_spaces(label) for w in words["prior"])
    ]
    return (current[0], prior[0]) if len(current) == len(prior) == 1 and current != prior else None


_PERIOD_IN_HEADER = re.compile(r"20\d\d\s*年度?")


def year_columns(grid: Grid) -> tuple[int, int] | None:
    """(this year's column, last year's) of a grid that sets the two years' amounts of one measure
    side by side, whether or not it states their change (2024年决算数 | 2023年决算数, 本年数 | 上年数);
    2024年预算数 | 2023年决算数 are two measures, not one amount in two years."""
    words = _change_columns()
    changes = words["delta"] + words["rate"]
    skip = {c for c, label in enumerate(grid.labels) if any(w in without_spaces(label) for w in changes)}
    pair = _years_apart(grid, skip)
    if pair is None:
        return None
    periods = re.compile(f"{_PERIOD_IN_HEADER.pattern}|{'|'.join(words['current'] + words['prior'])}|度|数")
    measures = {periods.sub("", without_spaces(grid.labels[c])) for c in pair}
    return pair if len(measures) == 1 else None


def _change(current, prior, delta, rate, name: str, bare_rate: bool = False) -> list[ChangeRelation]:
    """The relation of one row (or column) when it has both years' amounts and a change to check;
    ``bare_rate``: the rate's header carries the % (增减%), so its cells are bare numbers."""
    if current is None or prior is None or current.kind == "percent" or prior.kind == "percent":
        return []
    if rate is not None and rate.kind != "percent" and not (bare_rate and rate.kind == "number"):
        rate = None
    if delta is not None and delta.kind == "percent":
        delta = None
    return [ChangeRelation(current, prior, delta, rate, name)] if delta is not None or rate is not None else []


def _cell(grid: Grid, row: tuple[Cell, ...], c: int | None) -> Quantity | None:
    return grid.value(row[c]) if c is not None and c < len(row) and not is_empty(row[c].text) else None


def _by_rows(grid: Grid) -> list[ChangeRelation]:
    """The years as rows (2015年 | 2016年 | 2016年比2015年增减%) and the items as columns."""
    words = _change_columns()
    rows = list(grid.rows())
    names = [without_spaces(row_label(r) or r[0].text) for r in rows]

    def says(name: str, key: str) -> bool:
        return any(w in name for w in words[key])

    years = {
        k: int(m.group(1))
        for k, name in enumerate(names)
        if not says(name, "delta") and not says(name, "rate")
        for m in [re.match(r"(20\d\d)年", name)]
        if m
    }
    delta_row = next((k for k, name in enumerate(names) if says(name, "delta")), None)
    rate_row = next((k for k, name in enumerate(names) if says(name, "rate")), None)
    if len(years) != 2 or delta_row is None and rate_row is None:
        return []
    (now, y_now), (before, y_before) = sorted(years.items(), key=lambda kv: -kv[1])
    if y_now != y_before + 1:
        return []
    out = []
    for c in range(1, grid.width):
        out += _change(
            _cell(grid, rows[now], c),
            _cell(grid, rows[before], c),
            _cell(grid, rows[delta_row], c) if delta_row is not None else None,
            _cell(grid, rows[rate_row], c) if rate_row is not None else None,
            without_spaces(grid.labels[c]),
            bare_rate=rate_row is not None and "%" in names[rate_row],
        )
    return out


def change_relations(table) -> list[ChangeRelation]:
    """本年 − 上年 = 增减额 and 增减额 ÷ 上年 = 增减率 per row, in a grid with those columns (or per
    column, in a grid with those rows)."""
    out = []
    words = _change_columns()
    for grid in split_table(table):
        if not grid.header:
            continue
        delta_col, rate_col = grid.column(*words["delta"]), grid.column(*words["rate"])
        pair = None
        if (delta_col is not None or rate_col is not None) and delta_col != rate_col:
            pair = _years_apart(grid, {c for c in (delta_col, rate_col) if c is not None})
        if pair is None:
            out += _by_rows(grid)
            continue
        for row in grid.rows():
            out += _change(
                _cell(grid, row, pair[0]),
                _cell(grid, row, pair[1]),
                _cell(grid, row, delta_col),
                _cell(grid, row, rate_col),
                row_label(row) or without_spaces(row[0].text),
            )
    return out


def table_relations(table) -> tuple[list[SumRelation], list[RatioRelation]]:
    sums: list[SumRelation] = []
    ratios: list[RatioRelation] = []
    for grid in split_table(table):
        if not grid.header:
            continue
        sums += tree_relations(grid) + block_total_relations(grid) + closing_total_relations(grid)
        sums += ordinal_relations(grid) + subtotal_relations(grid) + row_relations(grid)
        ratios += ratio_relations(grid)
    return sums, ratios
