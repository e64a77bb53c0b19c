"""`jiaohe export --db findings.sqlite [--xlsx out.xlsx] [--csv DIR] [--html DIR]`."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Optional

import typer

from checker.batch.reviewed import INDEX_NAME, export_html
from checker.batch.store import corrupt, open_existing


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    db: Path = typer.Option(..., "--db", help="Findings database from `jiaohe scan`."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Write an Excel workbook."),
    csv: Optional[Path] = typer.Option(None, "--csv", help="Write CSV files into this folder."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write an annotated HTML per document into this folder."),
) -> None:
    """Export the per-document summary and the findings to Excel or CSV, and annotated HTML
    with an index page (reviewer decisions are shown in all of them). With --html and --xlsx
    together the workbook links each document to its HTML review copy."""
    if xlsx is None and csv is None and html is None:
        typer.echo("jiaohe export: give --xlsx FILE, --csv DIR or --html DIR (or several)", err=True)
        raise typer.Exit(2)
    # pandas is imported here, not at module level, so every other command starts fast.
    from checker.batch.tables import export_csv
    from checker.batch.workbook import export_xlsx

    conn = open_existing(db)
    try:
        if html is not None:
            written, skipped = export_html(conn, html)
            for path in skipped:
                typer.echo(f"skipped {path}: missing or changed since the scan", err=True)
            # the index is the last file written
            typer.echo(f"wrote {len(written) - 1} files into {html}; index: {html / INDEX_NAME}")
        if xlsx is not None:
            export_xlsx(conn, xlsx, notes=html)
            typer.echo(f"wrote {xlsx}")
        if csv is not None:
            for path in export_csv(conn, csv):
                typer.echo(f"wrote {path}")
    except sqlite3.DatabaseError as exc:
        raise corrupt(db, exc) from None
    except OSError as exc:
        typer.echo(f"jiaohe: error: {exc.filename or ''}: cannot write ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from None
    finally:
        conn.close()
