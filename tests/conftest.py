"""Shared fixtures. The real reports live outside the repository (``../shared``); tests that
read them skip cleanly when that folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: generated hostile inputs (bounded; `make fuzz` runs the long campaign)")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    shared = REPO_ROOT.parent / "shared"
    if not shared.is_dir():
        pytest.skip("../shared not present")
    return shared


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not any(seeds.glob("*.txt")):
        pytest.skip("../shared/seeds has no reports")
    return seeds


@pytest.fixture(scope="session")
def pdf_dir(shared_dir: Path) -> Path:
    pdfs = shared_dir / "samples-pdf"
    if not any(pdfs.glob("*.pdf")):
        pytest.skip("../shared/samples-pdf has no PDFs")
    return pdfs
