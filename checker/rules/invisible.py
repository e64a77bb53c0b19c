"""Invisible format characters removed from the report before it was read."""

from __future__ import annotations

import unicodedata
from typing import Iterable

from checker.rules.base import Context, Result, Rule


class InvisibleFormatCharacters(Rule):
    """Invisible format characters (zero-width spaces, direction marks) in the report text.

    What it checks:
        Whether the reader removed Unicode format characters (category Cf: U+200B zero-width
        space, U+200C/U+200D joiners, U+2060 word joiner, U+FEFF, direction marks …) from the
        text. They are removed before any figure is read, so the other rules see the text as it
        displays; this rule says once per document that it happened, where first and how often.

    Why it matters:
        The characters do not display, but every program that reads the report sees them: a
        figure split by one is not a number to a search, a spreadsheet or a screen reader, and a
        cue word split by one is not found. They are also a known way to slip text past checks.

    Example (flagged):
        ```text
        本年支出合计1\u200b20.50万元，比上年增加10.50万元。
        ```

    Compliant:
        ```text
        本年支出合计120.50万元，比上年增加10.50万元。
        ```
    """

    code = "STR010"
    name = "invisible-format-characters"
    category = "structure"
    severity = "warning"
    message = "文中有 {count} 个不可见格式字符（{kinds}），已在校核前去除"

    def check(self, ctx: Context) -> Iterable[Result]:
        removed = ctx.document.format_chars
        if not removed:
            return
        chars = "".join(found for _, found in removed)
        kinds = "、".join(
            f"U+{ord(ch):04X} {unicodedata.name(ch, '').lower()}".strip() for ch in sorted(set(chars))[:4]
        )
        first = ctx.document.block(removed[0][0])
        yield self.finding(ctx, first.locate(), count=len(chars), kinds=kinds, stated=str(len(chars)))


RULES = (InvisibleFormatCharacters,)
