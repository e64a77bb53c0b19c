"""The lexicons read the same with libyaml's loader (used for speed) as with PyYAML's own."""

from __future__ import annotations

import pytest
import yaml

from checker.lexicon import lexicon_dir, load_yaml


@pytest.mark.parametrize("path", sorted(lexicon_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_lexicon_reads_as_the_python_safe_loader_reads_it(path):
    expected = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    loaded = load_yaml(path.name)
    assert loaded == expected and repr(loaded) == repr(expected)
