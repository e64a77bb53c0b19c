"""Linter-style text output: one ``path:line: severity RULE message`` line per finding."""

from __future__ import annotations

from checker.engine import Report
from checker.model import Finding


def finding_line(path: str, finding: Finding) -> str:
    loc = finding.location
    where = f"{path}:{loc.line if loc.line is not None else 0}"
    page = f" (p.{loc.page})" if loc.page else ""
    return f"{where}: {finding.severity} {finding.rule} {finding.message}{page}"


def summary_line(report: Report) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in report.findings:
        counts[f.severity] += 1
    checks = report.coverage.checks
    return (f"{report.document.path}: {len(report.findings)} findings "
            f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info); "
            f"checks: {checks.get('pass', 0)} pass, {checks.get('fail', 0)} fail, "
            f"{checks.get('uncertain', 0)} uncertain, {checks.get('not_applicable', 0)} not applicable")


def render(report: Report) -> str:
    lines = [finding_line(report.document.path, f) for f in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
