"""The lexicons read the same with libyaml's loader (used for speed) as with PyYAML's own, and the
same again out of their JSON cache."""

from __future__ import annotations

import pytest
import yaml

from checker import lexicon
from checker.lexicon import lexicon_dir, load_yaml


@pytest.mark.parametrize("path", sorted(lexicon_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_lexicon_reads_as_the_python_safe_loader_reads_it(path):
    expected = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    loaded = load_yaml(path.name)
    assert loaded == expected and repr(loaded) == repr(expected)


@pytest.fixture
def own_lexicons(tmp_path, monkeypatch):
    folder = tmp_path / "lexicons"
    folder.mkdir()
    monkeypatch.setattr(lexicon, "lexicon_dir", lambda: folder)
    monkeypatch.setenv("JIAOHE_CACHE", str(tmp_path / "cache"))
    return folder


def _read(name: str):
    return lexicon.load_yaml.__wrapped__(name)  # past the per-process cache


def test_a_lexicon_is_read_back_from_its_cache_as_parsed(own_lexicons, tmp_path):
    (own_lexicons / "own.yaml").write_text("词: [会议费, 2.5, 3, true, null]\n下级: {甲: 乙}\n", encoding="utf-8")
    parsed = _read("own.yaml")
    (cached,) = (tmp_path / "cache" / "lexicons").glob("own.*.json")
    again = _read("own.yaml")
    assert again == parsed and repr(again) == repr(parsed)
    cached.write_bytes(b"{not json")
    assert repr(_read("own.yaml")) == repr(parsed)
    (own_lexicons / "own.yaml").write_text("词: [差旅费]\n", encoding="utf-8")
    assert _read("own.yaml") == {"词": ["差旅费"]}  # an edited lexicon is parsed anew


def test_data_json_would_change_is_not_cached(own_lexicons, tmp_path):
    (own_lexicons / "keys.yaml").write_text("1: 一\n2024-01-01: 元旦\n", encoding="utf-8")
    assert repr(_read("keys.yaml")) == repr(_read("keys.yaml"))
    assert 1 in _read("keys.yaml")
    assert not list((tmp_path / "cache").rglob("keys.*.json"))
