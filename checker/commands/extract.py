"""`jiaohe extract FILE`: list every quantity the pipeline found, in reading order."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from checker.i18n import t

from checker.ingest import load_document
from checker.model import Document, Quantity, _dec

SCHEMA = "jiaohe.quantities/1"
FORMATS = ("json", "text")


def register(app: typer.Typer) -> None:
    app.command("extract", help=t("extract.help"))(extract)


def extract(
    file: Path = typer.Argument(..., help=t("arg.report_file")),
    output_format: str = typer.Option("text", "--format", "-f", metavar="json|text", help=t("opt.format_json_text")),
) -> None:
    """Print every amount, percentage, date and count with its unit, label, period and measure."""
    if output_format not in FORMATS:
        typer.echo(
            f"jiaohe: error: {t('error.unknown_format', value=repr(output_format), choices=', '.join(FORMATS))}",
            err=True,
        )
        raise typer.Exit(2)
    doc = load_document(file)
    from checker.nlp import extract as extract_quantities

    quantities = extract_quantities(doc)
    out = render_json(doc, quantities) if output_format == "json" else render_text(doc, quantities)
    sys.stdout.write(out)


def quantity_json(q: Quantity) -> dict:
    """The contract's fields plus what the label linker found and the interval the value stands for."""
    data = q.to_json()
    data.update(
        {
            "period": q.period,
            "measure": q.measure,
            "approx": q.approx,
            "sign": q.sign,
            "header": q.header,
            "interval": None if q.low is None else [_dec(q.low), _dec(q.high)],
        }
    )
    return data


def render_json(doc: Document, quantities: tuple[Quantity, ...]) -> str:
    payload = {"schema": SCHEMA, "document": doc.facts(), "quantities": [quantity_json(q) for q in quantities]}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def render_text(doc: Document, quantities: tuple[Quantity, ...]) -> str:
    lines = []
    for q in quantities:
        loc = q.location
        where = f"{doc.path}:{loc.line}:" + (f" p.{loc.page}" if loc.page else "")
        value = q.iso if q.kind == "date" else _dec(q.value)
        parts = [f"{where} {q.kind:<8} {q.text.replace(chr(10), ' ')!s}", f"= {value}"]
        if q.unit:
            parts.append(f"[{q.unit}]")
        if q.op:
            parts.append(f"op {q.op}")
        context = "/".join(x for x in (q.label, q.period, q.measure) if x)
        if context:
            parts.append(f"— {context}")
        lines.append("  ".join(parts))
    return "\n".join(lines) + ("\n" if lines else "")
