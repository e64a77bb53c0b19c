"""Every third-party import is declared in pyproject.toml, and the lock pins what pyproject declares.

A package that is only installed because something else pulls it in (lxml under python-docx, numpy
under scikit-learn) works until that other package drops it; so the package imports what it declares.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = REPO_ROOT / "requirements" / "lock.txt"

RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
DEV = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]]
# Extras other than dev hold what a command imports lazily (scan --cluster): declared, just optional.
EXTRAS = [
    Requirement(r)
    for name, reqs in PYPROJECT["project"]["optional-dependencies"].items()
    if name != "dev"
    for r in reqs
]


def names(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements}


def top_level_imports(folder: Path) -> dict[str, set[str]]:
    """Top-level module name → files importing it, for absolute imports anywhere in the code
    (imports inside functions count: they run as soon as the feature is used)."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                found.setdefault(module.split(".")[0], set()).add(str(path.relative_to(REPO_ROOT)))
    return found


def undeclared(folder: Path, declared: set[str], local: set[str]) -> dict[str, list[str]]:
    """Third-party imports of ``folder`` whose distribution is not among ``declared``."""
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for module, files in top_level_imports(folder).items():
        if module in sys.stdlib_module_names or module in local:
            continue
        # A module not installed here (tomli on Python ≥ 3.11) must be declared under its own name.
        names = {canonicalize_name(d) for d in distributions.get(module, [module])}
        if not names & declared:
            missing[module] = sorted(files)
    return missing


def test_every_import_of_the_package_is_a_declared_dependency():
    assert undeclared(REPO_ROOT / "checker", names(RUNTIME + EXTRAS), local={"checker"}) == {}, (
        "declare these in [project] dependencies of pyproject.toml, then run `make lock`"
    )


def test_every_import_of_the_tests_is_a_runtime_or_dev_dependency():
    local = {"checker", "tests"} | {p.stem for p in (REPO_ROOT / "tests").glob("*.py")}
    assert undeclared(REPO_ROOT / "tests", names(RUNTIME + DEV + EXTRAS), local=local) == {}, (
        "declare these in the dev extra of pyproject.toml, then run `make lock`"
    )


def pinned() -> dict[str, str]:
    """name → version of every `name==version` line of the lock."""
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def test_the_lock_pins_every_declared_dependency():
    """The lock is made for one Python (see its header): what pyproject asks for on that Python."""
    needed = names([r for r in RUNTIME + DEV if r.marker is None or r.marker.evaluate()])
    assert needed - set(pinned()) == set(), "pyproject.toml changed: run `make lock`"


def test_this_environment_runs_the_locked_versions():
    """`make install` installs the lock; a venv that drifted from it does not test what CI tests."""
    drifted = {}
    for name, version in pinned().items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            drifted[name] = (version, None)
            continue
        if installed != version:
            drifted[name] = (version, installed)
    assert drifted == {}, "run `make install` (it rebuilds .venv from requirements/lock.txt)"
