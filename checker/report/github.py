"""GitHub Actions workflow commands: one ``::error file=…,line=…,title=RULE::message`` line per
finding, which the Actions runner turns into an annotation on the file.

Severity maps to ``error``/``warning``/``notice``. A finding a reviewer dismissed (``--db``) is
left out, as a baseline leaves it out; a PDF's page-relative line is no line of the file, so the
page goes in the title instead.
"""

from __future__ import annotations

from typing import Mapping

from checker.engine import Report
from checker.model import Finding
from checker.i18n import t
from checker.report.text import dismissed
from checker.rules import title_of

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding) -> str:
    loc = finding.location
    title = f"{finding.rule} {title_of(finding.rule, finding.name)}" + (
        f" ({t('page.short', page=loc.page)})" if loc.page else ""
    )
    fields = [f"file={_property(path)}"]
    if loc.line is not None and not loc.page:
        fields.append(f"line={loc.line}")
        if loc.end_line is not None and loc.end_line > loc.line:
            fields.append(f"endLine={loc.end_line}")
    fields.append(f"title={_property(title)}")
    return f"::{COMMANDS[finding.severity]} {','.join(fields)}::{_data(finding.message)}"


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    decisions = decisions or {}
    lines = [annotation(report.document.path, f) for f in report.findings if not dismissed(decisions, f)]
    return "".join(line + "\n" for line in lines)
