"""Open a report page in headless Chromium (Debian's /usr/bin/chromium): the DOM after the page's
scripts ran (--dump-dom), a screenshot kept under build/test-artifacts/, and the console output."""
import os
import subprocess
import tempfile

import lxml.html

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = os.environ.get("PFNE_CHROMIUM", "/usr/bin/chromium")
SHOTS = os.path.join(ROOT, "build", "test-artifacts")
FLAGS = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"]


def _run(url, *args):
    """(stdout, stderr) of one Chromium run with a profile of its own."""
    if not os.access(CHROMIUM, os.X_OK):
        raise AssertionError("%s not found: install the Debian package chromium (bindep.txt, test only; "
                             "`make setup` installs it when run as root)" % CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="pfne-chromium-") as profile:
        cmd = [CHROMIUM] + FLAGS + (["--no-sandbox"] if os.geteuid() == 0 else []) + \
            ["--user-data-dir=%s" % profile] + list(args) + [url]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, (cmd, proc.stderr[-3000:])
    return proc.stdout, proc.stderr


def console_lines(stderr):
    """What the page wrote to the console or threw: Chromium logs both as CONSOLE lines."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def open_page(path, shot=None, fragment="", size=(1280, 1800)):
    """The page's DOM (lxml) after its scripts ran; a screenshot to build/test-artifacts/<shot> when named.
    Fails when the page logged anything to the console (our pages log nothing) or its script did not finish."""
    url = "file://%s%s" % (os.path.abspath(path), fragment)
    dom, stderr = _run(url, "--dump-dom")
    assert console_lines(stderr) == [], console_lines(stderr)
    doc = lxml.html.fromstring(dom)
    assert doc.get("data-report-ready") == "1", "the page's script did not run to its end"
    if shot:
        os.makedirs(SHOTS, exist_ok=True)
        target = os.path.join(SHOTS, shot)
        if os.path.exists(target):
            os.remove(target)
        _out, stderr = _run(url, "--screenshot=%s" % target, "--window-size=%d,%d" % size, "--hide-scrollbars")
        assert console_lines(stderr) == [], console_lines(stderr)
        with open(target, "rb") as handle:
            assert handle.read(8) == b"\x89PNG\r\n\x1a\n", target
    return doc


def text(node):
    return " ".join(node.text_content().split())


def visible_rows(doc, table_id):
    return [row for row in doc.xpath('//table[@id="%s"]/tbody/tr' % table_id) if row.get("hidden") is None]
