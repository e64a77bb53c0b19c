"""`jiaohe export --db findings.sqlite --xlsx out.xlsx | --csv DIR | --html DIR`."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Optional

import typer

from checker.batch.store import corrupt, open_existing
from checker.batch.reviewed import export_html


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    db: Path = typer.Option(..., "--db", help="Findings database from `jiaohe scan`."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Write an Excel workbook."),
    csv: Optional[Path] = typer.Option(None, "--csv", help="Write CSV files into this folder."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write an annotated HTML per document into this folder."),
) -> None:
    """Export the per-document summary and the findings to Excel or CSV, or annotated HTML
    (reviewer decisions are shown in all of them)."""
    if sum(x is not None for x in (xlsx, csv, html)) != 1:
        typer.echo("jiaohe export: give exactly one of --xlsx FILE, --csv DIR or --html DIR", err=True)
        raise typer.Exit(2)
    # pandas is imported here, not at module level, so every other command starts fast.
    from checker.batch.tables import export_csv, export_xlsx

    conn = open_existing(db)
    try:
        if xlsx is not None:
            export_xlsx(conn, xlsx)
            typer.echo(f"wrote {xlsx}")
        elif html is not None:
            written, skipped = export_html(conn, html)
            for path in skipped:
                typer.echo(f"skipped {path}: missing or changed since the scan", err=True)
            typer.echo(f"wrote {len(written)} files into {html}")
        else:
            for path in export_csv(conn, csv):
                typer.echo(f"wrote {path}")
    except sqlite3.DatabaseError as exc:
        raise corrupt(db, exc) from None
    finally:
        conn.close()
