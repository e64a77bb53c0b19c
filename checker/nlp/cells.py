"""Numbers in table cells: a bare value takes its unit and label from the headers around it.

Tables exported from Word often stack several grids (a funds block, an indicator block), so the
rows are read in runs of equal width; the leading rows of a run that hold no figures are its
header. A value's label is the nearest text cell to its left in the same row (the row header),
its column header the header text above it, and its unit the first of: a unit written in the
column header ("执行率(%)", "（万元）"), one written in the row header ("上级资金（万元）"), a
header kind that is not money (权重/得分 → 分, …率 → %), the block's or the table's money unit.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from checker.normalize import without_spaces
from checker.model import Cell, Table
from checker.nlp.labels import label_vocab, strip_list_marker
from checker.numbers import NumberMatch, find_codes, quantities_in

_UNIT_IN_HEADER = re.compile(r"[（(]\s*(万元|亿元|千万元|千元|元|%|分|人|个|家|项|次|辆|平方米|亩|吨)\s*[)）]")
_UNIT_STATEMENT = re.compile(r"(?:单位|金额单位)\s*[：:]\s*(亿元|千万元|万元|千元|元)")
_NOT_MONEY = (
    ("率", "%"),
    ("比例", "%"),
    ("占比", "%"),
    ("权重", "分"),
    ("分值", "分"),
    ("得分", "分"),
    ("评分", "分"),
    ("人数", "人"),
    ("户数", "户"),
    ("个数", "个"),
    ("数量", None),
    ("序号", None),
    ("编码", None),
    ("代码", None),
    ("年份", None),
)
_SKIP_COLUMN = ("序号", "编码", "代码", "科目编码", "功能分类科目编码")
_FUND_SOURCE = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")
"""A column of funds by source (一般公共预算财政拨款) states no budget: 预算 is part of the name."""
_DECIMAL = re.compile(r"\d\.\d")
_SHORT_INT = re.compile(r"\d{1,3}")
_CODE_LEVELS = ("类", "款", "项")
_PROSE_CELL = 24
"""A cell longer than this with words in it is prose (an explanation, a target statement)."""


class CellValue(NamedTuple):
    """A figure of a table cell with what its headers say of it: a NamedTuple, built several times
    as fast as the frozen dataclass it was (a table has hundreds)."""

    cell: Cell
    number: NumberMatch
    unit: str | None  # the unit a bare number takes from its headers
    label: str | None
    header: str | None  # without white space
    period: str | None
    measure: str | None


_NINE_HAN = re.compile("(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){9}")
"""Nine Han characters or more: a match stops at the ninth, where counting them all built a list of every one."""


def is_prose_cell(text: str) -> bool:
    return len(text) > _PROSE_CELL and _NINE_HAN.match(text) is not None


def _runs(rows: Sequence[Sequence[Cell]]) -> list[tuple[int, int]]:
    out, start = [], 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or len(rows[i]) != len(rows[start]):
            out.append((start, i))
            start = i
    return out


def _has_figure(cell: Cell) -> bool:
    # a prose cell has no figure of its own here: its figures are read as prose, not found as a cell's
    return not is_prose_cell(cell.text) and any(q.kind != "date" for q in quantities_in(cell.text, cell=True))


def _header_unit(header: str) -> tuple[bool, str | None]:
    """(decided, unit) from a header: a written unit, or a header that is not about money."""
    m = _UNIT_IN_HEADER.search(header)
    if m:
        return True, m.group(1)
    for word, unit in _NOT_MONEY:
        if word in header:
            return True, unit
    return False, None


def table_values(table: Table) -> tuple[list[CellValue], list[Cell]]:
    """The figures of a table with their headers, and the prose cells (labelled like paragraphs)."""
    values: list[CellValue] = []
    prose: list[Cell] = []
    rows = table.rows
    last_header: dict[int, tuple[list[str], str | None]] = {}
    # what a header says of its values, and what a cell names as a row header, are the same for
    # every value they apply to: found once per table
    headers: dict[str, _Header] = {}
    names: dict[str, str | None] = {}
    for start, stop in _runs(rows):
        width = len(rows[start])
        header_rows = []
        r = start
        while r < stop and not any(_has_figure(c) or is_prose_cell(c.text) for c in rows[r]):
            header_rows.append(r)
            for cell in rows[r]:  # a header can state the period: （2024年度）
                values.extend(
                    CellValue(cell, q, None, None, None, None, None) for q in quantities_in(cell.text, cell=True)
                )
            r += 1
        if header_rows:
            columns = [
                "/".join(
                    dict.fromkeys(
                        without_spaces(rows[h][c].text) for h in header_rows if without_spaces(rows[h][c].text)
                    )
                )
                for c in range(width)
            ]
            block_unit = next(
                (
                    m.group(1)
                    for h in header_rows
                    for cell in rows[h]
                    for m in [_UNIT_IN_HEADER.search(cell.text) or _UNIT_STATEMENT.search(cell.text)]
                    if m and m.group(1).endswith("元")
                ),
                None,
            )
            last_header[width] = (columns, block_unit)
        columns, block_unit = last_header.get(width, ([""] * width, None))
        code_columns = _code_columns(rows[r:stop], columns)
        for row in rows[r:stop]:
            for cell in row:
                if is_prose_cell(cell.text):
                    prose.append(cell)
                    continue
                header = columns[cell.col - 1] if cell.col - 1 < len(columns) else ""
                facts = _header_facts(header, headers)
                if cell.col - 1 in code_columns or facts.skipped or _is_code(cell.text):
                    continue
                found = quantities_in(cell.text, cell=True)
                if not found:
                    continue
                row_label = _row_label(row, cell, columns, names, headers)
                measure, period = facts.measure, facts.period
                for q in found:
                    unit = None
                    if q.kind == "number" and q.unit is None:
                        unit = _bare_unit(header, row_label, block_unit or table.unit)
                    values.append(
                        CellValue(cell, q, unit, row_label or header or None, header or None, period, measure)
                    )
    return values, prose


class _Header(NamedTuple):
    """What a column header says of the cells under it."""

    measure: str | None
    period: str | None
    skipped: bool  # serial numbers and codes (序号, 编码): no figures
    explains: bool  # 依据, 原因, 说明 …: the text explains a value, it names no row
    names: bool  # 指标, 名称, 项目 …: the text names the row


def _header_facts(header: str, known: dict[str, _Header]) -> _Header:
    """``header``'s facts, found once per table (``known``): every cell under it asks for them."""
    facts = known.get(header)
    if facts is None:
        facts = known[header] = _Header(
            *_header_terms(header),
            skipped=any(word in header for word in _SKIP_COLUMN),
            explains=any(word in header for word in _NOT_NAME_HEADERS),
            names=any(word in header for word in _NAME_HEADERS),
        )
    return facts


def _header_terms(header: str) -> tuple[str | None, str | None]:
    """(measure, period) a column header gives its values."""
    vocab = label_vocab()
    measure = period = None
    for word in vocab.measure_suffixes if not _FUND_SOURCE.search(header) else ():
        # 预算执行率 is a rate, not a 预算数; 完成率 is a measure of its own
        if word in header and ("率" not in header or "率" in word):
            measure, period = vocab.measures[word]
            break
    return measure, period or next((p for p in vocab.periods if p in header), None)


def _code_columns(rows: Sequence[Sequence[Cell]], columns: Sequence[str]) -> set[int]:
    """Columns of serial numbers or subject-code levels (序号; 类 | 款 | 项 as 201 | 06 | 01):
    only short integers, left of the first column with decimal amounts, under a header that
    names no measure (often empty, as the code header spans the columns)."""
    width = max((len(r) for r in rows), default=0)
    texts = [
        [t for row in rows if c < len(row) for t in [without_spaces(row[c].text)] if t and t not in _CODE_LEVELS]
        for c in range(width)
    ]
    decimal_cols = [c for c in range(width) if any(_DECIMAL.search(t) for t in texts[c])]
    if not decimal_cols:
        return set()
    names = {c for c in range(width) if texts[c] and not any(ch.isdigit() for t in texts[c] for ch in t)}
    out = set()
    for c in range(width):
        header = columns[c] if c < len(columns) else ""
        # left of the amounts, or just before a name column (a second code | name | amount block)
        placed = c < decimal_cols[0] or c + 1 in names or c + 2 in names
        if placed and texts[c] and all(_SHORT_INT.fullmatch(t) for t in texts[c]) and not _header_unit(header)[0]:
            out.add(c)
    return out


def _is_code(text: str) -> bool:
    text = text.strip()
    if len(text) < 5 or text[0] not in "123":
        return False  # a code of level > 1 has five digits or more, the first 1, 2 or 3 (``find_codes``)
    codes = find_codes(text)
    return len(codes) == 1 and codes[0].end - codes[0].start == len(text) and codes[0].level > 1


_NAME_HEADERS = ("指标", "名称", "项目", "科目", "来源", "内容", "类别")
_NOT_NAME_HEADERS = (
    "值",
    "依据",
    "原因",
    "说明",
    "备注",
    "结论",
    "措施",
    "情况",
    "评价",
    "规则",
    "标准",
    "资料",
    "佐证",
)


def _row_label(
    row: Sequence[Cell],
    cell: Cell,
    columns: Sequence[str],
    names: dict[str, str | None],
    headers: dict[str, _Header],
) -> str | None:
    """The row header: the nearest text cell to the left, preferring a name column (三级指标,
    项目名称) over a text column that explains the value (指标值设定依据, 偏差原因). ``names``
    keeps what each cell names (cell id → text or None) for the other values of its row, and
    ``headers`` what each header says."""
    fallback = None
    for other in reversed(row[: cell.col - 1]):
        if other.id not in names:
            text = without_spaces(other.text)
            named = text and not _is_code(text) and _names_something(other.text)
            names[other.id] = (strip_list_marker(text) or text) if named else None
        text = names[other.id]
        if text is None:
            continue
        header = _header_facts(columns[other.col - 1] if other.col - 1 < len(columns) else "", headers)
        if header.explains:
            continue
        if header.names:
            return text
        fallback = fallback or text
    return fallback


def _names_something(text: str) -> bool:
    """A row header may carry a deadline ("2024年12月底前资金拨付到位") but not a figure."""
    found = quantities_in(text, cell=True)
    if any(q.kind != "date" for q in found):
        return False
    words = text
    for q in reversed(found):
        words = words[: q.start] + words[q.end :]
    return any(ch.isalpha() for ch in words)


def _bare_unit(header: str, row_label: str | None, money_unit: str | None) -> str | None:
    decided, unit = _header_unit(header)
    if decided:
        return unit
    if row_label:
        decided, unit = _header_unit(row_label)
        if decided:
            return unit
    return money_unit
