"""`jiaohe scan DIR_OR_GLOB... --db findings.sqlite`: check an archive into a findings database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from checker.batch import store
from checker.batch.scan import DEFAULT_MEMORY_MB, default_jobs, discover, scan
from checker.cli import err_console
from checker.config import Config, ConfigError
from checker.ingest import InputError
from checker.report.labels import SCAN


class _RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f} docs/s" if task.speed else "— docs/s", style="cyan")


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_command)


def scan_command(
    targets: List[str] = typer.Argument(..., help="Folders, files or glob patterns (quote globs)."),
    db: Path = typer.Option(..., "--db", help="SQLite findings database (created if missing)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes [CPUs]."),
    timeout: float = typer.Option(120.0, "--timeout", min=1, help="Seconds allowed per document."),
    memory: int = typer.Option(
        DEFAULT_MEMORY_MB, "--memory", min=0, help="Megabytes of address space per worker (0: no limit)."
    ),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Retry documents that failed with this engine before."
    ),
    select: Optional[List[str]] = typer.Option(
        None, "--select", help="Only these rule codes or prefixes (repeat or comma-separate)."
    ),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule codes or prefixes."),
    cluster: Optional[str] = typer.Option(
        None,
        "--cluster",
        help="Run on Dask: local:N (N worker processes here) or a scheduler "
        "address tcp://HOST:8786 (needs jiaohe[cluster]); --jobs is then unused.",
    ),
) -> None:
    """Scan many reports (resumable: unchanged documents already in the database are skipped).

    Each document is checked with the settings `check` would use ([tool.jiaohe] or jiaohe.toml
    near it, then --select/--ignore). Exit status 1 when a document failed (in this scan, or in
    an earlier one and not retried), 2 on a usage or input error."""
    try:  # a misspelt code would silently select or ignore nothing
        Config().with_overrides(select, ignore)
    except ConfigError as exc:
        err_console.print(f"jiaohe: error: {exc}", markup=False)
        raise typer.Exit(2) from None
    if cluster:
        from checker.batch.cluster import check_spec

        try:
            check_spec(cluster)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--cluster") from None
    if not discover(targets):
        raise InputError(", ".join(targets), "no documents found")
    store.connect(db).close()  # an unusable --db is reported before the progress bar starts
    console = Console(stderr=True)
    columns = (
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("scan", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            summary = scan(
                targets,
                db,
                jobs=jobs or default_jobs(),
                timeout=timeout,
                retry_failed=retry_failed,
                on_progress=on_progress,
                memory_mb=memory or None,
                cluster=cluster,
                select=select,
                ignore=ignore,
            )
        except sqlite3.DatabaseError as exc:
            raise store.corrupt(db, exc) from None
    for path, kind, reason in summary.failures:
        # a path or reason may hold "[/…]", which rich would read as markup
        console.print(f"[yellow]failed[/] {escape(f'{path}: {kind}: {reason}')}", highlight=False, soft_wrap=True)
    rate = summary.scanned / summary.seconds if summary.seconds else 0.0
    typer.echo(
        f"{summary.found} found, {summary.scanned} scanned, {summary.skipped} already in {db}, "
        f"{summary.duplicates} duplicate content, {summary.failed} failed"
        + (f" ({SCAN['failed_before_count'].format(count=summary.failed_before)})" if summary.failed_before else "")
        + f"; {summary.seconds:.1f} s ({rate:.1f} docs/s)"
    )
    if summary.failed:
        raise typer.Exit(1)
