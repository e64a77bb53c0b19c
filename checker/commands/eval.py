"""`jiaohe eval KEY.json`: recall per category, trap hits and candidate false positives against an answer key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from checker.i18n import name_of, t
from rich.console import Console
from rich.table import Table

from checker.evaluation.keys import load_key
from checker.evaluation.scoring import EvalResult, Tally, evaluate


MAX_MISSED_SHOWN = 30
MAX_DOCUMENTS_SHOWN = 40
"""A 200-mutation run misses many items while rules are young; the table already counts them."""


def register(app: typer.Typer) -> None:
    app.command("eval", help=t("eval.help"))(eval_command)


def eval_command(
    key: Path = typer.Argument(..., metavar="KEY.json", help=t("eval.arg.key")),
    docs: Optional[Path] = typer.Option(
        None,
        "--docs",
        metavar="DIR",
        help=t("eval.opt.docs"),
    ),
    fmt: str = typer.Option("text", "--format", metavar="text|json", help=t("eval.opt.format")),
    min_recall: Optional[float] = typer.Option(None, "--min-recall", metavar="0-1", help=t("eval.opt.min_recall")),
    max_trap_hits: Optional[int] = typer.Option(None, "--max-trap-hits", metavar="N", help=t("eval.opt.max_trap_hits")),
) -> None:
    """Run the checker on every document of an answer key and measure it."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter(t("eval.error.format"), param_hint="--format")
    if min_recall is not None and not 0 <= min_recall <= 1:
        raise typer.BadParameter(t("eval.error.min_recall"), param_hint="--min-recall")
    result = evaluate(load_key(key), docs)
    if fmt == "json":
        typer.echo(json.dumps(to_json(result), ensure_ascii=False, indent=1))
    else:
        render_text(result, Console(highlight=False))
    failures = threshold_failures(result, min_recall, max_trap_hits)
    for message in failures:
        typer.echo(f"jiaohe eval: {message}", err=True)
    if failures:
        raise typer.Exit(1)


def threshold_failures(result: EvalResult, min_recall: float | None, max_trap_hits: int | None) -> list[str]:
    failures = []
    recall = result.overall.recall
    if min_recall is not None and recall is not None and recall < min_recall:
        failures.append(t("eval.fail.recall", recall=f"{recall:.3f}", min_recall=min_recall))
    if max_trap_hits is not None and result.trap_hits > max_trap_hits:
        failures.append(t("eval.fail.trap_hits", n=result.trap_hits, max_trap_hits=max_trap_hits))
    return failures


def _pct(tally: Tally) -> str:
    return "—" if tally.recall is None else f"{tally.recall:.1%}"


def _tally_table(title: str, head: str, tallies: dict[str, Tally], overall: Tally) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(head)
    for column in ("found", "total", "recall"):
        table.add_column(t(f"eval.column.{column}"), justify="right")
    for name, tally in tallies.items():
        table.add_row(name, str(tally.found), str(tally.total), _pct(tally))
    table.add_row(t("eval.row.overall"), str(overall.found), str(overall.total), _pct(overall), style="bold")
    return table


def render_text(result: EvalResult, console: Console) -> None:
    console.print(t("eval.paths", key_file=result.key.path, docs=result.docs_dir), markup=False)
    console.print(
        _tally_table(t("eval.table.by_category"), t("eval.column.category"), result.by_category, result.overall)
    )
    if result.by_operator:
        console.print(
            _tally_table(t("eval.table.by_operator"), t("eval.column.operator"), result.by_operator, result.overall)
        )
    docs = Table(title=t("eval.table.documents"), title_justify="left")
    for name in ("document", "items", "traps_hit", "errors", "warnings", "outside_items"):
        docs.add_column(
            t(f"eval.column.{name}"),
            justify="left" if name == "document" else "right",
            overflow="fold" if name == "document" else "ellipsis",
        )
    shown = list(result.documents)
    if len(shown) > MAX_DOCUMENTS_SHOWN:
        # A mutation run has hundreds of copies: show the ones a person should look at.
        shown = sorted(
            (d for d in shown if d.unexplained or any(trap.hit_by for trap in d.traps)),
            key=lambda d: (-sum(1 for trap in d.traps if trap.hit_by), -len(d.unexplained), d.file),
        )
        docs.caption = t(
            "eval.documents.caption",
            shown=len(shown),
            total=len(result.documents),
            listed=min(len(shown), MAX_DOCUMENTS_SHOWN),
        )
        shown = shown[:MAX_DOCUMENTS_SHOWN]
    for d in shown:
        found = sum(1 for r in d.items if r.found)
        hit = sum(1 for trap in d.traps if trap.hit_by)
        docs.add_row(
            d.file,
            f"{found}/{len(d.items)}",
            f"{hit}/{len(d.traps)}",
            str(d.count("error")),
            str(d.count("warning")),
            str(len(d.unexplained)),
        )
    errors = sum(d.count("error") for d in result.documents)
    warnings = sum(d.count("warning") for d in result.documents)
    outside = sum(len(d.unexplained) for d in result.documents)
    docs.add_row(
        t("eval.row.all", n=len(result.documents)),
        f"{result.overall.found}/{result.overall.total}",
        str(result.trap_hits),
        str(errors),
        str(warnings),
        str(outside),
        style="bold",
    )
    console.print(docs)
    cov = result.coverage
    checks = t("word.list_separator").join(f"{name_of('eval.check', k)} {v}" for k, v in cov["checks"].items())
    console.print(
        t("eval.coverage", quantities=cov["quantities"], statements=cov["statements"], checks=checks), markup=False
    )
    console.print(t("eval.trap_hits", n=result.trap_hits), markup=False)
    if result.new_errors is not None:
        console.print(t("eval.new_errors", n=result.new_errors), markup=False)
        for d in result.documents:
            for f in d.new_errors or ():
                where = f"{d.file}:{f.location.line}"
                console.print(t("eval.new_error", where=where, rule=f.rule, message=f.message), markup=False)
    for d in result.documents:
        for trap in d.traps:
            for f in trap.hit_by:
                where = f"{d.file}:{f.location.line}"
                console.print(
                    t("eval.trap_hit", where=where, rule=f.rule, trap=trap.trap.id, message=f.message), markup=False
                )
    missed = [(d.file, r.item) for d in result.documents for r in d.items if not r.found]
    if missed:
        console.print(
            t("eval.missed", n=len(missed))
            + (t("eval.missed.first", n=MAX_MISSED_SHOWN) if len(missed) > MAX_MISSED_SHOWN else ""),
            markup=False,
        )
    for file, item in missed[:MAX_MISSED_SHOWN]:
        console.print(f"  {file}:{_lines(item.place.lines)} {item.id} [{'/'.join(item.cats)}] {item.why}", markup=False)
    # Mutated copies of one report repeat that report's own findings; list each once.
    grouped: dict[tuple, list[str]] = {}
    for d in result.documents:
        for f in d.unexplained:
            grouped.setdefault((f.location.line, f.severity, f.rule, f.message), []).append(d.file)
    if grouped:
        total = sum(len(files) for files in grouped.values())
        console.print(t("eval.outside", total=total, distinct=len(grouped)), markup=False)
        for (line, severity, rule, message), files in grouped.items():
            more = t("eval.outside.more", n=len(files) - 1) if len(files) > 1 else ""
            finding = f"{severity} {rule} {message}"
            console.print(t("eval.outside.line", file=files[0], line=line, more=more, finding=finding), markup=False)


def _lines(lines: tuple[int, int] | None) -> str:
    if lines is None:
        return "?"
    return str(lines[0]) if lines[0] == lines[1] else f"{lines[0]}-{lines[1]}"


def _tally_json(tally: Tally) -> dict:
    return {"found": tally.found, "total": tally.total, "recall": tally.recall}


def to_json(result: EvalResult) -> dict:
    return {
        "schema": "jiaohe.eval/1",
        "key": str(result.key.path),
        "docs": str(result.docs_dir),
        "overall": _tally_json(result.overall),
        "categories": {k: _tally_json(v) for k, v in result.by_category.items()},
        "operators": {k: _tally_json(v) for k, v in result.by_operator.items()},
        "trap_hits": result.trap_hits,
        "new_errors": result.new_errors,
        "coverage": result.coverage,
        "documents": [
            {
                "file": d.file,
                "items": [
                    {"id": r.item.id, "cats": list(r.item.cats), "found": r.found, "by": [f.rule for f in r.found_by]}
                    for r in d.items
                ],
                "traps": [{"id": trap.trap.id, "hit_by": [f.to_json() for f in trap.hit_by]} for trap in d.traps],
                "errors": d.count("error"),
                "warnings": d.count("warning"),
                "outside_items": [f.to_json() for f in d.unexplained],
                "new_errors": None if d.new_errors is None else [f.to_json() for f in d.new_errors],
                "coverage": d.coverage,
            }
            for d in result.documents
        ],
    }
