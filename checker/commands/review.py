"""`jiaohe review --db findings.sqlite FINGERPRINT confirm|dismiss [--note …]`."""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from checker.batch.store import open_existing, set_decision
from checker.ingest import InputError


class Decision(str, Enum):
    confirm = "confirm"
    dismiss = "dismiss"


def register(app: typer.Typer) -> None:
    app.command("review")(review)


def review(
    fingerprint: str = typer.Argument(..., help="The finding's fingerprint (or a unique prefix)."),
    decision: Decision = typer.Argument(..., help="confirm or dismiss."),
    db: Path = typer.Option(..., "--db", help="Findings database from `jiaohe scan`."),
    note: Optional[str] = typer.Option(
        None, "--note", help='Why (shown in exports); without it an earlier note is kept, --note "" clears it.'
    ),
) -> None:
    """Record a reviewer's decision on a finding; later scans keep it."""
    conn = open_existing(db)
    try:
        full = record_decision(conn, fingerprint, decision.value, note)
    except LookupError as exc:
        raise InputError(db, f"{fingerprint}: {exc}") from None
    finally:
        conn.close()
    typer.echo(f"{full}: {decision.value}")


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
        raise LookupError(
            "no finding has this fingerprint"
            if not matches
            else f"the prefix matches {len(matches)} findings; give more characters"
        )
    set_decision(conn, matches[0], decision, note)
    return matches[0]
