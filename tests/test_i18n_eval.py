"""`jiaohe eval`, `mutate` and `train` speak the language asked for, like every other command.

Scripts grep eval's English text (`│ overall`, `^trap hits`, `^missed`: /work/measure.sh and the
like), so with `--lang en` those lines must read exactly as before; the JSON outputs and the
files mutate writes are the same in every language."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.test_i18n import CJK, REPORT
from tests.test_i18n import run as _run

ROOT = Path(__file__).resolve().parents[1]
# The lines the measuring scripts keep from eval's text output.
MEASURED = re.compile(r"│ overall|^trap hits|^missed", re.M)
ENGLISH_BACK = ({"lang": ["--lang", "en"], "env": {}}, {"lang": [], "env": {"JIAOHE_LANG": "en"}})


def run(*args: str, env: dict | None = None):
    # wide enough that rich wraps no line the assertions read
    return _run(*args, env={"COLUMNS": "200", **(env or {})})


@pytest.fixture
def keyed(tmp_path) -> Path:
    """REPORT with an answer key: the breakdown of line 4 found, a unit slip on line 2 that no rule
    sees, and a trap on line 5 where the growth rate that does not follow draws an error."""
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    key = tmp_path / "key.json"
    key.write_text(
        json.dumps(
            {
                "report.txt": {
                    "items": [
                        {"id": "i1", "cats": ["arith.sum"], "lines": [4, 4], "why": "分项之和不等于合计"},
                        {"id": "i2", "cats": ["unit"], "lines": [2, 2], "why": "单位错用"},
                    ],
                    "traps": [{"id": "t1", "lines": [5, 5], "why": "此处一致"}],
                }
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return key


def _eval(key: Path, *args: str, lang: list[str] = (), env: dict | None = None):
    return run(*lang, "eval", str(key), *args, env=env)


def test_eval_prints_english_on_request_with_the_lines_scripts_read_unchanged(keyed):
    for how in ENGLISH_BACK:
        res = _eval(keyed, **how)
        assert res.returncode == 0, res.stderr
        out = res.stdout
        assert MEASURED.findall(out) == ["│ overall", "trap hits", "missed"]
        lines = out.splitlines()
        assert lines[0] == f"key   {keyed}" and lines[1] == f"docs  {keyed.parent}"
        assert re.search(r"^│ overall +│ +1 │ +2 │ +50\.0% │$", out, re.M), out
        assert "trap hits 1" in lines and "missed items 1" in lines
        assert re.search(r"^  TRAP report\.txt:5 GRW001 at t1: ", out, re.M), out
        assert "  report.txt:2 i2 [unit] 单位错用" in lines
        assert re.search(
            r"^Findings outside any item \(candidate false positives, review by hand\): \d+, \d+ distinct$", out, re.M
        )
        assert re.search(r"^coverage  quantities \d+, statements \d+, checks: pass \d+", out, re.M), out
        for title in ("Recall by category", "Per document"):
            assert title in lines or any(line.startswith(title + " ") for line in lines), title
        for head in ("category", "found", "total", "recall", "document", "items", "traps hit", "outside items"):
            assert re.search(rf"┃ {head} +┃", out), head
        # the findings' own messages are Chinese in every language; the tables are not
        assert "│ all 1 " in out and not CJK.search(out.split("\ncoverage")[0])


def test_eval_prints_chinese_by_default(keyed):
    res = _eval(keyed)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    lines = out.splitlines()
    assert lines[0] == f"答案集  {keyed}" and lines[1] == f"文档    {keyed.parent}"
    assert "陷阱命中 1" in lines and "漏检缺陷 1" in lines and re.search(r"^│ 总体 +│ +1 │ +2 │ +50\.0% │$", out, re.M)
    assert re.search(r"^  陷阱 report\.txt:5 GRW001 命中 t1：", out, re.M), out
    assert re.search(r"^不在任何缺陷处的问题（可能为误报，请人工复核）：\d+ 条，去重后 \d+ 条$", out, re.M), out
    assert re.search(r"^覆盖  数值 \d+ 个，表述 \d+ 条，校验：通过 \d+", out, re.M), out
    for word in (
        "各类别召回率",
        "各文档结果",
        "类别",
        "检出",
        "应检出",
        "召回率",
        "命中陷阱",
        "缺陷外问题",
        "全部 1 份",
    ):
        assert word in out, word
    assert MEASURED.findall(out) == []
    # what stays Latin: the paths, category values, rule codes, and the finding lines of the
    # linter format (`error SUM001`)
    body = "\n".join(line for line in lines[2:] if not re.match(r"  \S+:\d+: (error|warning) ", line))
    latin = set(
        re.findall(r"[A-Za-z][A-Za-z_.]{2,}", re.sub(r"report\.txt|[A-Z]{3}\d{3}|arith\.sum|--format json", "", body))
    )
    assert latin <= {"unit"}, latin


def test_eval_json_is_byte_identical_in_every_language(keyed):
    outputs = [_eval(keyed, "--format", "json", **how).stdout for how in ({"lang": [], "env": {}}, *ENGLISH_BACK)]
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["trap_hits"] == 1


def test_eval_threshold_and_option_mistakes_are_told_in_the_language(keyed):
    zh = _eval(keyed, "--min-recall", "0.9", "--max-trap-hits", "0")
    en = _eval(keyed, "--min-recall", "0.9", "--max-trap-hits", "0", lang=["--lang", "en"])
    assert zh.returncode == en.returncode == 1
    assert zh.stderr.splitlines() == [
        "jiaohe eval: 召回率 0.500 低于 --min-recall 0.9",
        "jiaohe eval: 命中陷阱 1 处，多于 --max-trap-hits 0",
    ]
    assert en.stderr.splitlines() == [
        "jiaohe eval: recall 0.500 is below --min-recall 0.9",
        "jiaohe eval: 1 traps hit, more than --max-trap-hits 0",
    ]
    for args, zh_text, en_text in (
        (["--format", "xml"], "请用 text 或 json", "use text or json"),
        (["--min-recall", "2"], "须为 0 到 1 之间的召回率", "a recall between 0 and 1"),
    ):
        zh, en = _eval(keyed, *args), _eval(keyed, *args, lang=["--lang", "en"])
        assert zh.returncode == en.returncode == 2 and "Traceback" not in zh.stderr + en.stderr
        assert zh_text in zh.stderr and en_text in en.stderr and zh_text not in en.stderr


@pytest.fixture(scope="module")
def mutated(tmp_path_factory) -> dict[str, tuple]:
    """The same mutation run in both languages: what each printed and the folder it wrote."""
    src = tmp_path_factory.mktemp("src")
    shutil.copy(ROOT / "corpus" / "synthetic" / "juesuan-shuoming-2024.txt", src)
    runs = {}
    for lang, args in (("zh", []), ("en", ["--lang", "en"])):
        out = tmp_path_factory.mktemp(f"mutants-{lang}")
        res = run(*args, "mutate", str(src), str(out), "--seed", "3", "--count", "4")
        assert res.returncode == 0, res.stderr
        runs[lang] = (res, out)
    return runs


def test_mutate_reports_in_the_language_and_writes_the_same_files(mutated):
    (zh, zh_out), (en, en_out) = mutated["zh"], mutated["en"]
    assert (
        zh.stdout.splitlines()[0] == f"由 1 份报告生成 4 个变异副本，已写入 {zh_out}（答案集：{zh_out / 'key.json'}）"
    )
    assert en.stdout.splitlines()[0] == f"4 mutants from 1 reports written to {en_out} (key: {en_out / 'key.json'})"
    # the operator counts are operator names and numbers, the same in both
    assert zh.stdout.splitlines()[1] == en.stdout.splitlines()[1]
    names = sorted(p.name for p in zh_out.iterdir())
    assert names == sorted(p.name for p in en_out.iterdir()) and "key.json" in names
    for name in names:
        assert (zh_out / name).read_bytes() == (en_out / name).read_bytes(), name


def test_eval_of_a_mutation_key_names_operators_and_new_errors_in_the_language(mutated):
    key = mutated["en"][1] / "key.json"
    zh, en = run("eval", str(key)), run("--lang", "en", "eval", str(key))
    assert "各变异算子召回率" in zh.stdout and "┃ 变异算子" in zh.stdout
    assert "Recall by mutation operator" in en.stdout and "┃ operator" in en.stdout
    assert re.search(r"^注入缺陷以外新增的错误（无缺陷的源文件中没有，也不是重算注入的数字所致）\d+$", zh.stdout, re.M)
    assert re.search(
        r"^new errors away from the injected defects \(not in the clean sources, not recomputing the injected figure\) \d+$",
        en.stdout,
        re.M,
    )
    zh_json, en_json = (
        run("eval", str(key), "--format", "json"),
        run("--lang", "en", "eval", str(key), "--format", "json"),
    )
    assert zh_json.stdout and zh_json.stdout == en_json.stdout


def test_mutate_mistakes_and_shortfalls_are_told_in_the_language(mutated, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "corpus" / "synthetic" / "juesuan-shuoming-2024.txt", src)
    zh = run("mutate", str(src), str(tmp_path / "a"), "--seed", "1", "--op", "no_such_op")
    en = run("--lang", "en", "mutate", str(src), str(tmp_path / "b"), "--seed", "1", "--op", "no_such_op")
    assert zh.returncode == en.returncode == 2
    assert "未知的变异算子 no_such_op；可用的有：growth_rate" in zh.stderr
    assert "unknown operator no_such_op; known: growth_rate" in en.stderr
    # one operator on one report runs out of places long before 500 copies
    zh = run("mutate", str(src), str(tmp_path / "c"), "--seed", "1", "--op", "heading_skip", "--count", "500")
    en = run(
        "--lang", "en", "mutate", str(src), str(tmp_path / "d"), "--seed", "1", "--op", "heading_skip", "--count", "500"
    )
    assert zh.returncode == en.returncode == 0, zh.stderr
    assert re.fullmatch(r"  只生成 (\d+) 个（要求 500 个）：源文件中没有更多经核实的位置\n", zh.stderr), zh.stderr
    assert re.fullmatch(r"  only (\d+) of 500: the sources offer no more verified places\n", en.stderr), en.stderr


def test_train_mistakes_are_told_in_the_language(tmp_path):
    one_label = tmp_path / "one.jsonl"
    one_label.write_text(
        json.dumps({"text": "主要是因为工作需要", "label": "vague"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    cases = (
        (tmp_path / "none.jsonl", "找不到训练数据", "training data not found"),
        (one_label, "两种标签都须有样本，现只有 ['vague']", "needs examples of both labels, found ['vague']"),
        (broken, "不是训练数据文件（JSONDecodeError: ", "not a training file (JSONDecodeError: "),
    )
    for data, zh_text, en_text in cases:
        args = ("train", "--data", str(data), "--out", str(tmp_path / "m.joblib"), "--no-cv")
        zh, en = run(*args), run("--lang", "en", *args)
        assert zh.returncode == en.returncode == 2 and "Traceback" not in zh.stderr + en.stderr
        flat = {lang: re.sub(r"\s*│?\s*\n\s*│?\s*", "", res.stderr) for lang, res in (("zh", zh), ("en", en))}
        assert zh_text in flat["zh"] and en_text in flat["en"], flat
        assert not CJK.search(flat["en"].replace(str(data), ""))
