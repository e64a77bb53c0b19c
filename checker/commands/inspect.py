"""`jiaohe inspect FILE`: show what the reader understood of a document."""

from __future__ import annotations

from pathlib import Path

import typer

from checker.i18n import name_of, t
from rich.console import Console
from rich.tree import Tree

from checker.ingest import load_document
from checker.model import Document, Paragraph, Section


def register(app: typer.Typer) -> None:
    app.command("inspect", help=t("inspect.help"))(inspect)


def inspect(
    file: Path = typer.Argument(..., help=t("arg.report_file")),
    blocks: bool = typer.Option(False, "--blocks", help=t("inspect.opt.blocks")),
) -> None:
    """Print the parsed structure: kind, year, unit, section tree, tables (shape and header)."""
    doc = load_document(file)
    console = Console(highlight=False)
    console.print(render_summary(doc), markup=False)
    tree = Tree(t("inspect.sections"))
    _add_sections(tree, doc.sections)
    console.print(tree)
    for table in doc.tables():
        console.print(render_table(table, doc.format), markup=False)
    if blocks:
        for block in doc.blocks:
            text = block.text if hasattr(block, "text") else f"[table {block.n_rows}×{block.n_cols}]"
            console.print(f"{block.id:>6} {place(block, doc.format)}  {text[:80]}", markup=False)


# What Piece.line counts in each format (see the readers' module docs).
_LINE_UNIT = {"txt": "lines", "pdf": "lines", "docx": "paragraphs", "doc": "paragraphs", "xlsx": "rows", "xls": "rows"}


def place(block, fmt: str) -> str:
    """Where a block sits in its source, in the source's own terms (a table may span pages)."""
    pieces = list(block.pieces) if isinstance(block, Paragraph) else [p for cell in block.cells() for p in cell.pieces]
    unit = _LINE_UNIT.get(fmt, "lines")
    if not pieces:
        return unit + " ?"
    first = min(pieces, key=lambda p: (p.page or 0, p.line))
    last = max(pieces, key=lambda p: (p.page or 0, p.line))
    if first.sheet:
        return f"sheet {first.sheet}, {unit} {first.line}-{last.line}"
    if first.page and last.page != first.page:
        return f"page {first.page} line {first.line} to page {last.page} line {last.line}"
    where = f"page {first.page}, " if first.page else ""
    return f"{where}{unit} {first.line}-{last.line}"


def render_summary(doc: Document) -> str:
    paragraphs = sum(1 for _ in doc.paragraphs())
    tables = sum(1 for _ in doc.tables())
    lines = [
        f"{t('label.file')}{t('label.colon')}{doc.path}",
        f"{t('inspect.format')}{t('label.colon')}{doc.format}",
        f"{t('label.kind')}{t('label.colon')}{name_of('kind', doc.kind)}",
        f"{t('label.year')}{t('label.colon')}{doc.year or '?'}",
        f"{t('label.unit')}{t('label.colon')}{doc.unit or '?'}",
        f"{t('inspect.blocks')}{t('label.colon')}{t('inspect.block_counts', paragraphs=paragraphs, tables=tables)}",
    ]
    lines += [f"{t('severity.warning')}{t('label.colon')}{w}" for w in doc.warnings]
    return "\n".join(lines)


def render_table(table, fmt: str = "txt") -> str:
    head = f"table {table.id}: {table.n_rows} rows × {table.n_cols} columns ({place(table, fmt)})"
    if table.caption:
        head += f"  caption: {table.caption}"
    if table.unit:
        head += f"  unit: {table.unit}"
    out = [head]
    # A table exported from Word often stacks several grids (a header block, a funds block,
    # an indicator block); show each run of rows that share a width, with its first row.
    start = 0
    rows = table.rows
    for i in range(1, len(rows) + 1):
        if i == len(rows) or len(rows[i]) != len(rows[start]):
            named = [c.text.replace("\n", " ").strip() for c in rows[start] if c.text.strip()]
            if i - start > 1 or len(rows[start]) > 1:
                out.append(
                    f"  rows {start + 1}-{i}: {len(rows[start])} columns, "
                    f"{len(named)} named in row {start + 1}: {' | '.join(n[:16] for n in named)}"
                )
            start = i
    return "\n".join(out)


def _add_sections(tree: Tree, sections: tuple[Section, ...]) -> None:
    for section in sections:
        h = section.heading
        node = tree.add(f"{h.marker} {h.title}  [{section.block}]", highlight=False)
        _add_sections(node, section.children)
