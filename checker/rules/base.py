"""What every rule is built from: the rule class, the context it reads, and its outcomes.

A rule is one small class with class attributes (``code``, ``name``, ``category``, ``severity``,
``confidence``, ``message``) and a pure ``check(ctx)`` generator. For every relation it examines
it yields exactly one item:

* a ``Finding`` (built with ``self.finding(...)``) — the relation fails;
* ``Outcome.passed()`` — the relation holds;
* ``Outcome.uncertain(finding)`` — a finding is reported but the verdict depends on a policy or a
  guess (counted as uncertain, not as a failure); ``Outcome.uncertain()`` without a finding when
  nothing is worth reporting;
* ``Outcome.not_applicable()`` — the statement was recognised but cannot be checked (a missing
  figure, a zero divisor).

The engine counts these into the report's coverage. The class docstring is the user doc and
must have the sections ``What it checks``, ``Why it matters``, ``Example (flagged)`` and
``Compliant``; the two example sections hold a fenced ```text block that is run as a test.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Iterable, Literal, Sequence, Union

from checker.config import Config
from checker.i18n import language
from checker.model import (
    CATEGORIES,
    Cell,
    Confidence,
    Document,
    Finding,
    Location,
    Paragraph,
    Quantity,
    Severity,
    Table,
)

Status = Literal["pass", "fail", "uncertain", "not_applicable"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "uncertain", "not_applicable")
EXCERPT_LIMIT = 200
_SENTENCE_END = "。！？；!?;"


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    finding: Finding | None = None

    @classmethod
    def passed(cls) -> "Outcome":
        return _PASSED

    @classmethod
    def not_applicable(cls) -> "Outcome":
        return _NOT_APPLICABLE

    @classmethod
    def uncertain(cls, finding: Finding | None = None) -> "Outcome":
        return cls("uncertain", finding)

    @classmethod
    def failed(cls, finding: Finding) -> "Outcome":
        return cls("fail", finding)


# an outcome without a finding is a plain value: one instance serves the thousands a check yields
_PASSED = Outcome("pass")
_NOT_APPLICABLE = Outcome("not_applicable")


Result = Union[Finding, Outcome]


class Context:
    """What a rule may read: the document, its quantities and statements, and the settings.

    Quantities and statements are computed once, on first use, and shared by all rules.
    """

    def __init__(self, document: Document, config: Config | None = None):
        self.document = document
        self.config = config or Config()

    @cached_property
    def quantities(self) -> tuple[Quantity, ...]:
        from checker.nlp import extract

        return tuple(extract(self.document))

    @cached_property
    def sentences(self) -> list:
        """Each paragraph's sentences with their quantities (``checker.statements.sentences``)."""
        from checker.statements.sentences import sentences

        return sentences(list(self.document.paragraphs()), self.quantities)

    @cached_property
    def statements(self) -> tuple:
        from checker.statements import find_statements

        return tuple(find_statements(self))

    @cached_property
    def money_unit(self) -> str | None:
        """The money unit most amounts of the document are written in (万元 in most reports)."""
        counts = Counter(q.unit for q in self.quantities if q.kind == "money" and q.unit)
        return counts.most_common(1)[0][0] if counts else None

    @cached_property
    def _tables(self) -> dict[str, Table]:
        return {c.id: t for t in self.document.tables() for c in t.cells()}

    @cached_property
    def paragraphs_and_cells(self) -> tuple[Paragraph | Cell, ...]:
        """Every paragraph and table cell, in reading order."""
        out: list[Paragraph | Cell] = []
        for block in self.document.blocks:
            if isinstance(block, Table):
                out.extend(block.cells())
            else:
                out.append(block)
        return tuple(out)

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """The texts of ``paragraphs_and_cells`` one to a line, and where each begins."""
        starts, at = [], 0
        for piece in self.paragraphs_and_cells:
            starts.append(at)
            at += len(piece.text) + 1
        return "\n".join(piece.text for piece in self.paragraphs_and_cells), starts

    def with_match(self, *patterns: re.Pattern[str], starts: re.Pattern[str] | None = None) -> list[Paragraph | Cell]:
        """The paragraphs and cells, in reading order, that a match of one of ``patterns`` touches
        when it scans all of them joined one to a line (``starts``: the characters a match can
        begin with, for ``jump_search``): every piece where ``pattern.search(piece.text)`` finds
        one, and perhaps a few more, for patterns without ^/$ whose look-arounds take a line break
        for the edge of the text. One scan costs a fraction of a thousand short ones; a rule reads
        the pieces it gets as it would read all. (One scan per pattern: an alternation of them
        loses the regex engine's fast search for a pattern's first character.)"""
        from checker.numbers import jump_search

        text, begins = self._joined
        touched: set[int] = set()
        for pattern in patterns:
            pos = 0
            while (
                m := pattern.search(text, pos) if starts is None else jump_search(pattern, starts, text, pos)
            ) is not None:
                last = bisect_right(begins, max(m.end() - 1, m.start()))
                touched.update(range(bisect_right(begins, m.start()) - 1, last))
                pos = max(m.end(), m.start() + 1)
        pieces = self.paragraphs_and_cells
        return [pieces[i] for i in sorted(touched)]

    def block(self, block_id: str) -> Paragraph | Table | Cell | None:
        try:
            return self.document.block(block_id)
        except KeyError:
            return None

    def table_of(self, cell_id: str) -> Table | None:
        return self._tables.get(cell_id)

    def excerpt(self, location: Location) -> str:
        return excerpt_at(self, location)


def excerpt_at(ctx: Context, location: Location, limit: int = EXCERPT_LIMIT) -> str:
    """The source text around a location: the sentence for prose, the row for a table cell."""
    block = ctx.block(location.block)
    if block is None:
        return ""
    if isinstance(block, Cell):
        table = ctx.table_of(block.id)
        row = table.rows[block.row - 1] if table is not None else (block,)
        return _clip(" | ".join(_one_line(c.raw) for c in row if c.raw.strip()), 0, 0, limit)
    if isinstance(block, Table):
        first = next((r for r in block.rows if any(c.raw.strip() for c in r)), ())
        return _clip(" | ".join(_one_line(c.raw) for c in first if c.raw.strip()), 0, 0, limit)
    text = block.raw
    start, end = max(0, min(location.start, len(text))), max(0, min(location.end, len(text)))
    if end <= start:
        start, end = 0, len(text)
    left = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    right_hits = [i for i in (text.find(ch, max(end - 1, start)) for ch in _SENTENCE_END) if i >= 0]
    right = min(right_hits) + 1 if right_hits else len(text)
    if start == 0 and end == len(text):
        left, right = 0, len(text)
    return _clip(text[left:right], start - left, end - left, limit)


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def _clip(text: str, start: int, end: int, limit: int) -> str:
    """At most ``limit`` characters, keeping the span [start, end) in view (Word bookmark
    markers that exported text carries are dropped first)."""
    shift = sum(len(m.group(0)) for m in _BOOKMARK.finditer(text) if m.end() <= start)
    text = _BOOKMARK.sub("", text).strip()
    start, end = max(0, start - shift), max(0, end - shift)
    if len(text) <= limit:
        return text
    span = max(end - start, 0)
    left = max(0, min(start - (limit - span) // 2, len(text) - limit))
    piece = text[left : left + limit]
    if left > 0:
        piece = "…" + piece[1:]
    if left + limit < len(text):
        piece = piece[:-1] + "…"
    return piece


def fingerprint(code: str, excerpt: str, stated: str | None, expected: str | None) -> str:
    """Stable identity of a finding: survives re-runs and edits elsewhere in the document
    (no line numbers), changes when the flagged text or the numbers change."""
    normalized = re.sub(r"\s+", "", excerpt)
    key = "\x1f".join((code, normalized, stated or "", expected or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class Rule:
    """Base of every rule; subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    confidence: ClassVar[Confidence] = "exact"
    message: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if getattr(cls, "code", None) is None:  # an abstract intermediate class
            return
        if cls.category not in CATEGORIES:
            raise TypeError(f"{cls.__name__}: category {cls.category!r} is not one of {CATEGORIES}")
        if not re.fullmatch(r"[A-Z]{2,4}\d{3}", cls.code):
            raise TypeError(f"{cls.__name__}: code {cls.code!r} must look like GRW001")
        if not re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)+", cls.name):
            raise TypeError(f"{cls.__name__}: name {cls.name!r} must be kebab-case")

    def check(self, ctx: Context) -> Iterable[Result]:
        raise NotImplementedError

    def finding(
        self,
        ctx: Context,
        location: Location,
        *,
        severity: Severity | None = None,
        confidence: Confidence | None = None,
        message: str | None = None,
        stated: str | None = None,
        expected: str | None = None,
        expr: str | None = None,
        related: Sequence[Location] = (),
        **fields: object,
    ) -> Finding:
        """A finding of this rule at ``location``; the message is the rule's template filled
        with ``fields`` (plus stated/expected/expr) unless ``message`` is given."""
        text = (
            message
            if message is not None
            else self.message.format(stated=stated, expected=expected, expr=expr, **fields)
        )
        excerpt = ctx.excerpt(location)
        return Finding(
            rule=self.code,
            name=self.name,
            category=self.category,
            severity=severity or self.severity,
            confidence=confidence or self.confidence,
            message=text,
            location=location,
            excerpt=excerpt,
            stated=stated,
            expected=expected,
            expr=expr,
            related=tuple(related),
            fingerprint=fingerprint(self.code, excerpt, stated, expected),
        )

    # -- user documentation ------------------------------------------------------------------
    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        return doc_sections(cls.__doc__ or "")

    @classmethod
    def doc(cls) -> dict[str, str]:
        """The rule's ``title``, ``what`` (it checks) and ``why`` (it matters) in the current
        language: English from the docstring, other languages from ``lexicons/rule_docs.*.yaml``."""
        return _DOCS[language()](cls)

    @classmethod
    def title(cls) -> str:
        """The doc's first line as a title (without its full stop)."""
        return cls.doc()["title"].rstrip("。.")

    @classmethod
    def examples(cls) -> tuple[str, str]:
        """The fenced example texts of the ``Example (flagged)`` and ``Compliant`` sections."""
        sections = cls.doc_sections()
        return (_fenced(sections.get("Example (flagged)", "")), _fenced(sections.get("Compliant", "")))


DOC_SECTIONS = ("What it checks", "Why it matters", "Example (flagged)", "Compliant")


def _doc_from_docstring(rule: type[Rule]) -> dict[str, str]:
    sections = rule.doc_sections()
    return {"title": rule.summary(), "what": sections["What it checks"], "why": sections["Why it matters"]}


def _doc_from_catalogue(rule: type[Rule]) -> dict[str, str]:
    from checker.lexicon import load_yaml

    return load_yaml(f"rule_docs.{language()}.yaml")[rule.code]


_DOCS = {"en": _doc_from_docstring, "zh": _doc_from_catalogue}
_FENCE = re.compile(r"```(?:text)?\n(.*?)```", re.S)


def doc_sections(doc: str) -> dict[str, str]:
    """Split a rule docstring into its titled sections (a title is a line ending with ':')."""
    import inspect

    text = inspect.cleandoc(doc)
    out: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        title = line.strip().rstrip(":")
        if line.strip().endswith(":") and title in DOC_SECTIONS:
            current = title
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return {k: v.strip("\n") for k, v in out.items()}


def _fenced(section: str) -> str:
    m = _FENCE.search(section)
    return m.group(1) if m else ""
