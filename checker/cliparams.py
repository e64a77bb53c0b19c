"""Command-line values converted without pydantic where the result is plain.

Typer coerces every parameter through a pydantic ``TypeAdapter``: importing pydantic, reading its
plugins' entry points and building one adapter per parameter took about a tenth of a second of
every run, a tenth of a cold ``check``. Nearly all of jiaohe's parameters are a string, a path, a
whole or decimal number, or a list of them, and for a plain value of such a parameter pydantic's
answer is known: the string itself, ``Path(s)`` (then typer's own checks of the path), ``int(s)``,
``float(s)``, a list of those. Those are converted here; every other value (a flag read from an
environment variable, a choice, a number out of its range, a malformed one, an empty path) goes to typer's own
coercion, so what it accepts and the errors it gives are typer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter

_WHOLE = re.compile(r"-?[0-9]{1,18}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?")
_LEAVES = (str, int, float, Path, bool)


class _Unknown(Exception):
    """A value whose conversion only typer (pydantic) can give."""


def _leaf(annotation: type, value: Any) -> Any:
    if type(value) is annotation or annotation is Path and isinstance(value, Path):
        return value  # a default of the right type
    if annotation is float and type(value) is int:
        return float(value)
    if not isinstance(value, str):
        raise _Unknown
    if annotation is str:
        return value
    if annotation is Path and value:
        return Path(value)
    if annotation is int and _WHOLE.fullmatch(value):
        return int(value)
    if annotation is float and _DECIMAL.fullmatch(value):
        return float(value)
    raise _Unknown


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """A parameter of one of ``_LEAVES`` or a list of one: its plain values converted here, the
    others by the coercion typer would have used."""

    leaf: type
    many: bool

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            if self.many:
                if not isinstance(value, (list, tuple)):
                    raise _Unknown
                return [self._one(item, param, ctx) for item in value]
            return self._one(value, param, ctx)
        except _Unknown:
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param, ctx)

    def _one(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        converted = _leaf(self.leaf, value)
        info = self.parameter_info
        if info.min is not None and converted < info.min or info.max is not None and converted > info.max:
            raise _Unknown  # out of range: typer says so
        if self.leaf is Path:
            return coerce_cli_path(converted, self.parameter_info, path_type=Path, param=param, ctx=ctx)
        return converted


def plain_runtime_param(param: object) -> PlainRuntimeParam | None:
    """The converter for a typer parameter, or None where typer's own is needed for every value."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or descriptor.file_annotation is not None:
        return None
    info = descriptor.parameter_info
    if info.parser is not None or info.clamp or info.path_type is not None:
        return None
    annotation, many = descriptor.annotation, False
    if get_origin(annotation) is list and len(get_args(annotation)) == 1:
        annotation, many = get_args(annotation)[0], True
    if annotation not in _LEAVES or (info.min is not None or info.max is not None) and annotation not in (int, float):
        return None
    return PlainRuntimeParam(parameter_info=info, annotation=descriptor.annotation, leaf=annotation, many=many)


def _give(param: object) -> None:
    plain = plain_runtime_param(param)
    if plain is not None and getattr(param, "_runtime_param", None) is None:
        param._runtime_param = plain  # type: ignore[attr-defined]


class PlainValues:
    """A mixin of click's command classes: each parameter that ``plain_runtime_param`` can
    convert, ``--help`` too, is given that converter before typer would build its pydantic one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:  # type: ignore[attr-defined]
            _give(param)

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        _give(option)
        return option
