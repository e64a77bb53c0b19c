"""Subcommands. Each module has ``register(app)``; add a new one to COMMANDS."""

from checker.commands import check, eval, export, inspect, report, review, rules, scan, train

COMMANDS = (inspect, check, rules, eval, train, scan, export, report, review)
