"""Run the checker over the documents of an answer key and count what it found and what it should not have."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from checker.engine import Report, check_document
from checker.evaluation.keys import AnswerKey, DocumentKey, Item, Trap, hits_trap, matches_item, near_item
from checker.i18n import t
from checker.ingest import InputError, load_document
from checker.model import Finding

Checker = Callable[[Path], Report]


def check_file(path: Path) -> Report:
    return check_document(load_document(path))


@dataclass(frozen=True)
class ItemResult:
    item: Item
    found_by: tuple[Finding, ...]

    @property
    def found(self) -> bool:
        return bool(self.found_by)


@dataclass(frozen=True)
class TrapResult:
    trap: Trap
    hit_by: tuple[Finding, ...]


@dataclass(frozen=True)
class DocumentResult:
    file: str
    items: tuple[ItemResult, ...]
    traps: tuple[TrapResult, ...]
    findings: tuple[Finding, ...]
    unexplained: tuple[Finding, ...]  # error/warning findings at no item: candidate false positives
    coverage: dict
    new_errors: tuple[Finding, ...] | None = None  # of those, errors its clean source does not have

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True)
class Tally:
    found: int = 0
    total: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.total if self.total else None

    def add(self, found: bool) -> "Tally":
        return Tally(self.found + int(found), self.total + 1)


@dataclass(frozen=True)
class EvalResult:
    key: AnswerKey
    docs_dir: Path
    documents: tuple[DocumentResult, ...]
    by_category: dict[str, Tally] = field(default_factory=dict)
    by_operator: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = Tally()

    @property
    def trap_hits(self) -> int:
        return sum(1 for d in self.documents for t in d.traps if t.hit_by)

    @property
    def coverage(self) -> dict:
        return sum_coverage(d.coverage for d in self.documents)

    @property
    def new_errors(self) -> int | None:
        """Errors away from the injected defects that the clean sources do not have (mutation keys)."""
        counted = [len(d.new_errors) for d in self.documents if d.new_errors is not None]
        return sum(counted) if counted else None


def evaluate(key: AnswerKey, docs_dir: Path | None = None, checker: Checker = check_file) -> EvalResult:
    folder = docs_dir or key.default_docs_dir()
    missing = [d.file for d in key.documents if not (folder / d.file).is_file()]
    if missing:
        raise InputError(
            folder / missing[0],
            t("input.key.document_missing", key=key.path),
        )
    baselines: dict[Path, set[tuple]] = {}
    results = []
    for doc in key.documents:
        result = evaluate_document(doc, checker(folder / doc.file))
        if doc.source is not None and doc.source.is_file():
            if doc.source not in baselines:
                baselines[doc.source] = {_identity(f) for f in checker(doc.source).findings}
            injected = [t for i in doc.items for t in i.injected if any(ch.isdigit() for ch in t)]
            new = tuple(
                f
                for f in result.unexplained
                if f.severity == "error"
                and _identity(f) not in baselines[doc.source]
                # an error that recomputes with the injected figure is its knock-on effect
                # (a changed score breaks the 总分 too), not a false alarm
                and not any(t in f.message for t in injected)
            )
            result = replace(result, new_errors=new)
        results.append(result)
    results = tuple(results)
    by_category: dict[str, Tally] = defaultdict(Tally)
    by_operator: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    for doc in results:
        for r in doc.items:
            # An item counts once, under its first (principal) category.
            by_category[r.item.cats[0]] = by_category[r.item.cats[0]].add(r.found)
            if r.item.op:
                by_operator[r.item.op] = by_operator[r.item.op].add(r.found)
            overall = overall.add(r.found)
    return EvalResult(
        key, folder, results, dict(sorted(by_category.items())), dict(sorted(by_operator.items())), overall
    )


def _identity(f: Finding) -> tuple:
    """A finding that is the same in a mutated copy and its source (an edit never moves lines)."""
    return f.rule, f.location.line, f.message


def evaluate_document(doc: DocumentKey, report: Report) -> DocumentResult:
    findings = report.findings
    items = tuple(ItemResult(i, tuple(f for f in findings if matches_item(f, i))) for i in doc.items)
    # A finding that found a defect is not a false alarm, even where a trap's lines overlap it
    # (both keys' `_about`: a trap is hit by an error that found no item).
    found_something = {id(f) for r in items for f in r.found_by}
    traps = tuple(
        TrapResult(t, tuple(f for f in findings if id(f) not in found_something and hits_trap(f, t))) for t in doc.traps
    )
    unexplained = tuple(
        f for f in findings if f.severity in ("error", "warning") and not any(near_item(f, i) for i in doc.items)
    )
    return DocumentResult(doc.file, items, traps, findings, unexplained, report.coverage.to_json())


def sum_coverage(coverages: Iterable[dict]) -> dict:
    total = {"quantities": 0, "statements": 0, "checks": defaultdict(int)}
    for c in coverages:
        total["quantities"] += c.get("quantities", 0)
        total["statements"] += c.get("statements", 0)
        for name, n in c.get("checks", {}).items():
            total["checks"][name] += n
    total["checks"] = dict(total["checks"])
    return total
