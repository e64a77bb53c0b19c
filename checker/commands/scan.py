"""`jiaohe scan DIR_OR_GLOB... --db findings.sqlite`: check an archive into a findings database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import List, Optional

import typer

from checker.i18n import t
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


class _RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f} {t('scan.rate')}" if task.speed else f"— {t('scan.rate')}", style="cyan")


def register(app: typer.Typer) -> None:
    app.command("scan", help=t("scan.help"))(scan_command)


def scan_command(
    targets: List[str] = typer.Argument(..., metavar="PATH", help=t("scan.arg.targets")),
    db: Path = typer.Option(..., "--db", metavar="FILE", help=t("scan.opt.db")),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help=t("scan.opt.jobs")),
    timeout: float = typer.Option(120.0, "--timeout", min=1, metavar="SECONDS", help=t("scan.opt.timeout")),
    memory: int = typer.Option(DEFAULT_MEMORY_MB, "--memory", min=0, metavar="MB", help=t("scan.opt.memory")),
    retry_failed: bool = typer.Option(False, "--retry-failed", help=t("scan.opt.retry_failed")),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="CODE", help=t("check.opt.select")),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="CODE", help=t("check.opt.ignore")),
    cluster: Optional[str] = typer.Option(
        None,
        "--cluster",
        metavar="SPEC",
        help=t("scan.opt.cluster"),
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
        raise InputError(", ".join(targets), t("input.no_documents"))
    store.connect(db).close()  # an unusable --db is reported before the progress bar starts
    console = Console(stderr=True)
    columns = (
        TextColumn(t("scan.progress")),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn(t("scan.eta")),
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
        console.print(
            f"[yellow]{t('scan.failed')}[/] {escape(f'{path}: {kind}: {reason}')}", highlight=False, soft_wrap=True
        )
    rate = summary.scanned / summary.seconds if summary.seconds else 0.0
    typer.echo(
        t(
            "scan.summary",
            found=summary.found,
            scanned=summary.scanned,
            skipped=summary.skipped,
            db=db,
            duplicates=summary.duplicates,
            failed=summary.failed,
            failed_before=t("scan.failed_before_count", count=summary.failed_before) if summary.failed_before else "",
            seconds=f"{summary.seconds:.1f}",
            rate=f"{rate:.1f}",
        )
    )
    if summary.failed:
        raise typer.Exit(1)
