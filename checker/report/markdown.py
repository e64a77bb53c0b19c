"""Markdown review notes: document facts, a summary, then the findings grouped by section."""

from __future__ import annotations

from collections import Counter
from typing import Mapping

from checker.engine import Report
from checker.report.annotate import owner_block, quote, section_titles
from checker.report.html import KIND_NAMES, SEVERITY_NAMES
from checker.report.text import fingerprint_tag


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
    checks = report.coverage.checks
    lines = [
        f"# 校核意见：{_inline(document.unit or document.path)}",
        "",
        f"- 文件：{_inline(document.path)}",
        f"- 类型：{KIND_NAMES.get(document.kind, document.kind)}；年度：{document.year or '—'}；"
        f"单位：{_inline(document.unit or '—')}",
        "- 发现：" + "，".join(f"{SEVERITY_NAMES[s]} {counts.get(s, 0)}" for s in ("error", "warning", "info")),
        f"- 覆盖：数值 {report.coverage.quantities} 个，表述 {report.coverage.statements} 条；"
        f"校验 通过 {checks.get('pass', 0)}，不符 {checks.get('fail', 0)}，"
        f"存疑 {checks.get('uncertain', 0)}，不适用 {checks.get('not_applicable', 0)}",
        "",
    ]
    if not findings:
        lines.append("未发现问题。")
        return "\n".join(lines) + "\n"
    by_section: dict[str, list] = {}
    for finding in findings:  # in document order (the engine's)
        section = titles.get(owner_block(document, finding.location.block), "")
        by_section.setdefault(section, []).append(finding)
    for section, group in by_section.items():
        lines += [f"## {_inline(section) if section else '（文首）'}", ""]
        for f in group:
            where = f"第{f.location.line}行" if f.location.line else f.location.block
            if f.location.page:
                where = f"第{f.location.page}页" + where
            lines.append(
                f"- **{SEVERITY_NAMES.get(f.severity, f.severity)} {f.rule}** "
                f"{f.name}（{where}）：{_inline(f.message)} `{fingerprint_tag(f.fingerprint)}`"
            )
            if f.expr:
                arithmetic = f.expr + (f" = {f.expected}" if f.expected else "")
                lines.append(
                    f"  - 算式：`{arithmetic.replace('`', '')}`" + (f"，文中 {_inline(f.stated)}" if f.stated else "")
                )
            excerpt = quote(document, f.location) or f.excerpt
            if excerpt:
                lines.append(f"  > {_inline(excerpt)}")
            decision = decisions.get(f.fingerprint)
            if decision:
                note = f"（{_inline(decision['note'])}）" if decision.get("note") else ""
                lines.append(f"  - 复核：{_inline(decision['decision'])}{note}")
        lines.append("")
    return "\n".join(lines)


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The `jiaohe check --format md` renderer."""
    return render_markdown(report, decisions)
