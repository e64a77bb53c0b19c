"""The rule registry: every family module under ``checker.rules`` exports ``RULES = (...)``.

Adding a family is one line in ``FAMILIES`` (the module name). Codes must be unique.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from checker.rules.base import Context, Outcome, Rule

FAMILIES: tuple[str, ...] = (
    "arith",
    "sums",
    "ratios",
    "products",
    "conflicts",
    "template",
    "scoring",
    "tables",
    "align",
    "structure",
    "explain",
    "claims",
    "completeness",
    "formulas",
    "invisible",
    "activity",
)


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    rules: list[type[Rule]] = []
    seen: dict[str, str] = {}
    for family in FAMILIES:
        module = importlib.import_module(f"checker.rules.{family}")
        for rule in module.RULES:
            if rule.code in seen:
                raise RuntimeError(f"rule code {rule.code} used by {seen[rule.code]} and {family}")
            seen[rule.code] = family
            rules.append(rule)
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> type[Rule] | None:
    wanted = code.strip().upper()
    return next((r for r in all_rules() if r.code == wanted or r.name == code.strip()), None)


def title_of(code: str, name: str) -> str:
    """A finding's rule title in the current language (``name`` for a code that is no rule of
    the registry: the cross-document checks of a scan)."""
    rule = rule_by_code(code)
    return rule.title() if rule is not None else name


__all__ = ["Context", "FAMILIES", "Outcome", "Rule", "all_rules", "rule_by_code", "title_of"]
