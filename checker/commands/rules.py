"""`jiaohe rules [CODE]`: list the rules, or print one rule's documentation."""

from __future__ import annotations

import textwrap
from typing import Optional

import typer
from rich.cells import cell_len

from checker.i18n import name_of, t

from checker.rules import all_rules, rule_by_code


def register(app: typer.Typer) -> None:
    app.command("rules", help=t("rules.help"))(rules)


def rules(code: Optional[str] = typer.Argument(None, metavar="CODE", help=t("rules.arg.code"))) -> None:
    """List every rule (code, severity, category, name), or print the documentation of one."""
    if code is None:
        for rule in all_rules():
            severity = _pad(name_of("severity", rule.severity), 7)
            typer.echo(f"{rule.code}  {severity}  {rule.category:<16}  {rule.name:<34}  {rule.title()}")
        return
    rule = rule_by_code(code)
    if rule is None:
        typer.echo(f"jiaohe: error: {t('rules.error.unknown', code=repr(code))}", err=True)
        raise typer.Exit(2)
    typer.echo(render_doc(rule))


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    return text + " " * max(0, width - cell_len(text))


def render_doc(rule) -> str:
    """The rule's documentation in the current language; the examples (Chinese report text) are
    those of its docstring, which run as tests."""
    doc = rule.doc()
    flagged, compliant = rule.examples()
    head = t(
        "rules.doc.head",
        category=rule.category,
        category_name=name_of("category", rule.category),
        severity=rule.severity,
        severity_name=name_of("severity", rule.severity),
        confidence=rule.confidence,
        confidence_name=name_of("confidence", rule.confidence),
    )
    sections = [
        (t("rules.doc.what"), doc["what"]),
        (t("rules.doc.why"), doc["why"]),
        (t("rules.doc.flagged"), f"```text\n{textwrap.dedent(flagged)}```"),
        (t("rules.doc.compliant"), f"```text\n{textwrap.dedent(compliant)}```"),
    ]
    body = "".join(f"\n{title}\n{textwrap.indent(textwrap.dedent(text).strip(), '    ')}\n" for title, text in sections)
    return f"{rule.code} {rule.name}\n{head}\n\n{doc['title']}\n{body}"
