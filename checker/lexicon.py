"""The only reader of ``lexicons/``: finds the folder in a checkout or in an installed wheel."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


def lexicon_dir() -> Path:
    checkout = Path(__file__).resolve().parent.parent / "lexicons"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("checker.lexicons")))


def models_dir() -> Path:
    checkout = Path(__file__).resolve().parent.parent / "models"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("checker.models")))


@lru_cache(maxsize=None)
def load_yaml(name: str):
    with open(lexicon_dir() / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=None)
def load_words(name: str) -> tuple[str, ...]:
    """A word list: one entry per line, '#' starts a comment."""
    out = []
    with open(lexicon_dir() / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return tuple(out)
