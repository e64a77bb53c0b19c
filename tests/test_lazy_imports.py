"""A check of a text report loads no library it does not use: the classifier's scikit-learn (once
its numbers are cached), numpy (the classifier scores in plain Python, the reused-explanation
search with rapidfuzz's calls per text), PyYAML (the lexicons are read back from their JSON
cache), pandas (export), the Word/Excel/PDF readers and writers, spaCy (the extractor labels
numbers with jieba and the pipeline's linker directly), pydantic (typer's coercion of values
that checker.cliparams converts itself), rich (help pages, the terminal format and messages on
stderr), and the modules of the other commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNUSED_BY_A_TEXT_CHECK = (
    "sklearn",
    "numpy",
    "yaml",
    "scipy",
    "joblib",
    "pandas",
    "openpyxl",
    "docx",
    "pypdfium2",
    "spacy",
    "thinc",
    "pydantic",
    "pydantic_core",
    "rich",
    "checker.helppage",
    "checker.commands.scan",
    "checker.commands.mutate",
    "checker.commands.train",
    "checker.commands.export",
    "checker.batch.tables",
)


def _loaded_by(args: list[str], cache: Path) -> set[str]:
    probe = (
        "import atexit, sys; atexit.register(lambda: print('LOADED', *sorted(sys.modules), file=sys.stderr)); "
        "sys.argv = ['jiaohe', *sys.argv[1:]]; from checker.cli import main; main()"
    )
    env = {**os.environ, "JIAOHE_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, cwd=REPO)
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    return set(line.split()[1:])


def test_a_text_check_loads_only_what_it_uses(tmp_path):
    report = REPO / "corpus" / "synthetic" / "zhengti-zhichu-zipingbaogao-2024.txt"
    args = ["check", str(report), "--format", "json", "--fail-on", "none"]
    _loaded_by(args, tmp_path)  # the first run may read the model's numbers out once
    loaded = _loaded_by(args, tmp_path)
    assert "checker.commands.check" in loaded and "checker.ml.light" in loaded
    assert not {m for m in loaded if m.split(".")[0] in UNUSED_BY_A_TEXT_CHECK or m in UNUSED_BY_A_TEXT_CHECK}


def test_help_still_lists_every_command(tmp_path):
    from checker.commands import COMMANDS

    loaded = _loaded_by(["--help"], tmp_path)
    assert {f"checker.commands.{name}" for name in COMMANDS} <= loaded


def test_version_loads_no_command(tmp_path):
    loaded = _loaded_by(["--version"], tmp_path)
    assert not {m for m in loaded if m.startswith("checker.commands.")}
