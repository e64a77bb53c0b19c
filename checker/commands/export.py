"""`jiaohe export --db findings.sqlite [--xlsx out.xlsx] [--csv DIR] [--html DIR]`."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Optional

import typer

from checker.batch.reviewed import INDEX_NAME, export_html
from checker.batch.store import corrupt, open_existing
from checker.i18n import t


def register(app: typer.Typer) -> None:
    app.command("export", help=t("export.help"))(export)


def export(
    db: Path = typer.Option(..., "--db", metavar="FILE", help=t("opt.db_from_scan")),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", metavar="FILE", help=t("export.opt.xlsx")),
    csv: Optional[Path] = typer.Option(None, "--csv", metavar="DIR", help=t("export.opt.csv")),
    html: Optional[Path] = typer.Option(None, "--html", metavar="DIR", help=t("export.opt.html")),
) -> None:
    """Export the per-document summary and the findings to Excel or CSV, and annotated HTML
    with an index page (reviewer decisions are shown in all of them). With --html and --xlsx
    together the workbook links each document to its HTML review copy."""
    if xlsx is None and csv is None and html is None:
        typer.echo(f"jiaohe export: {t('export.error.one_target')}", err=True)
        raise typer.Exit(2)
    # pandas is imported here, not at module level, so every other command starts fast.
    from checker.batch.tables import export_csv
    from checker.batch.workbook import export_xlsx

    conn = open_existing(db)
    try:
        if html is not None:
            written, skipped = export_html(conn, html)
            for path in skipped:
                typer.echo(t("export.skipped", path=path), err=True)
            # the index is the last file written
            typer.echo(t("export.wrote_files", n=len(written) - 1, path=html, index=html / INDEX_NAME))
        if xlsx is not None:
            export_xlsx(conn, xlsx, notes=html)
            typer.echo(t("export.wrote", path=xlsx))
        if csv is not None:
            for path in export_csv(conn, csv):
                typer.echo(t("export.wrote", path=path))
    except sqlite3.DatabaseError as exc:
        raise corrupt(db, exc) from None
    except OSError as exc:
        typer.echo(
            f"jiaohe: error: {exc.filename or ''}: {t('error.cannot_write', reason=exc.strerror or exc)}", err=True
        )
        raise typer.Exit(2) from None
    finally:
        conn.close()
