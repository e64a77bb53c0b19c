"""`jiaohe review --db findings.sqlite FINGERPRINT confirm|dismiss [--note …]`."""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from checker.batch.store import open_existing, set_decision
from checker.i18n import t
from checker.ingest import InputError


class Decision(str, Enum):
    confirm = "confirm"
    dismiss = "dismiss"


def register(app: typer.Typer) -> None:
    app.command("review", help=t("review.help"))(review)


def review(
    fingerprint: str = typer.Argument(..., metavar="FINGERPRINT", help=t("review.arg.fingerprint")),
    decision: Decision = typer.Argument(..., metavar="confirm|dismiss", help=t("review.arg.decision")),
    db: Path = typer.Option(..., "--db", metavar="FILE", help=t("opt.db_from_scan")),
    note: Optional[str] = typer.Option(None, "--note", metavar="TEXT", help=t("review.opt.note")),
) -> None:
    """Record a reviewer's decision on a finding; later scans keep it."""
    conn = open_existing(db)
    try:
        full = record_decision(conn, fingerprint, decision.value, note)
    except LookupError as exc:
        raise InputError(db, f"{fingerprint}: {exc}") from None
    finally:
        conn.close()
    typer.echo(t("review.recorded", fingerprint=full, decision=decision.value, name=t(f"decision.{decision.value}")))


def record_decision(conn: sqlite3.Connection, fingerprint: str, decision: str, note: str | None) -> str:
    """Store ``decision`` on the one finding whose fingerprint is ``fingerprint`` or starts with
    it, and return its whole fingerprint; LookupError (the reason) when none or several match.
    `jiaohe review` and the confirm/dismiss buttons of `jiaohe serve` both go through here."""
    matches = sorted(
        {
            r[0]
            for r in conn.execute(
                "SELECT fingerprint FROM findings WHERE fingerprint LIKE ? || '%' UNION "
                "SELECT fingerprint FROM cross_findings WHERE fingerprint LIKE ? || '%'",
                (fingerprint, fingerprint),
            )
        }
    )
    if fingerprint in matches:
        matches = [fingerprint]
    if len(matches) != 1:
        raise LookupError(t("review.error.none") if not matches else t("review.error.ambiguous", n=len(matches)))
    set_decision(conn, matches[0], decision, note)
    return matches[0]
