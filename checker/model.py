"""Immutable values shared by every stage: the document, its blocks, quantities and findings.

Every block keeps its text in two forms of equal length: ``raw`` (as the source had it) and
``text`` (normalised one character for one character, see ``checker.normalize``), so an offset
found in ``text`` is an offset in ``raw`` and, through ``pieces``, a place in the source file.
"""

from __future__ import annotations

import inspect
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from decimal import Decimal
from typing import Any, Iterator, Literal, TypeVar, Union, cast

from checker.arith import Interval

DocumentKind = Literal["final_accounts", "budget", "overall_selfeval", "project_selfeval", "unknown"]
Severity = Literal["error", "warning", "info"]
Confidence = Literal["exact", "aligned", "model"]
QuantityKind = Literal["money", "percent", "date", "count", "quantity", "number"]

_T = TypeVar("_T")


def fast_init(cls: type[_T]) -> type[_T]:
    """Give a frozen slots dataclass an ``__init__`` that fills its slots through their descriptors.

    The dataclass's own ``__init__`` calls ``object.__setattr__`` per field (its ``__setattr__``
    refuses assignment); a check builds thousands of figures, locations and items, and each slot's
    descriptor sets the field in about half the time. The replacement is generated once per class
    with the same parameters, defaults and annotations, and sets the same fields in the same order;
    everything else (equality, hash, repr, ``replace()``, pickling, ``FrozenInstanceError`` on
    assignment) stays the dataclass's.
    """
    old = cls.__init__
    params = list(inspect.signature(old).parameters.values())[1:]  # after self
    own = fields(cast(Any, cls))  # any class: the checks below refuse what is no slots dataclass
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: fast_init needs a slots dataclass without __post_init__")
    if [p.name for p in params] != [f.name for f in own if f.init] or any(p.name == "self" for p in params):
        raise TypeError(f"{cls.__name__}: fast_init needs one parameter per init field (no InitVar, no self)")
    names: dict[str, Any] = {}
    args: list[str] = []
    for p in params:
        if p.kind is p.KEYWORD_ONLY and "*" not in args:
            args.append("*")
        if p.default is not p.empty:  # the dataclass's own default (its sentinel for a default_factory)
            names[f"_dflt_{p.name}"] = p.default
        args.append(p.name if p.default is p.empty else f"{p.name}=_dflt_{p.name}")
    body = []
    for f in own:
        names[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default_factory is not MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            value = f"_factory_{f.name}()"
            if f.init:
                value = f"{value} if {f.name} is _dflt_{f.name} else {f.name}"
        elif f.init:
            value = f.name
        elif f.default is not MISSING:
            names[f"_dflt_{f.name}"] = f.default
            value = f"_dflt_{f.name}"
        else:
            continue  # neither an argument nor a default: left unset, as the dataclass leaves it
        body.append(f"    _set_{f.name}(self, {value})\n")
    exec(f"def __init__(self, {', '.join(args)}):\n{''.join(body) or '    pass'}\n", names)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = old.__annotations__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

CATEGORIES: tuple[str, ...] = (
    "arith.sum",
    "arith.share",
    "arith.growth",
    "arith.ratio",
    "arith.difference",
    "arith.score",
    "unit",
    "value.conflict",
    "table",
    "claim",
    "count",
    "duplicate",
    "boilerplate",
    "template",
    "structure",
)


@fast_init
@dataclass(frozen=True, slots=True)
class Piece:
    """A run of block text ``[start, end)`` that came from one place in the source.

    ``line`` is the 1-based physical line for text files, the paragraph number for docx and doc,
    the page-relative line for pdf (with ``page`` set) and the row for xlsx and xls (with ``sheet``);
    ``column`` is the 0-based character (or, for xlsx and xls, cell) column where the run starts.
    """

    start: int
    end: int
    line: int
    column: int = 0
    page: int | None = None
    sheet: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Location:
    line: int | None
    end_line: int | None
    page: int | None
    block: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "end_line": self.end_line,
            "page": self.page,
            "block": self.block,
            "start": self.start,
            "end": self.end,
        }


def locate(block_id: str, pieces: tuple[Piece, ...], start: int, end: int) -> Location:
    """Map a span of block text back to source lines (and page)."""
    if not pieces:
        return Location(None, None, None, block_id, start, end)
    if len(pieces) == 1:  # most blocks (a line, a cell): whatever the span, that piece
        only = pieces[0]
        return Location(only.line, only.line, only.page, block_id, start, end)
    stop = max(end, start + 1)
    hit = [p for p in pieces if p.start < stop and p.end > start]
    if not hit:  # the span sits on a separator the reader inserted between pieces
        hit = [min(pieces, key=lambda p: abs(p.start - start))]
    return Location(hit[0].line, hit[-1].line, hit[0].page, block_id, start, end)


@fast_init
@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading such as 第二部分 / 一、/（一）/ 1. / （1）."""

    level: int  # 0 第X部分, 1 一、, 2 （一）, 3 1. / 1、, 4 （1）/ (1)
    number: int  # the ordinal the marker states (一 → 1)
    marker: str  # the marker as written, e.g. "（三）"
    title: str  # the heading text after the marker


@fast_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    text: str
    raw: str
    pieces: tuple[Piece, ...]
    heading: Heading | None = None

    def locate(self, start: int = 0, end: int | None = None) -> Location:
        return locate(self.id, self.pieces, start, len(self.text) if end is None else end)


@fast_init
@dataclass(frozen=True, slots=True)
class Cell:
    id: str
    row: int
    col: int
    text: str
    raw: str
    pieces: tuple[Piece, ...]

    def locate(self, start: int = 0, end: int | None = None) -> Location:
        return locate(self.id, self.pieces, start, len(self.text) if end is None else end)


@dataclass(frozen=True, slots=True)
class Table:
    """A grid of cells as the source laid it out (rows may differ in length).

    ``caption`` is the title line the source gives the table (a leading one-cell row, or
    the paragraph just before it); ``unit`` is the money unit stated for it (单位：万元).
    """

    id: str
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    unit: str | None = None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row

    def locate(self, start: int = 0, end: int | None = None) -> Location:
        first = self.rows[0][0] if self.rows and self.rows[0] else None
        last = self.rows[-1][-1] if self.rows and self.rows[-1] else None
        if first is None or last is None:
            return Location(None, None, None, self.id, 0, 0)
        a, b = first.locate(), last.locate()
        return Location(a.line, b.end_line, a.page, self.id, 0, 0)


Block = Union[Paragraph, Table]


@dataclass(frozen=True, slots=True)
class Section:
    """A node of the heading tree; ``block`` is the id of the heading paragraph."""

    heading: Heading
    block: str
    children: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Document:
    path: str
    sha256: str
    format: Literal["txt", "html", "docx", "doc", "pdf", "xlsx", "xls", "image"]
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...] = ()
    kind: DocumentKind = "unknown"
    year: int | None = None
    unit: str | None = None
    warnings: tuple[str, ...] = ()
    format_chars: tuple[tuple[str, str], ...] = ()
    """(block id, characters) of the invisible format characters removed before reading."""
    ocr_pages: frozenset[int] = frozenset()
    """Pages whose text OCR read (an image file's pages, a PDF's pages without a text layer)."""

    def paragraphs(self) -> Iterator[Paragraph]:
        return iter(self._paragraphs)

    def tables(self) -> Iterator[Table]:
        return iter(self._tables)

    def block(self, block_id: str) -> Block | Cell:
        try:
            return self._index[block_id]
        except KeyError:
            raise KeyError(block_id) from None

    # Dozens of rules ask for the tables or the paragraphs, each once or more: the blocks are
    # sorted out once per document (not fields: equality, hashing and replace() ignore them).
    @cached_property
    def _paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @cached_property
    def _tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @cached_property
    def _index(self) -> dict[str, Block | Cell]:
        index: dict[str, Block | Cell] = {}
        for b in self.blocks:
            index.setdefault(b.id, b)
            if isinstance(b, Table):
                for c in b.cells():
                    index.setdefault(c.id, c)
        return index

    def facts(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "kind": self.kind, "year": self.year, "unit": self.unit}


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """One numeric entity as stated, with what it measures.

    ``value`` is in base units (元 for money, percentage points for percent); ``low``/``high``
    is the interval the displayed precision stands for (v ± ½·10⁻ᵈ scaled to base units).
    """

    text: str
    kind: QuantityKind
    value: Decimal | None
    unit: str | None
    decimals: int
    low: Decimal | None
    high: Decimal | None
    location: Location
    op: str | None = None
    approx: str | None = None
    iso: str | None = None  # dates: 2024, 2024-12, 2025-02-14, 2018/2022
    label: str | None = None
    period: str | None = None
    measure: str | None = None
    sign: str | None = None  # "-" / "+" when the number is written with a sign
    header: str | None = None  # table cells: the column header the value sits under
    _interval: Interval | None = field(default=None, init=False, repr=False, compare=False)
    """``interval``, made on first use: the rules ask a figure for it again and again (thousands of
    times a check). Not an argument, so a ``replace()`` copy makes its own."""

    @property
    def interval(self) -> Interval:
        """What the figure stands for in base units, with its stated precision; only for figures with a value."""
        made = self._interval
        if made is None:
            if self.low is None or self.high is None or self.value is None:
                raise ValueError(f"{self.text!r} has no numeric value")
            made = Interval(self.low, self.high, self.value)
            object.__setattr__(self, "_interval", made)  # frozen: the one slot filled after __init__
        return made

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "value": self.iso if self.kind == "date" else _dec(self.value),
            "unit": self.unit,
            "decimals": self.decimals,
            "op": self.op,
            "label": self.label,
            "location": self.location.to_json(),
        }


def _dec(v: Decimal | None) -> str | None:
    if v is None:
        return None
    text = format(v, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@fast_init
@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: Severity
    confidence: Confidence
    message: str
    location: Location
    excerpt: str
    stated: str | None = None
    expected: str | None = None
    expr: str | None = None
    related: tuple[Location, ...] = ()
    fingerprint: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "confidence": self.confidence,
            "message": self.message,
            "location": self.location.to_json(),
            "excerpt": self.excerpt,
            "related": [r.to_json() for r in self.related],
            "stated": self.stated,
            "expected": self.expected,
            "expr": self.expr,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Coverage:
    quantities: int = 0
    statements: int = 0
    checks: dict[str, int] = field(default_factory=lambda: {"pass": 0, "fail": 0, "uncertain": 0, "not_applicable": 0})

    def to_json(self) -> dict[str, Any]:
        return {"quantities": self.quantities, "statements": self.statements, "checks": dict(self.checks)}
