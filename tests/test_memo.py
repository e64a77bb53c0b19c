"""The per-object caches that let several rule families share a table's grids and a document's
scorecards."""

from __future__ import annotations

from checker.memo import by_identity


class Box:
    def __init__(self, n: int):
        self.n = n

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Box) and other.n == self.n

    def __hash__(self) -> int:
        return self.n


def counting(maxsize: int):
    calls: list[int] = []

    @by_identity(maxsize)
    def double(box: Box) -> int:
        calls.append(box.n)
        return box.n * 2

    return double, calls


def test_the_same_object_is_computed_once():
    double, calls = counting(4)
    box = Box(3)
    assert [double(box) for _ in range(3)] == [6, 6, 6]
    assert calls == [3]


def test_an_equal_but_distinct_object_is_computed_again():
    double, calls = counting(4)
    double(Box(3))
    double(Box(3))
    assert calls == [3, 3]


def test_at_most_maxsize_objects_are_kept():
    double, calls = counting(2)
    boxes = [Box(i) for i in range(3)]
    for box in boxes:
        double(box)
    double(boxes[0])  # the oldest entry went when the third came in
    double(boxes[2])
    assert calls == [0, 1, 2, 0]


def test_cache_clear_forgets_every_object():
    double, calls = counting(4)
    box = Box(5)
    double(box)
    double.cache_clear()
    double(box)
    assert calls == [5, 5]
