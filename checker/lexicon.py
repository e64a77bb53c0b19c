"""The only reader of ``lexicons/``: finds the folder in a checkout or in an installed wheel, and
the cache folder where what is read out of lexicons and models is kept."""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable


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


def cache_dir() -> Path:
    """``$JIAOHE_CACHE``, else ``$XDG_CACHE_HOME/jiaohe``, else ``~/.cache/jiaohe``."""
    if os.environ.get("JIAOHE_CACHE"):
        return Path(os.environ["JIAOHE_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jiaohe"


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """A lexicon's data, parsed once per process. What the YAML parser made of a file is kept as
    JSON in the cache folder, named after the file's hash: importing PyYAML and parsing the
    lexicons took about 30 ms of every cold start, reading the JSON back takes 2."""
    raw = (lexicon_dir() / name).read_bytes()
    cached = cache_dir() / "lexicons" / f"{Path(name).stem}.{hashlib.sha256(raw).hexdigest()[:24]}.json"
    try:
        return json.loads(cached.read_bytes())
    except (OSError, ValueError):
        pass
    import yaml

    # libyaml's safe loader where PyYAML was built with it: the pure-Python one took about a
    # quarter of a second to read the lexicons
    data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _keep_as_json(data, cached)
    return data


def _keep_as_json(data, path: Path) -> None:
    """Cache ``data`` unless JSON would not give it back as it is (keys that are not strings,
    dates); a cache that cannot be written only costs the next run time."""
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        pass


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


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so 年初预算 wins over 预算).

    Written as a trie ("个(?:次|百分点)?|人次?|…"): the engine tries each alternative in turn, and
    a list of a hundred units or cue words cost a hundred tries at every place a word could begin;
    the trie tries one branch per first character. The same words match, longest first: all the
    words that can match at one place begin the same text, so each is a prefix of the longer
    ones, and the trie's greedy optional tails try them longest first as the sorted list did."""
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return "|".join(_branches(trie))


def first_characters(words: Iterable[str]) -> str:
    """The characters ``words`` begin with, escaped for a character class: a pattern that opens with
    ``(?=[…])`` of them looks at one character where a match cannot begin, not at every branch."""
    return "".join(re.escape(ch) for ch in sorted({word[0] for word in words if word}))


def _branches(node: dict[str, dict]) -> list[str]:
    out = [re.escape(ch) + _tail(child) for ch, child in sorted(node.items()) if ch]
    return [*out, ""] if "" in node else out


def _tail(node: dict[str, dict]) -> str:
    """What may follow a trie node's character: nothing, one path, a group of paths, optional when a word ends there."""
    paths = [b for b in _branches(node) if b]
    if not paths:
        return ""
    if "" in node:
        return f"(?:{'|'.join(paths)})?"
    return paths[0] if len(paths) == 1 else f"(?:{'|'.join(paths)})"
