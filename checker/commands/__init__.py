"""Subcommands. Each module has ``register(app)``; add a new one to COMMANDS."""

from checker.commands import check, eval, inspect, rules, train

COMMANDS = (inspect, check, rules, eval, train)
