"""Subcommands. Each module has ``register(app)``; add a new one to COMMANDS."""

from checker.commands import check, inspect

COMMANDS = (inspect, check)
