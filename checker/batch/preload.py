"""Imported once by the scan's fork server: loads the language pipeline there, so every worker
forked from it starts warm (no per-worker load time, the model's memory shared copy-on-write)."""

from checker.batch.worker import warm_up

try:
    warm_up()
except Exception:  # noqa: BLE001 - a worker loads it again itself and reports what went wrong
    pass
