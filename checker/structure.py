"""Headings, the section tree, and what kind of report a document is (and whose, and when)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Sequence

from checker.lexicon import load_yaml
from checker.model import Block, Document, DocumentKind, Heading, Paragraph, Section, Table
from checker.numbers import CN_DIGITS

_CN = "零〇一二两三四五六七八九十百"


def chinese_ordinal(text: str) -> int | None:
    """Value of a small Chinese numeral as used in headings (一 … 九十九); None if not one."""
    if not text or text.strip(_CN):  # a character that is not a numeral is left
        return None
    if "百" in text:
        head, _, rest = text.partition("百")
        hundreds = CN_DIGITS.get(head, 1) if head else 1
        tail = chinese_ordinal(rest.lstrip("零〇")) if rest else 0
        return None if tail is None else hundreds * 100 + tail
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = CN_DIGITS.get(head) if head else 1
        ones = CN_DIGITS.get(tail) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(text) == 1:
        return CN_DIGITS.get(text)
    return None


def item_number(text: str) -> int:
    """The number of a list marker's digits or numeral (12, 十二); 0 if neither."""
    return int(text) if text.isdigit() else chinese_ordinal(text) or 0


# The marker that opens a paragraph of a list, by numbering style; the text after it must be
# words, not a figure (1.71 | is a table cell, 15.8% the tail of a wrapped line) — a year is
# words (二、2021年度单位决算公开表).
LIST_MARKER = re.compile(
    r"\s{0,3}(?:(?P<cn>[一二三四五六七八九十]{1,3})\s{0,2}[、．.]|[（(]\s{0,2}(?P<cnp>[一二三四五六七八九十]{1,3})\s{0,2}[)）]"
    r"|(?P<dot>\d{1,2})\s{0,2}(?:[、．]|\.(?!\d))|[（(]\s{0,2}(?P<dp>\d{1,2})\s{0,2}[)）]|(?P<circ>[①-⑳]))"
    r"(?=\s{0,2}(?:[\u4e00-\u9fff“\"（(《]|(?:19|20)\d\d\s{0,2}年))"
)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# a run of dashes opening a line (——, -----) bullets an item as a numeral would; a writer may vary the
# run's length from item to item, so every run is one style
DASH_BULLET = r"[-—–－─]{2,}"
# The usual rank of each style (一、 > （一） > 1. > （1） > ①), as heading levels count them: a
# heading closes the lists of deeper styles that are open.
STYLE_RANK = {"cn": 1, "cnp": 2, "dot": 3, "dp": 4, "circ": 5}


def list_item(text: str, at: int = 0) -> tuple[str, int, re.Match] | None:
    """(numbering style, number, match) of the list marker at ``at`` (a paragraph's start)."""
    m = LIST_MARKER.match(text, at)
    return None if m is None else list_item_of(m)


def list_item_of(m: re.Match) -> tuple[str, int, re.Match] | None:
    style = m.lastgroup or ""
    value = m.group(style)
    number = CIRCLED.index(value) + 1 if style == "circ" else item_number(value)
    return (style, number, m) if number else None


# 二、三、四标段 (a line break before a list of numerals) is no heading; 二、三公经费 is
_NUMERAL_RUN = re.compile(rf"[{_CN}]{{1,3}}\s*[、，,]")

# Order matters: the first pattern that matches decides the level.
_HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^\s*(第([{_CN}]+|\d+)部分)\s*(.*)$")),
    (1, re.compile(rf"^\s*(([{_CN}]+)\s*[、．.])\s*(.*)$")),
    # "（二）" and the same level written with its closing bracket only, "二）"
    (2, re.compile(rf"^\s*([（(]?\s*([{_CN}]+)\s*[)）])\s*(.*)$")),
    # "1." but not "1.5" — a digit right after the dot is a decimal number, not a heading.
    (3, re.compile(r"^\s*((\d{1,2})\s*(?:[、．]|\.(?!\d)))\s*(.*)$")),
    # "(1)" and the same level written with its closing bracket only, "1）"
    (4, re.compile(r"^\s*([（(]?\s*(\d{1,2})\s*[)）])\s*(.*)$")),
)
SECTION_MARK = re.compile(rf"[{_CN}]{{1,3}}\s*、|第[{_CN}]+部分")
"""A numbered heading's mark anywhere in a text (…正常运转二、项目资金使用…: headings run into prose)."""
_MAX_HEADING_CHARS = 60
_MARKER_START = frozenset(f"第{_CN}（(")
_BOOKMARK = re.compile(r"^\[bookmark:[^\]]*\]")
FIGURE = re.compile(r"[-+]?\d[\d,]{0,20}(?:\.\d{1,8})?%?")
"""A figure written alone: 1,206.50, -3, 12.5%."""


@lru_cache(maxsize=1)
def _choice_boxes() -> frozenset[str]:
    return frozenset(load_yaml("scoring.yaml")["form_choice_boxes"])


def _table_row(title: str) -> bool:
    """A table row flattened into a line (一、财政拨款收入 100.00 90.00, or cells split by pipes)
    starts like a heading; its trailing figures give it away. So do the check boxes of a form's
    choice line (1、部门预算项目 ☑ 2、县直专项 □)."""
    if "|" in title or "｜" in title or not _choice_boxes().isdisjoint(title):
        return True
    tokens = title.split()
    trailing = 0
    while trailing < len(tokens) - 1 and FIGURE.fullmatch(tokens[-1 - trailing]):
        trailing += 1
    if trailing >= 2 or trailing == 1 and "." in tokens[-1]:
        return True
    # a row of a side-by-side statement read without its grid (一、… 1,100.00 一、… 836.50…): an amount
    # standing alone, then the next panel's item opening with its mark
    amount = next((k for k, token in enumerate(tokens) if "." in token and FIGURE.fullmatch(token)), None)
    return amount is not None and any(SECTION_MARK.match(token) for token in tokens[amount + 1 :])


def parse_heading(text: str) -> Heading | None:
    """Recognise a numbered heading line.

    Long lines that start with a marker are list items inside the running text ("（1）贯彻落实…。"),
    not headings: a heading is short and does not end a sentence.
    """
    line = (_BOOKMARK.sub("", text, count=1) if text.startswith("[bookmark:") else text).strip()
    if not line or len(line) > _MAX_HEADING_CHARS or line.endswith(("。", "；", ";")):
        return None
    if line[0] not in _MARKER_START and not line[0].isdecimal():
        return None  # every marker opens with 第, a Chinese numeral, a bracket or a digit
    for level, pattern in _HEADING_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        number_text = m.group(2)
        number = int(number_text) if number_text.isdigit() else chinese_ordinal(number_text)
        title = m.group(3).strip()
        if number is None or not title or _table_row(title) or level == 1 and _NUMERAL_RUN.match(title):
            return None
        return Heading(level=level, number=number, marker=m.group(1).strip(), title=title)
    return None


def outline_level(text: str) -> int | None:
    """How deep the mark that numbers ``text`` stands (第一部分 0, 一、 1, （一） 2, 1、 3, （1） 4), or
    None: the heading levels, for lines that need not be headings (a table row's name)."""
    line = text.lstrip()
    if not line or line[0] not in _MARKER_START and not line[0].isdecimal():
        return None
    return next((level for level, pattern in _HEADING_PATTERNS if pattern.match(line)), None)


def build_sections(blocks: Sequence[Block]) -> tuple[Section, ...]:
    """Nest headings by level; a heading closes every open section of its level or deeper."""
    roots: list[dict] = []
    stack: list[dict] = []
    for block in blocks:
        if not isinstance(block, Paragraph) or block.heading is None:
            continue
        node = {"heading": block.heading, "block": block.id, "children": []}
        while stack and stack[-1]["heading"].level >= block.heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)

    def freeze(node: dict) -> Section:
        return Section(node["heading"], node["block"], tuple(freeze(c) for c in node["children"]))

    return tuple(freeze(n) for n in roots)


def _leading_text(blocks: Iterable[Block], limit: int = 3000) -> str:
    parts: list[str] = []
    size = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(c.text for c in block.cells())
        size += len(parts[-1]) if parts else 0
        if size > limit:
            break
    return "\n".join(parts)


def detect_kind(blocks: Sequence[Block]) -> DocumentKind:
    """Classify by the title area first, then by the vocabulary of the whole text."""
    head = re.sub(r"\s+", "", _leading_text(blocks, 600))
    whole = _leading_text(blocks, 10**9)
    if re.search(r"整体支出绩效(自评|评价)", head):
        return "overall_selfeval"
    if re.search(r"决算(情况)?说明|部门决算|单位决算", head) or whole.count("决算") >= 20:
        return "final_accounts"
    # 项目支出绩效自评表, but also 项目自评表 and 绩效目标自评表 (forms titled by their fund)
    if re.search(r"项目支出绩效自评|绩效自评(工作)?(情况)?(报告|总结)|项目(绩效)?自评表|绩效目标自评表", head):
        return (
            "project_selfeval"
            if re.search(r"项目(支出)?(绩效)?自评表|绩效目标自评表|执行率", whole)
            else "overall_selfeval"
        )
    if re.search(r"预算(编制)?(情况)?说明|部门预算|单位预算", head):
        return "budget"
    if "项目支出绩效自评表" in whole:
        return "project_selfeval"
    return "unknown"


_YEAR = re.compile(r"(20\d{2})\s*年(?:度)?")


_TITLE_LINES = 3
_TITLE_CHARS = 60
_TITLE_WORDS = re.compile(r"决算|预算|绩效|自评|三公")
_SENTENCE_MARKS = re.compile(r"[。；;，,]")  # a title is no sentence (…较2022年预算增长33.74%。…)


def detect_year(blocks: Sequence[Block]) -> int | None:
    """The fiscal year the report is about: the year of its title (a short line among the first
    that names a report: XX局2022年“三公”经费预算情况, whose text may name 2021 more often in its
    comparisons), else the most frequent 20xx年度 near the top."""
    for block in blocks[:_TITLE_LINES]:
        text = block.text if isinstance(block, Paragraph) else ""
        titled = len(text.strip()) <= _TITLE_CHARS and _TITLE_WORDS.search(text) and not _SENTENCE_MARKS.search(text)
        year = _YEAR.search(text) if titled else None
        if year:
            return int(year.group(1))
    head = _leading_text(blocks, 4000)
    years = Counter(int(y) for y in re.findall(r"(20\d{2})\s*年度", head))
    if not years:
        years = Counter(int(y) for y in _YEAR.findall(head))
    return years.most_common(1)[0][0] if years else None


_ORG_SUFFIX = (
    r"(?:管理委员会|委员会|管委会|人民政府|办公室|事务中心|服务中心|中心|财政局|局|"
    r"委|办|厅|院|所|站|队|馆|部|社|会|公司)"
)
_ORG = re.compile(rf"([\u4e00-\u9fff（）()]{{4,60}}?{_ORG_SUFFIX})(?:[（(][^）)]{{2,60}}[）)])?")


def detect_unit(blocks: Sequence[Block]) -> str | None:
    """The reporting unit's name: from the title lines, else a 单位名称 cell, else the prose."""
    head = _leading_text(blocks, 400)
    for line in head.splitlines()[:6]:
        line = re.sub(r"\s+", "", line)
        line = re.sub(r"^.{0,12}名称(?:[（(]公章[)）])?[:：]", "", line)
        m = re.match(rf"^(.{{4,60}}?{_ORG_SUFFIX}(?:[（(][^）)]+[）)])?)(?:20\d{{2}}|部门|单位|$)", line)
        if m:
            return m.group(1)
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                texts = [c.text.strip() for c in row]
                for i, t in enumerate(texts[:-1]):
                    # In a list of units 单位名称 heads a column ("序号|单位名称|备注"): the cell to
                    # its right is another header, not a name.
                    if t in ("单位名称", "部门名称", "主管部门") and len(texts[i + 1]) >= 4:
                        return texts[i + 1]
    whole = _leading_text(blocks, 8000)
    m = re.search(
        r"(?:^|[\n。，])([\u4e00-\u9fff]{4,40}?(?:管理委员会|委员会|管委会|局|办公室|中心))"
        r"(?:[（(][^）)]{2,60}[）)])?(?:20\d{2}年|无下属|下设|是|为|主要职能)",
        whole,
    )
    return m.group(1) if m else None


_TOC_TITLE = re.compile(r"^\s*目\s*[录次]\s*$")


def is_flattened_cell(block: Block, after: Block | None) -> bool:
    """A table flattened one cell per line (一、一般公共预算财政拨款收入, then its 行次 1, then 440.55)
    opens its rows like headings or list items: a paragraph whose next paragraph is a bare figure
    is such a cell. A page's table copied as text may close each cell with its pipe (890,176 |),
    or put that pipe on a line of its own (一、公共预算拨款 / | / 404.77 / |): a paragraph closed by
    a lone pipe is a cell whatever follows (an empty cell, a label of the panel beside it)."""
    if not isinstance(block, Paragraph) or not isinstance(after, Paragraph):
        return False
    following = after.text.strip()
    return following in ("|", "｜") or bool(FIGURE.fullmatch(following.rstrip("|｜").rstrip()))


def drop_cell_headings(blocks: Sequence[Block]) -> list[Block]:
    """Headings that are the cells of a table flattened one cell per line are no headings."""
    out = list(blocks)
    for i in range(len(out) - 1):
        block = out[i]
        if isinstance(block, Paragraph) and block.heading is not None and is_flattened_cell(block, out[i + 1]):
            out[i] = replace(block, heading=None)
    return out


def drop_toc_headings(blocks: Sequence[Block]) -> list[Block]:
    """Headings listed in a table of contents (目录) are entries, not sections.

    The entries run from the 目录 line until the first entry's heading appears again, which is
    where the body starts; without that repetition nothing is changed.
    """
    out = list(blocks)
    start = next((i for i, b in enumerate(out[:80]) if isinstance(b, Paragraph) and _TOC_TITLE.match(b.text)), None)
    if start is None:
        return out
    entries = [i for i in range(start + 1, len(out)) if isinstance(out[i], Paragraph) and out[i].heading is not None]
    if not entries:
        return out
    first = out[entries[0]].heading
    key = (first.level, first.number, re.sub(r"[\s.…·]+\d*$", "", first.title))
    body = next(
        (i for i in entries[1:] if (out[i].heading.level, out[i].heading.number, out[i].heading.title) == key), None
    )
    if body is None:
        return out
    for i in range(start + 1, body):
        if isinstance(out[i], Paragraph) and out[i].heading is not None:
            out[i] = replace(out[i], heading=None)
    return out


def section_titles(document: Document) -> dict[str, str]:
    """For each top-level block, the heading path it lies under ("一、… › （二）…"); '' before any."""
    path: list[tuple[int, str]] = []
    titles: dict[str, str] = {}
    joined = ""  # the path changes only at a heading: joined there, not once per block
    for block in document.blocks:
        if isinstance(block, Paragraph) and block.heading is not None:
            level = block.heading.level
            path = [p for p in path if p[0] < level]
            path.append((level, block.text.strip()))
            joined = " › ".join(t for _, t in path)
        titles[block.id] = joined
    return titles
