"""The review page (Flask): the archive overview, one document's annotated copy with a confirm /
dismiss form per finding, uploads checked like `jiaohe scan` does, and the Word and Excel copies.

Safe by default: every template autoescapes; each form carries a CSRF token (Flask-WTF) and the
session cookie is SameSite=Strict; the Host header must name the address served (no DNS
rebinding onto the loopback page); request bodies over the upload limit are refused before they
are read; no URL names a file — documents are addressed by their database id and an upload is
stored under a name the server makes from its content hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import secrets
import sqlite3
import tempfile
import threading
import unicodedata
from pathlib import Path, PurePath

from flask import Flask, abort, g, redirect, render_template, request, send_file, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import ChoiceLoader, PackageLoader
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError

from checker.batch import store
from checker.batch.reviewed import stored_report
from checker.ingest import MAX_INPUT_BYTES
from checker.report.html import KIND_NAMES, SEVERITY_NAMES, review_context
from checker.serve import archive
from checker.serve.text import STATUS_NAMES, TEXT

UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".doc", ".pdf", ".xlsx", ".xls")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_NAME_CHARS = re.compile(r"[^\w\-.()（）]+")


def create_app(
    db: str | Path,
    uploads: str | Path | None = None,
    max_upload: int = MAX_INPUT_BYTES,
    host: str = "127.0.0.1",
    scan_timeout: float = 120.0,
) -> Flask:
    """The review app over the findings database ``db``; uploads are kept in ``uploads``
    (default: a folder ``DB.uploads`` beside the database)."""
    db = Path(db)
    uploads = Path(uploads) if uploads is not None else db.with_name(db.name + ".uploads")
    app = Flask(__name__)
    app.jinja_loader = ChoiceLoader(
        [PackageLoader("checker.serve", "templates"), PackageLoader("checker.report", "templates")]
    )
    app.jinja_env.autoescape = True  # Flask escapes only *.html by name; these are *.j2
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # per run: a restart invalidates old forms, nothing else
        SESSION_COOKIE_SAMESITE="Strict",
        WTF_CSRF_TIME_LIMIT=None,  # a page left open for hours still saves its decisions
        # the multipart envelope around the file is small; the file itself is checked below
        MAX_CONTENT_LENGTH=max_upload + 64 * 1024,
        # a wildcard bind is a deliberate choice to be reached by other names
        TRUSTED_HOSTS=None if host in ("0.0.0.0", "::", "") else sorted({host, *LOOPBACK}),
    )
    CSRFProtect(app)
    scanning = threading.Lock()  # one upload scan at a time: each starts its own worker
    limit_mb = max_upload // (1024 * 1024) or 1

    def connection() -> sqlite3.Connection:
        if "conn" not in g:
            g.conn = store.connect(db)
        return g.conn

    @app.teardown_appcontext
    def _close(_exc) -> None:
        conn = g.pop("conn", None)
        if conn is not None:
            conn.close()

    @app.context_processor
    def _strings() -> dict:
        return {
            "t": TEXT,
            "severity_names": SEVERITY_NAMES,
            "kind_names": KIND_NAMES,
            "status_names": STATUS_NAMES,
            "limit_mb": limit_mb,
        }

    def message(text: str, status: int):
        return render_template("message.html.j2", text=text), status

    @app.get("/")
    def overview():
        conn = connection()
        filters = archive.Filters.from_args(request.args)
        return render_template(
            "overview.html.j2",
            filters=filters,
            documents=archive.documents(conn, filters),
            choices=archive.choices(conn),
            failures=archive.failures(conn),
            heat=archive.errors_by_unit_and_year(conn, filters),
            rules=archive.frequent_rules(conn, filters),
        )

    def document_row(doc_id: int) -> sqlite3.Row:
        row = connection().execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            abort(404)
        return row

    @app.get("/doc/<int:doc_id>")
    def document(doc_id: int):
        conn = connection()
        row = document_row(doc_id)
        decisions = store.decisions(conn)
        report = stored_report(conn, row)
        if report is None:
            findings = conn.execute(
                "SELECT * FROM findings WHERE document_id = ? ORDER BY line, id", (doc_id,)
            ).fetchall()
            return render_template("missing.html.j2", doc=row, findings=findings, decisions=decisions)
        return render_template("document.html.j2", doc=row, **review_context(report, decisions))

    @app.post("/doc/<int:doc_id>/decide")
    def decide(doc_id: int):
        from checker.commands.review import record_decision

        conn = connection()
        document_row(doc_id)
        fingerprint = request.form.get("fingerprint", "")
        decision = request.form.get("decision", "")
        note = request.form.get("note", "").strip()
        owned = conn.execute(
            "SELECT 1 FROM findings WHERE document_id = ? AND fingerprint = ?", (doc_id, fingerprint)
        ).fetchone()
        if owned is None or decision not in ("confirm", "dismiss"):
            return message(TEXT["bad_decision"], 400)
        record_decision(conn, fingerprint, decision, note)
        return redirect(url_for("document", doc_id=doc_id, _anchor=f"decide-{fingerprint}"), code=303)

    @app.get("/doc/<int:doc_id>/review.docx")
    def word_copy(doc_id: int):
        from checker.report.docx_review import render as render_docx

        conn = connection()
        row = document_row(doc_id)
        report = stored_report(conn, row)
        if report is None:
            return message(TEXT["gone"], 410)
        data = render_docx(report, store.decisions(conn))
        return send_file(
            io.BytesIO(data),
            mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            as_attachment=True,
            download_name=TEXT["docx_name"].format(stem=PurePath(row["path"]).stem),
        )

    @app.get("/export.xlsx")
    def excel_summary():
        from checker.batch.workbook import export_xlsx

        with tempfile.TemporaryDirectory(prefix="jiaohe-serve-") as tmp:
            out = Path(tmp) / "summary.xlsx"
            export_xlsx(connection(), out)
            data = out.read_bytes()
        return send_file(
            io.BytesIO(data),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            as_attachment=True,
            download_name=TEXT["xlsx_name"],
        )

    @app.post("/upload")
    def upload():
        from checker.batch.scan import scan
        from checker.batch.worker import engine_version

        sent = request.files.get("report")
        if sent is None or not sent.filename:
            return message(TEXT["no_file"], 400)
        name = upload_name(sent.filename)
        if name is None:
            return message(TEXT["bad_suffix"], 400)
        data = sent.read(max_upload + 1)
        if len(data) > max_upload:
            return message(TEXT["too_large"].format(mb=limit_mb), 413)
        if not data:
            return message(TEXT["empty_file"], 400)
        sha = hashlib.sha256(data).hexdigest()
        folder = uploads / sha[:16]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        with scanning:
            summary = scan([str(path)], db, jobs=1, timeout=scan_timeout, retry_failed=True)
        conn = connection()
        row = conn.execute(
            "SELECT id, path FROM documents WHERE sha256 = ? AND engine = ?", (sha, engine_version())
        ).fetchone()
        if row is None:
            discard(path)
            reason = summary.failures[0][2] if summary.failures else ""
            return message(TEXT["check_failed"].format(reason=reason), 422)
        if Path(row["path"]) != path.absolute():  # the same content was checked before under another name
            discard(path)
        return redirect(url_for("document", doc_id=row["id"]), code=303)

    @app.get("/favicon.ico")
    def _no_icon():  # browsers ask for one; an empty answer keeps their console clean
        return "", 204

    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        return message(TEXT["csrf"], 400)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc):
        return message(TEXT["too_large"].format(mb=limit_mb), 413)

    @app.errorhandler(SecurityError)
    def _bad_host(_exc):  # no page: its links are built from the host refused
        return TEXT["bad_host"], 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return message(TEXT["not_found"] if exc.code == 404 else exc.name, exc.code or 500)

    @app.errorhandler(Exception)
    def _crash(exc: Exception):
        app.logger.exception("request failed", exc_info=exc)
        return message(TEXT["server_error"], 500)

    return app


def discard(path: Path) -> None:
    """Remove an upload that is not kept, and its folder when nothing else is in it."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


def upload_name(sent: str) -> str | None:
    """A file name for an upload: the last part of what the browser sent (either slash), with
    anything but letters, digits and a few marks replaced, its suffix one of UPLOAD_SUFFIXES;
    None for another suffix. It never leaves the folder it is written to."""
    base = PurePath(sent.replace("\\", "/")).name
    suffix = PurePath(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return None
    stem = _NAME_CHARS.sub("_", unicodedata.normalize("NFC", PurePath(base).stem)).strip("._") or "report"
    return stem[:80] + suffix
