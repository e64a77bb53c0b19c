"""Project settings: ``[tool.jiaohe]`` in a pyproject.toml, or a ``jiaohe.toml``.

The file is found by walking up from the checked file's folder; the nearest one wins (a
``jiaohe.toml`` before a ``pyproject.toml`` in the same folder, and a pyproject.toml only counts
when it has a ``[tool.jiaohe]`` table). Keys::

    select = ["GRW", "SUM001"]      # rule codes or code prefixes to run (default: all)
    ignore = ["TPL"]                # codes or prefixes to skip
    fail-on = "error"               # error | warning | info | none
    scoring-policy = "default"      # which 绩效自评 scoring policy the scoring rules apply
    lang = "zh"                     # zh | en: the language of help, reports and messages
    [tool.jiaohe.severity]          # per-rule severity overrides
    UNT001 = "warning"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping

from checker.i18n import LanguageError, t, valid

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "none")
KEYS = ("select", "ignore", "fail-on", "scoring-policy", "severity", "lang")
_ALIASES = {"fail_on": "fail-on", "scoring_policy": "scoring-policy"}


class ConfigError(Exception):
    """A settings file is unreadable or has a bad value; the message names the file."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    scoring_policy: str = "default"
    source: str | None = None

    def enabled(self, code: str) -> bool:
        """A rule runs when selected (or nothing is selected) and not ignored; the longer
        matching prefix wins, so ``select=["GRW001"], ignore=["GRW"]`` still runs GRW001."""
        selected = _longest_prefix(code, self.select) if self.select else 0
        if selected < 0:
            return False
        ignored = _longest_prefix(code, self.ignore)
        return ignored < 0 or ignored < selected

    def severity_for(self, code: str, default: str) -> str:
        return self.severity.get(code, default)

    def with_overrides(
        self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, fail_on: str | None = None
    ) -> "Config":
        """Command-line options replace the file's select and extend its ignore list."""
        out = self
        if select:
            out = replace(out, select=known_codes(_codes(select), "--select"))
        if ignore:
            out = replace(out, ignore=out.ignore + known_codes(_codes(ignore), "--ignore"))
        if fail_on:
            if fail_on not in FAIL_ON:
                raise ConfigError(t("check.error.fail_on", choices=", ".join(FAIL_ON), value=repr(fail_on)))
            out = replace(out, fail_on=fail_on)
        return out


def _longest_prefix(code: str, prefixes: tuple[str, ...]) -> int:
    """Length of the longest prefix in ``prefixes`` that ``code`` starts with; -1 when none."""
    hits = [len(p) for p in prefixes if code.upper().startswith(p)]
    return max(hits) if hits else -1


def _codes(values: Iterable[str]) -> tuple[str, ...]:
    """Accept repeated options and comma-separated lists alike."""
    out: list[str] = []
    for value in values:
        out.extend(v.strip().upper() for v in str(value).split(",") if v.strip())
    return tuple(out)


def known_codes(codes: tuple[str, ...], where: str, *, whole: bool = False) -> tuple[str, ...]:
    """``codes`` when each names a rule or is a prefix of one (a whole code when ``whole``); a
    misspelt code would otherwise silently select nothing or ignore nothing."""
    from checker.batch.crossdoc import CODES as CROSS_DOCUMENT
    from checker.rules import all_rules

    valid = sorted([r.code for r in all_rules()] + list(CROSS_DOCUMENT))
    unknown = [c for c in codes if not any(v == c if whole else v.startswith(c) for v in valid)]
    if unknown:
        raise ConfigError(t("config.unknown_codes", where=where, codes=", ".join(unknown), valid=" ".join(valid)))
    return codes


def find_config_file(start: Path) -> tuple[Path, dict] | None:
    """The nearest settings file at or above ``start`` (a file or folder) and its jiaohe table."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate_dir in (folder, *folder.parents):
        own = candidate_dir / "jiaohe.toml"
        if own.is_file():
            data = _read_toml(own)
            return own, data.get("tool", {}).get("jiaohe", data)
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("jiaohe")
            if table is not None:
                return pyproject, table
    return None


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(t("config.unreadable", path=path, reason=exc)) from None


def from_table(table: Mapping, source: str | None = None) -> Config:
    where = source or t("config.settings")
    unknown = [k for k in table if k not in KEYS and k not in _ALIASES]
    if unknown:
        raise ConfigError(
            t("config.unknown_keys", where=where, keys=", ".join(map(str, unknown)), valid=", ".join(KEYS))
        )

    def codes(key: str) -> tuple[str, ...]:
        value = table.get(key, ())
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(t("config.codes_list", where=where, key=key))
        return known_codes(_codes(value), f"{where}: `{key}`")

    severity = table.get("severity", {})
    if not isinstance(severity, Mapping):
        raise ConfigError(t("config.severity_table", where=where))
    known_codes(tuple(str(k).upper() for k in severity), f"{where}: `severity`", whole=True)
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(t("config.severity_value", where=where, code=code, choices=", ".join(SEVERITIES)))
    fail_on = table.get("fail-on", table.get("fail_on", "error"))
    if fail_on not in FAIL_ON:
        raise ConfigError(t("config.fail_on", where=where, choices=", ".join(FAIL_ON)))
    policy = table.get("scoring-policy", table.get("scoring_policy", "default"))
    if not isinstance(policy, str):
        raise ConfigError(t("config.policy", where=where))
    if "lang" in table:  # applied when the command line starts (checker.i18n.resolve)
        try:
            valid(table["lang"], f"{where}: `lang`")
        except LanguageError as exc:
            raise ConfigError(str(exc)) from None
    return Config(
        select=codes("select"),
        ignore=codes("ignore"),
        severity={str(k).upper(): v for k, v in severity.items()},
        fail_on=fail_on,
        scoring_policy=policy,
        source=source,
    )


def load_config(near: Path | None = None) -> Config:
    """Settings for checking ``near`` (defaults when no settings file is found)."""
    if near is None:
        return Config()
    found = find_config_file(near)
    if found is None:
        return Config()
    path, table = found
    return from_table(table, str(path))
