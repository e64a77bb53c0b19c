"""Every relation family in many wordings (``corpus/phrasings``): the defect versions are found,
the consistent twins raise no error."""

from __future__ import annotations

import pytest

from checker.evaluation.phrasings import MIN_WORDINGS, load_families, load_silent, score_family

FAMILIES = load_families()
SILENT = load_silent()
MIN_RECALL = 0.95


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family(family):
    cases = FAMILIES[family]
    assert len(cases) >= MIN_WORDINGS, f"{family}: {len(cases)} wordings, at least {MIN_WORDINGS} wanted"
    assert len({c.id for c in cases}) == len(cases), f"{family}: case ids repeat"
    result = score_family(cases)
    assert not result.twin_errors, "consistent twins flagged as errors:\n" + "\n".join(result.twin_errors)
    assert result.recall >= MIN_RECALL, (
        f"{family}: {result.found}/{result.cases} defect versions found; missed: {', '.join(result.missed)}"
    )


@pytest.mark.parametrize(
    "family",
    [
        "budget_direction",
        "year_pair",
        "flat_claim",
        "share_after_reasons",
        "sangong_parts",
        "selfeval_level1_weights",
        "comparison_year",
        "numbered_parts",
        "list_ends",
        "share_beside_budget_rate",
        "scoped_labels",
        "listed_names_end",
        "counted_parts",
        "uses_after_rate",
        "unit_slip_in_list",
        "per_unit",
        "split_by_dimension",
        "flat_against_last_year",
        "budget_rate_alone",
        "mainly_uses",
    ],
)
def test_twins_stay_silent(family):
    """These families' twins are right, by rounding at most: not even a warning."""
    from checker.config import Config
    from checker.engine import check_text

    loud = [
        f"{case.id}: {f.rule} {f.message}"
        for case in FAMILIES[family]
        for f in check_text(case.twin, Config()).findings
        if f.severity in ("error", "warning")
    ]
    assert not loud, "\n".join(loud)


@pytest.mark.parametrize("family", sorted(SILENT))
def test_what_a_family_leaves_alone_stays_silent(family):
    """A family's ``silent`` texts state what its relation must not be read into (a ceiling, a
    period the text does not count): not even a warning."""
    from checker.config import Config
    from checker.engine import check_text

    loud = [
        f"{case_id}: {f.rule} {f.message}"
        for case_id, text in SILENT[family]
        for f in check_text(text, Config()).findings
        if f.severity in ("error", "warning")
    ]
    assert not loud, "\n".join(loud)
