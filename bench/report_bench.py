"""Benchmark: report size and render time for a 2,000-AP WLC audit and a 10,000-packet ASA capture
(issue 27).

Synthetic data goes through the same code a run uses: the AP records carry serial numbers decoded by
plugin_utils/wlc/serial.py (the MIC expiry forecast) and verdicts in the proportions of a fleet hit by
FN63942; the capture is `show capture` text (ICMP and TCP, one flow and fifty flows, 2 % of the SYNs
also in an asp-drop capture) parsed by plugin_utils/asa/parse.py. For each: the writer's time
(model, masking, Jinja2 rendering, both files written; best of --runs), the HTML and JSON sizes, and
the time headless Chromium takes to load the page, run its script and print the DOM (--dump-dom),
less the same for an empty page (Chromium's own start-up), best of --runs.

    .venv/bin/python bench/report_bench.py [--aps 2000] [--packets 10000] [--runs 3]
"""
import argparse
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, ".collections"))
sys.path.insert(0, ROOT)

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import (  # noqa: E402
    capture_flows, parse_asa_capture)
from ansible_collections.pfne.netops.plugins.plugin_utils.common import report  # noqa: E402
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.serial import try_decode_serial  # noqa: E402
from tests.integration.report_browser import _run  # noqa: E402

VERDICTS = ["ok"] * 90 + ["ap-mic-expired"] * 6 + ["controller-cert-expired", "image-signing-expired",
                                                    "unknown", "not-certificate"]


def audit(count):
    aps = []
    for i in range(count):
        serial = "FGL%02d%02d%04X" % (5 + i % 17, 1 + (i * 7) % 52, i)
        info, _err = try_decode_serial(serial)
        verdict = VERDICTS[i % len(VERDICTS)]
        aps.append({"name": "AP-FLOOR%02d-%04d" % (i % 40, i), "model": "AIR-CAP3702I-E-K9", "serial": serial,
                    "mac": "00:3a:99:%02x:%02x:%02x" % (i >> 16 & 255, i >> 8 & 255, i & 255),
                    "verdict": verdict, "actual_expiry": None, "forecast_expiry": info and info["mic_expires"],
                    "join_state": "joined" if verdict == "ok" else "not_joined", "days_left": None,
                    "verdict_reason": "synthetic", "action": "none" if verdict == "ok" else "allow expired AP MICs"})
    summary = dict((v, sum(1 for a in aps if a["verdict"] == v)) for v in set(VERDICTS))
    return {"audit": {"controller": "wlc-bench", "platform": "aireos", "version": "8.5.182.0",
                      "as_of": "2026-12-07", "warn_days": 90, "aps": aps,
                      "summary": dict(summary, blocked_by_verdict={}), "wlc_certificates": [],
                      "decision": {"fix_needed": True, "reasons": ["synthetic"]}}}


def capture(packets, flows):
    lines, drops = [], []
    for i in range(packets):
        flow = i % flows
        stamp = "10:%02d:%02d.%06d" % (i // 60000 % 60, i // 1000 % 60, i % 1000 * 1000)
        host, peer = "10.20.%d.%d" % (flow // 250, flow % 250 + 1), "192.0.2.%d" % (flow % 250 + 1)
        if flow % 2:
            lines.append("%6d: %s       %s > %s: icmp: echo %s" % (i + 1, stamp, *((host, peer, "request") if i % 2 == 0
                                                                                 else (peer, host, "reply"))))
        else:
            syn = "%s.40%03d > %s.443: S 1:1(0) win 4128 <mss 1460>" % (host, flow, peer)
            lines.append("%6d: %s       %s" % (i + 1, stamp, syn))
            if i % 50 == 0:
                drops.append("%6d: %s       %s Drop-reason: (acl-drop) Flow is denied by configured rule"
                             % (len(drops) + 1, stamp, syn))
    parsed = parse_asa_capture("\n%d packets captured\n\n%s\n%d packets shown\n" % (packets, "\n".join(lines), packets))
    asp = parse_asa_capture("\n%d packets captured\n\n%s\n" % (len(drops), "\n".join(drops)))["packets"]
    return {"capture_name": "BENCH", "interface": "inside", "parsed": parsed, "flows": capture_flows(parsed["packets"]),
            "asp_drops": asp, "verdict": "one-way", "summary": "synthetic", "files": []}


def best(runs, func):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - start)
    return min(times), out


def measure(label, kind, data, work, runs, blank):
    writer, out = best(runs, lambda: report.write(kind, data, work, label, ["bench"]))
    page = best(runs, lambda: _run("file://" + out["report"], "--dump-dom"))[0]
    html, js = os.path.getsize(out["report"]), os.path.getsize(out["json"])
    print("%-34s writer %6.3f s   HTML %8.1f KiB   JSON %8.1f KiB   Chromium load+script %6.3f s (%.3f s less "
          "an empty page)" % (label, writer, html / 1024.0, js / 1024.0, page, max(page - blank, 0.0)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aps", type=int, default=2000)
    parser.add_argument("--packets", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pfne-report-bench-") as work:
        empty = os.path.join(work, "empty.html")
        with open(empty, "w") as handle:
            handle.write("<!DOCTYPE html><html><body></body></html>")
        blank = best(args.runs, lambda: _run("file://" + empty, "--dump-dom"))[0]
        print("Chromium, empty page: %.3f s (start-up, subtracted below)" % blank)
        measure("wlc-audit-%d-aps" % args.aps, "wlc_audit", audit(args.aps), work, args.runs, blank)
        for flows in (1, 50):
            measure("capture-%d-packets-%d-flows" % (args.packets, flows), "asa_capture",
                    capture(args.packets, flows), work, args.runs, blank)


if __name__ == "__main__":
    main()
