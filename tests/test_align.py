"""Prose ↔ table alignment (checker.align) and the ALN001 rule."""

from checker.align import align, canonical_label
from checker.config import Config
from checker.engine import check_document, check_text, document_from_text
from checker.ingest import load_document
from checker.nlp import extract
from checker.tables.notation import grid_text

TABLES = """\
支出决算表（单位：万元）
| 项目 |  | 本年支出合计 | 基本支出 | 项目支出 |
| 功能分类科目编码 | 科目名称 |  |  |  |
| 合计 |  | 860.30 | 520.10 | 340.20 |
| 207 | 文化旅游体育与传媒支出 | 860.30 | 520.10 | 340.20 |
收入支出决算总表（单位：万元）
| 收入 |  | 支出 |  |
| 项目 | 决算数 | 项目 | 决算数 |
| 一、一般公共预算财政拨款收入 | 860.30 | 一、文化旅游体育与传媒支出 | 860.30 |
| 总计 | 872.50 | 总计 | 872.50 |
"""


def run(prose: str):
    doc = document_from_text(grid_text(TABLES + prose))
    return align(doc, extract(doc))


def aln(prose: str):
    report = check_text(grid_text(TABLES + prose), Config(select=("ALN001",)))
    return [f for f in report.findings if f.rule == "ALN001"]


def test_canonical_label():
    assert canonical_label("一、一般公共服务支出（类）") == "一般公共服务支出"
    assert canonical_label("（三）本年收入") == "本年收入合计"


def test_value_alignment_across_units():
    result = run("本单位2024年度本年支出合计8603000元，其中基本支出520.10万元。\n")
    labels = {a.cell_label for a in result.alignments}
    assert {"本年支出合计", "基本支出"} <= labels
    assert result.coverage == 1.0
    assert aln("本单位2024年度本年支出合计8603000元，其中基本支出520.10万元。\n") == []


def test_total_row_named_by_caption_conflicts():
    found = aln("本单位2024年度收入支出总计827.50万元，比上年有所增加。\n")
    assert [(f.stated, f.severity, f.confidence, f.category) for f in found] == [
        ("827.50万元", "error", "aligned", "table")
    ]
    assert "872.50万元" in found[0].message and found[0].related


def test_budget_and_prior_year_figures_are_not_held_to_the_final_accounts():
    assert aln("基本支出全年预算为535.00万元，支出决算为520.10万元。\n") == []
    prior = "本单位2024年度本年支出合计860.30万元。2023年度本年支出合计910.20万元。\n"
    assert aln(prior) == []


def test_derivation_is_evidence_not_a_finding():
    result = run("项目支出以外的支出为520.10万元，基本支出和项目支出合计860.30万元。\n")
    assert not result.conflicts
    derived = run("本年支出合计扣除项目支出后为520.10万元。\n")
    assert derived.conflicts == ()


def test_formula_reproduces_an_unmatched_figure():
    result = run("本年支出合计与基本支出之差为340.20万元以外，另有其他支出1,380.40万元。\n")
    assert any("+" in d.expr for d in result.derivations)  # 860.30 + 520.10
    assert not result.conflicts


# ---- the real PDFs (skipped without ../shared) -------------------------------------------


def test_caizhengju_pdfs(pdf_dir):
    clean = check_document(load_document(pdf_dir / "putuo-caizhengju-2024.pdf"), Config(select=("ALN001",)))
    # 财政拨款收入支出总计 stated as 0.3万元; the 财政拨款收入支出决算总表 gives 2,961.68
    assert [f.stated for f in clean.findings] == ["0.3万元"]
    seeded = check_document(
        load_document(pdf_dir / "putuo-caizhengju-2024-seeded-errors.pdf"), Config(select=("ALN001",))
    )
    # the seeded copy states 收入支出总计 as 0 万元 against 2,995.39 in the 收入支出决算总表
    assert [f.stated for f in seeded.findings] == ["0 万元"]


def test_shehuigongzuobu_pdf_has_no_false_alarm(pdf_dir):
    report = check_document(load_document(pdf_dir / "putuo-shehuigongzuobu-2024.pdf"), Config(select=("ALN001",)))
    assert report.findings == ()


def test_align_command_reports_coverage_and_conflicts(tmp_path):
    import json
    import subprocess
    import sys

    report = tmp_path / "report.txt"
    report.write_text(
        grid_text(TABLES + "本单位2024年度收入支出总计827.50万元，本年支出合计860.30万元。\n"), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "checker", "align", str(report), "--format", "json"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema"] == "jiaohe.alignment/1"
    assert [c["prose"]["text"] for c in data["conflicts"]] == ["827.50万元"]
    assert data["candidates"] == 2 and data["coverage"] == 0.5
    missing = subprocess.run(
        [sys.executable, "-m", "checker", "align", str(tmp_path / "none.txt")], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "none.txt" in missing.stderr


def test_same_line_of_several_tables_added_up_is_a_derivation():
    project = """\
项目支出绩效自评表
| 项目资金（万元） | 资金来源 | 年初预算数 | 全年预算数 | 全年执行数 |
|  | 年度资金总额 | {a} | {a} | {b} |
|  | 其他资金 | 0.00 | 0.00 | 0.00 |

"""
    text = (
        project.format(a="40.00", b="38.50")
        + project.format(a="12.25", b="12.25")
        + "本年度评价项目2个，全年预算数52.25万元，全年执行数50.75万元。\n"
    )
    doc = document_from_text(grid_text(text))
    result = align(doc, extract(doc))
    exprs = [d.expr for d in result.derivations]
    assert any("40.00 + 12.25" in e and "全年预算数" in e for e in exprs)
    assert any("38.50 + 12.25" in e for e in exprs)
    assert result.conflicts == ()


def test_distinctive_value_aligns_without_a_label():
    result = run("据此，决算金额合计8,603,000元已全部支付。\n")
    assert [a.cell.text for a in result.alignments] == ["860.30"]


def test_value_found_only_under_a_looser_name_is_a_warning():
    tables = """\
支出决算表（单位：万元）
| 项目 |  | 本年支出合计 | 基本支出 | 项目支出 |
| 合计 |  | 700.00 | 450.00 | 250.00 |
一般公共预算财政拨款支出决算表（单位：万元）
| 项目 |  | 合计 | 基本支出 | 项目支出 |
| 合计 |  | 690.00 | 440.00 | 250.00 |
"""
    text = tables + "本单位2024年度一般公共预算财政拨款基本支出450.00万元。\n"
    found = [f for f in check_text(grid_text(text), Config(select=("ALN001",))).findings]
    assert [(f.stated, f.severity) for f in found] == [("450.00万元", "warning")]
    fine = tables + "本单位2024年度一般公共预算财政拨款基本支出440.00万元。\n"
    assert check_text(grid_text(fine), Config(select=("ALN001",))).findings == ()
