"""A 项目支出绩效自评表 whose indicator block has its title (绩效指标) in a cell merged down the column
left of 一级指标 | 二级指标 | 三级指标, as the national form prints it: a copy that keeps the merged
cells leaves that column empty under the title. The title names the indicator as 三级指标 does, so
read as a column label it took the indicators' names from an empty column and the block was lost.
Our own form, in every container: consistent it is silent, a score off is found."""

from __future__ import annotations

import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import table_containers

FORM = """项目支出绩效自评表
（2024年度）
| 项目名称 | 农村道路养护项目 |  |  |  |  |  |  |  |
| 项目资金（万元） |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |  |
|  | 年度资金总额 | 80.00 | 80.00 | 72.00 | 10 | 90.00% | 9.00 |  |
|  | 其中：当年财政拨款 | 80.00 | 80.00 | 72.00 | — | — | — |  |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
|  | 产出指标 | 数量指标 | 养护道路里程 | ≥40公里 | 42公里 | 20 | 20 |  |
|  |  | 质量指标 | 养护验收合格率 | ≥95% | 97% | 20 | 20 |  |
|  |  | 时效指标 | 养护完成时间 | ≤11月 | 11月 | 10 | 10 |  |
|  | 效益指标 | 社会效益指标 | 群众出行条件改善 | 有效改善 | 有效改善 | 30 | 30 |  |
|  | 满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | 81% | 10 | 9.00 | 雨季施工延误，部分路段群众反映较多，下一步将提前安排工期。 |
| 总分 |  |  |  |  |  | 100 | 98.00 | 自评等级：优 |
"""


def _containers(text: str, tmp_path):
    return table_containers(text, tmp_path, "f")


def _findings(path):
    return [f for f in check_document(load_document(path)).findings if f.severity in ("error", "warning")]


def test_the_consistent_form_is_silent(tmp_path):
    for path in _containers(FORM, tmp_path):
        assert _findings(path) == [], path.suffix


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("| 81% | 10 | 9.00 |", "| 81% | 10 | 10.00 |", "SCO002"),  # 10 × 81 ÷ 90 = 9
        ("| 100 | 98.00 |", "| 100 | 96.00 |", "SCO005"),  # the scores add up to 98
    ],
)
def test_a_score_off_is_found_in_every_container(old, new, rule, tmp_path):
    assert old in FORM
    for path in _containers(FORM.replace(old, new), tmp_path):
        assert rule in {f.rule for f in _findings(path)}, path.suffix
