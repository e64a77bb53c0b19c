"""The package as installed from a wheel (not the checkout) still finds lexicons/ and models/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_every_package_directory_is_listed_in_pyproject():
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(d.relative_to(REPO_ROOT).parts)
        for d in (REPO_ROOT / "checker").rglob("*")
        if d.is_dir() and any(d.glob("*.py"))
    }
    found.add("checker")
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    mapped = config["tool"]["setuptools"]["package-dir"]
    assert mapped.get("checker.lexicons") == "lexicons" and mapped.get("checker.models") == "models"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip"]
    # Building without isolation uses this venv's setuptools, which needs `wheel` (a dev extra).
    pytest.importorskip("wheel", reason="pip install wheel (in the dev extras) to build the wheel")
    # Build from a copy: setuptools leaves build/ behind, and a stale build/lib in the checkout
    # would slip deleted modules into later wheels.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    for folder in ("checker", "lexicons", "models"):
        shutil.copytree(REPO_ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    build = subprocess.run(
        pip + ["wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (built,) = out.glob("jiaohe-*.whl")
    return built


def checkout_files(folder: str) -> set[str]:
    """The data files of a top-level folder (notes such as a README are not shipped)."""
    return {p.name for p in (REPO_ROOT / folder).iterdir() if p.is_file() and not p.name.startswith((".", "README"))}


def test_wheel_contains_lexicons_models_and_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "checker/cli.py" in names
    for folder in ("lexicons", "models"):
        shipped = {n.split("/")[-1] for n in names if n.startswith(f"checker/{folder}/")}
        missing = checkout_files(folder) - shipped
        assert not missing, f"add their suffixes to [tool.setuptools.package-data] checker.{folder}"
    data_files = {
        p.relative_to(REPO_ROOT).as_posix()
        for p in (REPO_ROOT / "checker").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert data_files <= names, "add them to [tool.setuptools.package-data]"


def test_installed_package_finds_its_data_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    probe = (
        "import json, checker, checker.lexicon as lx\n"
        "print(json.dumps({'module': checker.__file__, 'lexicons': str(lx.lexicon_dir()),\n"
        "  'models': str(lx.models_dir()),\n"
        "  'files': sorted(p.name for p in lx.lexicon_dir().iterdir())}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout)
    assert Path(found["module"]).is_relative_to(target)
    assert Path(found["lexicons"]).is_relative_to(target)
    assert Path(found["models"]).is_relative_to(target)
    expected = checkout_files("lexicons")
    if not expected:
        pytest.skip("lexicons/ has no data files yet")
    assert expected == set(found["files"]) - {"__pycache__"}
