"""`jiaohe rules [CODE]`: list the rules, or print one rule's documentation."""

from __future__ import annotations

import inspect
from typing import Optional

import typer

from checker.rules import all_rules, rule_by_code


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)


def rules(code: Optional[str] = typer.Argument(None, help="A rule code (GRW001) or name to document.")) -> None:
    """List every rule (code, severity, category, name), or print the documentation of one."""
    if code is None:
        for rule in all_rules():
            typer.echo(f"{rule.code}  {rule.severity:<7}  {rule.category:<16}  {rule.name:<32}  {rule.summary()}")
        return
    rule = rule_by_code(code)
    if rule is None:
        typer.echo(f"jiaohe: error: no rule {code!r} (see `jiaohe rules`)", err=True)
        raise typer.Exit(2)
    typer.echo(render_doc(rule))


def render_doc(rule) -> str:
    head = (
        f"{rule.code} {rule.name}\n"
        f"category: {rule.category}   severity: {rule.severity}   confidence: {rule.confidence}\n"
    )
    return head + "\n" + inspect.cleandoc(rule.__doc__ or "") + "\n"
