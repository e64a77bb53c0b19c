"""Subcommands. Each module has ``register(app)``; add a new one to COMMANDS."""

from checker.commands import check, eval, export, inspect, mutate, report, review, rules, scan, train

COMMANDS = (inspect, check, rules, eval, mutate, train, scan, export, report, review)
