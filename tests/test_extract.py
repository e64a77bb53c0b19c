"""`jiaohe extract`: the JSON contract, text output and bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPORT = (
    "一、收入支出决算总体情况\n\n"
    "本年支出合计 1,206.50 万元，比上年增加 31.20 万元，增长 2.65%。\n\n"
    "\t项目\n\t决算数（万元）\n\n\t基本支出\n\t268.51\n\n\n"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("extract") / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_json_contract(report):
    res = run("extract", str(report), "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["schema"] == "jiaohe.quantities/1"
    first, growth, cell = data["quantities"][0], data["quantities"][2], data["quantities"][-1]
    assert {k: first[k] for k in ("text", "kind", "value", "unit", "decimals", "op", "label")} == {
        "text": "1,206.50 万元",
        "kind": "money",
        "value": "12065000",
        "unit": "万元",
        "decimals": 2,
        "op": None,
        "label": "本年支出合计",
    }
    assert first["location"] == {"line": 3, "end_line": 3, "page": None, "block": "p2", "start": 7, "end": 18}
    assert first["interval"] == ["12064950", "12065050"]
    assert (growth["kind"], growth["value"], growth["measure"]) == ("percent", "2.65", "增减率")
    assert (cell["kind"], cell["unit"], cell["value"], cell["label"], cell["measure"]) == (
        "number",
        "万元",
        "2685100",
        "基本支出",
        "决算数",
    )


def test_text_output_names_lines(report):
    res = run("extract", str(report))
    assert res.returncode == 0
    assert res.stdout.splitlines()[0].startswith(f"{report}:3: money")


def test_bad_input_and_format(tmp_path, report):
    missing = run("extract", str(tmp_path / "missing.txt"))
    assert missing.returncode == 2 and "missing.txt" in missing.stderr and "Traceback" not in missing.stderr
    bad = run("extract", str(report), "--format", "xml")
    assert bad.returncode == 2 and "xml" in bad.stderr
