"""TPL001 scans for placeholders from the characters one can begin with (``placeholder_starts``
in lexicons/template_residue.yaml): that class must hold every first character of every pattern,
or a placeholder written in a new way would be skipped without a word."""

import re
from re import _constants as sre
from re import _parser

import pytest

from checker.lexicon import load_yaml
from checker.numbers import jump_search
from checker.rules.template import _vocabulary


def _first_chars(items) -> tuple[set[str], bool]:
    """The characters a match of the parsed ``items`` can begin with, and whether it can be empty.
    A construct whose first character is open (``.``, ``\\s``, a negated class) fails the test:
    no class of starts can be written for it."""
    chars: set[str] = set()
    for op, arg in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero-width: the next item begins the match
        if op is sre.LITERAL:
            return chars | {chr(arg)}, False
        if op is sre.IN:
            for kind, value in arg:
                if kind is sre.LITERAL:
                    chars.add(chr(value))
                elif kind is sre.RANGE:
                    chars.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    pytest.fail(f"a class with {kind} has no writable first characters")
            return chars, False
        if op is sre.SUBPATTERN:
            first, empty = _first_chars(arg[-1])
        elif op is sre.BRANCH:
            parts = [_first_chars(b) for b in arg[1]]
            first, empty = set().union(*(p[0] for p in parts)), any(p[1] for p in parts)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            first, empty = _first_chars(arg[2])
            empty = empty or arg[0] == 0
        else:
            pytest.fail(f"{op} has no writable first characters")
        chars |= first
        if not empty:
            return chars, False
    return chars, True


@pytest.mark.parametrize("entry", load_yaml("template_residue.yaml")["patterns"], ids=lambda e: e["what"])
def test_every_placeholder_begins_with_a_listed_start(entry):
    starts = _vocabulary().placeholder_starts
    first, empty = _first_chars(_parser.parse(entry["pattern"]))
    assert not empty
    assert first and all(starts.fullmatch(ch) for ch in first), sorted(ch for ch in first if not starts.fullmatch(ch))


def test_the_masking_notice_begins_with_a_listed_start():
    data = load_yaml("template_residue.yaml")
    starts = re.compile(data["masking_starts"])
    first, empty = _first_chars(_parser.parse(data["masking_notice"]))
    assert not empty
    assert first and all(starts.fullmatch(ch) for ch in first), sorted(ch for ch in first if not starts.fullmatch(ch))


def test_first_characters_are_read_right():
    assert _first_chars(_parser.parse(r"(?<![A-Za-z])(?:[Xx]{2,}|\*{3,})"))[0] == {"X", "x", "*"}
    assert _first_chars(_parser.parse(r"(?:原因)?(?:是|为)?[:：]"))[0] == {"原", "是", "为", ":", "："}
    assert _first_chars(_parser.parse(r"(?:原因)?"))[1]


@pytest.mark.parametrize(
    "text",
    ["项目名称：XX，负责人：某某。", "原因：；", "无占位的一句话。", "请填写", "预算XXL号", "", "。。。……【待定】"],
)
def test_the_jump_finds_what_a_plain_search_finds(text):
    v = _vocabulary()
    for pos in range(len(text) + 1):
        expected, got = (
            v.any_placeholder.search(text, pos),
            jump_search(v.any_placeholder, v.placeholder_starts, text, pos),
        )
        assert (got and got.span()) == (expected and expected.span())


def test_blank_amount_with_its_look_behinds_after_the_cues_finds_what_one_before_them_finds():
    from checker.lexicon import alternation

    data, units = load_yaml("template_residue.yaml"), load_yaml("units.yaml")["money"]
    plain = re.compile(rf"(?<!单位)(?:{alternation(data['amount_cues'])})\s{{1,4}}(?:{alternation(units)})")
    pattern = _vocabulary().missing_amount
    leads = ["", "单位", "位", "单", "本年", "（单位", "单位 "]
    gaps = ["", " ", "  ", "    ", "     ", "\t", "\u3000 ", "1"]
    texts = [
        lead + cue + gap + unit + tail
        for lead in leads
        for cue in [*data["amount_cues"], "增", "结", "合"]
        for gap in gaps
        for unit in [*units, "人", ""]
        for tail in ["", "，", "万元"]
    ]
    texts.append("上年结转资金为 万元，本年收入合计  万元；单位 万元不是空白。支出减少 亿元")
    assert sum(bool(plain.search(text)) for text in texts) > len(texts) // 10  # blanks among them
    for text in texts:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], text
