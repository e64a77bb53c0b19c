"""Findings in colour for a terminal, with a summary line (the plain linter format is for pipes)."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from typing import Mapping

from rich.console import Console
from rich.text import Text

from checker.engine import Report
from checker.report.annotate import quote
from checker.i18n import name_of, t
from checker.report.text import decision_note, decision_word, fingerprint_tag

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_terminal(report: Report, console: Console, decisions: Mapping[str, Mapping[str, str]] | None = None) -> None:
    decisions = decisions or {}
    document = report.document
    findings = report.findings
    for f in findings:
        line = Text()
        line.append(f"{document.path}:{f.location.line or 0}: ", style="bold")
        line.append(f"{name_of('severity', f.severity)} ", style=STYLES.get(f.severity, ""))
        line.append(f"{f.rule} ", style="magenta")
        line.append(f.message)
        if f.location.page:
            line.append(f" ({t('page.short', page=f.location.page)})", style="bold")
        line.append(decision_note(decisions.get(f.fingerprint), decision_word), style="green")
        line.append(f" [{fingerprint_tag(f.fingerprint)}]", style="dim")
        console.print(line)
        excerpt = quote(document, f.location, 30) or " ".join(f.excerpt.split())
        if excerpt:
            console.print(Text(f"    │ {excerpt}", style="dim"))
    counts = Counter(f.severity for f in findings)
    checks = report.coverage.checks
    summary = Text()
    summary.append(f"{document.path}{t('label.colon')}", style="bold")
    parts = [
        (f"{name_of('severity', s)} {counts.get(s, 0)}", STYLES[s] if counts.get(s) else "dim")
        for s in ("error", "warning", "info")
    ]
    for n, (label, style) in enumerate(parts):
        summary.append(("" if n == 0 else t("label.comma")) + label, style=style)
    summary.append(
        t(
            "summary.rich_tail",
            quantities=report.coverage.quantities,
            passed=checks.get("pass", 0),
            uncertain=checks.get("uncertain", 0),
        ),
        style="dim",
    )
    console.print(summary)


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The `jiaohe check --format rich` renderer: the same lines as text, in colour, each with
    its excerpt."""
    buffer = io.StringIO()
    # the terminal's width when there is one; wide otherwise, so a saved copy keeps one line per finding
    width = shutil.get_terminal_size((200, 24)).columns
    print_terminal(report, Console(file=buffer, force_terminal=True, highlight=False, width=width), decisions)
    return buffer.getvalue()
