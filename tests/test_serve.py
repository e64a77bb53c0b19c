"""`jiaohe serve` through Flask's test client: the overview and its filters, decisions stored the
way `jiaohe review` stores them, and the safety of the page (CSRF, hostile names, uploads)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from _serve_samples import final_accounts, stored
from checker.batch import store
from checker.serve.app import create_app, upload_name
from checker.serve.text import TEXT

HOSTILE_UNIT = '<img src=x onerror="window.__pwned=1">县财政局'


@pytest.fixture()
def archive(tmp_path):
    """A database of three reports: one with a single error, one with two, one clean (stored
    under a hostile unit name: what the database holds is untrusted too)."""
    db = tmp_path / "findings.sqlite"
    conn = store.connect(db)
    files = {
        "one": tmp_path / "qinghe-2024.txt",
        "two": tmp_path / "shiqiao-2024.txt",
        "clean": tmp_path / "shiqiao-2023.txt",
    }
    files["one"].write_text(final_accounts("青禾县农业服务中心", growth="5.00%"), encoding="utf-8")
    files["two"].write_text(final_accounts("石桥县水利局", growth="5.00%", project="170.00"), encoding="utf-8")
    files["clean"].write_text(final_accounts("石桥县水利局", 2023), encoding="utf-8")
    ids = {key: stored(conn, path) for key, path in files.items()}
    conn.execute("UPDATE documents SET unit = ? WHERE id = ?", (HOSTILE_UNIT, ids["clean"]))
    conn.close()
    app = create_app(db, uploads=tmp_path / "uploads")
    return {"db": db, "app": app, "client": app.test_client(), "ids": ids, "files": files, "tmp": tmp_path}


def token(client, url: str = "/") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def fingerprints(client, doc_id: int) -> list[str]:
    page = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    return re.findall(r'name="fingerprint" value="([0-9a-f]+)"', page)


def decisions(db: Path) -> dict:
    conn = store.connect(db)
    try:
        return store.decisions(conn)
    finally:
        conn.close()


def test_overview_counts_each_document_and_draws_both_charts(archive):
    page = archive["client"].get("/").get_data(as_text=True)
    rows = re.findall(r'<tr>\s*<td><a href="/doc/(\d+)">.*?</tr>', page, re.S)
    assert sorted(int(r) for r in rows) == sorted(archive["ids"].values())
    row = re.search(rf'href="/doc/{archive["ids"]["two"]}".*?</tr>', page, re.S).group(0)
    assert re.findall(r'<td class="n[^"]*">(\d+)</td>', row)[:4] == ["2", "0", "0", "2"]  # errors, warnings, info, open
    heat = re.search(r'<section class="chart" id="chart-errors">.*?</section>', page, re.S).group(0)
    assert "<svg" in heat and "石桥县水利局 2024：错误 2" in heat and "青禾县农业服务中心 2024：错误 1" in heat
    bars = re.search(r'<section class="chart" id="chart-rules">.*?</section>', page, re.S).group(0)
    assert re.search(r"<title>GRW001 [^<]*：2</title>", bars) and re.search(r"<title>SUM001 [^<]*：1</title>", bars)
    assert "http://" not in page and "https://" not in page  # nothing is fetched from the network


def test_filters_narrow_the_documents(archive):
    client, ids = archive["client"], archive["ids"]

    def listed(query: str) -> set[int]:
        return {
            int(i)
            for i in re.findall(r'<tr>\s*<td><a href="/doc/(\d+)"', client.get(f"/?{query}").get_data(as_text=True))
        }

    assert listed("rule=SUM001") == {ids["two"]}
    assert listed("severity=error") == {ids["one"], ids["two"]}
    assert listed("year=2023") == {ids["clean"]}
    assert listed("unit=石桥县水利局") == {ids["two"]}
    assert listed("status=dismiss") == set()
    assert listed("year=../../etc&severity=<b>") == set(ids.values())  # values it cannot hold are no filter


def test_a_decision_is_stored_as_jiaohe_review_stores_it_and_check_honours_it(archive):
    client, ids = archive["client"], archive["ids"]
    (fp,) = fingerprints(client, ids["one"])
    answer = client.post(
        f"/doc/{ids['one']}/decide",
        data={"csrf_token": token(client), "fingerprint": fp, "decision": "dismiss", "note": "已与单位核实，原文无误"},
    )
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/doc/{ids['one']}#decide-{fp}")
    assert decisions(archive["db"])[fp] == {"decision": "dismiss", "note": "已与单位核实，原文无误"}
    page = client.get(f"/doc/{ids['one']}").get_data(as_text=True)
    assert 'value="已与单位核实，原文无误"' in page and 'class="dismiss current"' in page
    assert re.findall(r'<td><a href="/doc/\d+">', client.get("/?status=dismiss").get_data(as_text=True))

    check = [sys.executable, "-m", "checker", "check", str(archive["files"]["one"]), "--format", "text"]
    assert subprocess.run(check, capture_output=True).returncode == 1
    assert subprocess.run([*check, "--db", str(archive["db"])], capture_output=True).returncode == 0


def test_csrf_rejects_a_forged_post(archive):
    client, ids = archive["client"], archive["ids"]
    (fp,) = fingerprints(client, ids["one"])
    form = {"fingerprint": fp, "decision": "dismiss", "note": "forged"}
    no_token = client.post(f"/doc/{ids['one']}/decide", data=form)
    other_session = archive["app"].test_client()
    stolen_elsewhere = other_session.post(f"/doc/{ids['one']}/decide", data={**form, "csrf_token": token(client)})
    made_up = client.post(f"/doc/{ids['one']}/decide", data={**form, "csrf_token": "x" * 40})
    for answer in (no_token, stolen_elsewhere, made_up):
        assert answer.status_code == 400 and TEXT["csrf"] in answer.get_data(as_text=True)
    upload = client.post("/upload", data={"report": (archive["files"]["one"].open("rb"), "a.txt")})
    assert upload.status_code == 400
    assert decisions(archive["db"]) == {}


def test_a_decision_must_belong_to_the_document_shown(archive):
    client, ids = archive["client"], archive["ids"]
    (fp,) = fingerprints(client, ids["one"])
    for doc, fingerprint, decision in (
        (ids["two"], fp, "dismiss"),
        (ids["one"], fp, "delete"),
        (ids["one"], fp[:6], "dismiss"),
    ):
        answer = client.post(
            f"/doc/{doc}/decide", data={"csrf_token": token(client), "fingerprint": fingerprint, "decision": decision}
        )
        assert answer.status_code == 400 and TEXT["bad_decision"] in answer.get_data(as_text=True)
    assert decisions(archive["db"]) == {}


def test_hostile_names_are_escaped_everywhere(archive):
    client = archive["client"]
    for url in ("/", f"/doc/{archive['ids']['clean']}", f"/?unit={HOSTILE_UNIT}"):
        page = client.get(url).get_data(as_text=True)
        assert "<img" not in page and 'onerror="' not in page
    overview = client.get("/").get_data(as_text=True)
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;县财政局" in overview  # list, filter, chart label


def test_no_url_reaches_a_file(archive):
    client = archive["client"]
    for url in (
        "/doc/../../etc/passwd",
        "/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/doc/1/..%2F..%2Fetc%2Fpasswd",
        "/static/../app.py",
    ):
        answer = client.get(url)
        assert answer.status_code == 404 and "root:" not in answer.get_data(as_text=True)
    assert client.get("/doc/999").status_code == 404


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("../../etc/cron.d/evil.txt", "evil.txt"),
        ("..\\..\\Windows\\报告.docx", "报告.docx"),
        ("C:\\Users\\审核\\2024年 决算（终稿）.PDF", "2024年_决算（终稿）.pdf"),
        ('<img src=x onerror="a()">.xlsx', "img_src_x_onerror_a().xlsx"),
        ("..txt", "report.txt"),
        ("/", None),
        ("报告.exe", None),
        ("报告.txt.sh", None),
    ],
)
def test_an_upload_never_chooses_its_path(sent, kept):
    assert upload_name(sent) == kept


def test_an_upload_is_checked_and_stored_under_the_servers_name(archive):
    client, uploads = archive["client"], archive["tmp"] / "uploads"
    report = final_accounts("云岭乡卫生院", growth="6.00%").encode("utf-8")
    answer = client.post(
        "/upload",
        data={"csrf_token": token(client), "report": (io.BytesIO(report), "../../<i onclick=x>云岭.txt")},
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "GRW001" in page and "云岭乡卫生院" in page
    (saved,) = uploads.rglob("*.txt")
    assert saved.parent.parent == uploads and saved.name == "i_onclick_x_云岭.txt"
    assert not list(archive["tmp"].parent.glob("*云岭*"))
    again = client.post("/upload", data={"csrf_token": token(client), "report": (io.BytesIO(report), "副本.txt")})
    assert again.headers["Location"] == answer.headers["Location"]  # the same content is the same document
    assert list(uploads.rglob("*.txt")) == [saved]
    word = client.get(answer.headers["Location"] + "/review.docx")
    assert (
        word.status_code == 200
        and word.data[:2] == b"PK"
        and "filename*=UTF-8''i_onclick_x_" in word.headers["Content-Disposition"]
    )


def test_bad_uploads_get_a_clear_message(archive):
    client = archive["client"]
    cases = [
        ({}, TEXT["no_file"], 400),
        ({"report": (io.BytesIO(b"MZ\x90\x00"), "tool.exe")}, TEXT["bad_suffix"], 400),
        ({"report": (io.BytesIO(b""), "empty.txt")}, TEXT["empty_file"], 400),
        (
            {"report": (io.BytesIO(b"PK\x03\x04 not really a zip"), "broken.docx")},
            TEXT["check_failed"].split("：")[0],
            422,
        ),
    ]
    for data, text, status in cases:
        answer = client.post("/upload", data={"csrf_token": token(client), **data})
        body = answer.get_data(as_text=True)
        assert answer.status_code == status and text in body and "Traceback" not in body
    assert not list((archive["tmp"] / "uploads").rglob("*"))  # a file that failed is not kept


def test_an_upload_over_the_limit_is_refused_before_it_is_read(tmp_path):
    app = create_app(tmp_path / "f.sqlite", uploads=tmp_path / "uploads", max_upload=4096)
    client = app.test_client()
    big = io.BytesIO(final_accounts("青禾县农业服务中心").encode("utf-8") * 200)
    answer = client.post("/upload", data={"csrf_token": token(client), "report": (big, "big.txt")})
    assert answer.status_code == 413 and TEXT["too_large"].format(mb=1) in answer.get_data(as_text=True)
    assert not (tmp_path / "uploads").exists()


def test_a_document_whose_file_is_gone_still_takes_decisions(archive):
    client, ids = archive["client"], archive["ids"]
    archive["files"]["two"].unlink()
    page = client.get(f"/doc/{ids['two']}").get_data(as_text=True)
    assert TEXT["missing_file"] in page and len(fingerprints(client, ids["two"])) == 2
    assert client.get(f"/doc/{ids['two']}/review.docx").status_code == 410


def test_downloads_word_and_excel(archive):
    client = archive["client"]
    excel = client.get("/export.xlsx")
    assert excel.status_code == 200 and excel.data[:2] == b"PK"
    assert "attachment" in excel.headers["Content-Disposition"]


def test_only_the_served_host_names_are_answered(archive):
    answer = archive["client"].get("/", headers={"Host": "attacker.example:8000"})
    assert answer.status_code == 400 and TEXT["bad_host"] in answer.get_data(as_text=True)
    assert archive["client"].get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_serve_refuses_a_file_that_is_no_database(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("这不是数据库" * 100, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "checker", "serve", "--db", str(bad), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "jiaohe: error:" in done.stderr and "Traceback" not in done.stderr


def test_check_does_not_load_the_web_stack(tmp_path):
    from test_lazy_imports import _loaded_by

    report = tmp_path / "r.txt"
    report.write_text(final_accounts("青禾县农业服务中心"), encoding="utf-8")
    loaded = _loaded_by(["check", str(report), "--format", "json", "--fail-on", "none"], tmp_path)
    assert "checker.commands.check" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("flask", "flask_wtf", "werkzeug", "waitress", "wtforms")}
    assert "checker.serve" not in loaded and "checker.serve.app" not in loaded
