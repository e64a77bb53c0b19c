"""One language at a time: Chinese by default, English with --lang en (or JIAOHE_LANG, or `lang`
in the settings); the machine contract (JSON keys and values) is the same in both."""

from __future__ import annotations

import json
import sqlite3
import os
import re
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.commands import COMMANDS
from checker.engine import check_text
from checker.i18n import LANGUAGES, catalogue, set_language, t
from checker.lexicon import load_yaml
from checker.rules import all_rules
from checker.rules.base import _DOCS

CJK = re.compile(r"[\u4e00-\u9fff]")

# A synthetic report of our own with a defect of several kinds: a breakdown that does not add
# up, a growth rate that does not follow, a template placeholder, a claim against its rate.
REPORT = """某区文化馆2024年度部门决算说明

一、收入支出决算总体情况
本年支出合计640.00万元，其中：基本支出210.00万元，项目支出450.00万元。
会议费支出决算数为48.60万元，比上年决算增加6.60万元，增长1.57%。
二、其他重要事项的情况说明
公务接待费比上年减少，主要原因是：……。
"""


@pytest.fixture(autouse=True)
def chinese_afterwards():
    yield
    set_language("zh")


def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "JIAOHE_LANG"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# -- the catalogues -------------------------------------------------------------------------------

# Chinese glosses a contract value with its word (`error（错误）`): these keys have placeholders
# in Chinese that English, where the value is the word, leaves out.
GLOSSED = {"review.recorded", "rules.doc.head"}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_string_is_in_every_language_with_the_same_placeholders(key):
    entry = catalogue()[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(isinstance(entry[lang], str) and entry[lang] for lang in LANGUAGES), key
    zh, en = _placeholders(entry["zh"]), _placeholders(entry["en"])
    assert en <= zh if key in GLOSSED else en == zh, key


def test_chinese_strings_are_chinese_and_english_ones_are_not():
    # a value that is the same in both languages is a word that needs no translation (a list of
    # choices, a format name); any other Chinese text must hold Chinese
    for key, entry in catalogue().items():
        words = re.sub(r"\{\w+\}", "", entry["en"])
        if entry["zh"] != entry["en"] and re.search("[A-Za-z]{4,}", words):
            assert CJK.search(entry["zh"]), key
        assert not CJK.search(entry["en"]) or "校核" in entry["en"], key


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_has_a_title_and_doc_in_every_language(rule):
    assert set(_DOCS) == set(LANGUAGES)
    for lang in LANGUAGES:
        set_language(lang)
        doc = rule.doc()
        assert doc["title"] and doc["what"] and doc["why"], (rule.code, lang)
        english = re.compile(r"\b[A-Za-z]+ [a-z]+ [a-z]+\b")  # three words in a row: a sentence
        for part in ("title", "what", "why"):
            if lang == "zh":
                assert CJK.search(doc[part]) and not english.search(doc[part]), (rule.code, part)
            else:
                assert english.search(doc[part]), (rule.code, part)


def test_the_chinese_rule_docs_name_only_rules_that_exist():
    assert set(load_yaml("rule_docs.zh.yaml")) == {r.code for r in all_rules()}


def test_rules_documents_a_rule_in_the_language_asked_for():
    zh, en = run("rules", "SUM001"), run("--lang", "en", "rules", "SUM001")
    assert zh.returncode == en.returncode == 0
    assert "检查内容：" in zh.stdout and "示例（合规）：" in zh.stdout and "What it checks" not in zh.stdout
    assert "What it checks:" in en.stdout and "Compliant:" in en.stdout and "检查内容" not in en.stdout
    # the examples are report text, the same in both
    assert "其中：基本支出120.00万元" in zh.stdout and "其中：基本支出120.00万元" in en.stdout


# -- --help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_of_every_command_is_chinese_by_default_and_english_on_request(command):
    args = [command, "--help"] if command else ["--help"]
    zh, en = run(*args), run("--lang", "en", *args)
    assert zh.returncode == en.returncode == 0, (zh.stderr, en.stderr)
    key = f"{command}.help" if command else "cli.help"
    entry = catalogue()[key]
    flat = {lang: re.sub(r"\s+", "", out.stdout) for lang, out in (("zh", zh), ("en", en))}  # wrapped
    assert zh.stdout.startswith("用法：") and "选项：" in zh.stdout and re.sub(r"\s+", "", entry["zh"]) in flat["zh"]
    assert en.stdout.startswith("Usage: ") and "Options:" in en.stdout and re.sub(r"\s+", "", entry["en"]) in flat["en"]
    assert "显示此帮助后退出" in zh.stdout and "Show this message and exit." in en.stdout
    for out in (zh.stdout, en.stdout):
        # the placeholders are words, not Python types
        assert not re.search(r"<(bool|int|float|str|list|Path)", out), out
    # every parameter's help is in the language of the page: no English sentence in Chinese
    assert not re.search(r"\b[A-Z][a-z]+ [a-z]+ [a-z]+ [a-z]+\b", zh.stdout), zh.stdout


def test_the_language_can_come_from_the_environment_and_the_settings(tmp_path):
    assert run("--help", env={"JIAOHE_LANG": "en"}).stdout.startswith("Usage: ")
    (tmp_path / "pyproject.toml").write_text('[tool.jiaohe]\nlang = "en"\n', encoding="utf-8")
    assert run("--help", cwd=tmp_path).stdout.startswith("Usage: ")
    # the command line before the environment before the settings
    assert run("--help", env={"JIAOHE_LANG": "zh"}, cwd=tmp_path).stdout.startswith("用法：")
    assert run("--lang", "zh", "--help", env={"JIAOHE_LANG": "en"}).stdout.startswith("用法：")


@pytest.mark.parametrize(
    "args, env, settings",
    [
        (["--lang", "fr", "--help"], {}, None),
        (["--lang=xx", "rules"], {}, None),
        (["rules"], {"JIAOHE_LANG": "de"}, None),
        (["rules"], {}, 'lang = "english"'),
    ],
)
def test_an_unknown_language_is_a_usage_error(tmp_path, args, env, settings):
    if settings:
        (tmp_path / "jiaohe.toml").write_text(settings + "\n", encoding="utf-8")
    res = run(*args, env=env, cwd=tmp_path)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.startswith("jiaohe: error: ") and "zh|en" in res.stderr and "Traceback" not in res.stderr


def test_mistakes_on_the_command_line_are_told_in_the_language(tmp_path):
    missing = run("check")
    assert missing.returncode == 2 and missing.stderr.startswith("jiaohe: error: 缺少 文件")
    assert "check --help" in missing.stderr
    unknown = run("--lang", "en", "check", "--no-such-thing", "x.txt")
    assert unknown.returncode == 2 and unknown.stderr.startswith("jiaohe: error: no such option --no-such-thing")
    command = run("chek")
    assert command.returncode == 2 and "没有命令 chek" in command.stderr and "check" in command.stderr


# -- outputs --------------------------------------------------------------------------------------


def test_json_is_byte_identical_in_every_language(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    outputs = [
        run(*lang, "check", str(report), "--format", fmt, env=env).stdout
        for fmt in ("json", "jsonl", "sarif")
        for lang, env in (([], {}), (["--lang", "en"], {}), ([], {"JIAOHE_LANG": "en"}))
    ]
    for fmt in range(3):
        zh, en_option, en_env = outputs[3 * fmt : 3 * fmt + 3]
        assert zh and zh == en_option == en_env
    assert json.loads(outputs[0])["findings"], "the report has findings to compare"


class _VisibleText(HTMLParser):
    """The text a reader sees: no script, style or attribute values."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


# What may stay Latin in a Chinese review copy, each for a reason: the tool's name; rule codes
# (stable identifiers a reviewer quotes); the fingerprint handle `fp:…` that `jiaohe review`
# takes; hexadecimal digests; the file's own name.
_ALLOWED = re.compile(r"jiaohe|[A-Z]{2,4}\d{3}|fp:[0-9a-f]+|\b[0-9a-f]{8,}\b|report\.txt")


def _checked(tmp_path) -> tuple:
    report = check_text(REPORT, path="report.txt")
    assert {f.rule for f in report.findings} >= {"SUM001", "GRW001", "TPL001"}
    decisions = {report.findings[0].fingerprint: {"decision": "dismiss", "note": "已与单位核实"}}
    return report, decisions


def test_no_english_word_leaks_into_the_chinese_review_copy(tmp_path):
    from checker.report.html import render_html

    report, decisions = _checked(tmp_path)
    parser = _VisibleText()
    parser.feed(render_html(report, decisions))
    visible = _ALLOWED.sub(" ", " ".join(parser.parts))
    assert re.findall(r"[A-Za-z]{2,}", visible) == []
    assert "驳回" in visible and "合计" in visible  # the decision and a category, in words


def test_the_english_review_copy_names_things_in_english(tmp_path):
    from checker.report.html import render_html
    from checker.report.markdown import render_markdown

    report, decisions = _checked(tmp_path)
    set_language("en")
    html, md = render_html(report, decisions), render_markdown(report, decisions)
    assert '<html lang="en">' in html and "Review notes" in html and "dismiss" in html
    assert "Review: dismiss" in md and "Arithmetic: `" in md
    for label in ("校核意见", "复核", "文件：", "算式", "全部类别"):
        assert label not in html + md, label


def test_other_formats_follow_the_language(tmp_path):
    from checker.report import github, markdown, terminal, text

    report, decisions = _checked(tmp_path)
    assert "错误" in terminal.render(report) and "问题" in text.render(report).splitlines()[-1]
    assert "校核意见" in markdown.render(report) and "分项之和不等于" in github.render(report)
    set_language("en")
    assert "error" in terminal.render(report) and "findings" in text.render(report).splitlines()[-1]
    assert "Review notes" in markdown.render(report) and "title=SUM001 The parts" in github.render(report)
    # the linter line keeps the contract's severity in every language: tools parse it
    for lang in LANGUAGES:
        set_language(lang)
        assert text.render(report).startswith("report.txt:4: error SUM001 ")


def test_the_catalogue_lookup_fills_placeholders():
    set_language("en")
    assert t("where.page_line", page=3, line=7) == "p.3 line 7"
    set_language("zh")
    assert t("where.page_line", page=3, line=7) == "第3页第7行"


# -- why a file is refused ------------------------------------------------------------------------


def _unreadable_files(folder: Path) -> dict[str, tuple[str, str]]:
    """Files no reader accepts, each with the reason it is refused, in Chinese and in English."""
    from tests._legacy import word_doc
    from tests.test_ingest_pdf import _one_line_pdf

    files = {
        "empty.txt": (b"", "空文件", "empty file"),
        "binary.txt": (bytes(range(256)) * 16, "是二进制数据，不是文本报告", "binary data, not a text report"),
        "broken.docx": (b"PK\x03\x04 cut short", "Office 文件已损坏或不完整", "corrupt or truncated Office file"),
        "cut.pdf": (
            b"%PDF-1.4\n1 0 obj",
            "PDF 已损坏或不完整（无法解析）",
            "corrupt or truncated PDF (cannot be parsed)",
        ),
        "locked.pdf": (_one_line_pdf(encrypt="secret"), "加密的 PDF（需要密码）", "encrypted PDF (password required)"),
        "photo.png": (
            b"\x89PNG\r\n\x1a\n no image",
            "图像已损坏或格式不受支持",
            "corrupt or unsupported image",
        ),
        "old.doc": (
            word_doc(nfib=0x0068),
            "Word 6.0/95 格式的 .doc 文件（没有片段表），无法读取；请在 Word 中另存为 .docx",
            "Word 6.0/95 .doc file (no piece table), which cannot be read; save it as .docx in Word first",
        ),
    }
    for name, (data, _, _) in files.items():
        (folder / name).write_bytes(data)
    reasons = {name: (zh, en) for name, (_, zh, en) in files.items()}
    reasons["missing.txt"] = ("文件不存在", "no such file")
    return reasons


def test_every_reader_refusal_is_chinese_by_default_and_english_on_request(tmp_path):
    reasons = _unreadable_files(tmp_path)
    for lang, args, env in (("zh", [], {}), ("en", ["--lang", "en"], {}), ("en", [], {"JIAOHE_LANG": "en"})):
        res = run(*args, "check", *reasons, env=env, cwd=tmp_path)
        assert res.returncode == 2 and "Traceback" not in res.stderr
        lines = res.stderr.splitlines()
        assert len(lines) == len(reasons), res.stderr
        for name, line in zip(reasons, lines):
            # the prefix stays as it is in every language; only the reason is translated
            assert line.startswith(f"jiaohe: error: {name}: "), line
            reason = line[len(f"jiaohe: error: {name}: ") :]
            assert reason.startswith(reasons[name][LANGUAGES.index(lang)]), (lang, line)
            assert bool(CJK.search(reason)) == (lang == "zh"), (lang, line)


def test_the_scan_workers_give_their_reasons_in_the_language_asked_for(tmp_path):
    # the documents are read in worker processes, which do not share the memory where the
    # language was chosen
    folder = tmp_path / "archive"
    folder.mkdir()
    reasons = _unreadable_files(folder)
    del reasons["missing.txt"]
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    for lang, args in (("zh", []), ("en", ["--lang", "en"])):
        db = tmp_path / f"{lang}.sqlite"
        res = run(*args, "scan", str(folder), "--db", str(db), "--jobs", "1")
        # exit 1: documents failed
        assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
        with sqlite3.connect(db) as conn:
            failed = {
                Path(p).name: (kind, reason)
                for p, kind, reason in conn.execute("SELECT path, kind, reason FROM failures")
            }
        assert set(failed) == set(reasons)
        for name, (kind, reason) in failed.items():
            assert kind == "input"
            assert reason.startswith(reasons[name][LANGUAGES.index(lang)]), (lang, name, reason)
