"""The language of every human-facing string: Chinese by default, English on request.

Strings live as data in ``lexicons/ui.yaml`` (one entry per key, a ``zh`` and an ``en`` text each)
and are looked up with ``t(key, **fields)``. The language is chosen once, before the command line
is built (Typer reads help texts when the commands are defined): ``--lang`` on the command line,
else the ``JIAOHE_LANG`` environment variable, else ``lang`` in the settings found from the current
folder, else Chinese. The machine contract (JSON keys, rule codes and names, categories, severity
values) is the same in every language.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Mapping, Sequence

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
ENV_VAR = "JIAOHE_LANG"
OPTION = "--lang"

_current = DEFAULT


class LanguageError(ValueError):
    """A language that has no catalogue (the message names where it was asked for)."""


def language() -> str:
    return _current


def set_language(lang: str) -> None:
    global _current
    _current = valid(lang, OPTION)


def valid(lang: object, where: str) -> str:
    if lang not in LANGUAGES:
        raise LanguageError(t("error.language", where=where, value=repr(lang), choices="|".join(LANGUAGES)))
    return str(lang)


def t(key: str, **fields: object) -> str:
    """The text of ``key`` in the current language, its ``{placeholders}`` filled from ``fields``."""
    entry = catalogue()[key]
    text = entry[_current]
    return text.format(**fields) if fields else text


class Words(Mapping[str, str]):
    """The words for the values of one contract field (``Words("severity")["error"]`` is 错误),
    in the language current when they are read."""

    def __init__(self, field: str):
        self.field = field

    def __getitem__(self, value: str) -> str:
        key = f"{self.field}.{value}"
        if key not in catalogue():
            raise KeyError(value)
        return t(key)

    def __iter__(self) -> Iterator[str]:
        prefix = self.field + "."
        return (key[len(prefix) :] for key in catalogue() if key.startswith(prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def name_of(field: str, value: str) -> str:
    """The word for a contract value (``name_of("severity", "error")``), or the value itself."""
    return Words(field).get(value, value)


def catalogue() -> Mapping[str, Mapping[str, str]]:
    from checker.lexicon import load_yaml

    return load_yaml("ui.yaml")


def option_value(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the global options (those before the command name)."""
    args = iter(argv)
    for arg in args:
        if arg == OPTION:
            return next(args, "")
        if arg.startswith(OPTION + "="):
            return arg[len(OPTION) + 1 :]
        if not arg.startswith("-"):
            return None
    return None


def without_option(argv: Sequence[str]) -> list[str]:
    """``argv`` without the global ``--lang`` option and its value."""
    out: list[str] = []
    skip = False
    for n, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == OPTION and all(a.startswith("-") for a in argv[:n]):
            skip = True
        elif not (arg.startswith(OPTION + "=") and all(a.startswith("-") for a in argv[:n])):
            out.append(arg)
    return out


def resolve(argv: Sequence[str], environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> str:
    """The language asked for by the command line, the environment or the settings, in that
    order; raises LanguageError for a language there is no catalogue of."""
    environ = os.environ if environ is None else environ
    asked = option_value(argv)
    if asked is not None:
        return valid(asked, OPTION)
    if environ.get(ENV_VAR):
        return valid(environ[ENV_VAR], ENV_VAR)
    from checker.config import ConfigError, find_config_file

    try:
        found = find_config_file(cwd or Path.cwd())
    except ConfigError:  # an unreadable file is reported by the command that needs its settings
        found = None
    if found is not None and "lang" in found[1]:
        return valid(found[1]["lang"], f"{found[0]}: `lang`")
    return DEFAULT
