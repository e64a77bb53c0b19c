"""Learned models. They only propose: every finding they back carries confidence ``model``."""
