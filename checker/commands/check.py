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
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable, List, Mapping, Optional

import typer

from checker.cli import err_console
from checker.config import FAIL_ON, Config, ConfigError, load_config
from checker.engine import Report, check_document
from checker.i18n import t
from checker.identity import require_report
from checker.ingest import MAX_INPUT_BYTES, InputError, load_document
from checker.model import SEVERITY_ORDER, Document
from checker.report.text import dismissed, statistics_table


@dataclass(frozen=True)
class Renderer:
    """How to write a report in one format: ``target`` is "module:function" taking a Report (and,
    when ``decisions``, the reviewers' decisions by fingerprint) and returning str (or bytes for
    binary formats); ``stream`` formats can be concatenated for several documents, the others are
    written one file per document — unless the format has a ``whole`` module, whose ``part``
    (Report → data) and ``combine`` (parts → str) make one document of several."""

    target: str
    suffix: str
    stream: bool = False
    decisions: bool = True
    whole: str | None = None

    def load(self) -> Callable[..., str | bytes]:
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)


RENDERERS: dict[str, Renderer] = {
    "text": Renderer("checker.report.text:render", ".txt", stream=True),
    "json": Renderer(
        "checker.report.jsonout:render", ".json", stream=True, decisions=False, whole="checker.report.jsonout"
    ),
    "jsonl": Renderer("checker.report.jsonout:render", ".jsonl", stream=True, decisions=False),
    "sarif": Renderer("checker.report.sarif:render", ".sarif", stream=True, whole="checker.report.sarif"),
    "github": Renderer("checker.report.github:render", ".txt", stream=True),
    "rich": Renderer("checker.report.terminal:render", ".txt", stream=True),
    "md": Renderer("checker.report.markdown:render", ".md"),
    "html": Renderer("checker.report.html:render", ".html"),
    "docx": Renderer("checker.report.docx_review:render", ".docx"),
    "pdf": Renderer("checker.report.pdf_annotate:render", ".pdf"),
}
STDIN = "-"


def register(app: typer.Typer) -> None:
    app.command("check", help=t("check.help"))(check)


def check(
    files: List[Path] = typer.Argument(..., metavar="FILE", help=t("check.arg.files")),
    output_format: Optional[str] = typer.Option(
        None,
        "--format",
        "-f",
        metavar="|".join(RENDERERS),
        help=t("check.opt.format", choices="|".join(RENDERERS)),
    ),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="CODE", help=t("check.opt.select")),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="CODE", help=t("check.opt.ignore")),
    fail_on: Optional[str] = typer.Option(
        None,
        "--fail-on",
        metavar="|".join(FAIL_ON),
        help=t("check.opt.fail_on"),
    ),
    output: Optional[Path] = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help=t("check.opt.output"),
    ),
    timeout: float = typer.Option(
        60.0,
        "--timeout",
        min=0,
        metavar="SECONDS",
        help=t("check.opt.timeout"),
    ),
    db: Optional[Path] = typer.Option(
        None,
        "--db",
        metavar="FILE",
        help=t("check.opt.db"),
    ),
    statistics: bool = typer.Option(False, "--statistics", help=t("check.opt.statistics")),
    stdin_filename: Optional[str] = typer.Option(
        None,
        "--stdin-filename",
        metavar="NAME",
        help=t("check.opt.stdin_filename"),
    ),
) -> None:
    """Check reports for internal consistency."""
    if output_format is None:
        output_format = "rich" if output is None and sys.stdout.isatty() else "text"
    renderer = RENDERERS.get(output_format)
    if renderer is None:
        _fail_usage(t("error.unknown_format", value=repr(output_format), choices=", ".join(RENDERERS)))
    if fail_on is not None and fail_on not in FAIL_ON:
        _fail_usage(t("check.error.fail_on", choices=", ".join(FAIL_ON), value=repr(fail_on)))
    try:  # the options' own mistakes are reported once, not once per file
        Config().with_overrides(select, ignore)
    except ConfigError as exc:
        _fail_usage(str(exc))
    if [str(f) for f in files].count(STDIN) > 1:
        _fail_usage(t("check.error.stdin_twice"))
    if output_format in ("docx", "pdf") and STDIN in [str(f) for f in files]:
        _fail_usage(t("check.error.copy_stdin", format=output_format))
    render = renderer.load()
    decisions = _decisions(db) if db is not None else {}
    if decisions and not renderer.decisions:
        err_console.print(f"jiaohe: warning: {t('check.warning.no_decisions', format=output_format)}", markup=False)
    per_document_files = not renderer.stream and len(files) > 1
    if per_document_files:
        _make_folder(output, output_format)
    whole = importlib.import_module(renderer.whole) if renderer.whole and len(files) > 1 else None

    failed_input = False
    failing = False
    chunks: list[str] = []
    parts: list = []
    counts: Counter[tuple[str, str, str]] = Counter()
    names = _output_names(files, renderer.suffix) if per_document_files else {}
    for file in files:
        try:
            # a report on standard input takes the settings of the folder it is said to be in
            near = Path(stdin_filename or ".") if str(file) == STDIN else file
            config = load_config(near).with_overrides(select, ignore, fail_on)
            report = _within(timeout, partial(_check_one, file, stdin_filename, config))
        except _TimeUp:
            err_console.print(
                f"jiaohe: error: {t('check.error.timeout', file=file, seconds=f'{timeout:g}')}", markup=False
            )
            failed_input = True
            continue
        except (InputError, ConfigError) as exc:
            err_console.print(f"jiaohe: error: {exc}", markup=False)
            failed_input = True
            continue
        for problem in report.rule_errors:
            err_console.print(
                f"jiaohe: warning: {t('check.warning.rule', path=report.document.path, problem=problem)}", markup=False
            )
        failing = failing or _reaches(report, config, decisions)
        counts.update((f.rule, f.name, f.severity) for f in report.findings)
        if whole is not None:
            parts.append(whole.part(report, decisions) if renderer.decisions else whole.part(report))
            continue
        try:
            rendered = render(report, decisions) if renderer.decisions else render(report)
        except InputError as exc:  # --format pdf on another kind of file, or a file changed since it was read
            err_console.print(f"jiaohe: error: {exc}", markup=False)
            failed_input = True
            continue
        if per_document_files:
            _write(output / names[file], rendered)
        elif renderer.stream:
            chunks.append(rendered)
        else:
            _emit(rendered, output)
    if whole is not None:
        chunks.append(whole.combine(parts))
    if renderer.stream and (chunks or output is not None):
        _emit("".join(chunks), output)
    if statistics:
        # beside the findings when they are plain lines on standard output; else on standard
        # error, so a JSON or SARIF document stays parseable
        table = statistics_table(counts)
        if output is None and output_format in ("text", "rich"):
            sys.stdout.write(table)
        else:
            sys.stderr.write(table)
    raise typer.Exit(2 if failed_input else 1 if failing else 0)


def _read(file: Path, stdin_filename: str | None) -> Document:
    """The document at ``file``, or the one on standard input for ``-`` (read through a
    temporary file: the readers sniff and open files)."""
    if str(file) != STDIN:
        return load_document(file)
    name = stdin_filename or STDIN
    with tempfile.TemporaryDirectory(prefix="jiaohe-stdin-") as tmp:
        spooled = Path(tmp) / "stdin"
        spooled.write_bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1))  # the reader refuses more
        try:
            document = load_document(spooled)
        except InputError as exc:
            raise InputError(name, exc.reason) from None
    return replace(document, path=name)


def _make_folder(output: Path | None, output_format: str) -> None:
    if output is None:
        _fail_usage(t("check.error.needs_folder", format=output_format))
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail_usage(t("check.error.cannot_create", path=output, reason=exc.strerror or exc))


def _check_one(file: Path, stdin_filename: str | None, config: Config) -> Report:
    return check_document(require_report(_read(file, stdin_filename)), config)


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
            err_console.print(f"jiaohe: note: {t('check.note.renamed', file=file, name=name)}", markup=False)
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


def _reaches(report: Report, config: Config, decisions: Mapping[str, Mapping[str, str]]) -> bool:
    """Whether a finding fails the run: at least as severe as ``fail-on`` and not dismissed by a
    reviewer (the database of decisions is the baseline: a report cannot carry inline
    suppressions, so a dismissed finding stays shown but no longer fails ``check``)."""
    if config.fail_on == "none":
        return False
    bar = SEVERITY_ORDER[config.fail_on]
    return any(SEVERITY_ORDER[f.severity] >= bar and not dismissed(decisions, f) for f in report.findings)


def _emit(rendered: str | bytes, output: Path | None) -> None:
    if output is not None:
        _write(output, rendered)
    elif isinstance(rendered, bytes):
        _fail_usage(t("check.error.binary"))
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
        err_console.print(
            f"jiaohe: error: {t('check.error.cannot_write', path=path, reason=exc.strerror or exc)}", markup=False
        )
        raise typer.Exit(2) from None


def _fail_usage(message: str) -> None:
    err_console.print(f"jiaohe: error: {message}", markup=False)
    raise typer.Exit(2)
