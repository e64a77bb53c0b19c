"""A compact grid notation for examples and tests: ``| a | b |`` lines become TAB-cell text.

The text reader takes a table as one TAB-led line per cell and a blank line after each row;
that layout cannot survive a docstring (``inspect.cleandoc`` expands tabs), so rule examples
write tables as ``|``-separated rows and are converted here before they are checked.
"""

from __future__ import annotations


def grid_text(text: str) -> str:
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            out.extend("\t" + c for c in cells)
            out.append("")
            in_table = True
            continue
        if in_table:
            out.append("")  # two blank lines end the table
            in_table = False
        out.append(line)
    if in_table:
        out.append("")
    return "\n".join(out)
