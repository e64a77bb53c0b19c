"""The rule framework: registry, documentation contract, examples, fingerprints, excerpts."""

from pathlib import Path

import pytest

from checker.config import Config, ConfigError, find_config_file, load_config
from checker.engine import check_text, document_from_text
from checker.model import CATEGORIES
from checker.rules import all_rules, rule_by_code
from checker.rules.base import DOC_SECTIONS, Context, excerpt_at, fingerprint

RULES = all_rules()


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_doc_has_every_section(rule):
    sections = rule.doc_sections()
    assert [s for s in DOC_SECTIONS if not sections.get(s)] == []
    assert rule.category in CATEGORIES


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docstring_examples_run(rule):
    flagged, compliant = rule.examples()
    assert flagged.strip() and compliant.strip(), "both examples must be fenced text"
    config = Config(select=(rule.code,))
    hits = [f for f in check_text(flagged, config).findings if f.rule == rule.code]
    assert hits, f"{rule.code} example (flagged) produced no finding"
    clean = [f for f in check_text(compliant, config).findings if f.rule == rule.code]
    assert clean == [], f"{rule.code} compliant example was flagged: {[f.message for f in clean]}"


def test_rule_lookup_by_code_and_name():
    rule = RULES[0]
    assert rule_by_code(rule.code.lower()) is rule
    assert rule_by_code(rule.name) is rule
    assert rule_by_code("ZZZ999") is None


def test_fingerprint_ignores_line_numbers_and_whitespace():
    body = "项目支出比上年减少2.50万元，主要原因是：……。"
    a = check_text(body, Config(select=("TPL001",))).findings
    b = check_text("前言一段。\n\n另起一段说明。\n\n" + body.replace("，", "， "), Config(select=("TPL001",))).findings
    assert a and b
    assert a[0].location.line != b[0].location.line
    assert a[0].fingerprint == b[0].fingerprint


def test_fingerprint_changes_with_numbers():
    assert fingerprint("GRW001", "增长5%", "5%", "6%") != fingerprint("GRW001", "增长5%", "5%", "7%")


def test_excerpt_is_the_sentence_around_the_span():
    doc = document_from_text("第一句话说收入。第二句说支出为12.50万元，比上年增加1.00万元。第三句。")
    ctx = Context(doc)
    para = next(doc.paragraphs())
    start = para.text.index("12.50")
    text = excerpt_at(ctx, para.locate(start, start + 7))
    assert text == "第二句说支出为12.50万元，比上年增加1.00万元。"


def test_excerpt_is_clipped_to_200_characters_around_the_span():
    long = "很长的说明" * 60 + "支出为99.99万元" + "后续补充" * 60 + "。"
    doc = document_from_text(long)
    ctx = Context(doc)
    para = next(doc.paragraphs())
    start = para.text.index("99.99")
    text = excerpt_at(ctx, para.locate(start, start + 5))
    assert len(text) <= 200 and "99.99" in text


def test_excerpt_of_a_table_cell_is_its_row():
    doc = document_from_text("\t项目\n\t金额\n\n\t办公费\n\t12.00\n\n\n")
    ctx = Context(doc)
    table = next(doc.tables())
    cell = table.rows[1][1]
    assert excerpt_at(ctx, cell.locate()) == "办公费 | 12.00"


def test_select_and_ignore_by_prefix():
    cfg = Config(select=("GRW",), ignore=("GRW002",))
    assert cfg.enabled("GRW001") and not cfg.enabled("GRW002") and not cfg.enabled("SUM001")
    assert Config(select=("GRW001",), ignore=("GRW",)).enabled("GRW001")
    assert not Config(ignore=("TPL",)).enabled("TPL001")


def test_severity_override_applies():
    text = "项目支出比上年减少2.50万元，主要原因是：……。"
    cfg = Config(select=("TPL001",), severity={"TPL001": "info"})
    assert {f.severity for f in check_text(text, cfg).findings} == {"info"}


def test_config_found_walking_up(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jiaohe]\nignore = ["TPL"]\n[tool.jiaohe.severity]\nGRW001 = "warning"\n', encoding="utf-8"
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    report = deep / "r.txt"
    report.write_text("x", encoding="utf-8")
    cfg = load_config(report)
    assert cfg.ignore == ("TPL",) and cfg.severity == {"GRW001": "warning"}
    (deep / "jiaohe.toml").write_text('select = ["SUM"]\n', encoding="utf-8")
    assert load_config(report).select == ("SUM",)


def test_pyproject_without_jiaohe_table_is_skipped(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    assert find_config_file(tmp_path) is None or find_config_file(tmp_path)[0] != tmp_path / "pyproject.toml"


def test_bad_config_value_names_the_file(tmp_path: Path):
    (tmp_path / "jiaohe.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="jiaohe.toml"):
        load_config(tmp_path / "r.txt")


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("会议费减少1.00万元，主要原因是：。", True),
        ("培训费减少1.00万元，原因为；", True),
        ("本单位XX年度预算执行情况良好。", True),
        ("请填写项目实施情况。", True),
        ("减少的主要原因：\n\n培训次数减少。", False),
        ("经分析产生差异的原因。", False),
        ("共有XXL号服装10套。", False),
    ],
)
def test_template_residue_cases(text, flagged):
    hits = check_text(text, Config(select=("TPL001",))).findings
    assert bool(hits) is flagged


def test_excerpt_drops_word_bookmark_markers():
    doc = document_from_text("[bookmark: _Toc123]本年支出合计300.00万元，比上年增加10.00万元。")
    ctx = Context(doc)
    para = next(doc.paragraphs())
    start = para.text.index("300.00")
    assert excerpt_at(ctx, para.locate(start, start + 6)) == "本年支出合计300.00万元，比上年增加10.00万元。"
