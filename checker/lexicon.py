"""The only reader of ``lexicons/``: finds the folder in a checkout or in an installed wheel."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml


def _data_dir(name: str) -> Path:
    # An installed wheel ships the folder as checker/<name> (pyproject maps it there); a
    # checkout keeps it at the top level. The folders are data, not packages with an
    # __init__.py, so importlib.resources would hand back a MultiplexedPath, not a Path.
    here = Path(__file__).resolve().parent
    installed = here / name
    return installed if installed.is_dir() else here.parent / name


def lexicon_dir() -> Path:
    return _data_dir("lexicons")


def models_dir() -> Path:
    return _data_dir("models")


# libyaml's parser when PyYAML was built with it: the same objects as yaml.safe_load, ten times
# sooner — every command reads the interface strings (ui.yaml) before it starts
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_yaml(name: str):
    with open(lexicon_dir() / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)


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
