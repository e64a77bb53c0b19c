"""The logical sub-tables inside one table, their header rows, column labels and units.

Word exports stack several grids in one table (a title row, a 单位名称 row, the funds
block, the goals block, the indicator block, the 总分 row), each with its own width and
its own header row; a PDF table repeats its header on every page. ``split_table`` cuts a
table where the row width changes or a header row follows data rows, and reads each
grid's header rows (two-level headers are joined "upper/lower").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterator, TypeVar

from checker.normalize import without_spaces
from checker.lexicon import alternation, load_yaml
from checker.memo import by_identity
from checker.model import Cell, Quantity, Table
from checker.tables.cells import EMPTY_MARKS, cell_quantity, header_unit, is_figure

T = TypeVar("T")
_CODE = re.compile(r"^\s*(\d{3})\s*(\d{2})?\s*(\d{2})?\s*$")
_SEQUENCE = re.compile(r"^\s*[(（]?[\d一二三四五六七八九十]{1,3}[)）、.]?\s*$")
_TOTAL_WORDS = ("合计", "总计", "小计", "总额", "总资金", "总分")


@dataclass(frozen=True)
class Grid:
    """A run of rows of one table that share a header.

    ``header`` rows are indexes into ``table.rows``; ``body`` likewise. ``labels[c]`` is the
    header text of column ``c`` (0-based; "upper/lower" for two-level headers) and ``units[c]``
    the unit it gives bare numbers (column header, else the grid's first header cell, else the
    table's unit).
    """

    table: Table
    header: tuple[int, ...]
    body: tuple[int, ...]
    labels: tuple[str, ...]
    units: tuple[str | None, ...]
    cols: tuple[int, ...] = ()
    """The table columns (0-based) this grid covers: all of them, or one panel of a
    side-by-side layout (编码 | 名称 | 决算数 | 编码 | 名称 | 决算数)."""

    @property
    def width(self) -> int:
        return len(self.labels)

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        return iter(self._rows)

    @cached_property
    def _rows(self) -> tuple[tuple[Cell, ...], ...]:
        # the table readers go through a grid's rows a dozen times: a panel's rows are cut out once
        rows = (self.table.rows[r] for r in self.body)
        if not self.cols:
            return tuple(rows)
        return tuple(tuple(row[c] for c in self.cols if c < len(row)) for row in rows)

    def value(self, cell: Cell) -> Quantity | None:
        c = self.cols.index(cell.col - 1) if self.cols and cell.col - 1 in self.cols else cell.col - 1
        unit = self.units[c] if c < len(self.units) else self.table.unit
        return cell_quantity(cell, unit)

    def column(self, *words: str, skip: int | None = None) -> int | None:
        """Index of the first column whose label contains one of ``words`` (column ``skip`` aside)."""
        for word in words:
            for i, label in enumerate(self._compact_labels):
                if word in label and i != skip:
                    return i
        return None

    @cached_property
    def _compact_labels(self) -> tuple[str, ...]:
        # the readers ask a grid for a dozen columns, each by several words
        return tuple(without_spaces(label) for label in self.labels)


@lru_cache(maxsize=1)
def _column_note() -> re.Pattern[str]:
    return re.compile(load_yaml("scoring.yaml")["column_note"])


def whole_label_role(label: str) -> str | None:
    """The fund column a label names only when it is the whole label (预算数（A）)."""
    text = without_column_note(without_spaces(label))
    return next((role for role, words in load_yaml("scoring.yaml")["fund_whole_labels"].items() if text in words), None)


def without_column_note(label: str) -> str:
    """A column label without the letter, formula or unit a form prints after it (执行率（B/A）,
    得分（20分×执行率）): such a note may hold another column's word, or a slash that reads as a
    two-level header."""
    # the note ends the label (only white space after its bracket): most labels end otherwise, and
    # the substitution would try the pattern at every position of each
    if not label.rstrip().endswith((")", "）")):
        return label
    return _column_note().sub("", label) or label


def subject_code(text: str) -> str | None:
    """A 功能分类 code as written (201, 20106, 2010601, "201 06 01") → its digits, else None."""
    m = _CODE.match(text)
    if not m:
        return None
    parts = [p for p in m.groups() if p]
    code = "".join(parts)
    return code if len(code) in (3, 5, 7) else None


def row_code(row: tuple[Cell, ...]) -> str | None:
    """The subject code a row starts with: in one cell (2010601, "201 06 01") or spread over
    类 | 款 | 项 columns (201 | 06 | 01; a parent leaves the lower columns empty)."""
    if not row:
        return None
    first = subject_code(row[0].text)
    if first is None or len(first) != 3:
        return first
    code = first
    for cell in row[1:3]:
        text = cell.text.strip()
        if re.fullmatch(r"\d{2}", text):
            code += text
        elif text:
            break
    return code if len(code) in (3, 5, 7) else first


def row_label(row: tuple[Cell, ...]) -> str:
    """The row's name: its first cell that is neither a number, a code nor a sequence mark."""
    for cell in row:
        text = cell.text.strip()
        if not text or subject_code(text) or _SEQUENCE.match(text) or is_figure(cell.text):
            continue
        return without_spaces(text)
    return ""


def is_total_label(label: str) -> bool:
    return any(word in label for word in _TOTAL_WORDS) and not label.startswith("其中")


def _figures(row: tuple[Cell, ...]) -> int:
    count = 0
    for cell in row:
        # the cached figure test first: a label (most cells that are no figure) needs no other test
        if not is_figure(cell.text):
            continue
        text = cell.text.strip()
        if text in EMPTY_MARKS or subject_code(text) or _SEQUENCE.match(text):
            continue
        count += 1
    return count


@lru_cache(maxsize=1)
def _column_number_labels() -> frozenset[str]:
    return frozenset(load_yaml("table_sums.yaml")["column_number_labels"])


def counts_up(texts: list[str]) -> bool:
    """Whether the texts are whole numbers counting up by one (1, 2, 3 … or 29, 30, 31 …)."""
    if not all(re.fullmatch(r"\d{1,3}", t) for t in texts):
        return False
    numbers = [int(t) for t in texts]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def is_column_numbers(row: tuple[Cell, ...]) -> bool:
    """A row numbering the columns under a header (栏次 | 1 | 2 | 3, a panel each with its own
    栏次, or 1 | 2 | … | 12 alone from 1): part of the header, its numbers no figures."""
    texts = [without_spaces(c.text) for c in row if c.text.strip()]
    words = [t for t in texts if not t.isdigit()]
    numbers = [t for t in texts if t.isdigit()]
    if not numbers or not counts_up(numbers) or any(w not in _column_number_labels() for w in words):
        return False
    return bool(words) or len(numbers) >= 3 and numbers[0] == "1"


def _is_header_like(row: tuple[Cell, ...], figures: int) -> bool:
    """A header row: words only, or the row numbering its columns. ``figures`` is the row's
    ``_figures`` count, which the caller has already counted."""
    if figures == 0 and is_column_numbers(row):
        return True
    texts = [c.text.strip() for c in row if c.text.strip()]
    # a body row whose amounts are all blank still has its code or sequence number
    return (
        len(texts) >= 2
        and figures == 0
        and all(len(t) <= 30 for t in texts)
        and not any(re.fullmatch(r"[\d\s.,%-]+", t) for t in texts)
    )


def column_kind(rows: list[tuple[Cell, ...]], c: int) -> str:
    """ "key" (codes or row names), "figure" (amounts) or "" (mostly empty) for column ``c``."""
    texts = [t for row in rows if c < len(row) and (t := row[c].text.strip()) not in EMPTY_MARKS]
    if len(texts) * 4 < len(rows):
        return ""
    keys = sum(1 for t in texts if subject_code(t) or not any(map(str.isdigit, t)))
    if keys * 2 >= len(texts):
        return "key"
    figures = sum(1 for row in rows if c < len(row) and not subject_code(row[c].text) and is_figure(row[c].text))
    return "figure" if figures * 2 >= len(texts) else ""


@lru_cache(maxsize=None)
def _header_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = load_yaml("table_sums.yaml")
    return tuple(data["measure_words"]), tuple(data["key_column_suffixes"])


def names_amount(label: str) -> bool:
    """Whether a column's header names an amount (金额, 预算数, 执行数 …)."""
    return any(word in label.rsplit("/", 1)[-1] for word in _header_words()[0])


def _names_rows(leaf: str) -> bool:
    return leaf.endswith(_header_words()[1])


def _repeats_first(first: str, leaf: str) -> bool:
    """Whether a column's header names rows as the first column's does (``first`` non-empty)."""
    return leaf == first or _names_rows(first) and _names_rows(leaf)


def _panels(grid: Grid) -> tuple[Grid, ...]:
    """Side-by-side panels (编码 | 名称 | 决算数 | 编码 | 名称 | 决算数; 收入 项目 | 决算数 | 支出
    项目 | 决算数; 收入 项目名称 | 金额 | 功能科目名称 | 金额 | 支出用途 项目名称 | 金额): a key column
    to the right of a figure column starts a new panel when its header names rows as the first
    column's does. A column too sparse for its cells to tell (a 支出用途 panel of three rows beside
    twenty 功能分类 rows) is known by its header."""
    rows = [grid.table.rows[r] for r in grid.body]
    if len(rows) < 2:
        return (grid,)
    leaves = [label.rsplit("/", 1)[-1] for label in grid.labels]
    first = leaves[0] if leaves else ""
    # a panel starts only at a column (the third or later) whose header repeats the first one's:
    # where none does, the columns' cells need not be read
    if not first or not any(_repeats_first(first, leaf) for leaf in leaves[2:]):
        return (grid,)
    kinds = [
        column_kind(rows, c) or ("key" if _names_rows(leaves[c]) else "figure" if names_amount(leaves[c]) else "")
        for c in range(grid.width)
    ]
    starts = [0]
    seen_figure = False
    for c, kind in enumerate(kinds):
        if kind == "figure":
            seen_figure = True
        elif (
            kind == "key"
            and c > starts[-1] + 1
            and _repeats_first(first, leaves[c])
            and (seen_figure or kinds[c - 1] != "key")
        ):  # the panel's header repeats
            starts.append(c)
            seen_figure = False
    if len(starts) < 2 or kinds[0] != "key":
        return (grid,)
    bounds = starts + [grid.width]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        out.append(Grid(grid.table, grid.header, grid.body, grid.labels[a:b], grid.units[a:b], tuple(range(a, b))))
    return tuple(out)


def _repeats(row: tuple[Cell, ...], header: tuple[Cell, ...]) -> bool:
    """A header repeated further down (a new page, a second grid of the same shape)."""
    mine = {without_spaces(c.text) for c in row if c.text.strip()}
    theirs = {without_spaces(c.text) for c in header if c.text.strip()}
    return bool(mine) and len(mine & theirs) * 2 > len(mine)


@lru_cache(maxsize=None)
def _block_header_words() -> frozenset[str]:
    scoring = load_yaml("scoring.yaml")
    columns = [word for key in ("indicator_columns", "fund_columns") for _, words in scoring[key] for word in words]
    return frozenset(columns + scoring["goal_columns"])


@lru_cache(maxsize=1)
def _block_header() -> re.Pattern[str]:
    # one search per label instead of one ``in`` per lexicon word
    return re.compile(alternation(_block_header_words()))


@lru_cache(maxsize=1)
def _goal_words() -> tuple[str, ...]:
    return tuple(load_yaml("scoring.yaml")["goal_columns"])


def _indicators_after_goals(prev: tuple[Cell, ...], row: tuple[Cell, ...]) -> bool:
    """Whether ``row`` names an indicator block's levels or indicators under a row of the goals
    block's labels (年度总体目标 | 预期目标 | 实际完成情况) that names none."""
    above = [without_spaces(c.text) for c in prev if c.text.strip()]
    return (
        any(label in _goal_words() for label in above)
        and not names_indicators(above)
        and names_indicators([c.text for c in row])
    )


def _starts_block(row: tuple[Cell, ...]) -> bool:
    """A header row of a self-evaluation table's funds, goals or indicators block: two or more of
    its column labels."""
    labels = {without_spaces(c.text) for c in row if c.text.strip()}
    search = _block_header().search
    return sum(1 for label in labels if search(label)) >= 2


@by_identity(maxsize=256)  # every table rule family and the scorecard readers ask for the same grids
def split_table(table: Table) -> tuple[Grid, ...]:
    """The table's grids: a new one starts where the row width changes, where a header repeats
    after data, or at the header of a self-evaluation block (a Word grid keeps one width for the
    funds and the indicators blocks, so only their header words tell them apart)."""
    runs: list[list[int]] = []
    # each row's figures counted once: every later row asks again about the rows of its run
    figures = [_figures(row) for row in table.rows]
    had_data = False  # whether the current run has a row with figures, kept as the run grows
    for r, row in enumerate(table.rows):
        if not runs:
            runs.append([r])
            had_data = bool(figures[r])
            continue
        prev = table.rows[runs[-1][-1]]
        header_like = _is_header_like(row, figures[r])
        # the run's header may sit under a title row (表名 部门：… 单位：万元) that did not repeat
        repeated = (
            had_data and header_like and any(_repeats(row, table.rows[i]) for i in runs[-1][:3] if not figures[i])
        )
        # the first row of a block's header, not the second level of a header already begun —
        # an indicator header right under the goals block's header is a block of its own
        block = header_like and _starts_block(row) and (not _starts_block(prev) or _indicators_after_goals(prev, row))
        width_changes = len(row) != len(prev) and not (
            not had_data and _narrow_header(table, runs[-1], row, header_like, figures)
        )
        if width_changes or repeated or block:
            runs.append([r])
            had_data = bool(figures[r])
        else:
            runs[-1].append(r)
            had_data = had_data or bool(figures[r])
    return tuple(panel for run in runs for panel in _panels(_grid(table, run, figures)))


def _narrow_header(table: Table, run: list[int], row: tuple[Cell, ...], header_like: bool, figures: list[int]) -> bool:
    """Whether ``row`` goes on a run of header rows of another width: a header of two rows written
    narrower than its rows (a copy that lost its merged cells, TAB cells ending at each row's last
    label) stays one, and heads the wider rows below it."""
    width = len(table.rows[run[-1]])
    lower = len(row) < width and header_like and len(run) == 1
    body = len(row) > width and not header_like and len(run) >= 2
    return (lower or body) and all(_is_header_like(table.rows[i], figures[i]) for i in run[-2:])


@lru_cache(maxsize=None)
def title_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = load_yaml("table_sums.yaml")
    return tuple(data["title_row_cues"]), tuple(data["title_row_suffix"])


def is_title_row(row: tuple[Cell, ...]) -> bool:
    """The table's title or its 部门：… 单位：万元 line, printed inside the frame above the headers."""
    cues, suffixes = title_words()
    texts = [without_spaces(c.text) for c in row if c.text.strip()]
    if not texts:
        return False
    if len(texts) <= 3 and any(t.startswith(cues) for t in texts):  # 部门： | 某某厅 | 单位：万元
        return True
    return len(texts) == 1 and texts[0].endswith(suffixes) and len(texts[0]) >= 6


@lru_cache(maxsize=None)
def _column_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(words)) for name, words in load_yaml("table_sums.yaml")["column_groups"].items())


def _outside_known_group(label: str) -> str:
    """A column that a merged header cell seems to put under a group the lexicon knows (“三公”经费)
    but that the group does not hold (会议费) stands beside the group, not in it."""
    parts = label.split("/")
    for i, segment in enumerate(parts[:-1]):
        name = re.sub(r"[“”\"'‘’]", "", segment)
        for group, words in _column_groups():
            below = parts[i + 1 :]
            # a label wrapped over two header rows (公务接/待费) is read joined
            if group in name and not any(map(is_total_label, below)) and not any(w in "".join(below) for w in words):
                return "/".join(parts[:i] + parts[i + 1 :])
    return label


@lru_cache(maxsize=None)
def _block_title() -> re.Pattern[str]:
    return re.compile(load_yaml("scoring.yaml")["block_title"])


def _block_title_left(labels: list[str], body: list[tuple[Cell, ...]]) -> bool:
    """A form's block title (绩效指标（90分）, or a plain 绩效指标 left of 一级指标 | 二级指标 | 三级指标,
    naming a field one of the block's own columns names) heads the column left of the block, a
    cell spanning all its rows that a pasted copy keeps in the header row only: the body rows then
    start one cell to the left, and none reaches the header's last column."""
    # the block title's pattern first: most grids have none, and need no look at their rows
    if not labels or not (
        _block_title().search(labels[0]) or _names_a_later_field(labels) or _corner_over_names(labels, body)
    ):
        return False
    last = max((c for c, label in enumerate(labels) if label), default=0)
    starts = [row[0].text.strip() for row in body if row]
    return (
        last > 1
        and bool(body)
        and all(len(row) <= last or not row[last].text.strip() for row in body)
        and 2 * sum(1 for t in starts if t and without_spaces(t) != labels[0]) > len(body)
    )


def _title_over_empty_column(labels: list[str], body: list[tuple[Cell, ...]]) -> bool:
    """A form's block title (绩效指标) merged down the column left of the block, which a copy that
    keeps the merged cells leaves empty under it (but for the 总分 row closing the form)."""
    if len(labels) < 4 or not labels[0] or not (_block_title().search(labels[0]) or _names_a_later_field(labels)):
        return False
    firsts = [without_spaces(row[0].text) for row in body if row]
    return any(not t for t in firsts) and all(not t or is_total_label(t) for t in firsts)


def _corner_over_names(labels: list[str], body: list[tuple[Cell, ...]]) -> bool:
    """A funds block's corner cell (部门（单位）总体资金（万元）) left of a column that names its rows
    (资金来源), the corner spanning the rows: a pasted copy keeps it in the header row only, so the
    rows' names stand under the corner and their figures under the names' label — the second
    column holds figures although its label is none of the block's columns, and the third is."""
    if len(labels) < 3 or not labels[1] or _block_header().search(labels[1]):
        return False
    if not _block_header().search(labels[2]):
        return False
    # whole amounts (900, 300) would read as 科目 codes to ``column_kind``: here every cell tells
    cells = [[row[c].text.strip() if c < len(row) else "" for row in body] for c in (0, 1)]
    return _held(cells[0]) == "key" and _held(cells[1]) == "figure"


def _names_a_later_field(labels: list[str]) -> bool:
    """Whether the first label names an indicator field that a later column names too (绩效指标 |
    一级指标 | 二级指标 | 三级指标: the indicator's name twice): the first is the block's title."""
    role = label_kind(labels[0])[0]
    return role is not None and any(label_kind(label)[0] == role for label in labels[1:])


@lru_cache(maxsize=1)
def indicator_level1_words() -> frozenset[str]:
    """The words of an indicator's first level (产出指标)."""
    return frozenset(load_yaml("scoring.yaml")["indicator_level1"])


@lru_cache(maxsize=1)
def indicator_level_words() -> frozenset[str]:
    """The words of an indicator's first and second levels (产出指标, 数量指标)."""
    return indicator_level1_words() | frozenset(load_yaml("scoring.yaml")["indicator_level2"])


@lru_cache(maxsize=1)
def _header_kinds() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], frozenset[str], frozenset[str], frozenset[str]]:
    data = load_yaml("scoring.yaml")
    roles = tuple((role, tuple(words)) for role, words in data["indicator_columns"])
    return (
        roles,
        frozenset(data["header_word_roles"]),
        frozenset(data["header_figure_roles"]),
        frozenset(data["header_word_columns"]),
    )


@lru_cache(maxsize=1)
def _header_opening() -> re.Pattern[str]:
    roles = dict(_header_kinds()[0])
    return re.compile(alternation(roles["level1"] + roles["name"]))


def may_open_indicator_header(label: str) -> bool:
    """Whether a label may open an indicator header (一级指标, 三级指标, 绩效指标): one search, where
    ``label_kind`` tries every role."""
    return _header_opening().search(label) is not None


@lru_cache(maxsize=4096)  # asked of each label of a header run together with rows
def label_kind(label: str) -> tuple[str | None, str]:
    """The indicator role a column label names (None: none), and what such a column holds: "key"
    (words), "figure", or "" (either)."""
    roles, word_roles, figure_roles, word_columns = _header_kinds()
    leaf = without_column_note(label.rsplit("/", 1)[-1])
    if leaf in word_columns:
        return None, "key"
    role = next((role for role, words in roles if any(w in leaf for w in words)), None)
    return role, "key" if role in word_roles else "figure" if role in figure_roles else ""


def names_indicators(labels: list[str]) -> bool:
    """Whether a header row names an indicator block's levels or indicators (一级指标, 三级指标)."""
    return any(label_kind(without_spaces(label))[0] in ("level1", "level2", "name") for label in labels if label)


def _packed(row: list[str]) -> int:
    """How many labels a header row holds side by side from its first column (0: none, or a gap
    between them, as a merged cell leaves in a copy that keeps its empty cells)."""
    n = sum(1 for text in row if text)
    return n if all(row[:n]) else 0


def _held(texts: list[str]) -> str:
    """ "figure" when every filled cell of a column is a figure, "key" when none holds a digit,
    else "" (a code-like 72890 is an amount here: ``column_kind`` would take it for a code)."""
    texts = [t for t in texts if t not in EMPTY_MARKS]
    if not texts:
        return ""
    if all(is_figure(t) for t in texts):
        return "figure"
    return "key" if not any(ch.isdigit() for t in texts for ch in t) else ""


def header_choices(n1: int, n2: int) -> Iterator[tuple[int, int]]:
    """Where a two-row header whose copy lost its merged cells had its spanning cells: a run of
    ``spanning`` upper cells from ``at``, each over two or more lower cells (年度指标值 over 指标性质 |
    指标值 | 度量单位), the other upper cells over both rows (分值, 得分); each row kept only its own
    labels, side by side (``n1`` upper, ``n2`` lower)."""
    for spanning in range(1, n2 // 2 + 1):
        for at in range(n1 - spanning + 1):
            yield at, spanning


def header_columns(upper: list[T], lower: list[T], at: int, spanning: int) -> list[T]:
    """The header's columns for one of ``header_choices``: the lower cells in place of their parents."""
    return upper[:at] + lower + upper[at + spanning :]


def _header_labels(upper: list[str], lower: list[str], at: int, spanning: int) -> list[str]:
    parent = f"{upper[at]}/" if spanning == 1 else ""  # several parents: which child is whose is unknown
    return header_columns(upper, [parent + child for child in lower], at, spanning)


def header_fits(labels: list[str], body: list[list[str]]) -> bool:
    """Whether an indicator block's column labels fit the rows under them: a scored column (分值,
    得分) over figures, a column of words (三级指标, 度量单位) over words or nothing, no field named
    twice (绩效指标 over 三级指标 names the indicator too), some column scored, and the levels or
    the names first. ``body``: the cell texts of the rows that fill every column (a text copy writes
    a row without the cells merged over it and the rows above, 一级指标)."""
    named = [label_kind(label) for label in labels]
    roles = [role for role, _ in named if role]
    if len(set(roles)) != len(roles) or not any(kind == "figure" for _, kind in named):
        return False
    if not named or named[0][0] not in ("level1", "name"):
        return False  # a block opens with its levels or its indicators' names
    for c, (_, kind) in enumerate(named):
        held = _held([row[c] for row in body if c < len(row)])
        if kind == "figure" and held != "figure" or kind == "key" and held == "figure":
            return False
    return True


def _unmerged_header(upper: list[str], lower: list[str], body: list[tuple[Cell, ...]], width: int) -> list[str] | None:
    """The column labels of a two-row header whose copy lost its merged cells (``header_choices``),
    where exactly one choice fits the rows (``header_fits``) and its columns cover every filled
    cell; otherwise None (the labels are not guessed)."""
    n1, n2 = _packed(upper), _packed(lower)
    texts = [[cell.text.strip() for cell in row] for row in body]
    used = max((c + 1 for row in texts for c, text in enumerate(row) if text), default=0)
    if not n1 or not n2 or n2 >= used:
        return None
    full = [row for row in texts if max((c + 1 for c, text in enumerate(row) if text), default=0) == used]
    choices = (_header_labels(upper[:n1], lower[:n2], at, spanning) for at, spanning in header_choices(n1, n2))
    # columns past ``width`` are ones no row reaches (a copy ends each row at its last filled cell)
    fits = [labels for labels in choices if used <= len(labels) and header_fits(labels, full)]
    if len(fits) != 1:
        return None
    return fits[0][:width] + [""] * (width - len(fits[0]))


def _repeated_children(
    upper: list[str], lower: list[str], body: list[tuple[Cell, ...]], width: int
) -> list[str] | None:
    """The column labels of a two-row header whose copy lost the lower row's corner cell (项目 over
    both rows): the upper row holds the corner and two or more parents (预算数 | 决算数), the lower
    row the same children once for each parent (合计 | 一般公共预算 | 政府性基金, twice), packed from
    the first column, and the rows fill the corner and one column per child. The repeat is what
    says which child is whose; without it the labels are not guessed."""
    n1, n2 = _packed(upper), _packed(lower)
    parents = upper[1:n1]
    if len(parents) < 2 or n2 % len(parents) or n2 // len(parents) < 2:
        return None
    children = lower[: n2 // len(parents)]
    if lower[:n2] != children * len(parents):
        return None
    used = max((c + 1 for row in body for c, cell in enumerate(row) if cell.text.strip()), default=0)
    if used != n2 + 1:
        return None
    labels = [upper[0]] + [f"{parent}/{child}" for parent in parents for child in children]
    return labels[:width] + [""] * (width - len(labels))


def _grid(table: Table, run: list[int], figures: list[int]) -> Grid:
    """The grid of a run of rows; ``figures``: each row's ``_figures`` count, by row index."""
    header: list[int] = []
    for r in run:
        row = table.rows[r]
        blank = not any(c.text.strip() for c in row)
        # a title block may take several one-cell rows (表名, then 单位：万元) above the column labels
        if (
            figures[r] == 0
            and (not header or blank or _is_header_like(row, figures[r]) or is_title_row(row))
            and r != run[-1]
        ):
            header.append(r)
        else:
            break
    if not header and len(run) == 1:
        header = []
    width = max(len(table.rows[r]) for r in run)
    # title lines would become a header level, and a 单位 cell over one column splits the paths
    # of columns that belong to one group; the unit they state still counts
    titles = [r for r in header if is_title_row(table.rows[r])]
    # the column numbers (栏次 | 1 | 2) would become the columns' labels
    numbering = [r for r in header if is_column_numbers(table.rows[r])]
    texts = [
        [without_spaces(table.rows[r][c].text) if c < len(table.rows[r]) else "" for c in range(width)]
        for r in header
        if r not in titles and r not in numbering
    ]
    body = tuple(r for r in run if r not in header)
    body_rows = [table.rows[r] for r in body]
    unmerged = (
        _unmerged_header(*texts, body_rows, width) or _repeated_children(*texts, body_rows, width)
        if len(texts) == 2
        else None
    )
    # A merged header cell spans the empty cells to its right while some lower level has a
    # label there, and never past the span of its own parent.
    filled: list[list[str]] = []
    for level, row in enumerate(texts):
        out_row = []
        last = ""
        for c in range(width):
            text = row[c]
            parent_changed = bool(filled) and c > 0 and filled[-1][c] != filled[-1][c - 1]
            if text:
                last = text
            elif last and not parent_changed and any(lower[c] for lower in texts[level + 1 :]):
                text = last
            else:
                last = ""
            out_row.append(text)
        filled.append(out_row)
    labels = []
    for c in range(width):
        parts: list[str] = []
        for row in filled:
            if row[c] and (not parts or parts[-1] != row[c]):
                parts.append(row[c])
        labels.append("/".join(parts))
    labels = unmerged or [_outside_known_group(label) for label in labels]
    block_unit = None
    if _title_over_empty_column(labels, body_rows):
        labels[0] = ""  # it would take the field its name shares with a later column (三级指标)
    elif _block_title_left(labels, [table.rows[r] for r in body]):
        # the corner the rows lost still states the unit of the block's amounts
        block_unit = header_unit(labels[0])
        labels = labels[1:] + [""]
    block_unit = block_unit or (header_unit(labels[0]) if labels else None)
    for r in titles:
        block_unit = block_unit or next((u for c in table.rows[r] if (u := header_unit(c.text))), None)
    # a unit in the block's corner cell (项目资金（万元）) is for its money columns, not for
    # columns that state their own measure (权重/得分 in 分, 执行率 in %)
    units = tuple(header_unit(lab) or block_unit or table.unit for lab in labels)
    return Grid(table, tuple(header), body, tuple(labels), units)
