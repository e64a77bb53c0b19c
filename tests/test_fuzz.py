"""The fuzz harness in CI: a few dozen generated hostile files per format (tests/fuzz_inputs.py),
each read and checked under a time limit. Every one must end as a checked report with no rule
raising, or as a clean refusal (InputError, exit 2). Bounded to well under two minutes; the long
run is `make fuzz` (tests/fuzz_run.py)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from checker.engine import check_document
from checker.ingest import InputError, load_document
from tests.fuzz_inputs import GENERATORS

pytestmark = pytest.mark.fuzz
_LIMIT = 30  # seconds per file: a hang, on a CI machine shared with other jobs (`make fuzz` uses 10)


class _TooSlow(Exception):
    pass


def _check_within_limit(path: Path) -> None:
    def time_up(signum, frame):
        raise _TooSlow(f"{path.name}: no result within {_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.alarm(_LIMIT)
    try:
        report = check_document(load_document(path))
        assert not report.rule_errors, report.rule_errors
    except InputError as exc:
        assert exc.reason
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("fmt", sorted(GENERATORS))
def test_generated_files_are_checked_or_refused(fmt, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"fuzz-{fmt}")

    # no shrinking: a failing file is reported as generated (shrinking one can take minutes)
    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @given(st.randoms(use_true_random=False))
    def run(rng):
        path = folder / f"case.{fmt}"
        path.write_bytes(GENERATORS[fmt](rng))
        _check_within_limit(path)

    run()
