"""Renderers: findings as text, JSON, HTML, Markdown, Word; the shared span bookkeeping."""
