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


def test_an_alternation_matches_what_its_words_longest_first_match():
    """``alternation`` writes its words as a trie; a pattern built on it finds the same spans as
    the plain list of words sorted longest first, wherever it is used: matched, searched, with a
    tail that may fail and send the engine back into the words, with the empty word among them."""
    import random
    import re

    from checker.lexicon import alternation, load_yaml

    def plain(words):
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

    units = load_yaml("units.yaml")
    vocabulary = [*units["count"], *units["quantity"], *units["money"], "预算", "年初预算", "预算数", "a.b", "a*"]
    chars = sorted(set("".join(vocabulary))) + ["，", "次"]
    rng = random.Random(7)
    assert alternation([]) == plain([])
    for _ in range(200):
        words = rng.sample(vocabulary, rng.randint(1, 40))
        words += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 3))) for _ in range(3)]
        if rng.random() < 0.1:
            words.append("")
        for tail in ("", "(?=，)", "(?![米克])", "次?", "(?:人|元)"):
            ours, theirs = re.compile(f"(?:{alternation(words)}){tail}"), re.compile(f"(?:{plain(words)}){tail}")
            for _ in range(50):
                text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
                for find in ("match", "search"):
                    a, b = getattr(ours, find)(text), getattr(theirs, find)(text)
                    assert (a and a.span()) == (b and b.span()), (words, tail, text)
