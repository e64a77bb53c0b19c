"""Subcommands. Each module has ``register(app)``; add a new one to COMMANDS."""

from checker.commands import align, check, eval, export, extract, inspect, mutate, report, review, rules, scan, train

COMMANDS = (inspect, extract, align, check, rules, eval, mutate, train, scan, export, report, review)
