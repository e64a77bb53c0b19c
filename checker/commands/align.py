"""`jiaohe align FILE`: which table cell each figure in the text restates, and the coverage."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from checker.i18n import t

from checker.align import AlignmentResult, align
from checker.ingest import load_document
from checker.model import Location, Quantity

SCHEMA = "jiaohe.alignment/1"
FORMATS = ("json", "text")


def register(app: typer.Typer) -> None:
    app.command("align", help=t("align.help"))(align_command)


def align_command(
    file: Path = typer.Argument(..., help=t("arg.report_file")),
    output_format: str = typer.Option("text", "--format", "-f", metavar="json|text", help=t("opt.format_json_text")),
) -> None:
    """Align prose figures with table cells: alignments with label scores, conflicts, formula
    derivations, and the share of prose money/percent figures aligned (coverage)."""
    if output_format not in FORMATS:
        typer.echo(
            f"jiaohe: error: {t('error.unknown_format', value=repr(output_format), choices=', '.join(FORMATS))}",
            err=True,
        )
        raise typer.Exit(2)
    doc = load_document(file)
    from checker.nlp import extract

    result = align(doc, extract(doc))
    sys.stdout.write(render_json(str(file), result) if output_format == "json" else render_text(str(file), result))


def _where(location: Location) -> str:
    page = f"p.{location.page} " if location.page else ""
    return f"{page}L{location.line} {location.block}"


def _q(q: Quantity) -> dict:
    return {"text": q.text, "label": q.label, "location": q.location.to_json()}


def render_json(path: str, result: AlignmentResult) -> str:
    data = {
        "schema": SCHEMA,
        "path": path,
        "candidates": result.candidates,
        "coverage": round(result.coverage, 4),
        "alignments": [
            {
                "prose": _q(a.prose),
                "cell": _q(a.cell),
                "score": round(a.score, 1),
                "prose_label": a.prose_label,
                "cell_label": a.cell_label,
            }
            for a in result.alignments
        ],
        "conflicts": [
            {"prose": _q(c.prose), "cell": _q(c.cell), "score": round(c.score, 1), "exact": c.exact}
            for c in result.conflicts
        ],
        "derivations": [
            {"prose": _q(d.prose), "expr": d.expr, "cells": [_q(c) for c in d.cells]} for d in result.derivations
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_text(path: str, result: AlignmentResult) -> str:
    lines = []
    for a in result.alignments:
        lines.append(
            f"{path}:{_where(a.prose.location)}: {a.prose.text} 〔{a.prose_label}〕 = "
            f"{a.cell.text} 〔{a.cell_label}〕 at {a.cell.location.block} (label {a.score:.0f})"
        )
    for d in result.derivations:
        lines.append(f"{path}:{_where(d.prose.location)}: {d.prose.text} = {d.expr}")
    for c in result.conflicts:
        lines.append(
            f"{path}:{_where(c.prose.location)}: CONFLICT {c.prose.text} 〔{c.prose_label}〕 ≠ "
            f"{c.cell.text} 〔{c.cell_label}〕 at {c.cell.location.block}"
        )
    lines.append(
        t(
            "align.summary",
            path=path,
            aligned=len(result.alignments),
            derived=len(result.derivations),
            conflicts=len(result.conflicts),
            candidates=result.candidates,
            coverage=f"{result.coverage:.0%}",
        )
    )
    return "\n".join(lines) + "\n"
