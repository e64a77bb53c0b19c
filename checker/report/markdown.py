"""Markdown review notes: document facts, a summary, then the findings grouped by section."""

from __future__ import annotations

from collections import Counter
from typing import Mapping

from checker.engine import Report
from checker.report.annotate import owner_block, quote
from checker.structure import section_titles
from checker.i18n import t
from checker.report.html import KIND_NAMES, SEVERITY_NAMES, coverage_line, place
from checker.report.text import decision_word, fingerprint_tag
from checker.rules import title_of


def _inline(text: str) -> str:
    """Document text is untrusted: keep it from turning into HTML or Markdown structure."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def render_markdown(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    decisions = decisions or {}
    document = report.document
    findings = report.findings
    titles = section_titles(document)
    counts = Counter(f.severity for f in findings)
    lines = [
        f"# {t('review.title')}{t('label.colon')}{_inline(document.unit or document.path)}",
        "",
        f"- {t('label.file')}{t('label.colon')}{_inline(document.path)}",
        f"- {t('label.kind')}{t('label.colon')}{KIND_NAMES.get(document.kind, document.kind)}{t('label.semicolon')}"
        f"{t('label.year')}{t('label.colon')}{document.year or '—'}{t('label.semicolon')}"
        f"{t('label.unit')}{t('label.colon')}{_inline(document.unit or '—')}",
        f"- {t('label.findings')}{t('label.colon')}"
        + t("label.comma").join(f"{SEVERITY_NAMES[s]} {counts.get(s, 0)}" for s in ("error", "warning", "info")),
        f"- {t('label.coverage')}{t('label.colon')}{coverage_line(report.coverage)}",
        "",
    ]
    if not findings:
        lines.append(t("label.no_findings"))
        return "\n".join(lines) + "\n"
    by_section: dict[str, list] = {}
    for finding in findings:  # in document order (the engine's)
        section = titles.get(owner_block(document, finding.location.block), "")
        by_section.setdefault(section, []).append(finding)
    for section, group in by_section.items():
        lines += [f"## {_inline(section) if section else t('label.front')}", ""]
        for f in group:
            where = place(f.location)
            lines.append(
                f"- **{SEVERITY_NAMES.get(f.severity, f.severity)} {f.rule}** "
                f"{_inline(title_of(f.rule, f.name))}{t('label.paren', text=where)}{t('label.colon')}{_inline(f.message)} "
                f"`{fingerprint_tag(f.fingerprint)}`"
            )
            if f.expr:
                arithmetic = f.expr + (f" = {f.expected}" if f.expected else "")
                lines.append(
                    f"  - {t('label.arithmetic')}{t('label.colon')}`{arithmetic.replace('`', '')}`"
                    + (f"{t('label.comma')}{t('label.stated')} {_inline(f.stated)}" if f.stated else "")
                )
            excerpt = quote(document, f.location) or f.excerpt
            if excerpt:
                lines.append(f"  > {_inline(excerpt)}")
            decision = decisions.get(f.fingerprint)
            if decision:
                note = t("label.paren", text=_inline(decision["note"])) if decision.get("note") else ""
                lines.append(
                    f"  - {t('label.review')}{t('label.colon')}{_inline(decision_word(decision['decision']))}{note}"
                )
        lines.append("")
    return "\n".join(lines)


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The `jiaohe check --format md` renderer."""
    return render_markdown(report, decisions)
