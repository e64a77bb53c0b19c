"""Template residue: placeholders, instructions and choices a report template leaves behind.

The vocabulary (placeholder patterns, instruction verbs, antonym pairs, required form fields) is
data in ``lexicons/template_residue.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from checker.lexicon import alternation, load_yaml
from checker.model import Cell, Paragraph, Table
from checker.rules.base import Context, Result, Rule
from checker.statements.sentences import SENTENCE_END


@dataclass(frozen=True)
class _Vocabulary:
    placeholders: tuple[tuple[re.Pattern[str], str], ...]
    any_placeholder: re.Pattern[str]
    """All placeholder patterns in one: one scan tells the (nearly all) pieces without any apart."""
    placeholder_starts: re.Pattern[str]
    """The characters a placeholder can begin with: the scan jumps from one to the next."""
    spare_row: re.Pattern[str]
    spare_row_inline: re.Pattern[str]
    masking_notice: re.Pattern[str]
    masking_starts: re.Pattern[str]
    """The characters the masking notice can begin with: the scan jumps from one to the next (its
    repeated asterisks give the regex engine no first character to skip along to)."""
    masked_placeholder: re.Pattern[str]
    template_declaration: re.Pattern[str]
    missing_rate: re.Pattern[str]
    missing_amount: re.Pattern[str]
    """An amount cue (not after 单位), white space and a money unit. The look-behind follows each
    cue (单位为 behind the end of 为, not 单位 before it): a pattern that opens with the cues lets the
    regex engine skip along to their first characters in C, where one that opens with a
    look-behind has the whole pattern tried at every character."""
    length_limit: re.Pattern[str]
    directive: re.Pattern[str]
    fill_rule: re.Pattern[str]
    modal: re.Pattern[str]
    note_opener: re.Pattern[str]
    lead_in: re.Pattern[str]
    opener: re.Pattern[str]
    """The word a bare directive opens with, anywhere: with the filling rule and the length limit,
    what every instruction holds (the pieces without any are passed over on one scan each)."""
    instruction_chars: int
    alternative: re.Pattern[str]
    soft_alternative: re.Pattern[str]
    required_field: re.Pattern[str]
    required_label: re.Pattern[str]
    """A required field's label anywhere: the pieces without one are passed over on one scan."""


def _not_after(before: str, words: list[str]) -> str:
    """``(?<!before)(?:words)`` as an alternation of the words, each followed by its own look-behind
    (``w(?<!before w)``), longest first as ``alternation`` tries them: the same matches."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(f"{re.escape(w)}(?<!{re.escape(before + w)})" for w in ordered)


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = load_yaml("template_residue.yaml")
    ins = data["instructions"]
    openers = alternation(ins["openers"])
    pairs = "|".join(rf"{re.escape(a)}[（(]\s{{0,2}}{re.escape(b)}\s{{0,2}}[）)]" for a, b in data["alternatives"])
    return _Vocabulary(
        placeholders=tuple((re.compile(e["pattern"]), e["what"]) for e in data["patterns"]),
        any_placeholder=re.compile("|".join(f"(?:{e['pattern']})" for e in data["patterns"])),
        placeholder_starts=re.compile(data["placeholder_starts"]),
        spare_row=re.compile(data["spare_row"]),
        spare_row_inline=re.compile(data["spare_row_inline"]),
        masking_notice=re.compile(data["masking_notice"]),
        masking_starts=re.compile(data["masking_starts"]),
        masked_placeholder=re.compile(data["masked_placeholder"]),
        template_declaration=re.compile(data["template_declaration"], re.MULTILINE),
        # the cue, then a label without digits, then the bare sign: 占基本支出预算%, 增长 %
        missing_rate=re.compile(
            rf"(?:{alternation(data['rate_cues'])})[^\d%％，,。；;：:、（）()]{{0,{int(data['share_gap'])}}}"
            rf"(?<![\d.．０-９])\s{{0,3}}[%％]"
        ),
        missing_amount=re.compile(
            rf"(?:{_not_after('单位', data['amount_cues'])})\s{{1,4}}(?:{alternation(load_yaml('units.yaml')['money'])})"
        ),
        length_limit=re.compile(ins["length_limit"]),
        directive=re.compile(
            rf"^[\s|｜]{{0,3}}(?:{openers})[^。；;，,]{{1,30}}[，,]\s{{0,2}}"
            rf"(?:{alternation(ins['verbs'])})"
        ),
        fill_rule=re.compile(ins["fill_rule"]),
        modal=re.compile(rf"(?:{alternation(ins['modal'])})\s{{0,2}}(?:{alternation(ins['verbs'])})"),
        note_opener=re.compile(rf"^[\s|｜]{{0,3}}(?:{alternation(ins['note_openers'])}|\d{{1,2}}\s{{0,2}}[.．、])"),
        lead_in=re.compile(alternation(ins["lead_in"])),
        opener=re.compile(openers),
        instruction_chars=int(ins["instruction_chars"]),
        alternative=re.compile(pairs),
        soft_alternative=re.compile(data["soft_alternative"]),
        required_field=re.compile(
            rf"^[\s|｜]{{0,3}}(?:[（(]?[\d一二三四五六七八九十]{{1,2}}[)）.．、]\s{{0,2}})?"
            rf"(?:{alternation(data['required_fields'])})\s{{0,2}}[:：]?[\s|｜]{{0,3}}$"
        ),
        required_label=re.compile(alternation(data["required_fields"])),
    )


class TemplateResidue(Rule):
    """Placeholder or template instruction left in the report.

    What it checks:
        Every paragraph and table cell for text a template leaves behind: an ellipsis standing
        for missing words (……), placeholders (XX, 某某), a reason introduced and left empty
        (主要原因是：。), and instructions meant for the person filling the form in (请填写…,
        单位应根据实际情况…). A cell or line that holds only an ellipsis (指标2：……), or an ellipsis
        between a flattened form's last cell and its 总分 row (…≥95%10……总分100), is the form's
        spare row: reported as info. So are asterisks in a copy that says they hide words (下文中
        ****为隐藏内容): the site that republished the report masked them. And so is every
        placeholder of a document that declares itself a blank form or model text (a line
        （范本） or a title ending in （样表）): there the placeholders are the form's own. The
        patterns are data in ``lexicons/template_residue.yaml``.

    Why it matters:
        A published report with unfilled template text discloses nothing at that place, and it
        shows the report was not reviewed before publication.

    Example (flagged):
        ```text
        一般公共服务支出比上年减少2.50万元，主要原因是：……。
        ```

    Compliant:
        ```text
        一般公共服务支出比上年减少2.50万元，主要原因是会议费压减。
        ```
    """

    code = "TPL001"
    name = "template-residue"
    category = "template"
    severity = "warning"
    message = "模板残留：{what}：“{text}”"

    def check(self, ctx: Context) -> Iterable[Result]:
        vocabulary = _vocabulary()
        # the copy says its asterisks hide words: a republisher masked them, the report did not
        masked = any(
            vocabulary.masking_notice.search(p.text)
            for p in ctx.with_match(vocabulary.masking_notice, starts=vocabulary.masking_starts)
        )
        # the document calls itself a model text or a blank form: its placeholders are meant to be there
        model = any(
            vocabulary.template_declaration.match(p.text) for p in ctx.with_match(vocabulary.template_declaration)
        )
        for piece in ctx.with_match(vocabulary.any_placeholder, starts=vocabulary.placeholder_starts):
            hits = [(m, what) for pattern, what in vocabulary.placeholders for m in pattern.finditer(piece.text)]
            for m, what in _first_of_each_sentence(piece.text, hits):
                yield self._residue(ctx, piece, m, what, vocabulary, masked, model)

    def _residue(
        self,
        ctx: Context,
        piece: Paragraph | Cell,
        m: re.Match[str],
        what: str,
        vocabulary: _Vocabulary,
        masked: bool,
        model: bool,
    ) -> Result:
        spare = bool(vocabulary.spare_row.match(piece.text) or vocabulary.spare_row_inline.match(piece.text, m.start()))
        hidden = masked and vocabulary.masked_placeholder.match(m.group(0)) is not None
        return self.finding(
            ctx,
            piece.locate(m.start(), m.end()),
            severity="info" if spare or hidden or model else None,
            what="表格预留空行（……）"
            if spare
            else "转载方隐藏的内容（****）"
            if hidden
            else f"范本中的{what}"
            if model
            else what,
            text=piece.raw[m.start() : m.end()].strip() or m.group(0),
            stated=m.group(0),
        )


def _first_of_each_sentence(text: str, hits: list[tuple[re.Match[str], str]]) -> list[tuple[re.Match[str], str]]:
    """The first placeholder of each sentence: a sentence is what a copy keeps together, whatever its line breaks
    (one sentence to a line, or a paragraph of several), so each sentence left unfilled is reported once."""
    first: list[tuple[re.Match[str], str]] = []
    for hit in sorted(hits, key=lambda h: h[0].start()):
        if not first or any(map(text[first[-1][0].end() : hit[0].start()].__contains__, SENTENCE_END)):
            first.append(hit)
    return first


class RateNumberMissing(Rule):
    """A share or change rate written without its number (占基本支出预算%), or an amount (减少 万元).

    What it checks:
        Paragraphs where a share or change cue (占, 比重, 增长, 下降, 增幅…) is followed by a
        percent sign with no digit in between, or an amount cue (增加, 减少, 为, 合计…) by white
        space and a money unit: the template's blank for the figure was never filled in.

    Why it matters:
        The reader is told there is a share but not what it is; the figure the disclosure rules
        ask for is missing.

    Example (flagged):
        ```text
        办公费预算 12.60 万元，占公用经费预算%，比上年减少 1.40 万元。
        ```

    Compliant:
        ```text
        办公费预算 12.60 万元，占公用经费预算 35.00%，比上年减少 1.40 万元。
        ```
    """

    code = "TPL002"
    name = "rate-number-missing"
    category = "template"
    severity = "warning"
    message = "比率缺少数值：“{text}”"

    def check(self, ctx: Context) -> Iterable[Result]:
        vocabulary = _vocabulary()
        for pattern, expected, message in (
            (vocabulary.missing_rate, "占…X%", None),
            (vocabulary.missing_amount, "…X万元", "金额缺少数值：“{}”"),
        ):
            for p in ctx.with_match(pattern):
                if not isinstance(p, Paragraph):
                    continue
                for m in pattern.finditer(p.text):
                    text = m.group(0).strip()
                    yield self.finding(
                        ctx,
                        p.locate(m.start(), m.end()),
                        text=text,
                        stated=text,
                        expected=expected,
                        **({"message": message.format(text)} if message else {}),
                    )


class FormInstructionLeft(Rule):
    """A form's instruction left in place of the answer (对照年度目标，说明…（100字以内）).

    What it checks:
        Paragraphs and cells that read as instructions to the person filling the form: an
        imperative opening (对照/结合/针对…，说明/分析/提出…), a length limit ((200字以内)) or a
        filling rule in brackets ((按“…表”中…填写)). The form's own notes (注：…, numbered
        notes, …的需说明原因) state standing rules and are not reported.

    Why it matters:
        Where the instruction stands, the answer should: the form was published without the
        content it asks for.

    Example (flagged):
        ```text
        评价结论
        结合自评情况，说明项目自评得分及取得的主要成效。（200字以内）
        ```

    Compliant:
        ```text
        评价结论
        项目自评得分96分，全年完成农村道路养护里程86公里，群众满意度95%。
        ```
    """

    code = "TPL003"
    name = "form-instruction-left"
    category = "template"
    severity = "warning"
    message = "填表说明未替换为内容：“{text}”"

    def check(self, ctx: Context) -> Iterable[Result]:
        v = _vocabulary()
        for piece in ctx.with_match(v.fill_rule, v.length_limit, v.opener):
            text = piece.text
            m = fill = v.fill_rule.search(text)
            if m is None and not v.note_opener.match(text) and not v.modal.search(text):
                m = v.length_limit.search(text) or _bare_directive(v, text)
            if m is None:
                continue
            shown = fill.group(0) if fill else text.strip(" |｜\t")[:_SHOWN_CHARS]
            yield self.finding(ctx, piece.locate(m.start(), m.end()), text=shown, stated=m.group(0).strip())


_SHOWN_CHARS = 60


def _bare_directive(v: _Vocabulary, text: str) -> re.Match | None:
    """对照年度目标，说明… standing alone: short, and not the lead-in of the author's own answer
    (针对上述问题，提出以下措施：…)."""
    if len(text.strip(" |｜")) > v.instruction_chars or v.lead_in.search(text):
        return None
    return v.directive.search(text)


class UnresolvedAlternative(Rule):
    """A template's either-or left in the text (增加（减少）, 大于（小于）).

    What it checks:
        Paragraphs where a direction word is followed by its opposite in brackets
        (增加（减少）0万元, 增长（下降）5%, 决算数大于（小于）预算数): the template offered both and
        nobody chose. A bracketed "or equal" option (（或与预算数持平）) is reported as info. Table
        headers (比上年增加（减少）) name a signed column and are not read.

    Why it matters:
        The sentence does not say which way the figure moved; the reader cannot tell an increase
        from a decrease.

    Example (flagged):
        ```text
        机关运行经费预算 18.40 万元，比上年增加（减少）2.10 万元，主要原因是办公用房维修。
        ```

    Compliant:
        ```text
        机关运行经费预算 18.40 万元，比上年增加 2.10 万元，主要原因是办公用房维修。
        ```
    """

    code = "TPL004"
    name = "unresolved-alternative"
    category = "template"
    severity = "warning"
    message = "模板选项未取舍：“{text}”"

    def check(self, ctx: Context) -> Iterable[Result]:
        v = _vocabulary()
        for p in ctx.with_match(v.alternative, v.soft_alternative):
            if not isinstance(p, Paragraph):
                continue
            hard = list(v.alternative.finditer(p.text))
            for m in hard:
                yield self.finding(ctx, p.locate(m.start(), m.end()), text=m.group(0), stated=m.group(0))
            if hard:
                continue
            for m in v.soft_alternative.finditer(p.text):
                yield self.finding(
                    ctx, p.locate(m.start(), m.end()), severity="info", text=m.group(0), stated=m.group(0)
                )


class RequiredFieldBlank(Rule):
    """A required part of a self-evaluation form left empty (项目实施内容及过程概述：).

    What it checks:
        A line or cell that is only the label of a required part (实施内容及过程概述, 评价结论,
        存在问题, 改进措施…, list in the lexicon) followed by an empty line or cell and then the
        next label or heading, or by nothing at all.

    Why it matters:
        The part the reviewer reads to judge the project is missing; the score stands without
        the account it rests on.

    Example (flagged):
        ```text
        项目实施内容及过程概述：
        存在问题：
        部分灌溉渠道因汛期停工两个月。
        ```

    Compliant:
        ```text
        项目实施内容及过程概述：
        全年完成病险水库除险加固3座，新建灌溉渠道12公里，均已通过竣工验收。
        存在问题：
        部分灌溉渠道因汛期停工两个月。
        ```
    """

    code = "TPL005"
    name = "required-field-blank"
    category = "template"
    severity = "warning"
    message = "必填内容为空：“{label}”之后没有内容"

    def check(self, ctx: Context) -> Iterable[Result]:
        label = _vocabulary().required_field
        labelled = {id(piece) for piece in ctx.with_match(_vocabulary().required_label)}
        for run, below in _piece_runs(ctx):
            for i, piece in enumerate(run):
                if id(piece) not in labelled or not label.match(piece.text):
                    continue
                following = run[i + 1 : i + 3]
                if below and all(_blank(q) for q in run[i + 1 :]):
                    # a label closing its row heads a column: it may be answered in the row below
                    following = run[i + 1 : i + 2] + [q for q in below if not _blank(q)][:1]
                if _left_blank(piece, following, label):
                    name = piece.text.strip(" |｜\t:：")
                    yield self.finding(ctx, piece.locate(), label=name, stated=name)


def _blank(piece: Paragraph | Cell) -> bool:
    return not piece.text.strip(" |｜\t")


def _left_blank(label_piece: Paragraph | Cell, following: list[Paragraph | Cell], label: re.Pattern[str]) -> bool:
    """Nothing answers the label: an empty line or cell, then the next label, a heading of the
    same or a higher level, or the end. Without the empty piece only the next label counts (a
    sub-heading may well be the answer; an excerpt may stop after the label)."""
    emptied = bool(following) and _blank(following[0])
    answer = next((q for q in following if not _blank(q)), None)
    if answer is None:
        return emptied
    if label.match(answer.text):
        return True
    if not emptied:
        return False
    own = label_piece.heading if isinstance(label_piece, Paragraph) else None
    other = answer.heading if isinstance(answer, Paragraph) else None
    if other is not None:
        return own is None or other.level <= own.level
    # the next title of the form (预算执行情况（10分）), not an account of the work
    title = answer.text.strip(" |｜\t")
    return len(title) <= _FORM_TITLE_CHARS and not re.search(r"[。；;，,]", title)


_FORM_TITLE_CHARS = 20


def _piece_runs(ctx: Context) -> Iterator[tuple[list[Paragraph | Cell], list[Cell]]]:
    """Paragraphs in reading order (a table interrupts them), and each table row with the row
    below it."""
    run: list[Paragraph | Cell] = []
    for block in ctx.document.blocks:
        if isinstance(block, Table):
            if run:
                yield run, []
            run = []
            for r, row in enumerate(block.rows):
                yield list(row), list(block.rows[r + 1]) if r + 1 < len(block.rows) else []
        else:
            run.append(block)
    if run:
        yield run, []


RULES = (TemplateResidue, RateNumberMissing, FormInstructionLeft, UnresolvedAlternative, RequiredFieldBlank)
