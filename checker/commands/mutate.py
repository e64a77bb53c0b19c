"""`jiaohe mutate SRC_DIR OUT_DIR --seed N`: copies of clean reports with one known defect each, and their key."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

from checker.i18n import t

from checker.evaluation.keys import load_key
from checker.evaluation.mutate import OPERATORS, key_for, known_defects, mutate_corpus
from checker.ingest import InputError

KEY_NAME = "key.json"


def register(app: typer.Typer) -> None:
    app.command("mutate", help=t("mutate.help"))(mutate)


def mutate(
    src_dir: Path = typer.Argument(..., metavar="SRC_DIR", help=t("mutate.arg.src_dir")),
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR", help=t("mutate.arg.out_dir")),
    seed: int = typer.Option(..., "--seed", metavar="N", help=t("mutate.opt.seed")),
    count: int = typer.Option(100, "--count", min=1, metavar="N", help=t("mutate.opt.count")),
    only: Optional[List[str]] = typer.Option(None, "--op", metavar="OP", help=t("mutate.opt.op")),
    known: Optional[Path] = typer.Option(
        None,
        "--known",
        metavar="KEY.json",
        help=t("mutate.opt.known"),
    ),
) -> None:
    """Inject one verified defect per copy and write the answer key (then run `jiaohe eval OUT_DIR/key.json`)."""
    if not src_dir.is_dir():
        raise InputError(src_dir, t("input.not_a_folder"))
    unknown = [o for o in only or () if o not in OPERATORS]
    if unknown:
        raise typer.BadParameter(
            t("mutate.error.op", unknown=", ".join(unknown), known=", ".join(OPERATORS)), param_hint="--op"
        )
    sources = sorted(p for p in src_dir.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".docx"))
    if not sources:
        raise InputError(src_dir, t("input.no_reports"))
    defects = known_defects(load_key(known)) if known else None
    mutants = mutate_corpus(sources, seed, count, tuple(only) if only else tuple(OPERATORS), defects)
    out_dir.mkdir(parents=True, exist_ok=True)
    for m in mutants:
        (out_dir / m.name).write_bytes(m.data)
    key = key_for(mutants, seed, src_dir)
    (out_dir / KEY_NAME).write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    per_op = Counter(m.mutation.op for m in mutants)
    typer.echo(t("mutate.written", n=len(mutants), sources=len(sources), out=out_dir, key_file=out_dir / KEY_NAME))
    typer.echo("  " + ", ".join(f"{op} {per_op[op]}" for op in OPERATORS if per_op[op]))
    if len(mutants) < count:
        typer.echo(t("mutate.short", n=len(mutants), count=count), err=True)
