"""Findings on every report in ../shared stay exactly what the snapshot recorded.

A speed-up must not change a single byte of a finding. The snapshot
(``corpus/keys/findings-snapshot.json``) keeps, per file, the SHA-256 of its findings as JSON and
one short line per finding (rule, severity, line) so a failure says where it moved; no text of
the documents is stored. A deliberate change of rules or readers updates it::

    .venv/bin/python tests/test_findings_snapshot.py --update
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SNAPSHOT = REPO / "corpus" / "keys" / "findings-snapshot.json"
SHARED = REPO.parent / "shared"
FOLDERS = ("seeds", "real", "real-pdf", "samples-pdf")


def shared_files(shared: Path = SHARED) -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (shared / folder).glob("*") if p.suffix in {".txt", ".pdf"})


def fingerprint(path: Path) -> dict:
    """The findings of ``path`` reduced to a hash of their JSON and a line per finding."""
    from checker.engine import check_document
    from checker.ingest import load_document

    findings = [f.to_json() for f in check_document(load_document(path)).findings]
    data = json.dumps(findings, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "findings": [f"{f['rule']} {f['severity']} {f['location']['line']}" for f in findings],
    }


def measure(shared: Path = SHARED) -> dict[str, dict]:
    return {f"{p.parent.name}/{p.name}": fingerprint(p) for p in shared_files(shared)}


def test_findings_on_shared_reports_match_the_snapshot(shared_dir):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = measure(shared_dir)
    assert sorted(now) == sorted(expected), "files in ../shared changed: run with --update"
    changed = {
        name: {"was": expected[name]["findings"], "now": now[name]["findings"]}
        for name in now
        if now[name]["sha256"] != expected[name]["sha256"]
    }
    assert not changed, f"findings changed (update with --update if deliberate): {json.dumps(changed, indent=1)}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_findings_snapshot.py --update")
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not present")
    SNAPSHOT.write_text(json.dumps(measure(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(REPO)}")
