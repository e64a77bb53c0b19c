"""The help page of a command, laid out with rich (which knows the width of Chinese characters)
from the catalogue: section titles, metavars (each command gives a plain one, ``FILE``, which the
catalogue may translate), defaults and the required mark."""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from typer import Context
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from checker.helptext import metavar
from checker.i18n import t

_MAX_WIDTH = 100


def _usage(command: TyperCommand | TyperGroup, ctx: Context) -> str:
    pieces = [ctx.command_path, t("help.options_placeholder")]
    if isinstance(command, TyperGroup):
        pieces.append(t("help.command_placeholder"))
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            shown = metavar(param, ctx)
            pieces.append(shown if param.required else f"[{shown}]")
    return t("help.usage") + " ".join(pieces)


def _option_names(param: TyperArgument | TyperOption) -> str:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    names += list(getattr(param, "secondary_opts", ()))
    return ", ".join(names)


def _describe(param: TyperArgument | TyperOption, ctx: Context) -> Text:
    text = Text(getattr(param, "help", None) or "")
    notes = []
    if param.required:
        notes.append(t("help.required"))
    elif isinstance(param, TyperOption) and param.show_default is not False and not param.is_flag:
        default = param.get_default(ctx, call=False)
        if default not in (None, (), []) and not callable(default):
            notes.append(t("help.default", value=default))
    elif isinstance(param, TyperOption) and param.secondary_opts:
        default = param.get_default(ctx, call=False)
        notes.append(t("help.default", value=param.opts[0] if default else param.secondary_opts[0]))
    if notes:
        text.append("".join(notes), style="dim")
    return text


def _rows(title: str, rows: list[tuple[str, Text]], console: Console) -> None:
    """Each parameter on a line of its own and its help under it: a name with a list of choices
    would otherwise leave the help a narrow column."""
    if not rows:
        return
    console.print(Text(title, style="bold"))
    for left, right in rows:
        console.print(Text("  " + left))
        if right.plain:
            console.print(Padding(right, (0, 0, 0, 6), expand=False))
    console.print()


def _command_rows(title: str, rows: list[tuple[str, Text]], console: Console) -> None:
    console.print(Text(title, style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for left, right in rows:
        grid.add_row(Text("  " + left), right)
    console.print(grid)


def render_help(command: TyperCommand | TyperGroup, ctx: Context) -> str:
    buffer = io.StringIO()
    width = min(shutil.get_terminal_size((80, 24)).columns, _MAX_WIDTH)
    console = Console(file=buffer, width=width, highlight=False, markup=False, emoji=False, color_system=None)
    console.print(_usage(command, ctx))
    console.print()
    if command.help:
        console.print(Text(command.help))
        console.print()
    params = command.get_params(ctx)
    arguments = [(metavar(p, ctx), _describe(p, ctx)) for p in params if isinstance(p, TyperArgument)]
    options = [
        ((_option_names(p) + " " + metavar(p, ctx)).strip(), _describe(p, ctx))
        for p in params
        if isinstance(p, TyperOption) and not p.hidden
    ]
    _rows(t("help.arguments"), arguments, console)
    _rows(t("help.options"), options, console)
    if isinstance(command, TyperGroup):
        commands = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                commands.append((name, Text(sub.get_short_help_str(limit=1000))))
        _command_rows(t("help.commands"), commands, console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip().splitlines()) + "\n"
