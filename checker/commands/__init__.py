"""Subcommands. Each module ``checker.commands.NAME`` has ``register(app)`` registering the command
NAME; add a new one to COMMANDS."""

from __future__ import annotations

import importlib
from types import ModuleType

COMMANDS = (
    "inspect",
    "extract",
    "align",
    "check",
    "rules",
    "eval",
    "mutate",
    "train",
    "scan",
    "export",
    "report",
    "review",
    "serve",
)


def command_modules(argv: list[str]) -> list[ModuleType]:
    """The command modules a command line needs: the named command's alone — every module's
    imports together are a good part of a cold start —, none for ``--version`` alone (it answers
    before any command is looked at), or all of them for the overview help or a mistyped command
    (so the error can list the commands)."""
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    if named is None and "--version" in argv and "--help" not in argv:
        return []
    names = (named,) if named in COMMANDS else COMMANDS
    return [importlib.import_module(f"checker.commands.{name}") for name in names]
