"""Synthetic reports and a findings database for the `jiaohe serve` tests (our own wording)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from checker.batch import store
from checker.batch.worker import analyse, engine_version


def final_accounts(unit: str, year: int = 2024, growth: str = "4.00%", project: str = "180.00") -> str:
    """A short 部门决算说明. With growth other than 4.00% its growth rate is wrong (one GRW001
    error); with project other than 180.00 its 其中 items do not add up."""
    return (
        f"{unit}{year}年度部门决算说明\n\n"
        "一、收入支出决算总体情况说明\n"
        f"{year}年度收入总计 520.00 万元，比上年增加 20.00 万元，增长 {growth}，主要原因是新增高标准农田建设项目。\n\n"
        "二、财政拨款支出决算情况说明\n"
        f"{year}年度财政拨款支出 480.00 万元，其中基本支出 300.00 万元，项目支出 {project} 万元。\n"
    )


def stored(conn: sqlite3.Connection, path: Path) -> int:
    """Check ``path`` as `jiaohe scan` does and store it; its document id."""
    result = analyse(str(path))
    store.save_result(conn, engine_version(), result)
    return conn.execute("SELECT id FROM documents WHERE sha256 = ?", (result["document"]["sha256"],)).fetchone()[0]
