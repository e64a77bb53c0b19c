"""Linter-style text output: one ``path:line: severity RULE message`` line per finding.

A PDF line number counts from the top of its page, so the page follows the message as
``(p.N)``; the prefix stays ``path:line:`` for tools that parse linter output. A reviewer's
decision (``jiaohe check --db``) follows as ``[confirm: note]``, and the finding's fingerprint (the
handle ``jiaohe review`` takes) ends the line as ``[fp:…]``.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping

from checker.engine import Report
from checker.i18n import name_of, t
from checker.model import Finding


def finding_line(path: str, finding: Finding, decision: Mapping[str, str] | None = None) -> str:
    loc = finding.location
    where = f"{path}:{loc.line if loc.line is not None else 0}"
    page = f" (p.{loc.page})" if loc.page else ""
    return (
        f"{where}: {finding.severity} {finding.rule} {finding.message}{page}{decision_note(decision)}"
        f" [{fingerprint_tag(finding.fingerprint)}]"
    )


SHOWN_FINGERPRINT = 12
"""Characters of a fingerprint the human formats show: unique in any real archive, and
``jiaohe review`` takes a unique prefix."""


def fingerprint_tag(fingerprint: str) -> str:
    return f"fp:{fingerprint[:SHOWN_FINGERPRINT]}"


def decision_note(decision: Mapping[str, str] | None, word=str) -> str:
    """`` [dismiss: note]`` for a finding a reviewer decided on, else empty; ``word`` gives the
    decision's word (the linter line keeps the stored value, the formats for people translate it)."""
    if not decision:
        return ""
    note = f": {decision['note']}" if decision.get("note") else ""
    return f" [{word(decision['decision'])}{note}]"


def decision_word(decision: str) -> str:
    return name_of("decision", decision)


def dismissed(decisions: Mapping[str, Mapping[str, str]], finding: Finding) -> bool:
    """Whether a reviewer dismissed ``finding``: the database of decisions is the baseline, so
    such a finding is still shown but fails no run and raises no annotation."""
    return (decisions.get(finding.fingerprint) or {}).get("decision") == "dismiss"


def summary_line(report: Report) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in report.findings:
        counts[f.severity] += 1
    checks = report.coverage.checks
    return t(
        "summary.text",
        path=report.document.path,
        n=len(report.findings),
        error=counts["error"],
        warning=counts["warning"],
        info=counts["info"],
        passed=checks.get("pass", 0),
        failed=checks.get("fail", 0),
        uncertain=checks.get("uncertain", 0),
        not_applicable=checks.get("not_applicable", 0),
    )


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The `jiaohe check --format text` renderer; ``decisions`` maps a fingerprint to
    {"decision", "note"} (``checker.batch.store.decisions``)."""
    decisions = decisions or {}
    lines = [finding_line(report.document.path, f, decisions.get(f.fingerprint)) for f in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def statistics_table(counts: Counter[tuple[str, str, str]]) -> str:
    """``--statistics``: findings per rule (code, name, severity), most frequent first."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(max(counts.values(), default=0)))
    return "".join(f"{n:>{width}}  {code}  {name}  {severity}\n" for (code, name, severity), n in rows)
