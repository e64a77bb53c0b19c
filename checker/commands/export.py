"""`jiaohe export --db findings.sqlite --xlsx out.xlsx | --csv DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from checker.batch.store import open_existing
from checker.batch.tables import export_csv, export_xlsx


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(db: Path = typer.Option(..., "--db", help="Findings database from `jiaohe scan`."),
           xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Write an Excel workbook."),
           csv: Optional[Path] = typer.Option(None, "--csv", help="Write CSV files into this folder.")) -> None:
    """Export the per-document summary and the findings to Excel or CSV."""
    if (xlsx is None) == (csv is None):
        typer.echo("jiaohe export: give exactly one of --xlsx FILE or --csv DIR", err=True)
        raise typer.Exit(2)
    conn = open_existing(db)
    try:
        if xlsx is not None:
            export_xlsx(conn, xlsx)
            typer.echo(f"wrote {xlsx}")
        else:
            for path in export_csv(conn, csv):
                typer.echo(f"wrote {path}")
    finally:
        conn.close()
