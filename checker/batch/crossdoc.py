"""Checks that need the whole archive, rebuilt from the database after each scan.

XDOC001 reused-explanation: a deviation explanation whose masked text (numbers, dates and the
item's own name replaced, see ``checker.explain``) is the same as, or nearly the same as, one in
a report of another unit or another year. Within one report, reuse is the per-document rule's
business; across reports it shows a template copied rather than a reason given.

XDOC002 prior-year-mismatch: a 科目's last-year figure implied by this year's report (current −
change, on the displayed-precision intervals) that cannot equal the figure the same unit's report
of last year gives for that 科目 (see ``checker.batch.figures``).
"""

from __future__ import annotations

import hashlib
import re
import json
import sqlite3
from collections import defaultdict
from itertools import combinations
from decimal import Decimal

from checker.batch import store
from checker.explain import signature

CODES = ("XDOC001", "XDOC002")
"""The cross-document checks: not rule classes, but codes a user may select or ignore."""

MIN_MASKED_CHARS = 12
"""Shorter reasons (无, 不适用, 按计划完成) are legitimately the same everywhere."""
MAX_PAIRWISE = 40
NEAR = 0.8
"""Jaccard similarity of character trigrams above which two masked reasons count as the same."""


def unit_key(unit: str | None) -> str | None:
    """A unit's name for matching across documents: readers find it with or without the
    bracketed second name (加挂牌子) and with stray spaces, so both are dropped."""
    if not unit:
        return None
    return re.sub(r"[（(][^）)]*[）)]|\s", "", unit) or unit


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


def reused_explanations(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(
        "SELECT e.id, e.document_id, e.line, e.text, e.masked, e.bands, d.unit, d.year, d.sha256 "
        "FROM explanations e JOIN documents d ON d.id = e.document_id "
        "WHERE length(e.masked) >= ? ORDER BY d.year, d.unit, e.document_id, e.id",
        (MIN_MASKED_CHARS,),
    ).fetchall()
    by_id = {r["id"]: r for r in rows}
    parent = {r["id"]: r["id"] for r in rows}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        parent[find(b)] = find(a)

    buckets: dict[tuple[int, str], list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        exact[r["masked"]].append(r["id"])
        for band, value in enumerate(json.loads(r["bands"])):
            buckets[(band, value)].append(r["id"])
    for ids in exact.values():
        for other in ids[1:]:
            union(ids[0], other)
    shingles: dict[int, frozenset[str]] = {}
    for ids in buckets.values():
        # every pair in a small bucket; in a crowded one (a template used everywhere, already
        # joined by exact equality) neighbours only, which union-find makes transitive
        pairs = combinations(ids, 2) if len(ids) <= MAX_PAIRWISE else zip(ids, ids[1:])
        for a, b in pairs:
            if find(a) == find(b):
                continue
            sa = shingles.setdefault(a, signature(by_id[a]["masked"]))
            sb = shingles.setdefault(b, signature(by_id[b]["masked"]))
            if sa and sb and len(sa & sb) / len(sa | sb) >= NEAR:
                union(a, b)

    groups: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for r in rows:
        groups[find(r["id"])].append(r)
    out = []
    for members in groups.values():
        owners = {(unit_key(m["unit"]), m["year"]) for m in members}
        if len(owners) < 2:
            continue
        for m in members:
            others = [o for o in members if (unit_key(o["unit"]), o["year"]) != (unit_key(m["unit"]), m["year"])]
            other = others[0]
            same = m["masked"] == other["masked"]
            place = f"{other['unit'] or '未识别单位'}{other['year'] or ''}年报告第{other['line']}行"
            out.append(
                {
                    "fingerprint": _fingerprint("XDOC001", m["sha256"], m["masked"]),
                    "rule": "XDOC001",
                    "category": "boilerplate",
                    "severity": "warning" if same else "info",
                    "message": (
                        f"偏差原因与其他{len(owners) - 1}份报告（{'相同' if same else '几乎相同'}，"
                        f"如{place}）重复，数字与名称除外"
                    ),
                    "document_id": m["document_id"],
                    "other_document_id": other["document_id"],
                    "line": m["line"],
                    "other_line": other["line"],
                    "excerpt": m["text"][:200],
                }
            )
    return out


def prior_year_conflicts(conn: sqlite3.Connection) -> list[dict]:
    """This year's 上年 figure (current − change) against last year's own report of the unit."""
    # unit_key() in the join condition would be evaluated for every pair of documents; a keyed
    # temporary table lets SQLite use an index instead (28 s → well under 1 s on 1,000 documents)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS unit_keys (document_id INTEGER PRIMARY KEY, ukey TEXT NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS temp.unit_keys_ukey ON unit_keys (ukey)")
    conn.execute("DELETE FROM unit_keys")
    conn.executemany(
        "INSERT INTO unit_keys VALUES (?, ?)",
        [(r[0], unit_key(r[1])) for r in conn.execute("SELECT id, unit FROM documents WHERE unit IS NOT NULL")],
    )
    pairs = conn.execute(
        "SELECT f.document_id, f.subject, f.current, f.prior, f.prior_low, f.prior_high, f.line, f.excerpt, "
        "d.sha256, d.year, g.document_id AS other_document_id, g.current AS last_current, "
        "g.current_low, g.current_high, g.line AS other_line "
        "FROM figures f JOIN documents d ON d.id = f.document_id "
        "JOIN unit_keys ku ON ku.document_id = d.id JOIN unit_keys ke ON ke.ukey = ku.ukey "
        "JOIN documents e ON e.id = ke.document_id AND e.year = d.year - 1 AND e.kind = d.kind "
        "JOIN figures g ON g.document_id = e.id AND g.subject = f.subject "
        "ORDER BY f.document_id, f.line"
    ).fetchall()
    out = []
    seen: set[tuple[int, str]] = set()
    for p in pairs:
        key = (p["document_id"], p["subject"])
        if key in seen:  # a subject stated twice in a report: its first statement speaks for it
            continue
        seen.add(key)
        low, high = Decimal(p["prior_low"]), Decimal(p["prior_high"])
        last_low, last_high = Decimal(p["current_low"]), Decimal(p["current_high"])
        if high < last_low or last_high < low:
            out.append(
                {
                    "fingerprint": _fingerprint("XDOC002", p["sha256"], p["subject"]),
                    "rule": "XDOC002",
                    "category": "value.conflict",
                    "severity": "warning",
                    "message": (
                        f"“{p['subject']}”上年数与{p['year'] - 1}年报告不符：本年报告推算 {p['prior']}，"
                        f"{p['year'] - 1}年报告为 {p['last_current']}（第{p['other_line']}行）"
                    ),
                    "document_id": p["document_id"],
                    "other_document_id": p["other_document_id"],
                    "line": p["line"],
                    "other_line": p["other_line"],
                    "excerpt": p["excerpt"],
                }
            )
    return out


def refresh_cross_findings(conn: sqlite3.Connection) -> int:
    rows = reused_explanations(conn) + prior_year_conflicts(conn)
    return store.replace_cross_findings(conn, rows)
