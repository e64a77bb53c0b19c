"""The words a reviewer reads in the archive exports (Excel workbook, HTML index page), the
Word memo and the scan summary, in one place so the interface language can be switched here.
Severity and document kind names are the HTML review copy's (checker.report.html). Plain data:
the scanning process imports it without the pipeline."""

from __future__ import annotations

__all__ = [
    "CATEGORY_NAMES",
    "COLUMN_NAMES",
    "CONFIDENCE_NAMES",
    "DECISION_NAMES",
    "FAILURE_NAMES",
    "INDEX",
    "MEMO",
    "SCAN",
    "SHEET_NAMES",
]

CATEGORY_NAMES = {
    "arith.sum": "加总",
    "arith.share": "占比",
    "arith.growth": "增减幅度",
    "arith.ratio": "比率",
    "arith.difference": "差额",
    "arith.score": "评分",
    "unit": "计量单位",
    "value.conflict": "数值矛盾",
    "table": "表格",
    "claim": "定性表述",
    "count": "计数",
    "duplicate": "重复内容",
    "boilerplate": "套话",
    "template": "模板残留",
    "structure": "结构完整性",
}
CONFIDENCE_NAMES = {"exact": "精确计算", "aligned": "依赖文表对应", "model": "模型判断"}
DECISION_NAMES = {"confirm": "确认", "dismiss": "驳回"}
FAILURE_NAMES = {"input": "无法读取", "error": "程序错误", "timeout": "超时", "crash": "进程退出", "skipped": "未读取"}

SHEET_NAMES = {"summary": "汇总", "findings": "发现", "failures": "失败"}
COLUMN_NAMES = {
    "path": "文件",
    "notes": "审阅稿",
    "unit": "单位",
    "year": "年度",
    "kind": "类型",
    "format": "格式",
    "chars": "字数",
    "quantities": "识别数值",
    "statements": "识别陈述",
    "checks_pass": "核对通过",
    "checks_fail": "核对不符",
    "checks_uncertain": "无法判定",
    "sha256": "内容哈希",
    "rule": "规则",
    "name": "规则名",
    "category": "类别",
    "severity": "级别",
    "confidence": "依据",
    "message": "说明",
    "line": "行",
    "page": "页",
    "excerpt": "原文",
    "stated": "文中值",
    "expected": "应为",
    "expr": "算式",
    "fingerprint": "指纹",
    "decision": "复核",
    "decision_note": "复核备注",
    "reason": "原因",
    "failed_at": "时间",
    "failure": "失败类型",
    "findings": "发现",
}

SCAN = {
    "failed_before": "（此前扫描失败；加 --retry-failed 重试）",
    "failed_before_count": "{count} 个为此前扫描失败，未重试",
}

INDEX = {
    "title": "校核审阅稿索引",
    "documents": "份文件",
    "open": "打开",
    "no_notes": "文件已移动或修改，未生成审阅稿",
    "failures": "未能校核的文件",
    "tool": "由 jiaohe {version} 生成",
}

MEMO = {
    "title": "校核意见：{name}",
    "summary": "概况",
    "file": "文件",
    "kind": "类型",
    "year": "年度",
    "unit": "单位",
    "total": "发现合计",
    "none": "未发现问题。",
    "by_severity": "{severity}（{count} 条）",
    "location": "位置",
    "page": "第{page}页",
    "line": "第{line}行",
    "excerpt": "原文",
    "arithmetic": "算式",
    "stated": "文中为",
    "review": "复核",
    "fingerprint": "指纹",
    "rule": "规则",
    "category": "类别",
}
