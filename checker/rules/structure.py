"""Numbering, counts and duplicates: a list or heading sequence that disagrees with itself."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterable, Iterator

from rapidfuzz import fuzz

from checker.lexicon import alternation, load_yaml
from checker.explain.counts import duplicate_subjects, indicator_rates, listed_names, stated_counts
from checker.model import Block, Paragraph, Section, Table
from checker.rules.base import Context, Outcome, Result, Rule
from checker.structure import (
    CIRCLED,
    LIST_MARKER,
    STYLE_RANK,
    is_flattened_cell,
    item_number,
    list_item,
    list_item_of,
)

_CN_NUMERALS = "零一二三四五六七八九十"
# a short paragraph ending on a colon that addresses the hearers (各位代表：): a speech begins
_SALUTATION = re.compile(
    rf"^\s{{0,3}}[^。；;\d]{{0,16}}(?:{alternation(load_yaml('structure.yaml')['salutations'])})[^。；;\d]{{0,16}}[:：]\s*$"
)


def _numeral(level: int, number: int) -> str:
    """The marker a heading of ``level`` with ``number`` would have (一、 （二） 3. （4）)."""
    if level in (3, 4):
        digits = str(number)
    elif number <= 10:
        digits = _CN_NUMERALS[number]
    elif number < 20:
        digits = "十" + (_CN_NUMERALS[number - 10] if number > 10 else "")
    else:
        digits = _CN_NUMERALS[number // 10] + "十" + (_CN_NUMERALS[number % 10] if number % 10 else "")
    return {0: f"第{digits}部分", 1: f"{digits}、", 2: f"（{digits}）", 3: f"{digits}.", 4: f"（{digits}）"}[level]


def _marker_body(level: int, number: int) -> str:
    numeral = _numeral(level, number)
    core = re.escape(numeral.strip("（）、."))
    if level in (2, 4):
        # 4) without its opening bracket is read as a heading of this level too
        return rf"(?:[（(]\s{{0,3}}{core}\s{{0,3}}[)）]|{core}\))"
    if level == 0:
        return re.escape(numeral)
    return rf"{core}\s{{0,3}}[、．.]"


def _marker_pattern(level: int, number: int) -> re.Pattern[str]:
    return re.compile(rf"^\s{{0,3}}[-•·*]?\s{{0,3}}{_marker_body(level, number)}")


def _run_on_pattern(level: int, number: int) -> re.Pattern[str] | None:
    """The marker inside a line, right after a title's last character and before the next title
    (not after a digit: 2016、 is a year); 第X部分 is also how the text refers to a part, so it
    is left out."""
    if level == 0:
        return None
    return re.compile(rf"(?<=[\u4e00-\u9fff）)]){_marker_body(level, number)}\s{{0,3}}[\u4e00-\u9fff]")


def _sibling_runs(sections: tuple[Section, ...]) -> Iterator[tuple[Section | None, list[Section], set[int]]]:
    """(parent, one numbered run of its children, numbers used by the parent's other runs).

    A run restarts when the numbering goes back to 1: a table of contents followed by the body,
    or two lists under one heading.
    """
    stack: list[tuple[Section | None, tuple[Section, ...]]] = [(None, sections)]
    while stack:
        parent, children = stack.pop()
        by_level: dict[int, list[list[Section]]] = {}
        for child in children:
            runs = by_level.setdefault(child.heading.level, [])
            if not runs or (child.heading.number == 1 and runs[-1][-1].heading.number > 1):
                runs.append([])
            runs[-1].append(child)
            stack.append((child, child.children))
        for runs in by_level.values():
            for run in runs:
                others = {s.heading.number for r in runs if r is not run for s in r}
                yield parent, run, others


class _Numbering:
    """Paragraph order and helpers shared by the heading rules."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.paragraphs = [b for b in ctx.document.blocks if isinstance(b, Paragraph)]
        self.index = {p.id: i for i, p in enumerate(self.paragraphs)}

    @cached_property
    def following(self) -> dict[str, Block]:
        """Block id → the block after it (once per check, not once per gap)."""
        blocks = self.ctx.document.blocks
        return {b.id: n for b, n in zip(blocks, blocks[1:])}

    def between(self, first: str | None, last: str) -> list[Paragraph]:
        start = self.index[first] + 1 if first in self.index else 0
        return self.paragraphs[start : self.index.get(last, start)]

    def announced(self, block: str) -> bool:
        """The paragraph before ``block`` ends on a colon (…二级预算单位包括：): ``block`` opens the list
        it announces, whatever the numbers of the headings around."""
        k = self.index.get(block, 0)
        return k > 0 and self.paragraphs[k - 1].text.rstrip().endswith(("：", ":"))

    def salutation_between(self, first: str, last: str) -> bool:
        """A salutation (各位代表：) stands between the two: a speech starts, with an outline of its own."""
        return any(_SALUTATION.search(p.text) for p in self.between(first, last))

    def marker_present(self, level: int, number: int, first: str | None, last: str) -> bool:
        """The marker is written but was not read as a heading (a bullet in front, a long line),
        or it runs on in the previous heading's line (…决算录入表16、社会保险基金…: a lost line break)."""
        pattern = _marker_pattern(level, number)
        if any(pattern.match(p.text) for p in self.between(first, last)):
            return True
        previous = self.paragraphs[self.index[first]] if first in self.index else None
        run_on = _run_on_pattern(level, number)
        return previous is not None and run_on is not None and run_on.search(previous.text) is not None

    def listed_title(self, level: int, number: int, first: str | None, last: str) -> Paragraph | None:
        """The body line that matches a contents entry "第二部分 XX局2024年度部门决算表" without
        its number: the section is there, only unnumbered."""
        pattern = _marker_pattern(level, number)
        titles = [
            re.sub(r"\s+", "", p.text[m.end() :])
            for p in self.paragraphs
            if (m := pattern.match(p.text)) and 4 <= len(p.text) - m.end() <= 60
        ]
        for p in self.between(first, last):
            text = re.sub(r"\s+", "", p.text)
            if p.heading is None and any(fuzz.ratio(text, t) >= _TITLE_SIMILARITY for t in titles):
                return p
        return None

    def unnumbered_title(self, first: str | None, last: str) -> Paragraph | None:
        """A short line between two siblings that reads like a section title (…情况, …分析) and
        carries no marker of its own: the heading that lost its number."""
        following = self.following
        for p in self.between(first, last):
            text = p.text.strip()
            if (
                p.heading is None
                and 4 <= len(text) <= 30
                and _SECTION_TITLE.search(text)
                and not _MARKER_START.match(text)
                and not re.search(r"\d", text)
                and not isinstance(following.get(p.id), Table)
            ):
                return p
        return None


_TITLE_SIMILARITY = 85
_SECTION_TITLE = re.compile(r"(?:情况|说明|分析|问题|措施|建议|结论|概况|评价|成效|做法|原因|意见)[:：]?$")
_MARKER_START = re.compile(
    r"^\s{0,3}(?:[-•·*]|[（(]?\s{0,2}[\d一二三四五六七八九十]{1,3}\s{0,2}[)）、.．]|第[一二三四五六七八九十\d]+部分)"
)


def _mixed_style(run: list[Section], i: int) -> bool:
    """（一） followed by （2）（3）（4） then （五）: the gap is filled by the other numeral style."""
    a, b = run[i - 1], run[i]
    inner = [c.heading.number for c in a.children if c.heading.level != a.heading.level]
    return inner == list(range(a.heading.number + 1, b.heading.number))


def _parents(sections: tuple[Section, ...]) -> dict[str, Section | None]:
    """Heading block id → the section it sits in (None at the top)."""
    out: dict[str, Section | None] = {}
    stack: list[tuple[Section | None, tuple[Section, ...]]] = [(None, sections)]
    while stack:
        parent, children = stack.pop()
        for child in children:
            out[child.block] = parent
            stack.append((child, child.children))
    return out


def _before_parent(
    parents: dict[str, Section | None], roots: tuple[Section, ...], parent: Section, first: Section
) -> Section | None:
    """（1）资金到位情况 … 3、资金到位率100% （2）资金使用情况: a document that numbers （1） above
    1、 makes the tree put （2） under the 3、 line, while （1） is that line's earlier sibling. The
    last heading of （2）'s level among the parent's earlier siblings is where its run goes on from."""
    grandparent = parents.get(parent.block)
    siblings = grandparent.children if grandparent else roots
    before = siblings[: next(i for i, s in enumerate(siblings) if s.block == parent.block)]
    same = [s for s in before if s.heading.level == first.heading.level]
    return same[-1] if same else None


def _continues_parent(parent: Section | None, run: list[Section]) -> bool:
    """（一） with children （2）（3）: the children carry on the parent's count in another style."""
    return (
        parent is not None
        and parent.heading.level != run[0].heading.level
        and run[0].heading.number == parent.heading.number + 1
    )


class HeadingNumberGap(Rule):
    """A numbered heading is missing from a sequence (一、 then 三、).

    What it checks:
        Sibling headings of one level (第X部分, 一、, （一）, 1., （1）) must count up without gaps.
        When a number is skipped, the finding points at an unnumbered title line between the two
        headings if there is one (it is usually the heading that lost its number), else at the
        heading after the gap. A marker that is written but was not read as a heading (a bullet
        in front of it) does not count as missing.

    Why it matters:
        A skipped number means a section was deleted or its number dropped; readers and the
        reviewer's references (见第二部分) then point at the wrong place.

    Example (flagged):
        ```text
        一、基本情况
        本单位为行政单位。
        预算执行情况
        本年执行率为96.20%。
        三、存在的问题
        无。
        ```

    Compliant:
        ```text
        一、基本情况
        本单位为行政单位。
        二、预算执行情况
        本年执行率为96.20%。
        三、存在的问题
        无。
        ```
    """

    code = "STR001"
    name = "heading-number-gap"
    category = "structure"
    severity = "warning"
    message = "标题编号缺失：{before} 之后是 {after}，缺少 {missing}"

    def check(self, ctx: Context) -> Iterable[Result]:
        numbering = _Numbering(ctx)
        parents = _parents(ctx.document.sections)
        for parent, run, elsewhere in _sibling_runs(ctx.document.sections):
            level = run[0].heading.level
            previous: Section | None = None
            carried = None
            for i, section in enumerate(run):
                if previous is None and parent is not None:
                    previous = carried = _before_parent(parents, ctx.document.sections, parent, section)
                expected = previous.heading.number + 1 if previous else 1
                number = section.heading.number
                if previous is not None and number <= previous.heading.number:
                    previous = section
                    continue  # repeats and reversals belong to STR002/STR003
                if number == expected or (previous is None and parent is None):
                    # the first top-level heading may follow a preamble or be an excerpt's start
                    yield Outcome.passed()
                elif (i > 0 and _mixed_style(run, i)) or (carried is None and _continues_parent(parent, run)):
                    pass  # reported by STR003 as a style mix
                else:
                    after_block = previous.block if previous else (parent.block if parent else None)
                    missing = [
                        n
                        for n in range(expected, number)
                        if not numbering.marker_present(level, n, after_block, section.block)
                    ]
                    if missing:
                        listed = [numbering.listed_title(level, n, after_block, section.block) for n in missing]
                        target = (listed[0] if all(listed) else None) or numbering.unnumbered_title(
                            after_block, section.block
                        )
                        block = target or ctx.document.block(section.block)
                        before = _numeral(level, previous.heading.number) if previous else "（开头）"
                        # the contents list numbers it and the body has the title without its
                        # number (a common layout for the 决算表 part), or the contents list has
                        # it and the body heading sits on a table page: only worth a look
                        severity = "info" if all(listed) or all(n in elsewhere for n in missing) else None
                        yield self.finding(
                            ctx,
                            block.locate(),
                            severity=severity,
                            before=before,
                            after=section.heading.marker,
                            missing="、".join(_numeral(level, n) for n in missing)
                            + (f"（疑为“{target.text.strip()}”）" if target else ""),
                            stated=section.heading.marker,
                            expected=_numeral(level, missing[0]),
                        )
                    else:
                        yield Outcome.passed()
                previous = section


class HeadingNumberRepeated(Rule):
    """The same heading number is used twice in a row of siblings (二、 … 二、).

    What it checks:
        Sibling headings of one level with the same number.

    Why it matters:
        A repeated number usually means a section was pasted twice or renumbering was forgotten.

    Example (flagged):
        ```text
        一、基本情况
        本单位为行政单位。
        二、收入情况
        本年收入120.00万元。
        二、支出情况
        本年支出118.00万元。
        ```

    Compliant:
        ```text
        一、基本情况
        本单位为行政单位。
        二、收入情况
        本年收入120.00万元。
        三、支出情况
        本年支出118.00万元。
        ```
    """

    code = "STR002"
    name = "heading-number-repeated"
    category = "structure"
    severity = "warning"
    message = "标题编号重复：{marker} 出现两次（“{first}”与“{second}”）"

    def check(self, ctx: Context) -> Iterable[Result]:
        numbering = _Numbering(ctx)
        for _, run, _ in _sibling_runs(ctx.document.sections):
            for a, b in zip(run, run[1:]):
                if a.heading.number == b.heading.number and not (
                    # the numbers before b's stand as paragraphs between the two (3.职责 1. … 2. …
                    # 3. …): b is the last item of a list written under a, read as a heading
                    b.heading.number > 1
                    and numbering.marker_present(b.heading.level, b.heading.number - 1, a.block, b.block)
                    # 1.机构设置 … 单位包括： 1.本级: b is the first item of the list a colon announces
                    or b.heading.number == 1
                    and (numbering.announced(b.block) or numbering.salutation_between(a.block, b.block))
                ):
                    yield self.finding(
                        ctx,
                        ctx.document.block(b.block).locate(),
                        marker=b.heading.marker,
                        first=a.heading.title,
                        second=b.heading.title,
                        related=[ctx.block(a.block).locate()],
                        stated=b.heading.marker,
                    )
                else:
                    yield Outcome.passed()


class HeadingNumberOrder(Rule):
    """Heading numbers out of order, or two numeral styles mixed in one sequence.

    What it checks:
        Sibling headings whose number goes down (三、 after 四、), and sequences such as （一）
        （2）（3）（4）（五） where some items use the other numeral style.

    Why it matters:
        Usually a cosmetic slip, but it often marks text pasted from another report.

    Example (flagged):
        ```text
        （一）收入情况
        本年收入120.00万元。
        （2）支出情况
        本年支出118.00万元。
        （三）结余情况
        年末结余2.00万元。
        ```

    Compliant:
        ```text
        （一）收入情况
        本年收入120.00万元。
        （二）支出情况
        本年支出118.00万元。
        （三）结余情况
        年末结余2.00万元。
        ```
    """

    code = "STR003"
    name = "heading-number-order"
    category = "structure"
    severity = "info"
    message = "标题编号{what}：{detail}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for _, run, _ in _sibling_runs(ctx.document.sections):
            for i in range(1, len(run)):
                a, b = run[i - 1], run[i]
                block = ctx.block(b.block)
                if b.heading.number < a.heading.number:
                    yield self.finding(
                        ctx,
                        block.locate(),
                        what="顺序颠倒",
                        detail=f"{b.heading.marker} 在 {a.heading.marker} 之后",
                        stated=b.heading.marker,
                        related=[ctx.block(a.block).locate()],
                    )
                elif b.heading.number > a.heading.number + 1 and _mixed_style(run, i):
                    odd = [c for c in a.children if c.heading.level != a.heading.level]
                    markers = "".join(c.heading.marker for c in odd)
                    yield self.finding(
                        ctx,
                        ctx.block(odd[0].block).locate(),
                        what="格式混用",
                        detail=f"{a.heading.marker} 与 {b.heading.marker} 之间用了 {markers}",
                        stated=odd[0].heading.marker,
                        expected=_numeral(a.heading.level, a.heading.number + 1),
                    )
                else:
                    yield Outcome.passed()


# Enumerations inside a paragraph or cell: 一是…；二是… and 1.…。2.… after a sentence break.
# Each comes with its item alone (a numeral and what must follow it), which any match holds:
# one quick scan for it passes over the many cells and lines without one. The item is matched at
# the text's start, or after the break that opens it, the break consumed (``_enumeration_items``):
# the regex engine then skips along to the breaks in C, where a look-behind for one would be tried
# at every character.
_CN_NUMERAL = "[一二三四五六七八九十]"
_DOT = r"\s{0,3}[.．、]"
_ITEM_TEXT = r"\s{0,3}[\u4e00-\u9fff“（(]"
_ENUMERATION_FORMS = (
    # (the item, the breaks after which one starts, what any item holds)
    (rf"\s{{0,3}}(?P<n>{_CN_NUMERAL}{{1,3}})是", "[，,。；;：:！？（(]", rf"{_CN_NUMERAL}是"),
    (rf"\s{{0,3}}(?P<n>\d{{1,2}}){_DOT}(?={_ITEM_TEXT})", "[。；;：:！？]", rf"\d{_DOT}{_ITEM_TEXT}"),
)
_ENUMERATIONS = tuple(
    (re.compile(f"(?P<item>{item})"), re.compile(f"{breaks}(?P<item>{item})"), re.compile(held))
    for item, breaks, held in _ENUMERATION_FORMS
)


def _enumeration_items(at_start: re.Pattern[str], after_break: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The items of ``text`` in order (each its group ``item``): one at its start, then one after
    each break, from where the one before ended (an item ends in 是 or a dot, never in a break)."""
    first = at_start.match(text)
    if first is not None:
        yield first
    yield from after_break.finditer(text, first.end() if first is not None else 0)


_LARGEST_GAP = 3  # a jump by more than this is not a miscount but something else (a quoted clause number)


class EnumerationNumberGap(Rule):
    """Items of an enumeration inside a paragraph are skipped or repeated (一是…二是…四是…).

    What it checks:
        Reasons, measures and tasks listed inside one paragraph or table cell as 一是…二是… or
        1.…2.… (a number after a sentence break, followed by text). From an item numbered 1 on,
        each item must be one more than the one before. A list whose first item is not 1 carries
        on from an earlier paragraph and is not judged — unless it starts at 2 after the colon of
        its own sentence ("主要原因是：…；二是…"), where the first marker was lost.

    Why it matters:
        A skipped or doubled number means an item was deleted or pasted twice, or the count the
        reader is given (三个方面) no longer matches the list.

    Example (flagged):
        ```text
        主要原因：一是人员调入增加工资支出；二是新增信息化运维项目；四是物业服务合同续签。
        ```

    Compliant:
        ```text
        主要原因：一是人员调入增加工资支出；二是新增信息化运维项目；三是物业服务合同续签。
        ```
    """

    code = "STR004"
    name = "enumeration-number-gap"
    category = "structure"
    severity = "warning"
    message = "列举序号{what}：{detail}"

    def check(self, ctx: Context) -> Iterable[Result]:
        blocks = [b for b in ctx.document.blocks if isinstance(b, Paragraph)]
        blocks += [c for t in ctx.document.blocks if isinstance(t, Table) for row in t.rows for c in row]
        for block in blocks:
            for at_start, after_break, item in _ENUMERATIONS:
                if not item.search(block.text):
                    continue
                previous: tuple[int, re.Match] | None = None
                for m in _enumeration_items(at_start, after_break, block.text):
                    number = item_number(m.group("n"))
                    marker = m.group("item").strip()
                    if number == 1:
                        previous = (number, m)
                        continue
                    if previous is None:
                        if number == 2 and _opens_in_sentence(block.text, m):
                            yield self.finding(
                                ctx,
                                block.locate(m.start("n"), m.end()),
                                what="缺失",
                                detail=f"列举从“{marker}”开始，缺少“{_item_marker(m, 1)}”",
                                stated=marker,
                                expected=_item_marker(m, 1),
                            )
                            previous = (number, m)
                        continue
                    last, last_match = previous
                    if number == last + 1:
                        yield Outcome.passed()
                    elif number == last:
                        yield self.finding(
                            ctx,
                            block.locate(m.start("n"), m.end()),
                            what="重复",
                            detail=f"“{marker}”出现两次",
                            stated=marker,
                            related=[block.locate(last_match.start("n"), last_match.end())],
                        )
                    elif last + 1 < number <= last + _LARGEST_GAP:
                        if _skipped_written(block.text, last_match.end(), m.start("item"), m, range(last + 1, number)):
                            # the items are all there, one of them after a table cell's figures
                            # instead of a sentence break (a table copied as one line of cells)
                            yield Outcome.passed()
                            previous = (number, m)
                            continue
                        skipped = "、".join(_item_marker(m, n) for n in range(last + 1, number))
                        yield self.finding(
                            ctx,
                            block.locate(m.start("n"), m.end()),
                            what="缺失",
                            detail=f"“{last_match.group('item').strip()}”之后是“{marker}”，缺少“{skipped}”",
                            stated=marker,
                            expected=_item_marker(m, last + 1),
                        )
                    else:
                        previous = None
                        continue
                    previous = (number, m)


def _skipped_written(text: str, start: int, end: int, m: re.Match, numbers: range) -> bool:
    """Whether every marker of ``numbers``, in the style of ``m`` (2、 for 3、), stands in
    ``text[start:end]`` as an item of its own: after a space or a line break (the cell before it
    ends there), followed by words. Numbered items only: 二是 inside a word is no item."""
    if not m.group("n").isdigit():
        return False
    dot = re.escape(m.group("item").strip()[len(m.group("n")) :])
    span = text[start:end]
    return all(re.search(rf"(?:^|(?<=\s)){n}{dot}(?={_ITEM_TEXT})", span) for n in numbers)


def _opens_in_sentence(text: str, m: re.Match) -> bool:
    """The enumeration begins in this sentence, after its colon ("主要原因是：…；二是…"): a list
    that starts at 二 here lost its first marker, it does not continue an earlier paragraph."""
    start = max(text.rfind(ch, 0, m.start("item")) for ch in "。！？!?") + 1
    return bool(re.search(r"[：:].", text[start : m.start("item")]))


def _item_marker(m: re.Match, number: int) -> str:
    """The marker item ``number`` would have in the style of ``m`` (三是, 3.)."""
    written = m.group("item").strip()
    if written.endswith("是"):
        return _numeral(1, number).rstrip("、") + "是"
    return f"{number}{written[len(m.group('n')) :].strip()}"


_SENTENCE_BREAK = re.compile(r"[。；;！？]")
_NOTE = re.compile(r"\s{0,3}(?:注|备注|说明)\s{0,2}[:：]")


_INLINE_ITEM = re.compile(_SENTENCE_BREAK.pattern + LIST_MARKER.pattern)
"""A list marker right after a sentence break: one scan, not a marker tried at every break."""


def _inline_continuation(text: str, style: str, number: int) -> int:
    """The last number a list reaches inside its opening paragraph (1.…。2.…。, or a PDF line
    that ran two items together: （七）…。（八）…)."""
    for m in _INLINE_ITEM.finditer(text):
        item = list_item_of(m)
        if item is not None and item[0] == style and item[1] == number + 1:
            number += 1
    return number


class ListNumberGap(Rule):
    """Paragraphs of a numbered list skip or repeat a number (1. … 2. … 4.).

    What it checks:
        Paragraphs that open with a list marker (一、 （一） 1. 1、 （1） ①) are read as nested
        lists: a marker of a style already open continues that list and closes the lists opened
        inside it; a new style opens a sub-list. From an item numbered 1 on, each item must be
        one more than the one before. A list that starts again at 1 is a new list, not an error;
        a list whose first item is not 1 (an excerpt) is not judged. Pairs where both items are
        headings are left to STR001/STR002, and items inside one paragraph to STR004.

    Why it matters:
        A skipped number means an item (often a whole 科目 or 三公 component) was deleted or its
        text merged into the item before; readers cannot tell which.

    Example (flagged):
        ```text
        1.公务接待费支出决算2.40万元，比上年减少0.30万元，主要原因是严格控制接待标准。
        2.公务用车运行维护费支出决算5.10万元，比上年减少0.60万元，主要原因是车辆减少。
        4.因公出国（境）费支出决算0万元，与上年持平。
        ```

    Compliant:
        ```text
        1.公务接待费支出决算2.40万元，比上年减少0.30万元，主要原因是严格控制接待标准。
        2.公务用车运行维护费支出决算5.10万元，比上年减少0.60万元，主要原因是车辆减少。
        3.因公出国（境）费支出决算0万元，与上年持平。
        ```
    """

    code = "STR005"
    name = "list-number-gap"
    category = "structure"
    severity = "warning"
    message = "段落序号{what}：{detail}"

    def check(self, ctx: Context) -> Iterable[Result]:
        items = _list_items(ctx)
        # open lists, outermost first: (style, highest number reached, its paragraph, its marker)
        open_lists: list[tuple[str, int, Paragraph, str]] = []
        for k, (p, item) in enumerate(items):
            if item is None:
                open_lists.clear()
                continue
            if p.heading is not None:
                open_lists = [entry for entry in open_lists if STYLE_RANK[entry[0]] <= p.heading.level]
            style, number, m = item
            marker = m.group(0).strip()
            reached = _inline_continuation(p.text, style, number)
            depth = next((i for i, entry in enumerate(open_lists) if entry[0] == style), None)
            if depth is None:
                open_lists.append((style, reached, p, marker))
                continue
            _, last, last_p, last_marker = open_lists[depth]
            del open_lists[depth + 1 :]
            if 1 < number < last:
                continue  # two items swapped (page order of a PDF): the count goes on from `last`
            open_lists[depth] = (style, reached, p, marker)
            if number == 1 or number == last + 1:
                yield Outcome.passed()
                continue
            if last_p.heading is not None and p.heading is not None:
                continue  # a heading sequence: STR001/STR002 judge it
            if number == last:
                yield self.finding(
                    ctx,
                    p.locate(m.start(), m.end()),
                    what="重复",
                    detail=f"“{marker}”接在“{last_marker}”之后",
                    stated=marker,
                    related=[last_p.locate(0, len(last_marker))],
                )
            elif last + 1 < number <= last + _LARGEST_GAP:
                missing = range(last + 1, number)
                later = {it[1] for _, it in items[k + 1 : k + 1 + _LARGEST_GAP] if it is not None and it[0] == style}
                if later.issuperset(missing):
                    continue  # the missing items follow: an order slip, not a gap
                skipped = "、".join(_relabel(marker, m, n) for n in missing)
                yield self.finding(
                    ctx,
                    p.locate(m.start(), m.end()),
                    what="缺失",
                    detail=f"“{last_marker}”之后是“{marker}”，缺少“{skipped}”",
                    stated=marker,
                    expected=_relabel(marker, m, last + 1),
                    related=[last_p.locate(0, len(last_marker))],
                )


def _list_items(ctx: Context) -> list[tuple[Paragraph | None, tuple[str, int, re.Match] | None]]:
    """The list paragraphs in reading order, and a (None, None) where a list cannot go on: a
    table, a note (注：…), a heading above every list style (第二部分)."""
    out: list = []
    blocks = ctx.document.blocks
    for k, block in enumerate(blocks):
        if isinstance(block, Table) or is_flattened_cell(block, blocks[k + 1] if k + 1 < len(blocks) else None):
            out.append((None, None))
            continue
        if _NOTE.match(block.text) or block.heading is not None and block.heading.level == 0:
            out.append((None, None))
            continue
        item = list_item(block.text)
        if item is not None:
            out.append((block, item))
    return out


def _relabel(marker: str, m: re.Match, number: int) -> str:
    """``marker`` with its number replaced by ``number`` in the same style."""
    style = m.lastgroup or ""
    value = m.group(style)
    if style == "circ":
        return CIRCLED[number - 1] if number <= len(CIRCLED) else str(number)
    written = _numeral(1, number).rstrip("、") if style in ("cn", "cnp") else str(number)
    return marker.replace(value, written, 1)


class IndicatorCountMismatch(Rule):
    """ "共设置…指标N个，其中已完成M个" disagrees with the indicators the report analyses.

    What it checks:
        A sentence that counts indicators (共设置三级指标N个，其中已完成（达成）M个) against the
        indicator analyses that follow it in the same part of the report: how many are given, and
        how many of them state a completion rate of at least 100%.

    Why it matters:
        The count is the summary a reader remembers; when it understates the indicators met (or
        lists a different number of indicators) the summary and the analysis cannot both be right.

    Example (flagged):
        ```text
        整体支出自评表共设置三级指标3个，其中已完成三级指标1个。
        （一）办公设备采购数量指标，预期指标值“≥10台”，实际完成值12台，指标完成率120%。
        （二）培训人次指标，预期指标值“≥200人次”，实际完成值210人次，指标完成率105%。
        （三）资金拨付及时率指标，预期指标值“=100%”，实际完成值90%，指标完成率90%。
        ```

    Compliant:
        ```text
        整体支出自评表共设置三级指标3个，其中已完成三级指标2个。
        （一）办公设备采购数量指标，预期指标值“≥10台”，实际完成值12台，指标完成率120%。
        （二）培训人次指标，预期指标值“≥200人次”，实际完成值210人次，指标完成率105%。
        （三）资金拨付及时率指标，预期指标值“=100%”，实际完成值90%，指标完成率90%。
        ```
    """

    code = "CNT001"
    name = "indicator-count-mismatch"
    category = "count"
    severity = "warning"
    message = "{what}：文中为{stated}个，逐项分析为{expected}个（{detail}）"

    def check(self, ctx: Context) -> Iterable[Result]:
        for count in stated_counts(ctx.document):
            rates = indicator_rates(ctx.document, count.block)
            if not rates:
                yield Outcome.not_applicable()
                continue
            met = [r for r in rates if r.rate >= 100]
            detail = "、".join(f"{r.name or '指标'}{r.rate}%" for r in rates)
            checks = [("指标个数", count.total, len(rates))]
            if count.done is not None:
                checks.append(("已完成指标个数", count.done, len(met)))
            # fewer indicators analysed than counted may mean some are discussed elsewhere; then
            # neither count can be held to the analysis with confidence
            partial = count.total is not None and len(rates) < count.total
            for what, stated, found in checks:
                if stated is None:
                    continue
                if stated == found:
                    yield Outcome.passed()
                else:
                    yield self.finding(
                        ctx,
                        count.location,
                        severity="info" if partial else None,
                        what=what,
                        stated=str(stated),
                        expected=str(found),
                        detail=detail,
                        related=[r.location for r in rates],
                    )


class ListedNamesCountMismatch(Rule):
    """ "下设N个科室，分别是A、B、C" where the list does not have N names.

    What it checks:
        A stated count followed by 分别是/分别为/包括 and a list separated by 、 (up to the next ；
        or 。): the number of names listed against the number stated, a name that opens with its
        own count (12个数量指标) standing for that many. So are units named before
        their count (内设办公室、财务科、项目科3个科室): there, after 等 (A、B等5个科室), the list may
        name only some of them, and only more names than the count is reported. A count of units
        that ends its paragraph (局机关内设股室7) is held to the names of the next paragraph when its
        label holds the same noun (内设股室：办公室、财务股、…). A count of points
        that ends at a colon (完成了三项工作：) is held to the points numbered after it: 一是…二是…,
        or items numbered one per paragraph below (1.… 2.… on lines of their own), counted in the
        first item's style up to a heading or a shallower style; unmarked paragraphs and deeper
        items belong to the item above.

    Why it matters:
        Either a unit was left out of the list or the count is stale from an earlier year.

    Example (flagged):
        ```text
        本单位下设4个科室，分别是：办公室、财务科、项目科。
        ```

    Compliant:
        ```text
        本单位下设3个科室，分别是：办公室、财务科、项目科。
        ```
    """

    code = "CNT002"
    name = "listed-names-count-mismatch"
    category = "count"
    severity = "warning"
    message = "列举数与所述个数不符：文中为{stated}个{word}，列出{expected}个（{names}）"

    def check(self, ctx: Context) -> Iterable[Result]:
        for listing in listed_names(ctx.document):
            if listing.stated == listing.listed:
                yield Outcome.passed()
            else:
                yield self.finding(
                    ctx,
                    listing.location,
                    stated=str(listing.stated),
                    word=listing.word,
                    expected=str(listing.listed),
                    names="、".join(listing.names),
                )


class DuplicateSubject(Rule):
    """The same 科目 (类/款/项) is listed twice in one list.

    What it checks:
        Within one section, paragraphs that each explain one 科目 ("12.城乡社区支出（类）…（项）:
        支出决算数为…") and, within one table, rows of the 科目编码 column: the same 科目 named
        or coded twice. The message says whether the two entries give the same figure.

    Why it matters:
        A 科目 listed twice is either a copy-paste slip (the second entry was meant for another
        科目, whose explanation is now missing) or two different figures for one 科目 — in both
        cases the list no longer adds up to its total.

    Example (flagged):
        ```text
        （三）具体情况
        1.城乡社区支出（类）城乡社区管理事务（款）行政运行（项）:支出决算数为 120.00 万元，比上年增加 5.00 万元，主要原因是新进两名工作人员。
        2.城乡社区支出（类）城乡社区管理事务（款）行政运行（项）:支出决算数为 36.00 万元，比上年减少 2.00 万元，主要原因是压减印刷费。
        ```

    Compliant:
        ```text
        （三）具体情况
        1.城乡社区支出（类）城乡社区管理事务（款）行政运行（项）:支出决算数为 120.00 万元，比上年增加 5.00 万元，主要原因是新进两名工作人员。
        2.城乡社区支出（类）城乡社区管理事务（款）一般行政管理事务（项）:支出决算数为 36.00 万元，比上年减少 2.00 万元，主要原因是压减印刷费。
        ```
    """

    code = "DUP001"
    name = "duplicate-subject"
    category = "duplicate"
    severity = "warning"
    message = "科目重复列示：“{subject}”出现两次（{figures}）"

    def check(self, ctx: Context) -> Iterable[Result]:
        for entry in duplicate_subjects(ctx.document):
            if entry.first_figure == entry.second_figure:
                figures = f"数额均为{entry.first_figure}" if entry.first_figure else "数额相同"
            else:
                figures = f"数额分别为{entry.first_figure or '未列'}和{entry.second_figure or '未列'}"
            yield self.finding(
                ctx, entry.second, subject=entry.subject, figures=figures, related=[entry.first], stated=entry.subject
            )
        yield Outcome.passed()


RULES = (
    HeadingNumberGap,
    HeadingNumberRepeated,
    HeadingNumberOrder,
    EnumerationNumberGap,
    ListNumberGap,
    IndicatorCountMismatch,
    ListedNamesCountMismatch,
    DuplicateSubject,
)
