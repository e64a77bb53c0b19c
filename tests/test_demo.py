"""The report `make demo` checks: every defect written into it is found, nothing else is an error."""

from pathlib import Path

from checker.evaluation.keys import load_key
from checker.evaluation.scoring import evaluate

DEMO = Path(__file__).resolve().parents[1] / "corpus" / "demo"


def test_every_demo_defect_is_found_and_no_trap_is_hit():
    result = evaluate(load_key(DEMO / "key.json"), DEMO)
    assert result.overall.found == result.overall.total == 5
    assert result.trap_hits == 0
    unexplained_errors = [f for d in result.documents for f in d.unexplained if f.severity == "error"]
    assert unexplained_errors == []
