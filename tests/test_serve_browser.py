"""`jiaohe serve` in a real browser: the command serves a database, a reviewer dismisses a finding
with a note, the decision survives a reload and `jiaohe check --db` honours it, and an uploaded
report is checked and shown. The document page's screenshot is the README's picture
(JIAOHE_UPDATE_SCREENSHOTS=1 rewrites tests/screenshots/serve-review.png)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from _report_samples import chromium_page
from _serve_samples import final_accounts, stored
from checker.batch import store

SCREENSHOT = Path(__file__).parent / "screenshots" / "serve-review.png"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def served(tmp_path):
    """`jiaohe serve` on a free port over a database holding one report with one error."""
    report = tmp_path / "qinghe-juesuan-2024.txt"
    report.write_text(final_accounts("青禾县农业服务中心", growth="5.00%"), encoding="utf-8")
    db = tmp_path / "findings.sqlite"
    conn = store.connect(db)
    stored(conn, report)
    conn.close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"jiaohe serve did not start: {server.stdout.read().decode(errors='replace')}")
                time.sleep(0.3)
        yield {"url": url, "db": db, "report": report, "tmp": tmp_path}
    finally:
        server.terminate()
        server.wait(timeout=30)


def check(report: Path, *extra: str) -> int:
    command = [sys.executable, "-m", "checker", "check", str(report), "--format", "text", *extra]
    return subprocess.run(command, capture_output=True).returncode


def test_review_in_the_browser(served):
    with chromium_page() as (page, problems):
        page.set_viewport_size({"width": 1400, "height": 820})
        page.goto(served["url"])
        assert page.locator("#chart-errors svg rect").count() == 1
        page.click("#documents a")
        note = page.locator(".note").filter(has_text="GRW001")
        assert note.count() == 1
        note.locator("input[name=note]").fill("已与单位核实：上年数含追加预算，增幅按调整后口径计算")
        note.locator("button.dismiss").click()
        page.wait_for_load_state()

        page.goto(page.url.split("#")[0])  # a reload, at the top of the page for the screenshot
        note = page.locator(".note").filter(has_text="GRW001")
        assert note.locator("button.dismiss").get_attribute("class") == "dismiss current"
        assert note.locator("input[name=note]").input_value().startswith("已与单位核实")
        assert "驳回" in note.locator(".decision").inner_text()
        shot = SCREENSHOT if os.environ.get("JIAOHE_UPDATE_SCREENSHOTS") == "1" else served["tmp"] / "serve-review.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))

        assert check(served["report"]) == 1
        assert check(served["report"], "--db", str(served["db"])) == 0  # the only error was dismissed

        upload = served["tmp"] / "shiqiao-juesuan-2024.txt"
        upload.write_text(final_accounts("石桥县水利局", growth="5.00%", project="170.00"), encoding="utf-8")
        page.goto(served["url"])
        page.set_input_files("input[name=report]", str(upload))
        page.click("form[action='/upload'] button[type=submit]")
        page.wait_for_selector("#finding-list", timeout=120_000)
        listed = page.inner_text("#finding-list")
        assert "GRW001" in listed and "SUM001" in listed
        assert "石桥县水利局" in page.inner_text("header h1")
        page.goto(served["url"])
        assert page.locator("#documents a").count() == 2
        assert problems == []
