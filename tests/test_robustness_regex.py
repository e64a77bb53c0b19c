"""Every regular expression the package compiles runs in linear time on adversarial text.

Catastrophic backtracking (nested or adjacent unbounded quantifiers over overlapping characters)
let a few hundred characters hang a check for minutes. The census (tests/_pattern_census.py)
records every pattern compiled by ``checker`` — module-level ones and those built from the
lexicons while the demo report is checked; each is fed strings of growing length made from its
own literal characters, CJK text, blanks, digits and percent signs — at every start position
(finditer), or at the first only for a pattern the package applies with match/fullmatch — and
the time at 8n must stay within about 12 × the time at n."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

_CENSUS = Path(__file__).with_name("_pattern_census.py")
_BASE = 96  # characters at the first size; the last size is 8 × this
_FLOOR = 0.004  # seconds below which a timing is noise, whatever the ratio
_ALLOWED = 12.0  # linear growth is × 8; the rest is noise of a shared machine


@pytest.fixture(scope="module")
def patterns(tmp_path_factory) -> list[tuple[re.Pattern, str, str]]:
    out = tmp_path_factory.mktemp("census") / "patterns.json"
    subprocess.run([sys.executable, str(_CENSUS), str(out)], check=True, timeout=300)
    found = json.loads(out.read_text(encoding="utf-8"))
    assert len(found) > 100, "the census should see the package's patterns"
    return [(re.compile(p, f), module, mode) for p, f, module, mode in found]


_META = set("\\^$.|?*+()[]{}-")


def _literals(pattern: str) -> list[str]:
    """The runs of literal characters of a pattern: its cue words and punctuation."""
    runs, current, escaped = [], "", False
    for ch in pattern:
        if escaped:
            escaped = False
            if ch in "sSdDwWbBnrt":
                runs.append(current)
                current = ""
            else:
                current += ch
        elif ch == "\\":
            escaped = True
        elif ch in _META or ch.isspace():
            runs.append(current)
            current = ""
        else:
            current += ch
    runs.append(current)
    return [r for r in dict.fromkeys(runs) if r and not r.isascii()] + [
        r for r in dict.fromkeys(runs) if r and r.isascii() and len(r) < 4
    ]


def _shapes(pattern: str) -> list:
    """Functions of n giving strings of about n characters that make a backtracking engine try
    many splits: repeated cue words with no closing cue, blank runs after a cue, digit runs."""
    words = _literals(pattern)[:12]
    glued = "".join(words) or "中"
    prefix = "".join(words[:-1]) or glued
    shapes = [
        lambda n: (glued * n)[:n],
        lambda n: (prefix * n)[:n] + "。",
        lambda n: glued[:4] + " " * n + "x",
        lambda n: glued[:4] + "\u3000" * n + "x",
        lambda n: "，" + " \t" * (n // 2) + "x",
        lambda n: "1" * n + "x",
        lambda n: "1%" * (n // 2),
        lambda n: "1.0万元" * (n // 5),
        lambda n: ("收入" + "中" * 7) * (n // 9) + "x",
    ]
    shapes += [lambda n, w=w: (w + " ") * (n // (len(w) + 1)) + "x" for w in words[:8]]
    shapes += [lambda n, w=w: (w + "1") * (n // (len(w) + 1)) + "%" for w in words[:4]]
    return shapes


def _time(pattern: re.Pattern, text: str, mode: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        if mode == "match":
            pattern.match(text)
        else:
            for _ in pattern.finditer(text):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def _growth(pattern: re.Pattern, shape, mode: str) -> tuple[float, float]:
    """Time at n and at 8n, stopping early (and extrapolating) when a step already blows up."""
    small = _time(pattern, shape(_BASE), mode)
    size, last = _BASE, small
    while size < 8 * _BASE:
        size *= 2
        last = _time(pattern, shape(size), mode)
        if last > 1.0:  # already far beyond linear at this size: no need to wait for 8n
            return small, last * (8 * _BASE / size) ** 3
    return small, last


def test_every_pattern_is_linear(patterns):
    slow = []
    started = time.perf_counter()
    for pattern, module, mode in patterns:
        for shape in _shapes(pattern.pattern):
            small, large = _growth(pattern, shape, mode)
            if large > _FLOOR and large > _ALLOWED * max(small, _FLOOR / 8):
                # confirm once: a shared machine has pauses
                small, large = _growth(pattern, shape, mode)
                if large > _FLOOR and large > _ALLOWED * max(small, _FLOOR / 8):
                    slow.append(
                        f"{module}: {pattern.pattern[:90]!r} on {shape(12)!r}: "
                        f"{small * 1e3:.2f} ms → {large * 1e3:.1f} ms"
                    )
                    break
    assert not slow, "super-linear patterns:\n" + "\n".join(slow)
    assert time.perf_counter() - started < 60


def test_the_census_sees_lexicon_built_patterns(patterns):
    modules = {module for _, module, _ in patterns}
    assert {"checker.explain.counts", "checker.statements.change", "checker.numbers"} <= modules
