"""Scorecards read from self-evaluation tables (项目支出绩效自评表, 单位整体支出绩效自评表)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from checker.normalize import without_spaces
from checker.indicators.model import Field, FundLine, GradedScore, Indicator, Scorecard
from checker.lexicon import alternation, load_yaml
from checker.model import Cell, Location, Paragraph, Table
from checker.tables.cells import is_empty, is_figure, parse_figure
from checker.tables.grid import (
    Grid,
    indicator_level1_words,
    indicator_level_words,
    row_label,
    split_table,
    whole_label_role,
    without_column_note,
)

_TITLE_KEYS = ("项目名称", "单位名称", "部门名称", "预算单位")
_GRADE_HEADERS = ("自评结论", "评价等级", "评价结果", "等级", "结论")


@lru_cache(maxsize=None)
def _roles(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each role with its header words as one pattern: one search per label, not one ``in`` per word."""
    return tuple(
        (role, re.compile("|".join(re.escape(w) for w in words))) for role, words in load_yaml("scoring.yaml")[key]
    )


def column_roles(grid: Grid, key: str) -> dict[str, int]:
    """Which column holds which field, by header label (first label that matches wins)."""
    found: dict[str, int] = {}
    taken: set[int] = set()
    # each label's last level without its note, worked out once for all the roles
    lasts = [without_column_note(label).rsplit("/", 1)[-1] if label else "" for label in grid.labels]
    for role, words in _roles(key):
        for c, label in enumerate(grid.labels):
            if c in taken or not label:
                continue
            if words.search(lasts[c]):
                found[role] = c
                taken.add(c)
                break
    if key == "fund_columns":
        for c, label in enumerate(grid.labels):
            role = whole_label_role(without_column_note(label).rsplit("/", 1)[-1]) if c not in taken else None
            if role and role not in found:
                found[role] = c
                taken.add(c)
    return found


def _field(grid: Grid, row: tuple[Cell, ...], c: int | None, unit: str | None = None) -> Field | None:
    if c is None or c >= len(row):
        return None
    cell = row[c]
    text = cell.text.strip()
    if is_empty(text):
        return None
    location = cell.locate()
    return Field(text, location, parse_figure(text, location, unit if unit is not None else grid.units[c]))


_BARE_FIGURE = re.compile(r"(\D{0,2}?)\d+(?:\.\d+)?")
"""A figure without its unit, after a comparator at most (﹦100, ≥95, 735)."""


def _measured(field: Field | None, row: tuple[Cell, ...], roles: dict[str, int], comparator: bool) -> Field | None:
    """A figure of the target or actual column without its unit, read with the unit its row writes
    in the 度量单位 column (and, for a target without its comparator, the one in the 指标性质 column):
    100 with ≥ and % is ≥100%. Target and actual get the same unit, so they stay comparable; the
    field keeps its cell's own text."""
    bare = _BARE_FIGURE.fullmatch(field.text) if field is not None else None
    if field is None or bare is None:
        return field

    def cell(role: str) -> str:
        c = roles.get(role)
        return without_spaces(row[c].text) if c is not None and c < len(row) else ""

    unit = cell("unit")
    sign = cell("comparator") if comparator and not bare.group(1) else ""
    if len(sign) > 2 or any(ch.isalnum() for ch in sign) or len(unit) > 4 or any(ch.isdigit() for ch in unit):
        return field
    # a comparator the figure reader does not know (﹦, ═) is left out rather than lose the figure
    for text in dict.fromkeys((sign + field.text + unit, field.text + unit)):
        quantity = parse_figure(text, field.location, "")
        if quantity is not None:
            return Field(field.text, field.location, quantity) if text != field.text else field
    return field


def _blank(row: tuple[Cell, ...], roles: dict[str, int], names: tuple[str, ...]) -> tuple[str, ...]:
    """The fields among ``names`` whose cell is there and holds nothing at all (a “—” or “/”
    is a deliberate mark, not a blank)."""
    return tuple(n for n in names if n in roles and roles[n] < len(row) and not row[roles[n]].text.strip())


def _filled(row: tuple[Cell, ...]) -> int:
    return max((c + 1 for c, cell in enumerate(row) if cell.text.strip()), default=0)


@lru_cache(maxsize=1)
def _level2_words() -> frozenset[str]:
    return frozenset(load_yaml("scoring.yaml")["indicator_level2"])


def _reads_as_level2(text: str) -> bool:
    """A level-2 name, also one the lexicon lacks (a slip such as 日效性指标, a province's own
    分类指标): a short word ending as level names do that is no level-1 name."""
    if text in _level2_words():
        return True
    suffix = load_yaml("scoring.yaml")["indicator_level2_suffix"]
    return text.endswith(suffix) and len(text) <= 6 and text not in indicator_level1_words()


def _with_merged_lead(row: tuple[Cell, ...], roles: dict[str, int], full: int) -> tuple[Cell, ...]:
    """A row that a text copy wrote without the level cells merged over it and the rows above,
    given back those cells, empty, so its cells stand under their columns: without the 一级指标
    cell where it opens with a level-2 word and ends one column short of the block's full rows
    (质量指标 | 验收合格率 | … under 产出指标 | 数量指标 | …; 满意度指标 | 服务对象满意度指标 | … opens
    with both levels); without both level cells where it opens with an indicator's name, ends two
    columns short, and its weight and score then stand over figures (验收合格率 | ≥95% | 100% | 5 | 5)."""
    if roles.get("level1") != 0 or roles.get("level2") != 1 or len(row) < 2 or not row[0].text.strip():
        return row
    first = without_spaces(row[0].text)
    if _reads_as_level2(first) and not _reads_as_level2(without_spaces(row[1].text)) and _filled(row) == full - 1:
        return (replace(row[0], text="", raw="", pieces=row[0].pieces[:0]), *row)
    if first not in indicator_level_words() and not is_figure(first) and _filled(row) == full - 2:
        blank = replace(row[0], text="", raw="", pieces=row[0].pieces[:0])
        shifted = (blank, blank, *row)
        scored = [shifted[roles[r]].text.strip() for r in ("weight", "score") if r in roles and roles[r] < len(shifted)]
        if scored and all(is_figure(text) for text in scored):
            return shifted
    return row


def _is_part_row(row: tuple[Cell, ...]) -> bool:
    """A row under an indicator that breaks its figure down (其中桃树种植面积 | 1.5亩 | 1.5亩): a
    part of the indicator above, neither weighted nor scored, not an indicator of its own."""
    first = next((without_spaces(c.text) for c in row if c.text.strip()), "")
    return first.startswith(load_yaml("scoring.yaml")["indicator_part_prefix"])


def _only_level2(row: tuple[Cell, ...]) -> bool:
    """A row holding a level-2 name and nothing else: the level its rows below belong to."""
    filled = [c for c in row if c.text.strip()]
    return len(filled) == 1 and filled[0] is row[0] and _reads_as_level2(without_spaces(row[0].text))


def _goes_on(rows: list[tuple[Cell, ...]]) -> bool:
    """Rows of another width right below an indicator block, each opening with an indicator level
    (质量指标 | 验收合格率 | … without the 一级指标 cell merged over it, 满意度指标 | … without the
    block's empty cells at its end, in a copy that keeps each row's own cells) or with 其中 (a
    part row without its empty lead cells): rows of that block."""
    return bool(rows) and all(
        row and (without_spaces(row[0].text) in indicator_level_words() or _is_part_row(row)) for row in rows
    )


def _level_named(row: tuple[Cell, ...], roles: dict[str, int]) -> Cell | None:
    """The level cell of a row whose name cell is empty when it names an indicator scored on its
    own (预算执行率 | | | 10 | 9.5 in a 部门整体 table): that row's score counts in the total. A
    level cell naming anything else (决策 | | | 20 | 18) heads a block whose rows are scored."""
    words = load_yaml("scoring.yaml")["level_cell_indicators"]
    for role in ("level2", "level1"):
        if role in roles and roles[role] < len(row) and without_spaces(row[roles[role]].text) in words:
            return row[roles[role]]
    return None


def _indicators(
    grid: Grid,
    roles: dict[str, int],
    rows: list[tuple[Cell, ...]],
    full: int,
    out: list[Indicator],
    parent: bool,
    fund_scored: bool,
) -> bool:
    """Adds the indicators of ``rows`` under the columns ``roles`` to ``out``; ``full``: how many
    columns a row that misses no merged cell fills; ``parent``: the row above ``rows`` is the last
    indicator of ``out`` or one of its 其中 rows, which ``rows`` may go on with; ``fund_scored``: the
    form's funds block scores the 执行率 already (no level-cell indicator then). Returns whether the
    last row is such a row."""
    level1 = level2 = None
    for row in rows:
        if _is_part_row(row):
            if parent:
                out[-1] = replace(out[-1], parts=(*out[-1].parts, _part(grid, row, roles)))
            continue
        parent = False
        if _is_total_row(row, indicators=True):
            continue
        if _only_level2(row):
            level2 = without_spaces(row[0].text)  # 质量指标 on a row of its own over its indicators
            continue
        row = _with_merged_lead(row, roles, full)
        name_cell = row[roles["name"]] if roles["name"] < len(row) else None
        if "level1" in roles and roles["level1"] < len(row) and row[roles["level1"]].text.strip():
            level1 = without_spaces(row[roles["level1"]].text)
        if "level2" in roles and roles["level2"] < len(row) and row[roles["level2"]].text.strip():
            level2 = without_spaces(row[roles["level2"]].text)
        if (name_cell is None or not name_cell.text.strip()) and not fund_scored:
            name_cell = _level_named(row, roles)
        if name_cell is None or not name_cell.text.strip():
            continue
        first, last = row[0].locate(), row[-1].locate()
        # the whole row's lines, anchored on the cell that names the indicator
        location = Location(first.line, last.end_line, first.page, name_cell.id, 0, len(name_cell.text))
        get = lambda role, unit=None: _field(grid, row, roles.get(role), unit)  # noqa: E731, B023 (used in this iteration)
        out.append(
            Indicator(
                source="table",
                block=grid.table.id,
                name=without_spaces(name_cell.text),
                location=location,
                level1=level1,
                level2=level2,
                target=_measured(get("target", ""), row, roles, comparator=True),
                midyear=get("midyear", ""),
                actual=_measured(get("actual", ""), row, roles, comparator=False),
                rate=get("rate", "%"),
                weight=get("weight", "分"),
                score=get("score", "分"),
                reason=get("reason", ""),
                measure=get("measure", ""),
                blank=_blank(row, roles, ("actual", "score")),
            )
        )
        parent = True
    return parent


def _part(grid: Grid, row: tuple[Cell, ...], roles: dict[str, int]) -> tuple[Field | None, Field | None]:
    """The target and actual figures of a 其中 row. A row whose name stands in the name column
    keeps its cells under their columns; a text copy that dropped the empty level and weight cells
    pushes its figures to the front (其中桃树种植面积 | 1.5亩 | 1.5亩), and then the two figures it
    holds, when it holds no more, are the target's and the actual's in the columns' order."""
    if "target" not in roles or "actual" not in roles:
        return None, None
    named = next(c for c, cell in enumerate(row) if cell.text.strip())
    if named == roles["name"]:
        return _field(grid, row, roles["target"], ""), _field(grid, row, roles["actual"], "")
    figures = [c for c in range(named + 1, len(row)) if row[c].text.strip()]
    if len(figures) != 2:
        return None, None
    first, second = (_field(grid, row, c, "") for c in figures)
    return (first, second) if roles["target"] < roles["actual"] else (second, first)


@lru_cache(maxsize=None)
def _weight_note() -> re.Pattern[str]:
    return re.compile(load_yaml("scoring.yaml")["fund_weight_note"])


def _header_weight(grid: Grid, roles: dict[str, int]) -> Field | None:
    """The funds line's weight where the form has no 分值 column but prints it in the score
    column's header (得分（20分×执行率）) or in the block's corner (预算执行情况（20分）)."""
    if not grid.header:
        return None
    header = grid.table.rows[grid.header[-1]]
    for c in (roles.get("score"), 0):
        if c is None or c >= len(header):
            continue
        m = _weight_note().search(header[c].text)
        if m:
            location = header[c].locate()
            return Field(m.group(1), location, parse_figure(m.group(1), location, "分"))
    return None


def _fund(grid: Grid, roles: dict[str, int]) -> FundLine | None:
    rows = list(grid.rows())
    if not rows:
        return None
    row = rows[0]
    return FundLine(
        label=row_label(row),
        location=grid.table.rows[grid.body[0]][0].locate(),
        initial=_field(grid, row, roles.get("initial")),
        budget=_field(grid, row, roles.get("budget")),
        spent=_field(grid, row, roles.get("spent")),
        weight=_field(grid, row, roles.get("weight"), "分") if "weight" in roles else _header_weight(grid, roles),
        rate=_field(grid, row, roles.get("rate"), "%"),
        score=_field(grid, row, roles.get("score"), "分"),
        blank=_blank(row, roles, ("rate", "score")),
        parts=tuple((_field(grid, r, roles.get("budget")), _field(grid, r, roles.get("spent"))) for r in rows[1:]),
    )


def _is_total_row(row: tuple[Cell, ...], indicators: bool = False) -> bool:
    words = _total_labels(indicators)
    return any(without_spaces(c.text) in words for c in row[:2])


@lru_cache(maxsize=2)
def _total_labels(indicators: bool) -> frozenset[str]:
    """The labels of a 总分 row (and, under the indicators' header, of their 合计 row): asked of every row."""
    scoring = load_yaml("scoring.yaml")
    return frozenset(scoring["total_labels"] + (scoring["indicator_total_labels"] if indicators else []))


def _totals(grid: Grid, roles: dict[str, int]) -> tuple[Field | None, Field | None, Location | None, bool]:
    """The 总分 row: its figures are the total weight (when two are given) and the total score.
    Under the indicators' own header a 合计 row is that row too; when its 得分 cell is left empty
    and only the weight is stated, its place is returned third. Fourth: whether the score is a
    lone figure whose row names no score and whose grid names no column (| 总分 | 100 |), which
    may be the form's full marks as well."""
    indicators = "name" in roles
    for row in grid.rows():
        if not _is_total_row(row, indicators):
            continue
        figures = [
            Field(c.text.strip(), c.locate(), q)
            for c in row
            if (q := parse_figure(c.text, c.locate(), "分")) is not None
        ]
        if indicators and "score" in roles and len(figures) == 1 and _unweighted(grid, roles):
            # a form that prints no weight beside its indicators (预算执行情况（20分） over
            # 年度目标（80分）) states no total weight either: the lone figure is the score, wherever
            # the copy pushed it
            return None, figures[0], None, False
        if indicators and "score" in _blank(row, roles, ("score",)) and len(figures) <= 1:
            # a lone figure outside the weight column: the row's cells were pushed together
            # (a pasted copy drops the merged label cells), so which one is empty is unknown
            placed = not figures or "weight" in roles and figures[0].location.block == row[roles["weight"]].id
            return (figures[0] if figures else None), None, row[0].locate() if placed else None, False
        if not figures:
            return None, None, None, False
        lone = len(figures) == 1 and not roles and not any(_names_score(c.text) for c in row)
        return (figures[0] if len(figures) > 1 else None), figures[-1], None, lone
    return None, None, None, False


def _names_score(text: str) -> bool:
    return dict(_roles("indicator_columns"))["score"].search(without_spaces(text)) is not None


def _is_full_marks(lone: Field, indicators: list[Indicator], fund: FundLine | None) -> bool:
    """A lone 总分 figure (``_totals``) is the form's full marks as often as its score: it is the
    full marks when it is the weights' sum (every weight stated) and not the scores'."""
    lines: list[Indicator | FundLine] = [*indicators, *([fund] if fund is not None else [])]
    weights = [line.weight.quantity for line in lines if line.weight is not None and line.weight.quantity]
    scores = [line.score.quantity for line in lines if line.score is not None and line.score.quantity]
    if lone.quantity is None or lone.quantity.value is None or not lines or len(weights) < len(lines):
        return False
    value = lone.quantity.value
    summed = sum(q.value for q in weights if q.value is not None)
    return summed == value and (
        len(scores) < len(lines) or sum(q.value for q in scores if q.value is not None) != value
    )


def _unweighted(grid: Grid, roles: dict[str, int]) -> bool:
    """No column of the indicators holds points but 得分: not a known weight column, nor one whose
    label the lexicon lacks (标准分, 满分)."""
    return "weight" not in roles and not any(
        "分" in label for c, label in enumerate(grid.labels) if label and c != roles.get("score")
    )


def _scored_rows(grid: Grid, roles: dict[str, int]) -> bool:
    """A funds block scores its first line only (its 其中 rows leave 得分 empty): a grid where
    several rows have a score is a list of projects (名称 | 预算数 | 执行数 | 执行率 | 得分)."""
    if "score" not in roles:
        return False
    scored = [r for r in grid.rows() if (f := _field(grid, r, roles["score"], "分")) is not None and f.quantity]
    return len(scored) > 1


def _title(table: Table) -> str:
    for row in table.rows[:6]:
        texts = [without_spaces(c.text) for c in row]
        for i, text in enumerate(texts[:-1]):
            if text in _TITLE_KEYS and texts[i + 1]:
                return texts[i + 1]
    return table.caption or table.id


def _scores(fund: FundLine | None) -> bool:
    return fund is not None and fund.score is not None


def scorecard_from_table(table: Table) -> Scorecard | None:
    indicators: list[Indicator] = []
    fund = None
    total_weight = total_score = blank_total = None
    unplaced = False
    # the roles of the indicator grid right above, and how many columns its full rows fill, while
    # its rows may go on
    above: dict[str, int] = {}
    full = 0
    parent = False
    for grid in split_table(table):
        roles = column_roles(grid, "indicator_columns") | column_roles(grid, "indicator_measure_columns")
        tw, ts, blank, lone = _totals(grid, roles)
        if ts is not None:
            total_weight, total_score, unplaced = tw, ts, lone
        blank_total = blank_total or blank
        if grid.header and "name" in roles and ("weight" in roles or "score" in roles):
            full = max(map(_filled, grid.rows()), default=0)
            parent = _indicators(grid, roles, list(grid.rows()), full, indicators, False, _scores(fund))
            above = roles
            continue
        rows = [grid.table.rows[r] for r in grid.header + grid.body]
        if above and _goes_on(rows):
            parent = _indicators(grid, above, rows, full, indicators, parent, _scores(fund))
            continue
        above = {}
        fund_roles = column_roles(grid, "fund_columns")
        if (
            fund is None
            and grid.header
            and {"budget", "spent", "rate"} <= fund_roles.keys()
            and not _scored_rows(grid, fund_roles)
        ):
            fund = _fund(grid, fund_roles)
            continue
    if not indicators and fund is None:
        return None
    if unplaced and total_score is not None and _is_full_marks(total_score, indicators, fund):
        total_weight, total_score = total_score, None
    last = table.rows[-1] if table.rows else ()
    cut = bool(above) and any(c.text.strip() for c in last) and not any(is_figure(c.text) for c in last)
    return Scorecard(
        source="table",
        block=table.id,
        title=_title(table),
        location=table.locate(),
        indicators=tuple(indicators),
        fund=fund,
        total_weight=total_weight,
        total_score=total_score,
        blank_total=blank_total,
        cut=cut and total_weight is None,
    )


@lru_cache(maxsize=1)
def _grade_pair_labels() -> dict[str, str]:
    """Each label of ``grade_pair_labels`` with its key (the first key that lists it)."""
    out: dict[str, str] = {}
    for key, words in load_yaml("scoring.yaml")["grade_pair_labels"].items():
        for word in words:
            out.setdefault(word, key)
    return out


def graded_pair(table: Table) -> GradedScore | None:
    """The result of a form stated as label | value cells (自评得分 | 86 | 自评等级 | 良), the two
    pairs in one row or in two: only when the table has one score label and one grade label."""
    found = _grade_cells(table)
    if len(found["score"]) != 1 or len(found["grade"]) != 1:
        return None
    score, grade = found["score"][0], found["grade"][0]
    q = parse_figure(score.text.strip(), score.locate(), "分")
    if q is None:
        return None
    return GradedScore(
        Field(score.text.strip(), score.locate(), q), Field(grade.text.strip(), grade.locate(), None), "自评得分"
    )


def _grade_cells(table: Table) -> dict[str, list[Cell]]:
    """The value cells after a score label and after a grade label (自评得分 | 86 | 自评等级 | 良)."""
    labels = _grade_pair_labels()
    found: dict[str, list[Cell]] = {"score": [], "grade": []}
    for row in table.rows:
        for label, value in zip(row, row[1:]):
            key = labels.get(without_spaces(label.text).rstrip(":："))
            if key is not None and value.text.strip():
                found[key].append(value)
    return found


@lru_cache(maxsize=1)
def _grade_line() -> re.Pattern[str]:
    """A line stating a form's grade (自评等级：良。), its grade named by a word of the grade lexicon."""
    from checker.indicators.scoring import grade_bands, grade_names

    data = load_yaml("scoring.yaml")["grade_pair_labels"]
    names = sorted([name for name, _ in grade_bands()] + list(grade_names()), key=len, reverse=True)
    return re.compile(
        rf"^\s*(?:{alternation(data['grade'])})\s*(?:为|是|[:：])\s*[“\"]?(?P<grade>{alternation(names)})[”\"]?\s*[。.]?\s*$"
    )


def graded_total(table: Table, card: Scorecard | None, after: Paragraph | None) -> GradedScore | None:
    """A form's 总分 row with the grade the form gives it: a grade cell (自评等级 | 良) in a table that
    names no score cell (those pairs are ``graded_pair``'s), or a line of its own right after the table
    (自评等级：良。) or closing it as a cell of its last row."""
    if card is None or card.total_score is None or card.total_score.quantity is None:
        return None
    cells = _grade_cells(table)
    if cells["score"] or len(cells["grade"]) > 1:
        return None
    if cells["grade"]:
        grade = cells["grade"][0]
        return GradedScore(card.total_score, Field(grade.text.strip(), grade.locate(), None), "总分")
    # the line may close the table as a cell of its last row when the text reader took it in
    last = [c for c in table.rows[-1] if c.text.strip()] if table.rows else []
    for line in [*last, after]:
        m = _grade_line().match(line.text) if line is not None else None
        if m is not None and line is not None:
            where = line.locate(m.start("grade"), m.end("grade"))
            return GradedScore(card.total_score, Field(m.group("grade"), where, None), "总分")
    return None


def graded_rows(table: Table) -> list[GradedScore]:
    """Rows of a list of projects (序号 | 名称 | … | 得分 | 自评结论) with a score and its grade."""
    out: list[GradedScore] = []
    for grid in split_table(table):
        score_col = grid.column("得分", "综合得分", "自评得分")
        grade_col = grid.column(*_GRADE_HEADERS)
        if score_col is None or grade_col is None or score_col == grade_col:
            continue
        for row in grid.rows():
            if max(score_col, grade_col) >= len(row):
                continue
            score = _field(grid, row, score_col, "分")
            grade = _field(grid, row, grade_col, "")
            if score is None or score.quantity is None or grade is None:
                continue
            out.append(GradedScore(score, grade, row_label(row)))
    return out
