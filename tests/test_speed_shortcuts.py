"""Shortcuts taken for speed (#17) against the plain computation they stand for.

Each shortcut narrows where a pattern from a lexicon is tried; these tests hold it to trying the
pattern everywhere, on texts of our own built from the lexicon's own entries, so that an edited
lexicon cannot make a shortcut skip a match.
"""

from __future__ import annotations

import itertools

try:  # the widths the regex engine itself computes for a pattern
    import re._parser as sre_parse
except ImportError:  # Python 3.10
    import sre_parse  # type: ignore[no-redef]

from checker.explain.mask import _PUNCT, _ascii_punctuation
from checker.model import Cell, Document, Heading, Paragraph, Piece, Table
from checker.normalize import without_spaces
from checker.statements.composition import (
    _AFTER_OPENER,
    _AFTER_OPENER_MAX,
    _closing_marker,
    cues,
    ends_with_list_opener,
)
from checker.structure import section_titles
from checker.tables.grid import _column_note, without_column_note


def test_after_opener_width_bounds_each_pattern():
    for pattern in _AFTER_OPENER.values():
        assert sre_parse.parse(pattern).getwidth()[1] <= _AFTER_OPENER_MAX


def test_list_opener_at_the_end_as_a_search_everywhere_finds_it():
    cue_words = [o["cue"] for o in cues()["part_openers"]]
    leads = ["", "本年支出合计120.5万元，", "收入（含上年结转）", "其中：基本支出80万元；其中"]
    afters = ["", "：", ":", "，", ",", " ：", "   ：", "    ：", "  ，", "。", "；"]
    tails = ["", " ", "  \n", "\u3000", "\t\t", "以下"]
    texts = [lead + cue + after + tail for lead in leads for cue in cue_words for after in afters for tail in tails]
    texts += ["", " ", "其", "具体", "如下：", "情况如下", "主要用于：其中"]
    for text in texts:
        assert ends_with_list_opener(text) == (_closing_marker().search(text) is not None), text


def test_column_note_removed_as_the_plain_substitution_removes_it():
    def plain(label: str) -> str:
        return _column_note().sub("", label) or label

    alphabet = ["（", "）", "(", ")", "A", "执行率", "/", " ", "\u3000", "\n"]
    for n in range(6):
        for chars in itertools.product(alphabet, repeat=n):
            label = "".join(chars)
            assert without_column_note(label) == plain(label), label


def _heading_paragraph(pid: str, level: int, text: str) -> Paragraph:
    return Paragraph(pid, text, text, (Piece(0, len(text), 1),), Heading(level, 1, text[:2], text[2:]))


def test_section_titles_path_of_every_block():
    blocks = [
        Paragraph("p1", "封面", "封面", (Piece(0, 2, 1),)),
        _heading_paragraph("p2", 1, "一、收入情况"),
        Paragraph("p3", "收入100万元。", "收入100万元。", (Piece(0, 8, 2),)),
        _heading_paragraph("p4", 2, "（一）财政拨款"),
        Table("t1", ()),
        _heading_paragraph("p5", 2, "（二）其他收入"),
        _heading_paragraph("p6", 1, "二、支出情况"),
        Paragraph("p7", "支出90万元。", "支出90万元。", (Piece(0, 7, 3),)),
    ]
    document = Document(path="x.txt", sha256="", format="txt", blocks=tuple(blocks))
    assert section_titles(document) == {
        "p1": "",
        "p2": "一、收入情况",
        "p3": "一、收入情况",
        "p4": "一、收入情况 › （一）财政拨款",
        "t1": "一、收入情况 › （一）财政拨款",
        "p5": "一、收入情况 › （二）其他收入",
        "p6": "二、支出情况",
        "p7": "二、支出情况",
    }


def test_form_block_starts_as_every_cell_asked_for_its_roles():
    from bisect import bisect_right

    from checker.ingest.forms import _LABEL_MAX, _WIDTH_MAX, _possible_starts, _role, _Token, _vocabulary

    def plain(tokens: list[_Token]) -> list[int]:
        fund = [_role(t.text, "fund_columns") if len(t.text) <= 3 * _LABEL_MAX else None for t in tokens]
        budgets = [i for i, role in enumerate(fund) if role == "budget"]
        out = []
        for h, token in enumerate(tokens):
            b = bisect_right(budgets, h)
            if b < len(budgets) and budgets[b] < h + _WIDTH_MAX:
                out.append(h)
            elif len(token.text) <= 3 * _LABEL_MAX and _role(token.text, "indicator_columns") in ("level1", "name"):
                out.append(h)
        return out

    vocab = _vocabulary()
    words = sorted({w for roles in vocab.columns.values() for _, ws in roles for w in ws})
    cells = ["项目资金（万元）", "预算数", "预算数（A）", "执 行 率", "得分（20分×执行率）", "年度资金总额", "120.00"]
    cells += [w + note for w in words for note in ("", "（B/A）", " ")]
    cells += ["本单位2024年度支出合计350万元，主要用于保障机构正常运转。", "其中：", "", "产出指标"]
    tokens = [_Token(k, 0, len(text), text, True) for k, text in enumerate(cells)]
    assert _possible_starts(tokens) == plain(tokens)
    reversed_tokens = [_Token(k, 0, len(t.text), t.text, True) for k, t in enumerate(reversed(tokens))]
    assert _possible_starts(reversed_tokens) == plain(reversed_tokens)


def _row(r: int, texts: list[str]) -> tuple[Cell, ...]:
    return tuple(Cell(f"t1.r{r}c{c}", r, c, t, t, (Piece(0, len(t), r),)) for c, t in enumerate(texts, 1))


def test_block_header_row_as_every_lexicon_word_tried():
    from checker.tables.grid import _block_header_words, _starts_block

    def plain(row: tuple[Cell, ...]) -> bool:
        labels = {without_spaces(c.text) for c in row if c.text.strip()}
        return sum(1 for label in labels if any(word in label for word in _block_header_words())) >= 2

    words = sorted(_block_header_words())
    fillers = ["", " ", "序号", "备注", "120.50", "项目 名称", "年度"]
    labels = [w + tail for w in words for tail in ("", "（分）", " ")] + fillers
    rows = [_row(0, [a, b]) for a, b in itertools.product(labels, fillers + words[:6])]
    rows += [_row(0, [w[:1], w[1:], w]) for w in words]  # a word split over two cells is in neither
    for row in rows:
        assert _starts_block(row) == plain(row), [c.text for c in row]


def test_table_runs_as_a_rescan_of_each_run_finds_them():
    from checker.tables.grid import _figures, _is_header_like, _narrow_header, _repeats, _starts_block, split_table

    def plain_runs(table: Table) -> list[list[int]]:
        runs: list[list[int]] = []
        figures = [_figures(row) for row in table.rows]
        for r, row in enumerate(table.rows):
            if not runs:
                runs.append([r])
                continue
            prev = table.rows[runs[-1][-1]]
            had_data = any(figures[i] for i in runs[-1])
            heads = [table.rows[i] for i in runs[-1][:3] if not figures[i]]
            header_like = _is_header_like(row, figures[r])
            repeated = had_data and header_like and any(_repeats(row, head) for head in heads)
            block = header_like and _starts_block(row) and not _starts_block(prev)
            # a header of two rows narrower (or wider) than the rows under it stays with them
            narrow = not had_data and _narrow_header(table, runs[-1], row, header_like, figures)
            if len(row) != len(prev) and not narrow or repeated or block:
                runs.append([r])
            else:
                runs[-1].append(r)
        return runs

    kinds = {
        "head": ["项目名称", "预算数", "执行数"],
        "block": ["一级指标", "二级指标", "三级指标"],
        "title": ["部门：某局", "", "单位：万元"],
        "data": ["办公费", "12.00", "11.50"],
        "blank": ["", "", ""],
        "code": ["201", "一般公共服务", "30.00"],
        "wide": ["合计", "100.00", "90.00", "90%"],
    }
    for n in range(1, 5):
        for seq in itertools.product(kinds, repeat=n):
            table = Table("t1", tuple(_row(r, kinds[k]) for r, k in enumerate(seq)))
            grids = split_table(table)
            runs = list(dict.fromkeys(tuple(sorted(g.header + g.body)) for g in grids))
            assert runs == [tuple(run) for run in plain_runs(table)], seq


def test_indicator_name_as_its_patterns_tried_on_every_paragraph():
    from checker.explain.segments import (
        _INDICATOR_FIGURES,
        _LISTED_NAME,
        _NUMBERED,
        _TARGET_NAME,
        indicator_name,
    )

    def plain(paragraph: Paragraph, heading_item: str | None) -> str | None:
        numbered = _NUMBERED.match(paragraph.text)
        head = paragraph.text[numbered.end() :] if numbered else paragraph.text
        m = _TARGET_NAME.match(head)
        if m:
            return m.group(1).strip()
        named = _LISTED_NAME.match(head)
        if named and numbered and _INDICATOR_FIGURES.search(paragraph.text):
            return (named.group(1) or named.group(2)).strip()
        return heading_item

    numbers = ["", "1.", "（2）", "三是", " 4、"]
    names = ["绿化面积", "“培训人次”", "道路 养护里程指标", "资金：到位率"]
    links = ["：", "，该指标", " ， ", "指标：", "", "目标值"]
    tails = ["预期指标值100%，完成率98%。", "预期 指标值10个。", "目标值500人次，实际完成480人次。", "偏差原因：天气。"]
    for parts in itertools.product(numbers, names, links, tails):
        text = "".join(parts)
        paragraph = Paragraph("p1", text, text, (Piece(0, len(text), 1),))
        for heading_item in (None, "上级指标"):
            assert indicator_name(paragraph, heading_item) == plain(paragraph, heading_item), text


def test_row_figures_counted_as_with_every_test_asked():
    from checker.tables.cells import EMPTY_MARKS, is_empty, is_figure
    from checker.tables.grid import _SEQUENCE, _figures, subject_code

    def plain(row: tuple[Cell, ...]) -> int:
        count = 0
        for cell in row:
            text = cell.text.strip()
            if is_empty(text) or subject_code(text) or _SEQUENCE.match(text):
                continue
            count += is_figure(cell.text)
        return count

    texts = [*EMPTY_MARKS, " - ", "201", "201 06 01", "2010601", "1", "（3）", "十二、", "12.50", "1,206.50", ">=90%"]
    texts += ["99.87分", "=207.60亿元", "办公费", "三个", "2024年", "约5万元", "5万元-10万元", "1.", "0.00-", "合计"]
    for a, b in itertools.product(texts, repeat=2):
        row = _row(0, [a, b, " " + a])
        assert _figures(row) == plain(row), (a, b)


def test_panels_as_when_every_column_is_read():
    from checker.tables.grid import Grid, _names_rows, _panels, column_kind, names_amount, split_table

    def plain(grid: Grid) -> tuple[Grid, ...]:
        rows = [grid.table.rows[r] for r in grid.body]
        if len(rows) < 2:
            return (grid,)
        leaves = [label.rsplit("/", 1)[-1] for label in grid.labels]
        kinds = [
            column_kind(rows, c) or ("key" if _names_rows(leaves[c]) else "figure" if names_amount(leaves[c]) else "")
            for c in range(grid.width)
        ]
        first = leaves[0] if leaves else ""
        starts = [0]
        seen_figure = False
        for c, kind in enumerate(kinds):
            if kind == "figure":
                seen_figure = True
            elif (
                kind == "key"
                and c > starts[-1] + 1
                and first
                and (leaves[c] == first or _names_rows(first) and _names_rows(leaves[c]))
                and (seen_figure or kinds[c - 1] != "key")
            ):
                starts.append(c)
                seen_figure = False
        if len(starts) < 2 or kinds[0] != "key":
            return (grid,)
        bounds = starts + [grid.width]
        return tuple(
            Grid(grid.table, grid.header, grid.body, grid.labels[a:b], grid.units[a:b], tuple(range(a, b)))
            for a, b in zip(bounds, bounds[1:])
        )

    headers = ["科目编码", "科目名称", "项目", "收入项目", "支出项目", "决算数", "金额", "备注", ""]
    cells = {
        "key": ["201", "一般公共服务支出"],
        "name": ["办公费", "差旅费"],
        "fig": ["12.50", "8.00"],
        "none": ["", ""],
    }
    for width in (3, 4, 5, 6):
        for head in itertools.product(headers, repeat=width):
            if len(set(head)) < width - 1:
                continue
            for body in (("key", "name", "fig"), ("name", "fig", "key"), ("fig", "none", "name")):
                kinds = [body[c % len(body)] for c in range(width)]
                rows = [_row(0, list(head))] + [_row(r, [cells[k][r - 1] for k in kinds]) for r in (1, 2)]
                table = Table("t1", tuple(rows))
                for grid in split_table(table):
                    whole = Grid(grid.table, grid.header, grid.body, grid.labels, grid.units)
                    assert _panels(whole) == plain(whole), (head, kinds)


def test_explanation_punctuation_replaced_as_one_translation_table_maps_it():
    table = str.maketrans(dict(_PUNCT))
    alphabet = [mark for pair in _PUNCT for mark in pair] + ["原", " ", "#"]
    for n in range(4):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert _ascii_punctuation(text) == text.translate(table), text


def _phrasing_texts() -> list[str]:
    from checker.evaluation.phrasings import load_families

    return [text for cases in load_families().values() for case in cases for text in (case.defect, case.twin)]


def test_changes_as_when_every_sentence_with_an_amount_is_read(monkeypatch):
    import re

    from checker.engine import document_from_text
    from checker.rules.base import Context
    from checker.statements.change import find_changes
    from checker.statements.cues import patterns

    p = patterns()
    words = sorted(p.up | p.down | p.up_nouns | p.down_nouns)
    own = [f"本年支出120.00万元，比上年{w}20.00万元。" for w in words]
    own += [f"本年支出120.00万元，上年100.00万元，{w}16.67%。" for w in words]
    own += [f"本年支出120.00万元，较上年{w[0]} {w[1:]}20.00万元。" for w in words if len(w) > 1]
    own += ["上年为100.00万元，本年为120.00万元。", "收入总计120.00万元，支出总计120.00万元，合计240.00万元。"]
    contexts = [Context(document_from_text(text)) for text in own + _phrasing_texts()]
    gated = [find_changes(ctx.sentences) for ctx in contexts]
    assert sum(map(len, gated)) > len(own)  # the texts state changes for the gate to keep
    monkeypatch.setattr(p, "change_cue", re.compile(""))  # a gate every sentence passes
    assert [find_changes(ctx.sentences) for ctx in contexts] == gated


def test_enumeration_items_as_the_look_behind_form_finds_them():
    import re

    from checker.rules.structure import _ENUMERATION_FORMS, _ENUMERATIONS, _enumeration_items

    alphabet = ["一是", "二是", "十一是", "2.", "3．", "12、", "是", "，", "。", "；", "：", "（", " ", "工", "7"]
    texts = ["".join(chars) for n in range(5) for chars in itertools.product(alphabet, repeat=n)]
    texts += ["主要原因：一是人员调入增加；二是新增项目；四是合同续签。", "完成三项工作。1.修路 2.建桥。3、植树"]
    for (item, breaks, _), (at_start, after_break, _) in zip(_ENUMERATION_FORMS, _ENUMERATIONS, strict=True):
        plain = re.compile(f"(?:^|(?<={breaks})){item}")
        for text in texts:
            got = [
                (m.span("item"), m.span("n"), m.group("item")) for m in _enumeration_items(at_start, after_break, text)
            ]
            assert got == [(m.span(), m.span("n"), m.group(0)) for m in plain.finditer(text)], text


def test_derivations_as_when_every_label_is_ranked_and_its_pairs_tried(monkeypatch):
    from decimal import Decimal

    from checker.align import matcher
    from checker.engine import document_from_text
    from checker.rules.base import Context

    rows = [("基本支出", "120.50"), ("项目支出", "80.25"), ("人员经费", "96.40"), ("公用经费", "24.10")]
    rows += [("差旅费", "3.60"), ("会议费", "0.00"), ("一般公共服务支出", "1,250.00")]
    rows += [(f"专项业务费（{k}）", f"{k}.{k}5") for k in range(1, 19)]  # more cells named alike than are ranked
    table = "支出决算表（单位：万元）\n| 项目 | 决算数 |\n| --- | --- |\n"
    table += "".join(f"| {name} | {value} |\n" for name, value in rows)
    prose = []
    for name, a in rows:
        for other, b in rows:
            x, y = Decimal(a.replace(",", "")), Decimal(b.replace(",", ""))
            for off in ("0", "0.01", "0.5"):
                prose.append(f"{name}{x + y + Decimal(off)}万元，{other}经费{x - y + Decimal(off)}万元。")
            if y:
                share, growth = (x / y * 100).quantize(Decimal("0.01")), ((x - y) / y * 100).quantize(Decimal("0.1"))
                prose.append(f"{name}占{other}的{share}%，增长{growth}%。")
    texts = [table + "\n".join(prose)] + [table + text for text in _phrasing_texts()[::7]]
    documents = [(doc, Context(doc).quantities) for doc in map(document_from_text, texts)]
    gated = [matcher.align(doc, quantities) for doc, quantities in documents]
    assert sum(len(result.derivations) for result in gated) > 50  # the texts state figures that cells make
    # gates every figure passes: each label's cells ranked, each pair of them tried
    monkeypatch.setattr(matcher._CellIndex, "strong_cells", lambda self, label: self.pool)
    monkeypatch.setattr(matcher._CellIndex, "may_add_up", lambda self, label, target: True)
    assert [matcher.align(doc, quantities) for doc, quantities in documents] == gated


def test_doubled_punctuation_as_the_plain_repeat_finds_it():
    import re

    from checker.rules.completeness import _DOUBLED_PUNCT

    plain = re.compile(r"[。，；、：]{2,}")
    alphabet = ["。", "，", "；", "、", "：", "字", ",", " "]
    for n in range(6):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert [m.span() for m in _DOUBLED_PUNCT.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_units_named_before_their_count_as_when_every_paragraph_is_scanned(monkeypatch):
    import re

    from checker.engine import document_from_text
    from checker.explain import counts
    from checker.lexicon import load_yaml

    nouns = load_yaml("cues_composition.yaml")["names_before_count"]["nouns"]
    lists = ["内设办公室、财务科、项目科", "下设综合股、业务股", "共设甲中心（挂乙站牌子）、丙所", "办公室、"]
    numbers = ["3", "等 2", "三", "十二", "4 "]
    words = ["个", "家", "所", "名"]
    texts = [f"{a}{n}{w}{noun}。" for a in lists for n in numbers for w in words for noun in nouns]
    texts += [f"{a}{n}{w}{noun[:1]} {noun[1:]}。" for a in lists for n in numbers for w in words for noun in nouns]
    texts += ["科室、股室个数：3个。", "本局内设办公室、财务科等3个 科室。"] + _phrasing_texts()
    documents = [document_from_text(text) for text in texts]
    gated = [list(counts.names_before_count(doc)) for doc in documents]
    assert sum(map(len, gated)) > len(nouns)  # the texts name units before their count
    count, endings, lead, _ = counts._count_after_names()
    monkeypatch.setattr(counts, "_count_after_names", lambda: (count, endings, lead, re.compile("")))
    assert [list(counts.names_before_count(doc)) for doc in documents] == gated


def test_explanation_cues_as_every_character_tried_finds_them():
    from checker.explain.segments import (
        _MEASURE,
        _MEASURE_STARTS,
        _REASON,
        _REASON_STARTS,
        cue_matches,
    )

    cues = ["偏差原因", "偏 差原 因分析", "偏差原因主要为", "主要原因", "主 要原因有", "原因是", "原因主要为"]
    cues += ["未完成原因", "未达到原因", "未达标原因", "差异原因分析", "超额完成原因", "超出原因", "原因分析"]
    cues += ["改进措施", "下一步改进措施", "改 进措 施和建议", "原因", "主要", "超出", "下一步"]
    afters = ["", "：", " :", "：一是", "，", "在于"]
    fillers = ["", "本年", "因", "主要用于", "下一步工作", "超额完成率120%"]
    texts = [a + c + t + b for a in fillers for c in cues for t in afters for b in fillers]
    texts += [a + b for a in cues for b in cues] + _phrasing_texts()
    for pattern, starts in ((_REASON, _REASON_STARTS), (_MEASURE, _MEASURE_STARTS)):
        assert pattern.match("") is None  # the matches are never empty: the next search starts at the end of one
        for text in texts:
            got = [m.span() for m in cue_matches(pattern, starts, text)]
            assert got == [m.span() for m in pattern.finditer(text)], text


def test_comma_parts_as_the_look_behind_form_finds_them():
    import re

    from checker.explain.segments import _COMMA_PART

    plain = re.compile(r"(?:^|(?<=[，,]))[^，,]+")
    alphabet = ["，", ",", "支", "1", " ", "\n", "。"]
    for n in range(7):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert [m.span() for m in _COMMA_PART.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_item_depths_as_each_sentence_scanned_again_for_its_brackets():
    from checker.engine import document_from_text
    from checker.rules.base import Context
    from checker.statements.sentences import depth, unclosed

    pieces = ["（", "）", "(", ")", "。", "5万元", "8%", "，"]
    texts = ["支出" + "".join(chars) for n in range(1, 5) for chars in itertools.product(pieces, repeat=n)]
    texts += ["支出12万元（其中：甲 4万元；乙 8万元。）合计12万元。", "净增加7万元（一是新增部分5万元，其中：丙2万元。"]
    read = 0
    for ctx in (Context(document_from_text(text)) for text in texts):
        for sentence in (s for sents in ctx.sentences for s in sents):
            text = sentence.paragraph.text
            opens = unclosed(text, sentence.start, sentence.end) if depth(text[sentence.start : sentence.end]) else []
            for item in sentence.items:
                plain = depth(text[sentence.start : item.start]) - sum(o < item.start for o in opens)
                assert item.depth == plain, (text, item.start)
                read += 1
    assert read > len(texts) // 2  # most texts hold a figure to read


def test_prefix_words_looked_for_as_before_every_figure():
    from checker import numbers
    from checker.lexicon import load_yaml

    class Everything:
        def __contains__(self, ch: str) -> bool:
            return True

    units = load_yaml("units.yaml")
    words = sorted({w for ws in units["comparators"].values() for w in ws} | set(units["approx_before"]) | {"第"})
    gaps = ["", " ", "  ", "\t", "\n", "“", '"', "‘", "'", " “"]
    figures = ["12.5万元", "3", "2024年", "98%", "1,200.00", "-5.2%", "五个"]
    texts = [lead + w + gap + f for lead in ("", "收入") for w in words for gap in gaps for f in figures]
    texts += [gap + f for gap in gaps for f in figures] + ["第3章", "约为 “12万元”", "不低于\n90%"]
    vocab = numbers._vocab()
    gated = [numbers.find_quantities(text) for text in texts]
    gate = vocab.prefix_gate
    try:
        vocab.prefix_gate = Everything()  # type: ignore[assignment]
        numbers._found.cache_clear()
        plain = [numbers.find_quantities(text) for text in texts]
    finally:
        vocab.prefix_gate = gate
        numbers._found.cache_clear()
    assert gated == plain


def test_window_tokens_as_spacy_aligns_the_words_to_the_text():
    import random
    from itertools import accumulate

    from checker.nlp.labels import label_numbers
    from checker.nlp.pipeline import Window, _cut_out, _OnceSegmenter, _tokens, _words, label_windows, words_and_spaces
    from checker.numbers import find_quantities

    def plain(window: Window) -> tuple[list[str], list]:
        """The window cut out, its words aligned to it, and each number found at the token whose
        offset (the lengths and trailing spaces of the tokens before it) is its start and which
        ends where it ends, as ``Doc.char_span`` finds it."""
        text, numbers = _cut_out(window)
        tokens, spaces = words_and_spaces(_words(text, numbers, segment), text)
        starts = list(accumulate((len(t) + s for t, s in zip(tokens, spaces)), initial=0))
        spans = [
            (k, original)
            for q, original in zip(numbers, window.numbers)
            if q.start in starts and starts[(k := starts.index(q.start))] + len(tokens[k]) == q.end
        ]
        return tokens, spans

    segment = _OnceSegmenter().words
    rng = random.Random(31)
    pieces = ["基本支出", "全年预算数为", "比上年增加", "，", "。", "（", "）", "“三公”经费", "2024年", "12.50万元"]
    pieces += ["36 142万元", "3.2%", "增长", "完成", "a", "-", " ", "  ", "\t", "\n", " \n ", "\u3000", "万元"]
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        numbers = find_quantities(text)
        if not numbers:
            continue
        start = rng.randint(0, numbers[0].start)
        tokens, spans = plain(Window(text, numbers, start))
        assert len(spans) == len(numbers), text
        assert _tokens(text, numbers, segment, start) == (tokens[: spans[-1][0] + 1], spans), text
        assert list(label_windows([(text, numbers, start)])) == [label_numbers(tokens, spans)[-1]], text


def test_product_with_a_plain_number_as_with_its_exact_interval():
    import random
    from decimal import Decimal

    from checker.arith import Interval

    rng = random.Random(7)
    figures = ["0", "-0", "0.00", "12.345", "-3.5", "100", "1E+2", "2.50", "-0.001", "9999999.99"]
    for _ in range(2000):
        a, b = sorted((Decimal(rng.choice(figures)), Decimal(rng.choice(figures))))
        x = Interval(a, b, Decimal(rng.choice(figures)))
        for v in (Decimal(rng.choice(figures)), rng.randint(-3, 3), rng.choice(figures)):
            got, plain = x * v, x * Interval.exact(v)
            assert [str(d) for d in (got.low, got.high, got.nominal)] == [
                str(d) for d in (plain.low, plain.high, plain.nominal)
            ], (x, v)


def test_activity_figures_as_when_every_paragraph_is_followed(monkeypatch):
    from checker.engine import document_from_text
    from checker.lexicon import load_yaml
    from checker.rules import activity
    from checker.rules.base import Context

    items = load_yaml("activity_counts.yaml")["items"]
    texts = []
    for item in items.values():
        for word, measure, spending in zip(
            item["count_words"], itertools.cycle(item["measures"]), itertools.cycle(item["spending"])
        ):
            texts.append(
                f"2024年{spending}0万元，上年{spending}3.20万元。本年度{word}2{measure}，上年{word}0{measure}。"
            )
            texts.append(f"2024年预算{word}1{measure}。\n年初预算{spending}5.00万元。")
    texts += [
        "公务用车购置费、运行维护费分别为0万元、4.10万元。购置公务用车2辆。",
        "接待3批次来访群众，公务接待费0万元。",
    ]
    contexts = [Context(document_from_text(text)) for text in texts + _phrasing_texts()]
    gated = [list(activity._figures(ctx)) for ctx in contexts]
    assert sum(map(len, gated)) > len(texts)  # the texts state 三公 figures for the gate to keep
    monkeypatch.setattr(activity, "_names_an_item", lambda sentences, vocabulary: True)
    assert [list(activity._figures(ctx)) for ctx in contexts] == gated


def test_any_spending_ending_as_each_item_ending_tried():
    from checker.lexicon import load_yaml
    from checker.rules.activity import _vocabulary

    data = load_yaml("activity_counts.yaml")
    vocabulary = _vocabulary()
    words = [w for item in data["items"].values() for w in item["spending"] + item["count_words"]]
    words += ["基本支出", "会议费", "培训费", "公务", "费", ""]
    tails = ["", *data["spending_tails"], "合计", "万元", "费"]
    labels = [lead + w + tail for lead in ("", "本年", "公务用车") for w in words for tail in tails]
    for label in labels:
        each = any(ending.search(label) for _, ending in vocabulary.spending)
        assert (vocabulary.any_spending.search(label) is not None) == each, label


def test_periods_as_when_every_paragraph_is_scanned(monkeypatch):
    import re

    from checker.statements import equality

    words = equality.cues()["part_year_periods"]
    named = [*words["part"], *words["whole"], "1月至6月", "4 月份", "3-5月", "12月31日", "12月底", "8月29日", "月"]
    texts = [f"{lead}{w}{tail}" for w in named for lead in ("", "今年", "2021年") for tail in ("", "，收入120万元。")]
    texts += ["2023年收入120万元。", "季度", "上半", "年末结余", "", *_phrasing_texts()]
    gated = [equality._periods(text) for text in texts]
    assert sum(bool(ends) for ends, _ in gated) > len(named)  # the texts name periods for the cue to let through
    monkeypatch.setattr(equality, "_period_cue", lambda: re.compile(""))  # a cue every paragraph has
    assert [equality._periods(text) for text in texts] == gated


def test_parts_named_as_each_part_of_each_identity_tried():
    import re

    from checker.engine import document_from_text
    from checker.rules.base import Context
    from checker.statements.composition import _parts_named, identities

    def plain(label: str) -> tuple[frozenset[int], ...]:
        return tuple(
            frozenset(k for k, p in enumerate(ident["parts"]) if re.search(f"(?:{p.pattern})$", label))
            for ident in identities()
            if ident["kind"] == "money" and not ident["subtract"]
        )

    names = [ident["name"] for ident in identities()] + ["非税收入", "其中一般债务", "本年财政拨款收入合计", "收入", ""]
    labels = [lead + name + tail for name in names for lead in ("", "其中", "本年") for tail in ("", "合计", "\n")]
    for text in _phrasing_texts():
        labels += [i.label for sents in Context(document_from_text(text)).sentences for s in sents for i in s.items]
    assert sum(any(plain(label)) for label in labels) > len(names)  # the labels name parts to be found
    for label in labels:
        assert _parts_named.__wrapped__(label) == plain(label), label


def test_complete_by_identity_as_when_each_part_is_tried(monkeypatch):
    import re

    from checker.engine import document_from_text
    from checker.rules.base import Context
    from checker.statements.composition import complete_by_identity, identities

    lists = [
        [p.pattern.replace("(?:", "").replace(")?", "").replace(")", "") for p in i["parts"]] for i in identities()
    ]
    lists += [names[:2] for names in lists] + [[*names, "其他"] for names in lists]
    for text in _phrasing_texts():
        for sents in Context(document_from_text(text)).sentences:
            lists += [[i.label for i in s.items if i.kind == "money"] for s in sents]
            lists += [[f"{i.label}|{i.quantity.label}" for i in s.items if i.kind == "money"] for s in sents]
    options = [{}, {"every_part": True}, {"likely": True}]
    gated = [complete_by_identity(labels, **o) for labels in lists for o in options]
    assert sum(gated) > len(identities())  # the lists make identities for the gate to let through
    for ident in identities():
        monkeypatch.setitem(ident, "any_part", re.compile(""))  # a gate every name passes
    assert [complete_by_identity(labels, **o) for labels in lists for o in options] == gated


def test_deltas_as_when_every_gap_is_searched(monkeypatch):
    import re

    from checker.engine import document_from_text
    from checker.rules.base import Context
    from checker.statements.change import deltas
    from checker.statements.cues import patterns

    p = patterns()
    words = sorted(p.up | p.down)
    own = [f"本年支出120.00万元，比上年{w}20.00万元，{w}16.67%。" for w in words]
    own += [f"收入100.00万元（上年80.00万元），{w}（{w}）20.00万元。" for w in words]
    texts = own + _phrasing_texts()

    def read() -> list[list[tuple[int, ...]]]:
        contexts = [Context(document_from_text(text)) for text in texts]
        return [[deltas(s) for sents in ctx.sentences for s in sents] for ctx in contexts]

    gated = read()
    assert sum(any(d) for per_text in gated for d in per_text) > len(own)  # changes for the gate to keep
    monkeypatch.setattr(p, "change_cue", re.compile(""))  # a gate every sentence passes
    assert read() == gated


def test_opening_characters_as_when_every_branch_is_tried_at_every_character():
    import re

    from checker.statements import equality
    from checker.statements.cues import cues, patterns

    p = patterns()
    c = cues()
    words = c["compare"]["prefixes"] + c["compare"]["bases"] + c["compare"]["standalone"] + c["compare"]["suffixes"]
    words += sorted(p.up | p.down) + c["flat"] + c["flat_hedges"] + c["delta_suffix"]
    words += [*equality.cues()["part_year_periods"]["part"], *equality.cues()["part_year_periods"]["whole"]]
    words += ["2023年", "2023 年度", "１２３４年", "1月至6月", "12月底", "（", "）", "(", "了", "20.00万元", ""]
    texts = [f"{a}{b}" for a in words for b in words] + [f"本年支出120万元，{a}{b}" for a in words for b in words]
    texts += _phrasing_texts()
    for pattern in (p.compare, p.delta_end, p.flat, p.year_compared, equality._period_words()):
        lookahead = re.match(r"\(\?=\[[^\]]*\]\)", pattern.pattern)
        assert lookahead is not None, pattern.pattern
        plain = re.compile(pattern.pattern[lookahead.end() :])
        assert sum(plain.search(text) is not None for text in texts) > 100  # matches for the look-ahead to keep
        for text in texts:
            got = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert got == [(m.span(), m.groups()) for m in plain.finditer(text)], (pattern.pattern, text)


def test_list_marker_removed_as_the_plain_substitution_removes_it():
    from checker.statements.sentences import _LIST_MARKER, without_list_marker

    markers = ["（1）", "(12)", "（ 三 ）", "1.", "2、", "10．", "一、", "十二.", "①", "-", "•", "—", "1", "（", ""]
    texts = [
        f"{lead}{m}{tail}" for lead in ("", " ", "\n ", "　", "其中") for m in markers for tail in ("", "收入", "1、A")
    ]
    for text in texts + _phrasing_texts():
        assert without_list_marker(text) == _LIST_MARKER.sub("", text, count=1), text


def test_declared_kinds_as_when_every_stretch_is_read(monkeypatch):
    import re

    from checker.statements import composition

    kinds = composition.cues()["declared_kinds"]
    texts = [
        f"{lead}{n}{kind}{tail}"
        for lead in ("主要有基本支出和项目支出", "由收入、支出", "本年", "")
        for n in ("两", "二", "2", "三", "")
        for kind in [*kinds, "项", ""]
        for tail in ("，其中：基本支出10万元", "构成。", "")
    ]
    names = [["基本支出", "项目支出"], ["收入", "支出"], ["基本支出"], ["本年", "收入", "支出"]]

    def read() -> list[bool]:
        return [
            composition._names_declared_kinds(t, a, b, ns)
            for t in texts
            for a, b in ((0, len(t)), (2, len(t) - 1), (0, 6))
            for ns in names
        ]

    gated = read()
    assert sum(gated) > 10  # declarations for the gate to let through
    monkeypatch.setattr(composition, "_kinds_word", lambda: re.compile(""))  # a gate every stretch passes
    assert read() == gated


def test_named_wholes_as_when_every_sentence_is_read(monkeypatch):
    import re

    from checker.engine import document_from_text
    from checker.rules.base import Context
    from checker.statements import composition

    suffixes = composition.cues()["whole_suffixes"]
    own = [
        f"“三公”经费支出决算100.00万元。“三公”经费支出决算{w}，因公出国（境）费30.00万元，公务接待费70.00万元。"
        for w in [*suffixes, *(s + "：" for s in suffixes), "方面"]
    ]
    own += [f"基本支出80.00万元。基本支出{w}人员经费50.00万元，公用经费30.00万元。" for w in suffixes]
    contexts = [Context(document_from_text(text)) for text in own + _phrasing_texts()]

    def read() -> list[list[composition.Composition]]:
        return [
            composition._of_named_whole(ctx.sentences, p, s)
            for ctx in contexts
            for p, sents in enumerate(ctx.sentences)
            for s in sents
        ]

    gated = read()
    assert sum(map(len, gated)) >= len(suffixes)  # wholes for the gate to let through
    monkeypatch.setattr(composition, "_whole_suffix", lambda: re.compile(""))  # a gate every sentence passes
    assert read() == gated
