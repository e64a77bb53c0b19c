"""`jiaohe scan --cluster`: the Dask backend gives the local pool's database and survives lost workers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from checker.batch.cluster import RESUBMITS
from checker.batch.scan import scan
from checker.batch.worker import analyse
from checker.i18n import set_language

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
cloudpickle = pytest.importorskip("cloudpickle")
# the tasks below live in this test module, which the worker processes cannot import
cloudpickle.register_pickle_by_value(sys.modules[__name__])

REPO = Path(__file__).resolve().parents[1]


def _state(db: Path) -> tuple:
    """Everything a scan decides, without timings and paths (the cluster stores absolute ones)."""
    conn = sqlite3.connect(db)
    try:
        return tuple(
            conn.execute(query).fetchall()
            for query in (
                "SELECT sha256, format, kind, year, unit, chars FROM documents ORDER BY sha256",
                "SELECT d.sha256, f.fingerprint, f.rule, f.severity, f.message, f.line FROM findings f "
                "JOIN documents d ON d.id = f.document_id ORDER BY 1, 2",
                "SELECT d.sha256, c.quantities, c.statements, c.pass, c.fail, c.uncertain FROM coverage c "
                "JOIN documents d ON d.id = c.document_id ORDER BY 1",
                "SELECT d.sha256, e.masked FROM explanations e JOIN documents d ON d.id = e.document_id ORDER BY 1, 2",
                "SELECT d.sha256, g.subject, g.current, g.prior FROM figures g JOIN documents d "
                "ON d.id = g.document_id ORDER BY 1, 2, 3",
                "SELECT fingerprint, rule, message FROM cross_findings ORDER BY 1",
                "SELECT sha256, kind, reason FROM failures ORDER BY 1",
            )
        )
    finally:
        conn.close()


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes (with nannies) behind a scheduler address, as
    `dask worker` runs them on other machines."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        with distributed.Client(local, set_as_default=False) as client:
            yield local.scheduler_address, client


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for source in sorted((REPO / "corpus" / "synthetic").glob("*.txt")) + [
        REPO / "corpus" / "demo" / "qingchuan-juesuan-2024-with-defects.txt"
    ]:
        (folder / source.name).write_bytes(source.read_bytes())
    with zipfile.ZipFile(folder / "broken.docx", "w") as zf:
        zf.writestr("hello.txt", "not a word file")
    return folder


def test_a_cluster_scan_gives_the_local_pools_database(tmp_path):
    folder = _corpus(tmp_path / "docs")
    local = scan([str(folder)], tmp_path / "local.sqlite", jobs=2)
    on_dask = scan([str(folder)], tmp_path / "dask.sqlite", cluster="local:2")
    assert (on_dask.scanned, on_dask.failed) == (local.scanned, local.failed) == (5, 1)
    expected = _state(tmp_path / "local.sqlite")
    assert expected[1], "the synthetic reports have findings to compare"
    assert _state(tmp_path / "dask.sqlite") == expected
    # resumable as the local pool: nothing already stored is submitted again, and the failure
    # not retried is still counted
    again = scan([str(folder)], tmp_path / "dask.sqlite", cluster="local:2")
    assert (again.scanned, again.skipped, again.failed, again.failed_before) == (0, 5, 1, 1)


def slow(path: str) -> dict:
    """A document that takes a while, so a worker can be killed while it holds one; a marked
    one hangs, as a pathological document would."""
    if Path(path).name.startswith("hang"):
        time.sleep(60)
    time.sleep(0.4)
    return analyse(path)


def test_a_worker_killed_mid_scan_loses_and_doubles_nothing(tmp_path, cluster):
    address, client = cluster
    folder = tmp_path / "archive"
    folder.mkdir()
    text = (REPO / "corpus" / "synthetic" / "juesuan-shuoming-2024.txt").read_text(encoding="utf-8")
    for i in range(10):
        (folder / f"r{i:02d}.txt").write_text(f"{text}\n（归档编号 {i:05d}）\n", encoding="utf-8")
    killed = []

    def kill_one_worker(done: int, total: int) -> None:
        # from the second result on, at the first moment a worker holds a document: on a loaded
        # machine the document submitted after the first result may be done before the second
        # result is seen, and then no worker holds one at that moment
        # (the scheduler may show the next document on a worker a moment after the result: look a few times)
        if done >= 2 and done < total and not killed:
            for _ in range(20):
                busy = [worker for worker, keys in client.processing().items() if keys]
                if busy:
                    pids = client.run(os.getpid, workers=busy[:1])
                    killed.extend(pids.values())
                    os.kill(killed[0], signal.SIGKILL)
                    break
                time.sleep(0.05)

    db = tmp_path / "f.sqlite"
    summary = scan([str(folder)], db, timeout=120, task=slow, cluster=address, on_progress=kill_one_worker)
    assert killed, "a worker was killed while it held a document"
    assert (summary.scanned, summary.failed) == (10, 0), summary.failures
    conn = sqlite3.connect(db)
    try:
        names = sorted(Path(p).name for (p,) in conn.execute("SELECT path FROM documents"))
        failures = {Path(p).name: kind for p, kind in conn.execute("SELECT path, kind FROM failures")}
    finally:
        conn.close()
    assert names == [f"r{i:02d}.txt" for i in range(10)]
    assert failures == {}


def test_a_document_past_the_time_limit_is_a_timeout_and_the_scan_goes_on(tmp_path, cluster):
    address, client = cluster
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "hang.txt").write_text("挂起", encoding="utf-8")
    with zipfile.ZipFile(folder / "broken.docx", "w") as zf:
        zf.writestr("hello.txt", "not a word file")
    before = set(client.run(os.getpid).values())
    # the workers, other processes, are told the language with each document: they give their
    # reasons in English here, though Chinese is the default in every process
    set_language("en")
    try:
        summary = scan([str(folder)], tmp_path / "f.sqlite", timeout=1, task=slow, cluster=address)
    finally:
        set_language("zh")
    failures = {Path(path).name: (kind, reason) for path, kind, reason in summary.failures}
    assert {name: kind for name, (kind, _) in failures.items()} == {"hang.txt": "timeout", "broken.docx": "input"}
    assert failures["hang.txt"][1] == "no result within 1 s"
    assert failures["broken.docx"][1].startswith("a zip archive that is neither a Word")
    # the worker still running the hung document was restarted; the other one kept its process
    assert len(before & set(client.run(os.getpid).values())) == 1


def test_the_cluster_option_is_checked_and_dask_is_imported_only_for_it(tmp_path):
    (tmp_path / "a.txt").write_text("某单位2024年度部门决算说明", encoding="utf-8")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "scan",
            str(tmp_path),
            "--db",
            str(tmp_path / "f.sqlite"),
            "--cluster",
            "host:8786",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "tcp://host:8786" in bad.stderr
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, checker.cli, checker.commands.scan, "
            "checker.batch.scan; print(sorted(m for m in sys.modules if m.split('.')[0] "
            "in ('dask', 'distributed')))",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.stdout.strip() == "[]", imported.stderr


def crashing(path: str) -> dict:
    """A document that kills the worker process running it, every time (as a segfaulting native
    library would); each attempt is logged beside it."""
    if Path(path).name.startswith("crash"):
        with open(Path(path).with_suffix(".attempts"), "a", encoding="utf-8") as log:
            log.write("attempt\n")
        os._exit(1)
    return analyse(path)


def test_a_document_that_kills_every_worker_is_a_crash_after_bounded_retries(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    text = (REPO / "corpus" / "synthetic" / "juesuan-shuoming-2024.txt").read_text(encoding="utf-8")
    for i in range(3):
        (folder / f"r{i}.txt").write_text(f"{text}\n（归档编号 {i:05d}）\n", encoding="utf-8")
    (folder / "crash.txt").write_text("某单位2024年度部门决算说明", encoding="utf-8")
    db = tmp_path / "f.sqlite"
    # one retry keeps the test short; the default (3) only means more worker restarts
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        summary = scan([str(folder)], db, timeout=120, task=crashing, cluster="local:2")
    assert (summary.scanned, summary.failed) == (3, 1)
    assert [(Path(p).name, kind) for p, kind, _ in summary.failures] == [("crash.txt", "crash")]
    attempts = (folder / "crash.attempts").read_text(encoding="utf-8").splitlines()
    # Dask runs it twice (one allowed failure), gives up, the scan submits it once more: 2 × 2
    assert len(attempts) == 2 * (1 + RESUBMITS)
    conn = sqlite3.connect(db)
    try:
        names = [Path(p).name for (p,) in conn.execute("SELECT path FROM documents ORDER BY path")]
        failed = [Path(p).name for (p,) in conn.execute("SELECT path FROM failures")]
    finally:
        conn.close()
    assert names == ["r0.txt", "r1.txt", "r2.txt"] and failed == ["crash.txt"]
