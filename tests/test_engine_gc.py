"""The engine raises the collector's young-generation threshold for the length of a check only."""

import gc

import pytest

from checker import engine
from checker.engine import check_text

REPORT = "一、收入支出决算总体情况说明\n2024年度收入总计1,200.00万元，支出总计1,150.00万元。\n"


@pytest.fixture
def threshold():
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_threshold_raised_during_a_check_and_put_back(threshold, monkeypatch):
    gc.set_threshold(700, 10, 10)
    seen = []
    real = engine._check
    monkeypatch.setattr(engine, "_check", lambda *a: (seen.append(gc.get_threshold()), real(*a))[1])
    report = check_text(REPORT)
    assert seen == [(engine._YOUNG_THRESHOLD, 10, 10)]
    assert report.coverage.quantities >= 2
    assert gc.get_threshold() == (700, 10, 10)


def test_collection_switched_off_stays_off(threshold):
    gc.set_threshold(0)
    check_text(REPORT)
    assert gc.get_threshold()[0] == 0


def test_put_back_when_the_check_fails(threshold, monkeypatch):
    gc.set_threshold(500, 5, 5)

    def broken(*_):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "_check", broken)
    with pytest.raises(RuntimeError):
        check_text(REPORT)
    assert gc.get_threshold() == (500, 5, 5)
