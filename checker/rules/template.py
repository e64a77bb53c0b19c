"""Template residue: placeholders and instructions a report template leaves behind."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from checker.lexicon import load_yaml
from checker.model import Cell, Paragraph, Table
from checker.rules.base import Context, Result, Rule


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    entries = load_yaml("template_residue.yaml")["patterns"]
    return tuple((re.compile(e["pattern"]), e["what"]) for e in entries)


class TemplateResidue(Rule):
    """Placeholder or template instruction left in the report.

    What it checks:
        Every paragraph and table cell for text a template leaves behind: an ellipsis standing
        for missing words (……), placeholders (XX, 某某), a reason introduced and left empty
        (主要原因是：。), and instructions meant for the person filling the form in (请填写…,
        单位应根据实际情况…). The patterns are data in ``lexicons/template_residue.yaml``.

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
        for block in ctx.document.blocks:
            pieces: Iterable[Paragraph | Cell] = block.cells() if isinstance(block, Table) else (block,)
            for piece in pieces:
                hits = [(m, what) for pattern, what in _patterns() for m in pattern.finditer(piece.text)]
                if not hits:
                    continue
                m, what = min(hits, key=lambda h: h[0].start())
                yield self.finding(ctx, piece.locate(m.start(), m.end()), what=what,
                                   text=piece.raw[m.start():m.end()].strip() or m.group(0), stated=m.group(0))


RULES = (TemplateResidue,)
