"""Completeness: the parts a 部门决算 must hold, the year its titles name, and slips of typing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from checker.lexicon import load_yaml
from checker.model import Cell, Document, Paragraph, Table
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.tables import TableRule
from checker.tables.cells import cell_quantity

_QUOTES_AND_SPACE = re.compile(r"[\s“”\"'‘’「」『』]")
# 一、 （三） 3. 表1 附表3-1： — the ordinal a list or a caption puts before a table's name.
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．]"
    r"|附?表[一二三四五六七八九十\d]+(?:[-－—]\d+)?[：:、.．]?)"
)
# "<unit>2024年度" in front of a table's name in a title; （单位：万元） after it.
_TITLE_PREFIX = re.compile(r"^.*?20\d{2}年度?")
_UNIT_SUFFIX = re.compile(r"[（(]?(?:金额)?单位[:：][^)）]*[)）]?$")


@dataclass(frozen=True, slots=True)
class StandardTable:
    name: str
    names: tuple[str, ...]
    subject: tuple[str, ...]


@lru_cache(maxsize=1)
def standard_tables() -> tuple[tuple[StandardTable, ...], int]:
    """The standard 部门决算 tables (``lexicons/standard_tables.yaml``) and how many of them a
    document must contain to be held to the whole set."""
    data = load_yaml("standard_tables.yaml")
    tables = tuple(
        StandardTable(
            e["name"],
            tuple(_plain(n) for n in (e["name"], *e.get("synonyms", ()))),
            tuple(_plain(s) for s in e.get("subject", ())),
        )
        for e in data["tables"]
    )
    return tables, int(data["min_present"])


def _plain(text: str) -> str:
    return _QUOTES_AND_SPACE.sub("", text)


def standard_table_named(text: str, unit: str | None = None) -> StandardTable | None:
    """The standard table ``text`` names exactly (a caption, a line of the 目录), or None.

    Exact, not a substring: 一般公共预算财政拨款支出决算表 ends with 支出决算表, and a sentence
    that mentions a table does not name it."""
    name = _UNIT_SUFFIX.sub("", _ORDINAL.sub("", _plain(text)))
    candidates = {name, _TITLE_PREFIX.sub("", name)}
    if unit and name.startswith(_plain(unit)):
        candidates.add(name[len(_plain(unit)) :])
    tables, _ = standard_tables()
    return next((t for t in tables if candidates & set(t.names)), None)


def _tables_present(document: Document) -> dict[str, Table]:
    present: dict[str, Table] = {}
    for table in document.tables():
        # A title written as the table's first row is its caption even where the reader did
        # not take it as one.
        titles = [table.caption or ""] + [c.text for c in (table.rows[0] if table.rows else ())]
        found = next((t for t in (standard_table_named(x, document.unit) for x in titles) if t), None)
        if found is not None:
            present.setdefault(found.name, table)
    return present


class StandardTableMissing(TableRule):
    """A standard 部门决算 table the report lists but does not contain.

    What it checks:
        In a 部门决算 that reproduces its tables (at least three of the nine standard tables —
        收入支出决算总表, 收入决算表, 支出决算表, 财政拨款收入支出决算总表, 一般公共预算财政拨款
        支出决算表, 一般公共预算财政拨款基本支出决算表, 财政拨款“三公”经费支出决算表, 政府性基金
        and 国有资本经营预算财政拨款收入支出决算表; names and synonyms in
        ``lexicons/standard_tables.yaml``), every standard table its own 目录 or list names must
        be there as a table. A name that stands as a line of its own only once (the 目录 line)
        with no table of that name is reported. A text-only 决算说明, which lists the names but
        reproduces no tables, is not held to this; neither is a table whose caption is still
        there (an empty table replaced by a note such as 本表无数据).

    Why it matters:
        The nine tables are the disclosure itself; the prose only explains them. A table dropped
        while the 目录 still lists it is a publication error the reader cannot work around.

    Example (flagged):
        ```text
        XX区文化馆2024年度部门决算
        目录
        一、收入支出决算总表
        二、收入决算表
        三、支出决算表
        四、财政拨款收入支出决算总表
        收入支出决算总表
        | 项目 | 决算数 |
        | 本年收入合计 | 120.00 |

        收入决算表
        | 项目 | 本年收入合计 |
        | 合计 | 120.00 |

        财政拨款收入支出决算总表
        | 项目 | 决算数 |
        | 总计 | 120.00 |
        ```

    Compliant:
        ```text
        XX区文化馆2024年度部门决算
        目录
        一、收入支出决算总表
        二、收入决算表
        三、财政拨款收入支出决算总表
        收入支出决算总表
        | 项目 | 决算数 |
        | 本年收入合计 | 120.00 |

        收入决算表
        | 项目 | 本年收入合计 |
        | 合计 | 120.00 |

        财政拨款收入支出决算总表
        | 项目 | 决算数 |
        | 总计 | 120.00 |
        ```
    """

    code = "CMP001"
    name = "standard-table-missing"
    category = "structure"
    severity = "warning"
    message = "目录列出“{table}”，但文中没有这张表（文中有其他{present}张标准决算表）"

    def check(self, ctx: Context) -> Iterable[Result]:
        document = ctx.document
        if document.kind != "final_accounts":
            return
        present = _tables_present(document)
        _, min_present = standard_tables()
        if len(present) < min_present:
            return
        lines: dict[str, list[Paragraph]] = {}
        for p in document.paragraphs():
            named = standard_table_named(p.text, document.unit)
            if named is not None:
                lines.setdefault(named.name, []).append(p)
        for name, paragraphs in lines.items():
            if name in present:
                yield Outcome.passed()
            elif len(paragraphs) > 1:
                # The caption is still in the text: the table was replaced by a note, or drawn
                # in a way the reader did not rebuild. Either way it is not simply gone.
                yield Outcome.uncertain()
            else:
                yield self.finding(
                    ctx, paragraphs[0].locate(), table=name, present=len(present), stated=name, expected="表格缺失"
                )


_OWN_YEAR_WORD = {"final_accounts": "决算", "budget": "预算"}
# A title naming the report's own year: 2024年度部门决算表, 2024年部门预算, 2024年度决算情况说明.
# 2023年度决算数 / 2024年预算执行 label a figure or a past year's execution, not the report.
_TITLE_YEAR = re.compile(r"(20\d{2})\s*年\s*度?\s*(?:部门|单位)?\s*(决算|预算)(?!\s*(?:执行|调整|数|金额|额))")
# The date a 决算 reports its assets at: 截至2024年12月31日 / 截止2024年底.
_REPORT_DATE = re.compile(r"截[至止](?:到)?\s*(20\d{2})\s*年\s*(?:12\s*月\s*31\s*日|年?底|年?末)")
_COMPARED = re.compile(r"(?:与|比|较|同|上|对比|相比)\s*$")
_COMPARED_AFTER = re.compile(r"^\s*(?:相比|对比|同期|比较)")
_SENTENCE_PUNCT = re.compile(r"[。；！？;!?]")


def _title_like(p: Paragraph, position: int) -> bool:
    """A heading, one of the first lines, or a short line without sentence punctuation."""
    return p.heading is not None or position < 3 or len(p.text.strip()) <= 60 and not _SENTENCE_PUNCT.search(p.text)


def _compared(text: str, start: int, end: int) -> bool:
    return bool(_COMPARED.search(text[max(0, start - 4) : start]) or _COMPARED_AFTER.match(text[end : end + 4]))


class WrongFiscalYear(Rule):
    """A title, heading or reporting date that names another year than the report's own.

    What it checks:
        In a 部门决算 or 部门预算, the year in a title, heading or table caption that names the
        report itself (… 2024年度部门决算表, 2024年度部门决算情况说明, 2025年部门预算), and in a
        决算 the date the figures stand at (截至2024年12月31日), against the year of the report.
        A year that is compared with (与2023年度相比, 比2023年度) is a reference, not a title,
        and a 预算 heading about the past year's 执行 is left alone. When most titles name
        another year than the one read for the report, nothing is reported (that year is the
        doubtful one).

    Why it matters:
        A heading or date carrying last year's number is the mark of a report copied from the
        previous edition and not fully updated; the section under it may hold stale content.

    Example (flagged):
        ```text
        XX区文化馆2024年度部门决算
        第二部分XX区文化馆2024年度部门决算表
        第三部分XX区文化馆2023年度部门决算情况说明
        一、收入支出决算总体情况说明
        XX区文化馆2024年度收入支出总计300.00万元。与2023年度相比，收入支出总计增加10.00万元，增长3.45%。
        ```

    Compliant:
        ```text
        XX区文化馆2024年度部门决算
        第二部分XX区文化馆2024年度部门决算表
        第三部分XX区文化馆2024年度部门决算情况说明
        一、收入支出决算总体情况说明
        XX区文化馆2024年度收入支出总计300.00万元。与2023年度相比，收入支出总计增加10.00万元，增长3.45%。
        ```
    """

    code = "CMP002"
    name = "wrong-fiscal-year"
    category = "value.conflict"
    severity = "warning"
    message = "{what}写的是{stated}年，本报告为{expected}年度{kind}"

    def check(self, ctx: Context) -> Iterable[Result]:
        document = ctx.document
        word = _OWN_YEAR_WORD.get(document.kind)
        if word is None or document.year is None:
            return
        titles: list[tuple[Paragraph | Cell, re.Match[str]]] = []
        dates: list[tuple[Paragraph | Cell, re.Match[str]]] = []
        for position, p in enumerate(document.paragraphs()):
            if _title_like(p, position):
                titles += [(p, m) for m in _TITLE_YEAR.finditer(p.text) if m.group(2) == word]
            if document.kind == "final_accounts":
                dates += [(p, m) for m in _REPORT_DATE.finditer(p.text)]
        for table in document.tables():
            # A caption that is the table's own first row is a title too.
            first = table.rows[0] if table.rows else ()
            if table.caption and len(first) == 1 and first[0].text.strip() == table.caption.strip():
                titles += [(first[0], m) for m in _TITLE_YEAR.finditer(first[0].text) if m.group(2) == word]
        titles = [(piece, m) for piece, m in titles if not _compared(piece.text, m.start(), m.end())]
        agreeing = sum(1 for _, m in titles if int(m.group(1)) == document.year)
        if titles and agreeing * 2 <= len(titles):
            # Most titles name another year: the year read for the document is the doubtful one.
            yield Outcome.uncertain()
            return
        for (piece, m), what in [(t, "标题") for t in titles] + [(d, "决算截止日期") for d in dates]:
            if _compared(piece.text, m.start(), m.end()) or int(m.group(1)) == document.year:
                yield Outcome.passed()
                continue
            yield self.finding(
                ctx,
                piece.locate(m.start(1), m.end(1)),
                what=what,
                kind="部门" + word,
                stated=m.group(1),
                expected=str(document.year),
            )


_AMOUNT_LEAD = re.compile(r"(?:预算|决算|支出|收入|总计|合计|金额)(?:数|额)?(?:为|是|达)?$")
_NOT_THIS_YEAR = re.compile(r"增加|减少|增长|下降|比|较|上年|上一年|同期|以前年度")
_YEAR_IN_TEXT = re.compile(r"(20\d{2})\s*年")


def _has_figure(table: Table) -> bool:
    """Whether any cell states a non-zero figure (subject codes such as 201 or 2010601 are
    labels, and integers without decimals in a money table are such codes in these tables)."""
    for cell in table.cells():
        q = cell_quantity(cell)
        if q is None and _ends_in_amount(cell.text):
            return True
        if q is None or q.value is None or q.value == 0:
            continue
        if q.decimals == 0 and re.fullmatch(r"\d{2,7}", cell.text.strip()):
            continue
        return True
    return False


def _ends_in_amount(text: str) -> bool:
    """A name and its amount read into one cell (工资福利支出 380.00), as a PDF table drawn without
    rules gives where its columns stand close: the table is not empty."""
    tokens = text.split()
    return len(tokens) > 1 and bool(re.fullmatch(r"\d[\d,]*\.\d+", tokens[-1])) and bool(re.search("[1-9]", tokens[-1]))


class EmptyTableStatedInText(TableRule):
    """A standard table left empty while the text states figures for it.

    What it checks:
        A standard 部门决算 table (``lexicons/standard_tables.yaml``) in which no cell holds a
        non-zero figure, against the prose: a sentence about the table's subject (“三公”经费,
        政府性基金预算财政拨款 …) that states a non-zero 预算/决算/支出 amount of the report's
        own year. An empty table is legal when the unit had no such money and says so (本单位
        无“三公”经费支出); increases, decreases and last year's figures do not belong in the
        table and are not counted.

    Why it matters:
        The text and the table disclose the same figures; an empty table next to stated amounts
        means one of the two was not updated, and a reader of the tables alone sees nothing.

    Example (flagged):
        ```text
        XX区文化馆2024年度部门决算
        财政拨款“三公”经费支出决算表
        | 合计 | 因公出国（境）费 | 公务接待费 |
        | 预算数 | 预算数 | 预算数 |
        |  |  |  |

        “三公”经费财政拨款支出年初预算为1.20万元，支出决算为0.80万元，完成预算的66.67%。
        ```

    Compliant:
        ```text
        XX区文化馆2024年度部门决算
        财政拨款“三公”经费支出决算表
        | 合计 | 因公出国（境）费 | 公务接待费 |
        | 预算数 | 预算数 | 预算数 |
        |  |  |  |

        XX区文化馆2024年度无“三公”经费财政拨款支出。
        ```
    """

    code = "CMP003"
    name = "empty-table-stated-in-text"
    category = "table"
    severity = "warning"
    confidence = "aligned"
    message = "{table}为空表，但文中写明{label}{amount}"

    def check(self, ctx: Context) -> Iterable[Result]:
        document = ctx.document
        tables, _ = standard_tables()
        by_name = {t.name: t for t in tables}
        for name, table in _tables_present(document).items():
            if _has_figure(table):
                continue
            stated = self._stated_amount(ctx, by_name[name].subject)
            if stated is None:
                yield Outcome.passed()
                continue
            sentence, item = stated
            lead = sentence.paragraph.raw[sentence.start : item.start].strip()
            yield self.finding(
                ctx,
                table.locate(),
                table=table.caption or name,
                label=lead[-30:],
                amount=item.quantity.text,
                stated=item.quantity.text,
                expected="空表",
                related=[sentence.locate(item.start, item.end)],
            )

    @staticmethod
    def _stated_amount(ctx: Context, subject: tuple[str, ...]):
        year = ctx.document.year
        for paragraph in ctx.sentences:
            for sentence in paragraph:
                if any(int(y) != year for y in _YEAR_IN_TEXT.findall(sentence.text)):
                    continue
                for item in sentence.items:
                    # The subject must lead to this amount: in 总计X万元，其中…政府性基金预算财政拨款0万元
                    # X is not the fund's figure.
                    if not any(s in _plain(item.gap) for s in subject):
                        continue
                    clause = _plain(item.clause)
                    if (
                        item.kind == "money"
                        and item.value
                        and _AMOUNT_LEAD.search(clause)
                        and not _NOT_THIS_YEAR.search(clause)
                    ):
                        return sentence, item
        return None


# Two marks that never stand together in Chinese text: 。。 ，， ；。 、， …  Runs of 。。。 are
# an ellipsis placeholder and belong to TPL001. The class is written out before its repeat: a
# pattern that opens with a repeat gives the regex engine no first character to skip along to.
_DOUBLED_PUNCT = re.compile(r"[。，；、：][。，；、：]+")


class DoubledPunctuation(Rule):
    """Two sentence marks in a row (。。, ，，, ；。): a typing slip.

    What it checks:
        Every paragraph and table cell for two or more of 。，；、： standing together. A run of
        three or more 。 is an ellipsis placeholder and is left to TPL001.

    Why it matters:
        Harmless to the figures, but a published government report should not carry typing
        slips; where one is, a word or a clause between the two marks may have been deleted.

    Example (flagged):
        ```text
        财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。。
        ```

    Compliant:
        ```text
        财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。
        ```
    """

    code = "CMP004"
    name = "doubled-punctuation"
    category = "template"
    severity = "info"
    message = "标点重复：“{stated}”"

    def check(self, ctx: Context) -> Iterable[Result]:
        for piece in ctx.with_match(_DOUBLED_PUNCT):
            for m in _DOUBLED_PUNCT.finditer(piece.text):
                if len(m.group(0)) >= 3 and set(m.group(0)) == {"。"}:
                    continue
                yield self.finding(ctx, piece.locate(m.start(), m.end()), stated=m.group(0))


RULES = (StandardTableMissing, WrongFiscalYear, EmptyTableStatedInText, DoubledPunctuation)
