"""Subcommands. Each module has ``register(app)``; add a new one to COMMANDS."""

from checker.commands import check, eval, export, extract, inspect, mutate, report, review, rules, scan, train

COMMANDS = (inspect, extract, check, rules, eval, mutate, train, scan, export, report, review)
