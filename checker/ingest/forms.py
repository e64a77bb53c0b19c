"""Self-evaluation forms (项目支出绩效自评表) whose text lost the table: the rows come back.

A form copied out of a web page or a Word file often arrives without its grid: flattened into
one line (cells separated by spaces, empty cells gone), or one cell per line (closed by a pipe,
empty cells kept as a lone pipe; or bare, empty cells gone). The form's structure is known —
a funds block (项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, rows
年度资金总额 / 其中：本年财政拨款 / 上年结转 / 其他资金) and an indicator block (一级指标 | 二级指标 |
三级指标 | 指标值 | 完成值 | 分值 | 得分 | 偏差原因, rows opened by their level) — so the header
gives the column count and the known row labels give the row breaks. A block is read only when
every row can be placed: where empty cells are gone and a row's figures could stand in more
than one set of columns, the block stays text (no guessing).

This works on the blocks any reader made, so a form reads the same from text, Word and PDF.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple, Sequence

from checker.ingest.tables import RawCell, make_table
from checker.lexicon import alternation, load_yaml
from checker.model import Block, Paragraph, Piece, Table
from checker.structure import FIGURE, parse_heading
from checker.tables.grid import header_choices, header_columns, header_fits, whole_label_role, without_column_note

_PIPES = "|｜"
_LABEL_MAX = 14
"""A column or row label is short; a longer cell is an answer or a note."""
_WIDTH_MAX = 14
_NIL_MARKS = frozenset({"-", "—", "--", "——", "/", "／", "无"})
_GAP_MAX = 2
"""Cells between two blocks of one form: a block title (绩效指标（90分）)."""
_BRACKETED = re.compile(r"^[(（][^()（）]{1,12}[)）]$")


class _Token(NamedTuple):
    """One cell of the stream: a span of a paragraph's text. (A named tuple: every paragraph
    gives one, and a frozen dataclass costs three times as much to make.)"""

    block: int
    start: int
    end: int
    text: str
    exact: bool
    """Whether the layout keeps empty cells (a lone pipe, a TAB), so a row's cells can be counted."""
    note: "_Token | None" = None
    """The bracketed rest of the cell on the next line (得分 / （20分×执行率）), part of its text."""


@dataclass(frozen=True)
class _Vocabulary:
    columns: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    fund_rows: tuple[str, ...]
    text_columns: tuple[str, ...]
    level1: frozenset[str]
    level2: frozenset[str]
    totals: tuple[str, ...]
    block_title: re.Pattern[str]
    column_word: re.Pattern[str]
    """Any word a column label is known by: a cell without one has no role."""
    role_words: dict[str, tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]]
    """Per set of columns: any of its words, and each role's words, as patterns (one scan each,
    where a word-by-word ``in`` test cost most of a cell's look-up)."""


@lru_cache(maxsize=None)
def _vocabulary() -> _Vocabulary:
    data = load_yaml("scoring.yaml")
    columns = {
        key: tuple((role, tuple(words)) for role, words in data[key]) for key in ("fund_columns", "indicator_columns")
    }
    return _Vocabulary(
        columns=columns,
        fund_rows=tuple(data["form_fund_rows"]),
        text_columns=tuple(data["form_text_columns"]),
        level1=frozenset(data["indicator_level1"]),
        level2=frozenset(data["indicator_level2"]),
        totals=tuple(data["total_labels"] + data["indicator_total_labels"]),
        block_title=re.compile(data["block_title"]),
        column_word=re.compile(
            "|".join(
                re.escape(word)
                for word in sorted(
                    {w for key in columns for _, words in columns[key] for w in words}
                    | {w for words in data["fund_whole_labels"].values() for w in words},
                    key=len,
                    reverse=True,
                )
            )
        ),
        role_words={
            key: (
                re.compile(alternation(w for _, words in roles for w in words)),
                tuple((role, re.compile(alternation(words))) for role, words in roles if words),
            )
            for key, roles in columns.items()
        },
    )


def _compact(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=4096)
def _role(text: str, key: str) -> str | None:
    if len(text) > 3 * _LABEL_MAX:
        return None
    label = without_column_note(_compact(text))
    if not label or len(label) > _LABEL_MAX:
        return None
    any_word, roles = _vocabulary().role_words[key]
    if any_word.search(label):
        return next(role for role, words in roles if words.search(label))
    return whole_label_role(label) if key == "fund_columns" else None


@lru_cache(maxsize=1)
def _money_figure() -> re.Pattern[str]:
    """A figure with its money unit written in the cell (4753.66万元 under 项目资金（万元））."""
    return re.compile(f"(?:{FIGURE.pattern})(?:{alternation(load_yaml('units.yaml')['money'])})?")


def _figure(text: str) -> bool:
    return bool(_money_figure().fullmatch(_compact(text)))


def _value_cell(text: str) -> bool:
    """A cell that may stand in a figure column: a figure, a nil mark, or nothing."""
    return not text or _figure(text) or _compact(text) in _NIL_MARKS


def _fund_row(text: str) -> bool:
    label = _compact(text).rstrip(":：")
    return 0 < len(label) <= _LABEL_MAX and not _figure(label) and any(w in label for w in _vocabulary().fund_rows)


def _level(text: str) -> str | None:
    label = _vocabulary().block_title.sub("", _compact(text))
    vocab = _vocabulary()
    if label in vocab.level1 and label in vocab.level2:
        return "both"
    return "level1" if label in vocab.level1 else "level2" if label in vocab.level2 else None


def _total(text: str) -> bool:
    return _compact(text) in _vocabulary().totals


def _title(text: str) -> bool:
    return bool(_vocabulary().block_title.search(_compact(text)))


def _label(text: str) -> bool:
    """A short cell of words: a column label or a row label."""
    label = without_column_note(_compact(text))
    return 0 < len(label) <= _LABEL_MAX and not _value_cell(text) and not re.search(r"[。；;，,]", label)


# --- the stream of cells -----------------------------------------------------------------


def _pipe_cells(text: str) -> list[tuple[int, int, str]]:
    """The cells of a line of cells each closed by a pipe (several when a reader joined the
    lines of a one-cell-per-line copy), or none."""
    body = text.rstrip()
    if not body or body[-1] not in _PIPES or body.lstrip()[0] in _PIPES and len(body.strip()) > 1:
        return []
    out, start = [], 0
    for k, ch in enumerate(body):
        if ch in _PIPES:
            cell = body[start:k]
            lead = len(cell) - len(cell.lstrip())
            out.append((start + lead, start + lead + len(cell.strip()), cell.strip()))
            start = k + 1
    return out


def _tokens(index: int, paragraph: Paragraph) -> list[_Token]:
    text = paragraph.text
    cells = _pipe_cells(text)
    if cells:
        return [_Token(index, a, b, t, True) for a, b, t in cells]
    # A row flattened with spaces names three columns, each word within one run of non-spaces;
    # counting the words first spares splitting every spaced paragraph of prose.
    spaced = " " in text.strip() and len(_vocabulary().column_word.findall(text)) >= 3
    parts = _split(text) if spaced or "\t" in text else []
    if len(parts) > 1 and sum(1 for _, _, t in parts if _role(t, "fund_columns") or _role(t, "indicator_columns")) >= 3:
        exact = "\t" in text
        return [_Token(index, a, b, t, exact) for a, b, t in parts]
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    return [_Token(index, lead, lead + len(stripped), stripped, False)]


def _split(text: str) -> list[tuple[int, int, str]]:
    """The cells of a flattened row: split at TABs (empty cells kept) or at runs of spaces
    (a bracketed unit spaced off its label, 项目资金 （万元）, stays with it)."""
    if "\t" in text:
        out, start = [], 0
        for k, ch in enumerate(text + "\t"):
            if ch == "\t":
                cell = text[start:k]
                lead = len(cell) - len(cell.lstrip())
                out.append((start + lead, start + lead + len(cell.strip()), cell.strip()))
                start = k + 1
        return out
    out = []
    for m in re.finditer(r"\S+", text):
        if out and _BRACKETED.match(m.group()):
            a = out[-1][0]
            out[-1] = (a, m.end(), text[a : m.end()])
        else:
            out.append((m.start(), m.end(), m.group()))
    return out


# --- the blocks of a form -----------------------------------------------------------------


Row = list[int | None]
"""A row of the form: the stream index of each cell, None where the text holds no cell."""


def _header(tokens: Sequence[_Token], h: int, stop, corner_title: bool = False, spanned: bool = False) -> list[int]:
    """The header's cells from token ``h``; ``spanned``: an empty cell kept between two labels is
    what a merged cell left (项目资金（万元） | | 年初预算数 |), no column of its own."""
    cols = []
    k = h
    while k < len(tokens) and len(cols) < _WIDTH_MAX:
        if spanned and _filler(tokens[k]):
            if not cols or not _spanned(tokens, k):
                break
            k += 1
            continue
        if not _label(tokens[k].text) or not (corner_title and k == h or not _title(tokens[k].text)):
            break
        if cols and stop(tokens[k].text):
            break
        cols.append(k)
        k += 1
    return cols


def _spanned(tokens: Sequence[_Token], k: int) -> bool:
    """An empty cell of a layout that keeps them, before a cell with text."""
    return _filler(tokens[k]) and k + 1 < len(tokens) and bool(tokens[k + 1].text)


def _filler(token: _Token) -> bool:
    """A lone pipe, or a line of pipes only (| | | |): empty cells a merged cell left."""
    return (token.exact or bool(token.text)) and not token.text.strip(_PIPES + " ")


def _fund_block(tokens: Sequence[_Token], h: int) -> tuple[list[Row], int] | None:
    """The funds block whose corner cell (项目资金（万元）) is token ``h``."""
    corner = tokens[h].text
    if _role(corner, "fund_columns") or _fund_row(corner) or not _label(corner):
        return None
    # the funds block's corner may carry its points (预算执行情况（万元）（20分）)
    header = _header(tokens, h, _fund_row, corner_title=True, spanned=True)
    roles = [_role(tokens[k].text, "fund_columns") for k in header[1:]]
    if not {"budget", "spent", "rate"} <= set(roles):
        return None
    width = len(header)
    text_cols = {
        c + 1
        for c, (role, k) in enumerate(zip(roles, header[1:]))
        if role is None and any(w in tokens[k].text for w in _vocabulary().text_columns)
    }
    if any(role is None and c + 1 not in text_cols for c, role in enumerate(roles)):
        return None  # a column the form does not have: not this form
    # the leading amount columns a sub-row (其中：…) fills while leaving 分值/执行率/得分 empty
    money = 0
    for role in roles:
        if role not in ("initial", "budget", "spent"):
            break
        money += 1
    rows: list[Row] = [list(header)]
    k = header[-1] + 1
    while True:
        # the empty cells a row of a wider table leaves after its own (| | | |), and the one
        # before a row's label, are what merged cells left: no cells of the funds block
        while k < len(tokens) and _filler(tokens[k]):
            k += 1
        if k >= len(tokens) or not _fund_row(tokens[k].text):
            break
        if _vocabulary().role_words["fund_columns"][0].match(_compact(tokens[k].text)):
            # 得分年度资金总额: the header's last cell, wrapped onto the next line, ran into the row's
            # label (a PDF joins the two lines): the header lacks a column, so which column each
            # figure stands in is unknown
            return None
        row: Row = [k]
        k += 1
        while k < len(tokens) and len(row) < width:
            text = tokens[k].text
            if len(row) in text_cols:
                if _fund_row(text) or _title(text) or _role(text, "indicator_columns") or not tokens[k].exact:
                    break
            elif not _value_cell(text):
                break
            row.append(k)
            k += 1
        if not all(tokens[i].exact for i in row) and len(row) not in (1, width, 1 + money):
            return None  # empty cells are gone: which columns the figures stand in is unknown
        rows.append(row + [None] * (width - len(row)))
    if len(rows) < 2 or not any(_figure(tokens[i].text) for i in rows[1] if i is not None):
        return None
    return rows, k


def _indicator_block(tokens: Sequence[_Token], h: int) -> tuple[list[Row], int] | None:
    """The indicator block whose header starts at token ``h`` (一级指标, or 三级指标 when the form
    has no levels). Read only where empty cells are kept: a row's figures are placed by count."""
    if _role(tokens[h].text, "indicator_columns") not in ("level1", "name"):
        return None
    header = _header(tokens, h, lambda t: bool(_level(t)) or _total(t))
    roles = [_role(tokens[k].text, "indicator_columns") for k in header]
    named = [role for role in roles if role]
    if len(set(named)) < len(named):
        return _two_row_block(tokens, header)  # a field named twice: a header of two rows, side by side
    if "name" not in roles or not {"weight", "score"} & set(roles) or len(header) < 4:
        return None
    return _indicator_rows(tokens, header, roles)


def _two_row_block(tokens: Sequence[_Token], header: list[int]) -> tuple[list[Row], int] | None:
    """An indicator block whose header has two rows and lost its merged cells (绩效指标 | 年度指标值 |
    实际完成值 | 分值 | 得分 then 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位): read
    where exactly one place of the upper row's spanning cells, and of the row break, gives columns
    that fit the rows read under them (``header_fits``). The block's header row is then the columns'
    own labels."""
    found = []
    for cut in range(2, len(header) - 1):
        upper, lower = header[:cut], header[cut:]
        for at, spanning in header_choices(len(upper), len(lower)):
            columns = header_columns(upper, lower, at, spanning)
            roles = [_role(tokens[k].text, "indicator_columns") for k in columns]
            if "name" not in roles or not {"weight", "score"} & set(roles):
                continue
            hit = _indicator_rows(tokens, columns, roles, after=header[-1] + 1)
            if hit is None:
                continue
            body = [[tokens[i].text.strip() for i in row] for row in hit[0][1:] if None not in row]
            labels = [_compact(tokens[k].text) for k in columns]
            if body and header_fits(labels, body):
                found.append(hit)
    return found[0] if len(found) == 1 else None


def _indicator_rows(
    tokens: Sequence[_Token], header: list[int], roles: list[str | None], after: int | None = None
) -> tuple[list[Row], int] | None:
    """The header row and the rows below it (from token ``after``, else right after the header)."""
    width = len(header)
    col = {role: c for c, role in reversed(list(enumerate(roles))) if role}
    figures = [c for c in (col.get("weight"), col.get("score")) if c is not None]
    rows: list[Row] = [list(header)]
    k = header[-1] + 1 if after is None else after
    while k < len(tokens) and tokens[k].exact:
        text = tokens[k].text
        if _total(text):
            row = _total_row(tokens, k, width, col)
            if row is not None:
                rows.append(row)
                k = next(i for i in reversed(row) if i is not None) + 1
            break
        level = _level(text)
        nxt = tokens[k + 1].text if k + 1 < len(tokens) else ""
        if not text or level == "level1" or level == "both" and _level(nxt) in ("level2", "both"):
            # a row opening with an empty cell keeps its merged cells: a full row
            start = col.get("level1", col["name"]) if text else 0
        elif level:
            start = col.get("level2", col["name"])
        else:
            start = col["name"]
        cells = list(range(k, k + width - start))
        if cells[-1] >= len(tokens) or not all(tokens[i].exact for i in cells):
            break
        row = [None] * start + cells
        if row[col["name"]] is None:
            break  # a block title read as the name column (绩效指标 | 一级指标 | …): no row to place
        name = tokens[row[col["name"]]].text
        if _value_cell(name):
            break
        if not all(row[c] is not None and _value_cell(tokens[row[c]].text) for c in figures):
            break
        rows.append(row)
        k = cells[-1] + 1
    if len(rows) < 2:
        return None
    return rows, k


def _total_row(tokens: Sequence[_Token], k: int, width: int, col: dict[str, int]) -> Row | None:
    """The 合计 row: its label spans the columns up to the weights and its cells (分值, 得分, …)
    follow — or, where the spanned cells were kept empty, it is a full row. With one cell only,
    whether it is the weight or the score is unknown."""
    start = col.get("weight", col.get("score"))
    if start is None or start < 1:
        return None
    cells: list[int] = []
    i = k + 1
    while i < len(tokens) and tokens[i].exact and _value_cell(tokens[i].text) and len(cells) < width - 1:
        cells.append(i)
        i += 1
    if len(cells) == width - 1:
        return [k, *cells]
    cells = cells[: width - start]
    if len(cells) < 2:
        return None
    row: Row = [k] + [None] * (start - 1) + cells
    return row + [None] * (width - len(row))


# --- blocks back ----------------------------------------------------------------------------


def read_forms(blocks: Sequence[Block]) -> list[Block]:
    """The blocks, with each self-evaluation form that its reader left as text read as a table."""
    if not any(isinstance(b, Paragraph) for b in blocks):
        return list(blocks)
    tokens: list[_Token] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            tokens.extend(_tokens(index, block))
    tokens = _with_notes(tokens)
    starts = _possible_starts(tokens)
    found: list[tuple[int, list[Row]]] = []  # (first token, rows)
    k = end = 0
    while k < len(tokens):
        s = bisect_left(starts, k)
        if s == len(starts):
            break
        k = starts[s]
        hit = _fund_block(tokens, k) or _indicator_block(tokens, k)
        if hit is None or not _adjacent(blocks, tokens, hit[0]):
            k += 1
            continue
        rows = hit[0]
        gap = [[i] for i in range(end, k)]
        if found and len(gap) <= _GAP_MAX and _adjacent(blocks, tokens, found[-1][1] + gap + rows):
            # the blocks of one form are one table (as in Word), a block title between them a row
            found[-1] = (found[-1][0], found[-1][1] + gap + rows)
        else:
            found.append((k, rows))
        k = end = hit[1]
    if not found:
        return list(blocks)
    return _rebuild(blocks, tokens, found)


def _possible_starts(tokens: Sequence[_Token]) -> list[int]:
    """The tokens a block may start at, in order: trying every cell of every paragraph cost a
    third of reading a report. A funds block's header holds a budget column among the cells
    after its corner; an indicator block opens with its first level or its indicator names."""
    # a cell without any column word has no role in either block: one scan of the words of both
    # sets spares most cells the look-up of each role
    column_word = _vocabulary().column_word
    named = [len(t.text) <= 3 * _LABEL_MAX and column_word.search(_compact(t.text)) is not None for t in tokens]
    fund = [_role(t.text, "fund_columns") if n else None for t, n in zip(tokens, named)]
    budgets = [i for i, role in enumerate(fund) if role == "budget"]
    out = []
    for h, token in enumerate(tokens):
        b = bisect_right(budgets, h)
        if b < len(budgets) and budgets[b] < h + _WIDTH_MAX:
            out.append(h)
        elif named[h] and _role(token.text, "indicator_columns") in ("level1", "name"):
            out.append(h)
    return out


def _with_notes(tokens: list[_Token]) -> list[_Token]:
    """A bare one-cell-per-line copy breaks a cell's own lines too (得分 / （20分×执行率）, 年初 /
    预算数): a line that is only a bracketed note, or that completes a column label the line
    before it only began, right after a label's line, is the rest of that label."""
    out: list[_Token] = []
    for token in tokens:
        last = out[-1] if out else None
        if (
            last is not None
            and not token.exact
            and not last.exact
            and last.note is None
            and token.block == last.block + 1
            # the rest of a label is the rarer and cheaper test: most lines are not the label's line
            and (
                token.text[:1] in "(（"  # what _BRACKETED opens with, before compacting a whole paragraph
                and _BRACKETED.match(_compact(token.text))
                or _completes_label(last.text, token.text)
            )
            and _label(last.text)
        ):
            out[-1] = last._replace(text=last.text + token.text, note=token)
        else:
            out.append(token)
    return out


def _completes_label(head: str, rest: str) -> bool:
    """年初 then 预算数, 全年 then 执行数: a short line naming no column, whose next line makes
    it a column label, is the first line of that label."""
    if len(head) > 4 or not _label(rest) or not _vocabulary().column_word.search(_compact(head + rest)):
        return False
    if _role(head, "fund_columns") or _role(head, "indicator_columns") or _fund_row(head) or _level(head):
        return False
    joined = head + rest
    return bool(_role(joined, "fund_columns") or _role(joined, "indicator_columns"))


def _adjacent(blocks: Sequence[Block], tokens: Sequence[_Token], rows: list[Row]) -> bool:
    """The cells of a block come from paragraphs with no table between them."""
    used = [tokens[i].block for row in rows for i in row if i is not None]
    return all(isinstance(blocks[j], Paragraph) for j in range(min(used), max(used) + 1))


def _clip(pieces: Sequence[Piece], start: int, end: int) -> tuple[Piece, ...]:
    out = []
    for p in pieces:
        a, b = max(p.start, start), min(p.end, end)
        if a < b or a == b == start and p.start <= start <= p.end:
            out.append(Piece(a - start, b - start, p.line, p.column + a - p.start, p.page, p.sheet))
    return tuple(out[:1] if end == start else out)


def _raw_cell(blocks: Sequence[Block], token: _Token) -> RawCell:
    paragraph = blocks[token.block]
    assert isinstance(paragraph, Paragraph)
    pieces = _clip(paragraph.pieces, token.start, token.end)
    raw = paragraph.raw[token.start : token.end]
    if token.note is not None:
        note_raw, note_pieces = _raw_cell(blocks, token.note)
        shift = len(raw)
        pieces += tuple(replace(p, start=p.start + shift, end=p.end + shift) for p in note_pieces)
        raw += note_raw
    return raw, pieces or _clip(paragraph.pieces, 0, 0)


def _rebuild(blocks: Sequence[Block], tokens: Sequence[_Token], found: list[tuple[int, list[Row]]]) -> list[Block]:
    used: set[int] = {i for _, rows in found for row in rows for i in row if i is not None}
    start_of = {first: rows for first, rows in found}
    n_tables = sum(1 for b in blocks if isinstance(b, Table))
    by_block: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        by_block.setdefault(t.block, []).append(i)
    notes = {t.note.block for i, t in enumerate(tokens) if t.note is not None and i in used}
    out: list[Block] = []
    for index, block in enumerate(blocks):
        if index in notes:
            continue  # read into the cell of the line before it
        own = by_block.get(index)
        if not own or not any(i in used or i in start_of for i in own):
            out.append(block)
            continue
        assert isinstance(block, Paragraph)
        run: list[int] = []
        for i in own + [-1]:
            if i != -1 and i not in used and i not in start_of:
                run.append(i)
                continue
            if run:
                out.append(_part(block, tokens[run[0]].start, tokens[run[-1]].end))
                run = []
            if i in start_of:
                n_tables += 1
                out.append(_table(blocks, tokens, start_of[i], f"t{n_tables}"))
    count = 0
    renumbered: list[Block] = []
    for block in out:
        if isinstance(block, Paragraph):
            count += 1
            block = replace(block, id=f"p{count}")
        renumbered.append(block)
    return renumbered


def _part(paragraph: Paragraph, start: int, end: int) -> Paragraph:
    text = paragraph.text[start:end]
    heading = paragraph.heading if start == 0 else parse_heading(text)
    return Paragraph(paragraph.id, text, paragraph.raw[start:end], _clip(paragraph.pieces, start, end), heading)


def _table(blocks: Sequence[Block], tokens: Sequence[_Token], rows: list[Row], table_id: str) -> Table:
    raw_rows: list[list[RawCell]] = []
    for row in rows:
        anchor = next(i for i in row if i is not None)
        empty = _raw_cell(blocks, tokens[anchor]._replace(end=tokens[anchor].start))
        raw_rows.append([_raw_cell(blocks, tokens[i]) if i is not None else ("", empty[1]) for i in row])
    return make_table(table_id, raw_rows)
