"""Command-line values converted without pydantic (checker.cliparams) come out exactly as typer's
own coercion gives them: the same value of the same type, or the same error."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.main import get_command

from checker.cliparams import PlainRuntimeParam, plain_runtime_param
from checker.helptext import LocalizedCommand

VALUES = ["", "0", "7", "-3", "+4", " 5", "5 ", "007", "1_000", "2.50", "-0.5", ".5", "5.", "1e3", "nan", "inf",
          "abc", "报告.txt", "a b", "-", "~/x", "12345678901234567890", (), ("a", "b"), ("1", "x"), 3, 2.5, True, None]  # fmt: skip


def _params():
    """A command with one parameter of each kind jiaohe's commands use."""
    app = typer.Typer(add_completion=False)

    @app.command(cls=LocalizedCommand)
    def command(
        text: Optional[str] = typer.Option(None, "--text"),
        whole: int = typer.Option(1, "--whole"),
        decimal: float = typer.Option(60.0, "--decimal", min=0),
        port: int = typer.Option(8000, "--port", max=65535),
        path: Optional[Path] = typer.Option(None, "--path"),
        existing: Optional[Path] = typer.Option(None, "--existing", exists=True, dir_okay=False),
        flag: bool = typer.Option(False, "--flag"),
        words: Optional[List[str]] = typer.Option(None, "--word"),
        files: List[Path] = typer.Argument(...),
    ) -> None:
        pass

    return get_command(app).params


def _outcome(runtime, value, param, ctx):
    try:
        out = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return ("error", exc.message)
    except Exception as exc:  # noqa: BLE001 - whatever typer raises, ours must raise alike
        return ("raised", type(exc).__name__)
    return ("value", type(out), [type(x) for x in out] if isinstance(out, list) else None, out)


def test_every_parameter_kind_gets_the_plain_converter():
    params = _params()
    assert all(isinstance(p._runtime_param, PlainRuntimeParam) for p in params), [
        p.name for p in params if not isinstance(p._runtime_param, PlainRuntimeParam)
    ]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_same_value_or_error_as_typer(tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a b").mkdir()  # a folder where --existing wants a file
    (tmp_path / "报告.txt").write_text("x", encoding="utf-8")
    for param in _params():
        ours = _outcome(param._runtime_param, value, param, None)
        typers = _outcome(build_runtime_param(param.type_descriptor), value, param, None)
        assert ours == typers, (param.name, value)


class Colour(str, Enum):
    red = "red"


def test_enum_and_clamped_parameters_keep_typer_coercion():
    app = typer.Typer(add_completion=False)

    @app.command(cls=LocalizedCommand)
    def command(
        colour: Colour = typer.Option(Colour.red, "--colour"),
        level: int = typer.Option(1, "--level", min=0, max=3, clamp=True),
    ) -> None:
        pass

    for param in get_command(app).params:
        assert plain_runtime_param(param) is None
        assert param._runtime_param is None
