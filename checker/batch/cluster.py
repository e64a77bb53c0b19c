"""Scanning an archive on a Dask cluster (``jiaohe scan --cluster``): one task per document.

Only who runs the documents changes. The scan plans as for the local pool (discovery, content
hashes, documents already in the database skipped before anything is submitted), and the
results come back as they finish to the one SQLite writer in this process, which commits each
document in a transaction of its own. So a killed worker loses and doubles nothing: Dask runs
its tasks again on another worker, and a document reaches the database only once, here. Dask
gives up on a task after ``distributed.scheduler.allowed-failures`` worker deaths, and counts a
death against every task the worker held, also one only queued there behind the document that
killed it; so a document Dask gives up on is submitted once more (``RESUBMITS``) and recorded as
a crash only when it kills its workers again.

Dask is imported only here, and only when a scan is given ``--cluster``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from concurrent.futures import CancelledError
from functools import lru_cache
from typing import Callable

from checker.batch.worker import warm_up
from checker.i18n import language, set_language, t

RESUBMITS = 1
"""Times a document Dask gave up on (KilledWorker) is submitted again before it is a crash."""
_LOCAL = re.compile(r"local:([1-9][0-9]{0,2})")
_ADDRESS = re.compile(r"(?:tcp|tls|ws|wss|inproc|ucx)://[^\s]{1,200}")


def check_spec(spec: str) -> None:
    """Raise ValueError unless ``spec`` is ``local:N`` or a scheduler address (``tcp://host:8786``)
    and Dask is installed (looked up without importing it)."""
    if not (_LOCAL.fullmatch(spec) or _ADDRESS.fullmatch(spec)):
        raise ValueError(t("scan.cluster.bad_spec", spec=repr(spec)))
    if importlib.util.find_spec("distributed") is None:
        raise ValueError(t("scan.cluster.no_dask"))


def connect(spec: str):
    """(client, cluster) for ``spec``: a new LocalCluster of N single-threaded worker processes for
    ``local:N``, else (client of the scheduler at that address, None)."""
    check_spec(spec)
    from distributed import Client, LocalCluster

    local = _LOCAL.fullmatch(spec)
    if local:
        # one thread per process: the pipeline is CPU-bound Python, threads would share one GIL
        cluster = LocalCluster(
            n_workers=int(local.group(1)), threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster, set_as_default=False), cluster
    return Client(spec, set_as_default=False), None


@lru_cache(maxsize=1)
def _warm() -> None:
    warm_up()


def run_document(path: str, task: Callable[[str], dict], timeout: float, lang: str) -> tuple[str, object, str | None]:
    """What a Dask worker runs for one document: the local pool's ``outcome`` of ``task``, within
    ``timeout`` seconds once the pipeline is loaded. Returns (status, payload, worker address); the
    address is given on a timeout, since the overrunning thread cannot be stopped from inside and
    the client ends that worker."""
    from distributed import get_worker

    from checker.batch.scan import outcome

    set_language(lang)  # a Dask worker, perhaps on another machine, speaks the client's language
    _warm()
    box: list[tuple[str, object]] = []
    thread = threading.Thread(target=lambda: box.append(outcome(task, path)), daemon=True, name="jiaohe-document")
    thread.start()
    thread.join(timeout)
    if box:
        return (*box[0], None)
    return "timeout", t("scan.reason.timeout", seconds=f"{timeout:g}"), get_worker().address


def run_on_cluster(
    spec: str,
    queue: list[tuple[str, str]],
    record: Callable[[str, str, str, object], None],
    timeout: float,
    on_progress: Callable[[int, int], None] | None,
    task: Callable[[str], dict],
) -> None:
    """Run every (sha256, path) of ``queue`` (taken from its end) on the cluster, calling
    ``record(sha256, path, status, payload)`` in this process as each finishes."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    client, cluster = connect(spec)
    total, done = len(queue), 0
    try:
        client.wait_for_workers(1, timeout=300)
        running = {}
        finished = as_completed(loop=client.loop)

        def send(sha: str, path: str, resubmits: int) -> None:
            future = client.submit(run_document, path, task, timeout, language(), pure=False)
            running[future] = (sha, path, resubmits)
            finished.add(future)

        def submit() -> None:
            # one task per worker thread, not the whole archive: the scheduler keeps every
            # submitted task in memory, and workers that join later still get work. No more than
            # one, because Dask counts a worker's death against every task it holds: a document
            # queued behind one that kills its worker would be given up on with it.
            window = max(1, sum(client.nthreads().values()))
            while queue and len(running) < window:
                sha, path = queue.pop()
                # absolute: a worker on another machine has another working directory
                send(sha, os.path.abspath(path), 0)

        submit()
        for future in finished:
            sha, path, resubmits = running.pop(future)
            address = None
            try:
                status, payload, address = future.result()
            except KilledWorker as exc:
                if resubmits < RESUBMITS:
                    future.release()
                    send(sha, path, resubmits + 1)
                    continue
                status, payload = "crash", t("scan.reason.killed_worker", exc=exc)
            except CancelledError as exc:
                status, payload = "crash", t("scan.reason.cancelled", exc=exc)
            except Exception as exc:  # noqa: BLE001 - e.g. the pipeline failing to load on that worker
                status, payload = "error", f"{type(exc).__name__}: {exc}"
            future.release()
            record(sha, path, status, payload)
            if address:
                _restart(client, address)
            done += 1
            if on_progress:
                on_progress(done, total)
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _restart(client, address: str) -> None:
    """End the worker whose document overran (its thread cannot be stopped from inside); its
    nanny starts a fresh one, and Dask runs whatever else it held elsewhere. Not waiting for the
    restart keeps the results flowing meanwhile."""
    try:
        client.run(os._exit, 1, workers=[address], on_error="ignore")
    except (OSError, TimeoutError, ValueError):  # it is gone already
        pass
