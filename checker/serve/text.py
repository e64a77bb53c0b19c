"""Every human-facing string of the review page, in one place so a translation can replace it.

The templates print them as ``t.KEY``; the code uses ``TEXT[KEY]``. Text the page shows from a
report or the database (unit names, messages, notes) never goes through here: it is data, and
the templates escape it.
"""

from __future__ import annotations

TEXT: dict[str, str] = {
    "title": "校核 · 复核工作台",
    "overview": "档案总览",
    "documents": "文件",
    "unit": "单位",
    "year": "年度",
    "kind": "类型",
    "rule": "规则",
    "severity": "级别",
    "status": "复核状态",
    "any": "全部",
    "filter": "筛选",
    "clear_filters": "清除筛选",
    "errors": "错误",
    "warnings": "警告",
    "infos": "提示",
    "open": "未复核",
    "confirm": "确认",
    "dismiss": "排除",
    "confirmed": "已确认",
    "dismissed": "已排除",
    "no_unit": "（未识别单位）",
    "no_documents": "没有符合条件的文件。",
    "chart_errors": "各单位、各年度的错误数",
    "chart_rules": "最常见的规则",
    "chart_empty": "暂无数据",
    "chart_scope": "图表随筛选变化（状态、规则、单位、年度）；“错误数”只计错误级别。",
    "failures": "未能检查的文件",
    "reason": "原因",
    "upload": "上传报告",
    "upload_hint": "接受 .txt、.docx、.pdf、.xlsx，最大 {mb} MB；上传后立即检查，结果存入同一结果库。",
    "upload_button": "上传并检查",
    "export_xlsx": "下载 Excel 汇总",
    "download_docx": "下载 Word 校核意见",
    "docx_name": "{stem}-校核意见.docx",
    "xlsx_name": "校核汇总.xlsx",
    "back": "返回总览",
    "note": "备注",
    "note_placeholder": "复核备注（可选）",
    "decided": "复核结果已保存。",
    "missing_file": "原文件已不存在或在检查后被修改，无法显示批注副本；以下为结果库中的发现。",
    "no_findings": "该文件没有发现。",
    "message": "消息",
    "location": "位置",
    # messages for a request the page cannot serve
    "error_title": "无法完成操作",
    "not_found": "没有这个页面或文件。",
    "csrf": "表单已失效（页面过期或不是从本页提交的），请刷新页面后重试。",
    "too_large": "文件太大：上传上限为 {mb} MB。",
    "no_file": "请选择要上传的文件。",
    "bad_suffix": "不支持的文件类型：请上传 .txt、.docx、.pdf 或 .xlsx 文件。",
    "empty_file": "上传的文件是空的。",
    "check_failed": "无法检查该文件：{reason}",
    "bad_decision": "无法保存复核结果：该发现不属于此文件，或复核意见无效。",
    "bad_host": "请求的主机名不受信任。",
    "server_error": "服务器内部错误，请查看运行 jiaohe serve 的终端。",
    "gone": "原文件已不存在或已被修改，无法生成 Word 校核意见。",
}

STATUS_NAMES = {"open": TEXT["open"], "confirm": TEXT["confirmed"], "dismiss": TEXT["dismissed"]}
