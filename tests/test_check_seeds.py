"""The rules on the real reports in ../shared (skipped when absent): the public answer key's
arithmetic, unit and conflict items are found, and no error lands on a trap."""

from pathlib import Path

import pytest

from checker.engine import check_document
from checker.evaluation.keys import hits_trap, load_key, matches_item
from checker.ingest import load_document

MY_CATEGORIES = ("arith.", "unit", "value.conflict")


@pytest.fixture(scope="module")
def key(shared_dir: Path):
    path = shared_dir / "gold" / "seeds-public.json"
    if not path.exists():
        pytest.skip("no public answer key")
    return load_key(path)


@pytest.fixture(scope="module")
def reports(key, seeds_dir: Path):
    return {doc.file: check_document(load_document(seeds_dir / doc.file)) for doc in key.documents}


def test_every_arithmetic_unit_and_conflict_item_is_found(key, reports):
    missed = []
    for doc in key.documents:
        for item in doc.items:
            if not any(c.startswith(MY_CATEGORIES) for c in item.cats):
                continue
            if not any(matches_item(f, item) for f in reports[doc.file].findings):
                missed.append(item.id)
    assert missed == []


def test_no_error_on_a_trap(key, reports):
    hits = [
        (trap.id, f.rule)
        for doc in key.documents
        for trap in doc.traps
        for f in reports[doc.file].findings
        if hits_trap(f, trap)
    ]
    assert hits == []


def test_every_seed_checks_without_a_rule_crash(seeds_dir: Path):
    for path in sorted(seeds_dir.glob("*.txt")):
        report = check_document(load_document(path))
        assert report.rule_errors == (), path.name
        assert sum(report.coverage.checks.values()) > 0
        assert all(len(f.excerpt) <= 200 for f in report.findings)
