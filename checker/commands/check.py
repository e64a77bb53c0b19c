"""`jiaohe check FILE...`: run the rules on each report and print the findings.

Exit status: 0 when no finding reaches ``--fail-on``, 1 when one does, 2 when an input (or the
settings) could not be read — the other files are still checked.

Without ``--format`` the findings go to a terminal in colour with their excerpts (``rich``) and to
a pipe or file as plain linter lines (``text``), so scripts see the same output whatever the
terminal. Findings are in document order in every format.
"""

from __future__ import annotations

import importlib
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Mapping, Optional

import typer
from rich.console import Console

from checker.config import FAIL_ON, Config, ConfigError, load_config
from checker.engine import Report, check_document
from checker.ingest import InputError, load_document
from checker.model import SEVERITY_ORDER


@dataclass(frozen=True)
class Renderer:
    """How to write a report in one format: ``target`` is "module:function" taking a Report (and,
    when ``decisions``, the reviewers' decisions by fingerprint) and returning str (or bytes for
    binary formats); ``stream`` formats can be concatenated for several documents, the others are
    written one file per document."""

    target: str
    suffix: str
    stream: bool = False
    decisions: bool = True

    def load(self) -> Callable[..., str | bytes]:
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)


RENDERERS: dict[str, Renderer] = {
    "text": Renderer("checker.report.text:render", ".txt", stream=True),
    "json": Renderer("checker.report.jsonout:render", ".json", stream=True, decisions=False),
    "rich": Renderer("checker.report.terminal:render", ".txt", stream=True),
    "md": Renderer("checker.report.markdown:render", ".md"),
    "html": Renderer("checker.report.html:render", ".html"),
    "docx": Renderer("checker.report.docx_review:render", ".docx"),
}

err_console = Console(stderr=True, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(files: List[Path] = typer.Argument(..., help="Reports to check (.txt, .docx, .pdf, .xlsx)."),
          output_format: Optional[str] = typer.Option(
              None, "--format", "-f",
              help=f"Output format: {'|'.join(RENDERERS)}. Default: rich on a terminal, text otherwise. "
                   "text lines are `path:line: severity RULE message`; for a PDF the line counts "
                   "from the top of the page, which follows the message as (p.N)."),
          select: Optional[List[str]] = typer.Option(None, "--select",
                                                     help="Only these rule codes or prefixes (repeat or comma-separate)."),
          ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule codes or prefixes."),
          fail_on: Optional[str] = typer.Option(None, "--fail-on",
                                                help="Exit 1 when a finding is at least this severe: "
                                                     "error|warning|info|none (default error)."),
          output: Optional[Path] = typer.Option(None, "--output", "-o",
                                                help="Write here instead of standard output "
                                                     "(a folder for per-document formats with several files)."),
          timeout: float = typer.Option(60.0, "--timeout", min=0,
                                        help="Seconds allowed per document (0: no limit); a document over "
                                             "it fails with exit 2 and the others are still checked."),
          db: Optional[Path] = typer.Option(None, "--db",
                                            help="A findings database from `jiaohe scan`: show the reviewers' "
                                                 "decisions (`jiaohe review`) beside the findings "
                                                 "(all formats but json, whose schema has no place for them).")) -> None:
    """Check reports for internal consistency."""
    if output_format is None:
        output_format = "rich" if output is None and sys.stdout.isatty() else "text"
    renderer = RENDERERS.get(output_format)
    if renderer is None:
        _fail_usage(f"unknown format {output_format!r}; choose one of {', '.join(RENDERERS)}")
    if fail_on is not None and fail_on not in FAIL_ON:
        _fail_usage(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    render = renderer.load()
    decisions = _decisions(db) if db is not None else {}
    if decisions and not renderer.decisions:
        err_console.print(f"jiaohe: warning: --format {output_format} does not show reviewer decisions",
                          markup=False)
    per_document_files = not renderer.stream and len(files) > 1
    if per_document_files and (output is None or not output.is_dir()):
        _fail_usage(f"--format {output_format} with several files needs -o FOLDER")

    failed_input = False
    failing = False
    chunks: list[str] = []
    names = _output_names(files, renderer.suffix) if per_document_files else {}
    for file in files:
        try:
            config = load_config(file).with_overrides(select, ignore, fail_on)
            report = _within(timeout, lambda: check_document(load_document(file), config))
        except _TimeUp:
            err_console.print(f"jiaohe: error: {file}: no result within {timeout:g} s (--timeout)", markup=False)
            failed_input = True
            continue
        except (InputError, ConfigError) as exc:
            err_console.print(f"jiaohe: error: {exc}", markup=False)
            failed_input = True
            continue
        for problem in report.rule_errors:
            err_console.print(f"jiaohe: warning: {file}: rule {problem}", markup=False)
        failing = failing or _reaches(report, config)
        rendered = render(report, decisions) if renderer.decisions else render(report)
        if per_document_files:
            _write(output / names[file], rendered)
        elif renderer.stream:
            chunks.append(rendered)
        else:
            _emit(rendered, output)
    if renderer.stream and (chunks or output is not None):
        _emit("".join(chunks), output)
    raise typer.Exit(2 if failed_input else 1 if failing else 0)


class _TimeUp(Exception):
    """The per-document time limit passed."""


def _within(seconds: float, work: Callable[[], Report]) -> Report:
    """``work()``, interrupted by SIGALRM after ``seconds`` (no limit where there is no SIGALRM)."""
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        return work()

    def time_up(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _output_names(files: List[Path], suffix: str) -> dict[Path, str]:
    """One output file name per input: the stem, and for inputs of the same stem from other
    folders (a/x.txt, b/x.txt) -2, -3 … in order, so no review overwrites another."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for file in files:
        name, n = file.stem + suffix, 1
        while name in taken:
            n += 1
            name = f"{file.stem}-{n}{suffix}"
        if n > 1:
            err_console.print(f"jiaohe: note: {file} → {name} (another input has the same name)", markup=False)
        taken.add(name)
        names[file] = name
    return names


def _decisions(db: Path) -> Mapping[str, Mapping[str, str]]:
    from checker.batch.store import decisions, open_existing

    try:
        conn = open_existing(db)
    except InputError as exc:
        _fail_usage(str(exc))
    try:
        return decisions(conn)
    finally:
        conn.close()


def _reaches(report: Report, config: Config) -> bool:
    if config.fail_on == "none":
        return False
    bar = SEVERITY_ORDER[config.fail_on]
    return any(SEVERITY_ORDER[f.severity] >= bar for f in report.findings)


def _emit(rendered: str | bytes, output: Path | None) -> None:
    if output is not None:
        _write(output, rendered)
    elif isinstance(rendered, bytes):
        _fail_usage("this format is binary; give -o FILE")
    else:
        # a file name in no valid encoding reaches the text as lone surrogates
        sys.stdout.write(rendered.encode("utf-8", "replace").decode("utf-8"))


def _write(path: Path, rendered: str | bytes) -> None:
    try:
        if isinstance(rendered, bytes):
            path.write_bytes(rendered)
        else:
            path.write_text(rendered, encoding="utf-8", errors="replace")
    except OSError as exc:
        err_console.print(f"jiaohe: error: {path}: cannot write ({exc.strerror or exc})", markup=False)
        raise typer.Exit(2)


def _fail_usage(message: str) -> None:
    err_console.print(f"jiaohe: error: {message}", markup=False)
    raise typer.Exit(2)
