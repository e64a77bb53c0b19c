"""fast_init: a frozen slots dataclass with the generated __init__ behaves as the dataclass's own.

Each decorated class is compared with a twin made by ``make_dataclass`` from the same fields
(so with the dataclass's own __init__): same signature, same field values for positional,
keyword and default arguments, same equality, hash and repr; and the objects stay frozen,
``replace()``-able and picklable (the batch scan's worker processes send them back pickled).
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from decimal import Decimal
from typing import Any

import pytest

import checker.model
import checker.statements.sentences

from checker.model import Cell, Finding, Heading, Location, Paragraph, Piece, Quantity, fast_init
from checker.statements.sentences import Item, Sentence

PIECE = Piece(0, 12, 3, 2, None, None)
LOCATION = Location(3, 4, 1, "p7", 5, 11)
HEADING = Heading(2, 3, "（三）", "项目支出情况")
PARAGRAPH = Paragraph("p7", "本年支出合计为1,234.50万元。", "本年支出合计为1,234.50万元。", (PIECE,), HEADING)
QUANTITY = Quantity(
    "1,234.50万元",
    "money",
    Decimal("12345000"),
    "万元",
    2,
    Decimal("12344950"),
    Decimal("12345050"),
    LOCATION,
    None,
    "约",
    None,
    "支出合计",
    "本年",
    "决算数",
    "+",
    "合计",
)
ITEM = Item.make(QUANTITY, "本年支出合计为", 7, 17, 0)

# Arguments for every init field of each decorated class, in field order.
SAMPLES: dict[type, dict[str, Any]] = {
    Piece: {"start": 4, "end": 9, "line": 12, "column": 3, "page": 2, "sheet": "表1"},
    Location: {"line": 3, "end_line": 4, "page": None, "block": "t1.r2.c3", "start": 0, "end": 6},
    Heading: {"level": 1, "number": 2, "marker": "二、", "title": "收入支出决算总体情况"},
    Paragraph: {"id": "p7", "text": "一、概况", "raw": "一、概况", "pieces": (PIECE,), "heading": HEADING},
    Cell: {"id": "t1.r2.c3", "row": 2, "col": 3, "text": "12.50", "raw": "12.50", "pieces": (PIECE,)},
    Quantity: {f.name: getattr(QUANTITY, f.name) for f in dataclasses.fields(Quantity) if f.init},
    Finding: {
        "rule": "SUM001",
        "name": "sum",
        "category": "arith.sum",
        "severity": "error",
        "confidence": "exact",
        "message": "合计与各项之和不符",
        "location": LOCATION,
        "excerpt": "合计100万元",
        "stated": "100",
        "expected": "99",
        "expr": "50 + 49",
        "related": (LOCATION,),
        "fingerprint": "abc123",
    },
    Item: {f.name: getattr(ITEM, f.name) for f in dataclasses.fields(Item)},
    Sentence: {"paragraph": PARAGRAPH, "start": 0, "end": 17, "items": (ITEM,), "index": 4},
}


def _twin(cls: type) -> type:
    """The same fields as a plain frozen slots dataclass, built with the dataclass's own __init__."""
    specs = []
    for f in dataclasses.fields(cls):
        spec = dataclasses.field(
            default=f.default,
            default_factory=f.default_factory,
            init=f.init,
            repr=f.repr,
            hash=f.hash,
            compare=f.compare,
            kw_only=f.kw_only,
        )
        specs.append((f.name, f.type, spec))
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True)


def _values(obj: object) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name, "<unset>") for f in dataclasses.fields(obj)}


def _calls(cls: type) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Positional, keyword (in reverse order) and defaults-only calls of the class."""
    sample = SAMPLES[cls]
    params = list(inspect.signature(cls).parameters.values())
    required = {p.name: sample[p.name] for p in params if p.default is p.empty}
    return [
        (tuple(sample.values()), {}),
        ((), dict(reversed(sample.items()))),
        ((), required),
        (tuple(required.values()), {}),
    ]


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda c: c.__name__)
def test_fast_init_matches_the_dataclass_init(cls: type) -> None:
    twin = _twin(cls)
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
    assert {f"_set_{name}" for name in SAMPLES[cls]} <= set(cls.__init__.__code__.co_names)  # the fast one
    assert inspect.signature(cls) == inspect.signature(twin)
    assert [p.name for p in inspect.signature(cls).parameters.values()] == list(SAMPLES[cls])
    for args, kwargs in _calls(cls):
        fast, plain = cls(*args, **kwargs), twin(*args, **kwargs)
        assert _values(fast) == _values(plain)
        assert repr(fast).partition("(")[2] == repr(plain).partition("(")[2]
        assert fast == cls(*args, **kwargs) and hash(fast) == hash(cls(*args, **kwargs))


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda c: c.__name__)
def test_fast_init_objects_stay_frozen_replaceable_and_picklable(cls: type) -> None:
    obj = cls(**SAMPLES[cls])
    first = next(iter(SAMPLES[cls]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, first, SAMPLES[cls][first])
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(obj, first)
    copy = pickle.loads(pickle.dumps(obj))
    assert copy == obj and _values(copy) == _values(obj) and type(copy) is cls
    changed = dataclasses.replace(obj, **{first: SAMPLES[cls][first]})
    assert changed == obj and changed is not obj
    with pytest.raises(TypeError):
        cls(*SAMPLES[cls].values(), None)  # one argument too many
    with pytest.raises(TypeError):
        cls(**{**SAMPLES[cls], "unknown": 1})
    with pytest.raises(TypeError):
        cls(*SAMPLES[cls].values(), **{first: SAMPLES[cls][first]})  # given twice


def _is_fast(cls: type) -> bool:
    code = getattr(cls.__init__, "__code__", None)  # a class without its own __init__ has a slot wrapper
    return code is not None and any(name.startswith("_set_") for name in code.co_names)


def test_every_decorated_class_of_the_model_is_compared_here() -> None:
    decorated = {
        cls
        for module in (checker.model, checker.statements.sentences)
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__ and _is_fast(cls)
    }
    assert decorated == set(SAMPLES)


def test_a_quantity_made_anew_fills_its_interval_afresh() -> None:
    q = Quantity(**SAMPLES[Quantity])
    assert q.interval.nominal == Decimal("12345000")
    assert dataclasses.replace(q, value=Decimal("1"), low=Decimal("0"), high=Decimal("2")).interval.nominal == 1
    assert pickle.loads(pickle.dumps(q)).interval == q.interval


@fast_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Every:
    """Every kind of field fast_init handles."""

    a: int
    b: str = "b"
    c: list[int] = dataclasses.field(default_factory=lambda: [1])
    d: int = dataclasses.field(default=4, init=False)
    e: list[int] = dataclasses.field(default_factory=list, init=False, compare=False)
    f: int = dataclasses.field(default=6, kw_only=True)
    g: str = dataclasses.field(kw_only=True, default="g")


def test_defaults_factories_init_false_and_keyword_only_fields() -> None:
    twin = _twin(_Every)
    assert inspect.signature(_Every) == inspect.signature(twin)
    for args, kwargs in [((1,), {}), ((1, "x", [2]), {"g": "y", "f": 7}), ((), {"a": 1, "c": [], "f": 0})]:
        fast, plain = _Every(*args, **kwargs), twin(*args, **kwargs)
        assert _values(fast) == _values(plain)
    one, two = _Every(1), _Every(1)
    assert one.c == [1] and one.c is not two.c and one.e is not two.e  # a fresh object per call
    given = [9]
    assert _Every(1, "b", given).c is given
    with pytest.raises(TypeError):
        _Every(1, "b", [1], 6)  # f is keyword-only
    with pytest.raises(TypeError):
        _Every(1, d=5)  # d is not an argument


def test_classes_fast_init_cannot_serve_are_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithInitVar:
        a: int
        b: dataclasses.InitVar[int]

    for cls in (NoSlots, PostInit, WithInitVar):
        with pytest.raises(TypeError):
            fast_init(cls)
