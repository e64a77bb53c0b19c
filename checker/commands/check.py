"""`jiaohe check FILE...`: run the rules and report findings (placeholder until rules land)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from checker.ingest import load_document


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(files: List[Path] = typer.Argument(..., help="Reports to check."),
          fail_on: str = typer.Option("error", "--fail-on", help="error|warning|info|none")) -> None:
    """Check reports for internal consistency."""
    for file in files:
        load_document(file)
        typer.echo(f"{file}: no rules yet")
