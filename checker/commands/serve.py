"""`jiaohe serve --db findings.sqlite [--host 127.0.0.1] [--port 8000]`: the review page.

The web stack (Flask, Waitress) is imported only when the command runs, so no other command pays
for it at start-up.
"""

from __future__ import annotations

from pathlib import Path

import typer

from checker.cli import err_console
from checker.i18n import t


def register(app: typer.Typer) -> None:
    app.command("serve", help=t("serve.help"))(serve)


def serve(
    db: Path = typer.Option(..., "--db", metavar="FILE", help=t("serve.opt.db")),
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST", help=t("serve.opt.host")),
    port: int = typer.Option(8000, "--port", min=0, max=65535, metavar="PORT", help=t("serve.opt.port")),
    timeout: float = typer.Option(120.0, "--timeout", min=1, metavar="SECONDS", help=t("serve.opt.timeout")),
) -> None:
    """Review findings in the browser: archive overview, annotated documents with confirm/dismiss,
    uploads of new reports, Word and Excel downloads."""
    from waitress import create_server

    from checker.batch.store import connect
    from checker.serve.app import create_app

    connect(db).close()  # a file that is no findings database fails here, with exit status 2
    try:
        server = create_server(create_app(db, host=host, scan_timeout=timeout), host=host, port=port, threads=4)
    except OSError as exc:  # port taken, address not on this machine
        err_console.print(
            "jiaohe: error: " + t("serve.error.listen", host=host, port=port, reason=exc.strerror or exc), markup=False
        )
        raise typer.Exit(2) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print("jiaohe: warning: " + t("serve.warning.open", host=host), markup=False)
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
    typer.echo(t("serve.listening", url=f"http://{shown}:{server.effective_port}/"))
    try:
        server.run()
    finally:
        server.close()
