"""Scanning an archive: worker processes, per-document time limit, resumable results.

Each worker is a process of its own that takes one path at a time over a pipe. The parent is the
only writer to the database and commits each document as it arrives, so an interrupted scan
(even kill -9) loses at most the documents in flight. A worker that overruns the time limit is
killed and replaced; one that dies is replaced; either way the document is recorded as a
failure with the reason and the scan goes on.
"""

from __future__ import annotations

import glob
import hashlib
import json
import multiprocessing
import os
import re
import resource
import time
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from checker.batch import store
from checker.batch.crossdoc import refresh_cross_findings
from checker.batch.worker import analyse, engine_version, warm_up
from checker.config import Config, ConfigError, load_config
from checker.i18n import language, set_language, t
from checker.ingest import ocr
from checker.report.labels import SCAN

SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf", ".xlsx", ".doc", ".xls"} | ocr.SUFFIXES
"""Files a directory scan picks up; images are scanned pages, read by OCR."""


@dataclass
class ScanSummary:
    found: int = 0
    skipped: int = 0
    scanned: int = 0
    failed: int = 0
    failed_before: int = 0
    """Of ``failed``: documents that failed in an earlier scan and were not tried again."""
    duplicates: int = 0
    seconds: float = 0.0
    chars: int = 0
    peak_rss_kb: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)


def discover(targets: Iterable[str], outside: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files under the given directories, matching the given globs, or named directly.

    A folder (or the folder part of a glob) is walked without following symbolic links into
    other folders, so a link loop cannot make the walk endless; a linked file is taken only when
    it resolves inside the folder — a link out of it is skipped and appended to ``outside``
    as (path, reason)."""
    found: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            found += sorted(p for p in _walk(path, outside) if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(target):
            root, pattern = _glob_root(target)
            found += sorted(p for p in _walk(root, outside) if pattern.fullmatch(p.as_posix()))
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]


def _walk(root: Path, outside: list[tuple[str, str]] | None) -> Iterator[Path]:
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(real_root):
                    if outside is not None:
                        outside.append((str(path), t("scan.reason.outside_link", target=target, root=root)))
                    continue
                if not target.is_file():
                    continue  # a linked folder inside the root is reached by the walk itself
            elif name not in files or not path.is_file():
                continue
            yield path


def _glob_root(target: str) -> tuple[Path, re.Pattern[str]]:
    """The folder a glob starts in (its part before the first wildcard) and the glob as a
    pattern over whole paths: ``*`` and ``?`` stay within one path segment, ``**/`` spans any
    number of folders (as glob.glob with recursive=True)."""
    parts = Path(target).parts
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    out, i, text = [], 0, Path(target).as_posix()
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        elif text[i] == "[" and (close := text.find("]", i + 2)) > 0:
            body = text[i + 1 : close]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    return root, re.compile("".join(out))


DEFAULT_MEMORY_MB = 1536
"""Address space a worker may use (its pipeline takes about 300 MB before a document)."""


def outcome(task: Callable[[str], dict], path: str) -> tuple[str, object]:
    """(status, payload) of running ``task`` on one path: ("ok", result) or a failure kind and reason."""
    from checker.ingest import InputError

    try:
        return "ok", task(path)
    except InputError as exc:
        return "input", exc.reason
    except MemoryError:
        return "error", t("scan.reason.memory")
    except Exception as exc:  # one bad document must not end the scan
        return "error", f"{type(exc).__name__}: {exc}"


def _worker_main(conn: Connection, task: Callable[[str], dict], lang: str, memory_mb: int | None = None) -> None:
    set_language(lang)  # a worker process does not share the parent's memory, where it was chosen
    if memory_mb:
        # one document must not take the machine's memory: past the limit allocation fails
        # (MemoryError, or the worker dies) and the document is recorded as failed
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    warm_up()
    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except EOFError:  # the parent went away (killed): nothing more to do
            return
        if path is None:
            return
        conn.send(outcome(task, path))


STARTUP_SECONDS = 300.0
"""How long a new worker may take to load the pipeline before it counts as failed to start;
the per-document time limit starts only once the worker is ready."""


class _Worker:
    def __init__(self, ctx, task: Callable[[str], dict], memory_mb: int | None = None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, task, language(), memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: tuple[str, str] | None = None  # (sha256, path)
        self.started = time.monotonic()

    def deadline(self, timeout: float) -> float:
        return self.started + (timeout if self.ready else STARTUP_SECONDS)

    def give(self, sha256: str, path: str) -> None:
        self.task, self.started = (sha256, path), time.monotonic()
        self.conn.send(path)

    def stop(self, force: bool = False) -> None:
        if force:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scan(
    targets: Iterable[str],
    db: str | Path,
    jobs: int = 2,
    timeout: float = 120.0,
    retry_failed: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    task: Callable[[str], dict] = analyse,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    cluster: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> ScanSummary:
    """Scan every document the targets name into ``db``; ``on_progress(done, total)`` after each.

    ``task`` is what a worker runs on one path (a module-level function: workers import it);
    ``memory_mb`` limits each local worker's address space (None: no limit). ``cluster``
    (``local:N`` or a scheduler address) runs the documents on Dask instead of the local pool
    (checker.batch.cluster); planning and the database writes stay here.

    Each document is checked with the settings ``check`` would use for it (the nearest
    ``[tool.jiaohe]``, then ``select``/``ignore``); a stored result is reused only when made
    with the same engine and the same settings."""
    started = time.monotonic()
    select, ignore = tuple(select or ()), tuple(ignore or ())
    if select or ignore:
        task = partial(task, select=select, ignore=ignore)
    engine = engine_version()
    conn = store.connect(db)
    summary = ScanSummary()
    outside: list[tuple[str, str]] = []
    paths = discover(targets, outside)
    summary.found = len(paths)
    for path, reason in outside:
        summary.failed += 1
        summary.failures.append((path, "skipped", reason))
    stored, failed_before = store.stored_outcomes(conn)
    stamps: dict[str, str] = {}  # content hash → engine and settings it is checked with
    queue: list[tuple[str, str]] = []
    for path in paths:
        try:
            sha = _sha256(path)
        except OSError as exc:
            summary.failed += 1
            summary.failures.append((str(path), "input", exc.strerror or str(exc)))
            continue
        if sha in stamps:
            summary.duplicates += 1
            continue
        try:
            stamps[sha] = stamp = engine + settings_stamp(path, select, ignore)
        except ConfigError as exc:
            stamps[sha] = engine
            store.save_failure(conn, engine, sha, str(path.absolute()), "input", str(exc))
            summary.failed += 1
            summary.failures.append((str(path), "input", str(exc)))
            continue
        if (sha, stamp) in stored:
            summary.skipped += 1
        elif (sha, stamp) in failed_before and not retry_failed:
            kind, reason = failed_before[sha, stamp]
            summary.failed += 1
            summary.failed_before += 1
            summary.failures.append((str(path), kind, reason + SCAN["failed_before"]))
        else:
            # absolute, so that `export --html` finds the documents from any folder
            queue.append((sha, str(path.absolute())))
    total = len(queue)
    if on_progress:
        on_progress(0, total)
    queue.reverse()  # pop() from the end keeps the discovery order

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["checker.batch.preload"])
    done = 0
    start_failures = 0

    def record(sha: str, path: str, status: str, payload) -> None:
        if status == "ok":
            store.save_result(conn, stamps[sha], payload)
            summary.scanned += 1
            summary.chars += payload["chars"]
            summary.peak_rss_kb = max(summary.peak_rss_kb, payload["peak_rss_kb"])
        else:
            store.save_failure(conn, stamps[sha], sha, path, status, payload)
            summary.failed += 1
            summary.failures.append((path, status, payload))

    if cluster and queue:  # empties the queue, so no local worker starts below
        from checker.batch.cluster import run_on_cluster

        run_on_cluster(cluster, queue, record, timeout, on_progress, task)

    workers = [_Worker(ctx, task, memory_mb) for _ in range(min(max(1, jobs), len(queue)))]
    try:
        while queue or any(w.task for w in workers):
            watched = [w for w in workers if w.task or (queue and not w.ready)]
            wait_for = max(0.0, min(w.deadline(timeout) for w in watched) - time.monotonic())
            ready = wait([w.conn for w in watched] + [w.process.sentinel for w in watched], timeout=wait_for)
            for index, worker in enumerate(workers):
                if worker not in watched:
                    continue
                status, payload = None, None
                if worker.conn in ready:
                    try:
                        status, payload = worker.conn.recv()
                    except (EOFError, OSError):
                        status = "crash"
                elif worker.process.sentinel in ready:
                    status = "crash"
                elif time.monotonic() >= worker.deadline(timeout):
                    status = "timeout"
                if status is None:
                    continue
                if status == "crash":
                    worker.process.join(timeout=5)
                    payload = t("scan.reason.worker_died", code=worker.process.exitcode)
                elif status == "timeout":
                    payload = t("scan.reason.timeout", seconds=f"{timeout:g}")
                if not worker.task:  # a worker that never became ready
                    if status == "ready":
                        worker.ready, start_failures = True, 0
                    else:
                        start_failures += 1
                        if start_failures > 3:
                            raise RuntimeError(t("scan.reason.cannot_start", reason=payload))
                else:
                    record(*worker.task, status, payload)
                    done += 1
                    if on_progress:
                        on_progress(done, total)
                    worker.task = None
                if status in ("crash", "timeout"):
                    worker.stop(force=True)
                    worker = workers[index] = _Worker(ctx, task, memory_mb)
                if worker.ready and queue:
                    worker.give(*queue.pop())
    finally:
        for worker in workers:
            worker.stop(force=bool(worker.task) or not worker.ready)
    refresh_cross_findings(conn)
    conn.close()
    summary.seconds = time.monotonic() - started
    return summary


def settings_stamp(path: Path, select: tuple[str, ...], ignore: tuple[str, ...]) -> str:
    """What the stored engine stamp adds for the settings a document is checked with: nothing
    for the defaults, else a digest of the rules, severities and scoring policy in force."""
    config = load_config(path).with_overrides(select, ignore)
    if replace(config, fail_on="error", source=None) == Config():
        return ""
    chosen = [config.select, config.ignore, sorted(config.severity.items()), config.scoring_policy]
    return "+cfg" + hashlib.sha256(json.dumps(chosen).encode()).hexdigest()[:12]


def default_jobs() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))
