"""Collect every regular expression the package compiles: run in a fresh interpreter by
tests/test_robustness_regex.py so that module-level patterns are seen as they are built.

It wraps ``re._compile`` (the one door of re.compile/search/match/sub/...) before anything of
``checker`` is imported, imports every module, then checks the demo report so that patterns
built lazily from the lexicons are compiled too. Writes one JSON list of [pattern, flags, module, mode] to the file
named by its argument; mode is "match" for a pattern only ever applied at one position
(re.match/fullmatch, or a module-level pattern whose every use is .match/.fullmatch), else "search"."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

_seen: dict[tuple[str, int], tuple[str, str]] = {}
_original = re._compile
_ANCHORED = {"match", "fullmatch"}


def _caller() -> tuple[str, str]:
    """The module that asked for the pattern and the ``re`` function it called."""
    frame, via = sys._getframe(2), "compile"
    while frame is not None and frame.f_globals.get("__name__", "").startswith(("re", "sre_", "functools")):
        via = frame.f_code.co_name
        frame = frame.f_back
    return (frame.f_globals.get("__name__", "") if frame is not None else ""), via


def _recording(pattern, flags):
    compiled = _original(pattern, flags)
    if isinstance(compiled.pattern, str):
        module, via = _caller()
        if module.startswith("checker"):
            _seen.setdefault((compiled.pattern, int(compiled.flags)), (module, via))
    return compiled


def _anchored_names(modules) -> set[tuple[str, str]]:
    """(module, name) of module-level patterns that the package only ever applies with
    ``.match``/``.fullmatch`` (one start position), read from the sources."""
    uses: dict[str, set[str]] = {}
    for module in modules:
        source = Path(module.__file__).read_text(encoding="utf-8")
        for name, method in re.findall(r"\b(_?[A-Z][A-Z0-9_]*)\.(\w+)\(", source):
            uses.setdefault(name, set()).add(method)
    return {
        (m.__name__, name)
        for m in modules
        for name, value in vars(m).items()
        if isinstance(value, re.Pattern) and uses.get(name) and uses[name] <= _ANCHORED
    }


def main() -> None:
    re._compile = _recording
    import checker
    from checker.engine import check_text

    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(checker.__path__, "checker.")
        if not info.name.endswith("__main__")
    ]
    demo = Path(checker.__file__).resolve().parents[1] / "corpus" / "demo" / "qingchuan-juesuan-2024-with-defects.txt"
    if demo.is_file():
        check_text(demo.read_text(encoding="utf-8"))
    anchored = {
        (value.pattern, int(value.flags))
        for m, name in _anchored_names(modules)
        for value in [vars(sys.modules[m])[name]]
    }
    rows = [
        [p, f, module, "match" if via in _ANCHORED or (p, f) in anchored else "search"]
        for (p, f), (module, via) in sorted(_seen.items())
    ]
    Path(sys.argv[1]).write_text(json.dumps(rows), encoding="utf-8")  # ASCII: patterns may hold lone surrogates


if __name__ == "__main__":
    main()
