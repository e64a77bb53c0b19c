"""Prose ↔ table alignment: which table cell a figure in the text restates."""
