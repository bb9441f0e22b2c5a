"""The report writer (plugins/plugin_utils/common/report.py): escaping, masking, self-contained pages,
files and modes, the text fallback, and the chart geometry the templates draw."""
import datetime
import json
import os
import re
import stat
from html.parser import HTMLParser

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import capture_flows, parse_asa_capture
from ansible_collections.pfne.netops.plugins.plugin_utils.common import report, report_svg
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import MASK

NOW = datetime.datetime(2026, 12, 7, 4, 30, tzinfo=datetime.timezone.utc)
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">" onmouseover="alert(3)'
SECRET = "Sup3r-s3cret-PSK"


class Page(HTMLParser):
    """Every element (tag, attributes) of a page, and the cell texts of each AP table row (stdlib only)."""

    def __init__(self, text):
        HTMLParser.__init__(self, convert_charrefs=True)
        self.tags, self.rows, self.cell = [], [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "tr" and "data-ap" in attrs:
            self.rows.append((attrs["data-ap"], []))
        elif tag == "td" and self.rows:
            self.cell = self.rows[-1][1]
            self.cell.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[-1] += data

    def find(self, tag=None, attr=None):
        return [a for t, a in self.tags if (tag is None or t == tag) and (attr is None or attr in a)]


def _ap(name, verdict="ok", serial="FGL1540A0AB", actual=None, forecast="2021-10-01", reason="", join="joined"):
    return {"name": name, "model": "AIR-CAP3702I-A-K9", "serial": serial, "mac": "00:11:22:33:44:55",
            "verdict": verdict, "actual_expiry": actual, "forecast_expiry": forecast, "join_state": join,
            "days_left": None, "verdict_reason": reason, "action": "none", "blocked": join != "joined"}


def _audit(aps):
    summary = dict((v, sum(1 for a in aps if a["verdict"] == v)) for v in report.report_wlc.VERDICT_ORDER)
    summary["blocked_by_verdict"] = {}
    return {"controller": "wlc1", "platform": "aireos", "version": "8.5.182.0", "as_of": "2026-12-07",
            "warn_days": 90, "summary": summary, "aps": aps, "decision": {"fix_needed": False, "reasons": []},
            "wlc_certificates": [{"name": "Cisco SHA2 device cert", "valid_from": "2016-01-01",
                                  "valid_to": "2026-01-01", "state": "expired"}]}


CAPTURE = """
4 packets captured

   1: 09:41:12.535281       10.20.1.10 > 192.0.2.10: icmp: echo request
   2: 09:41:12.536281       192.0.2.10 > 10.20.1.10: icmp: echo reply
   3: 09:41:13.100000       10.20.1.10.51000 > 198.51.100.25.443: S 2669456341:2669456341(0) win 4128 <mss 536>
   4: 09:41:13.200000       10.20.1.10.51000 > 198.51.100.25.443: P 1:101(100) ack 1 win 4128
4 packets shown
"""
DROP = """
1 packet captured

   1: 09:41:13.100001       10.20.1.10.51000 > 198.51.100.25.443: S 2669456341:2669456341(0) win 4128 <mss 536> \
Drop-reason: (acl-drop) Flow is denied by configured rule, Drop-location: frame 0x1 flow (NA)/NA
1 packet shown
"""


def _capture(tmp_path):
    parsed = parse_asa_capture(CAPTURE)
    return {"capture_name": "CAP", "interface": "inside", "parsed": parsed, "flows": capture_flows(parsed["packets"]),
            "asp_drops": parse_asa_capture(DROP)["packets"], "verdict": "one-way", "summary": "summary",
            "files": [str(tmp_path / "caps" / "fw_CAP.json"), str(tmp_path / "caps" / "fw_CAP.pcap")]}


def _ipsec(mismatch=None, ios_up=True):
    up = {"up": True, "phase1": "established", "phase2": True, "reason": "established", "installed_sa": 2}
    ios = {"up": ios_up, "phase1": "QM_IDLE" if ios_up else "MM_KEY_EXCH", "phase2": ios_up,
           "reason": "established" if ios_up else "ISAKMP SA with 203.0.113.3 is MM_KEY_EXCH: phase 1 failed",
           "pkts_encaps": 10, "pkts_decaps": 9}
    return {"ends": [{"host": "ros1", "site": "b", "platform": "routeros", "tunnels": [{"name": "t1", "state": up}],
                      "mismatch": mismatch or {}},
                     {"host": "rtr1", "site": "a", "platform": "ios", "tunnels": [{"name": "t1", "state": ios}]}]}


def _write(tmp_path, kind, data, fmt="html", secrets=()):
    return report.write(kind, data, str(tmp_path / "out"), "r", ["h1"], fmt=fmt, secrets=secrets, now=NOW)


def test_hostile_ap_names_are_text_not_markup(tmp_path):
    out = _write(tmp_path, "wlc_audit", {"audit": _audit([_ap(HOSTILE, "ap-mic-expired", reason=HOSTILE)])})
    page = open(out["report"]).read()
    doc = Page(page)
    assert doc.find("img") == [] and len(doc.find("script")) == 1          # only the page's own script
    assert not doc.find(attr="onerror") and not doc.find(attr="onmouseover")
    (row,) = doc.rows
    assert row[0] == HOSTILE and row[1][0] == HOSTILE
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_every_secret_is_masked_in_the_page_and_the_json(tmp_path):
    aps = [_ap("ap-" + SECRET, "unknown", reason="log line with key " + SECRET, join="not_joined")]
    for kind, data in (("wlc_audit", {"audit": _audit(aps), "change": {"commands": ["key " + SECRET], "changed": True}}),
                       ("asa_capture", dict(_capture(tmp_path), summary="psk " + SECRET)),
                       ("ipsec", _ipsec({"t1": [SECRET]}, ios_up=False))):
        for fmt in ("html", "text"):
            out = _write(tmp_path, kind, data, fmt, secrets=[SECRET, ""])
            for path in out["files"]:
                body = open(path).read()
                assert SECRET not in body and MASK in body, (kind, fmt, path)


def test_pages_are_self_contained(tmp_path):
    for kind, data in (("wlc_audit", {"audit": _audit([_ap("a1")])}), ("asa_capture", _capture(tmp_path)),
                       ("ipsec", _ipsec())):
        page = open(_write(tmp_path, kind, data)["report"]).read()
        doc = Page(page)
        refs = [a.get("src") or a.get("href") for a in doc.find(attr="src") + doc.find(attr="href")]
        assert not [r for r in refs if re.match(r"^(https?:)?//|^file:|^/", r)], (kind, refs)
        assert not re.search(r"https?://", page), kind
        assert doc.find("link") == [] and doc.find("script", "src") == [] and doc.find("style")
        assert "pfne.netops %s" % report.collection_version() in page and "Written 2026-12-07T04:30:00Z" in page


def test_files_are_private_and_the_json_is_what_was_drawn(tmp_path):
    out = _write(tmp_path, "asa_capture", _capture(tmp_path))
    assert out["files"] == [str(tmp_path / "out" / "r.html"), str(tmp_path / "out" / "r.json")]
    for path in out["files"]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(tmp_path / "out")).st_mode) == 0o700
    model = json.load(open(out["json"]))
    assert model["hosts"] == ["h1"] and model["kind"] == "asa_capture" and model["generated_utc"] == "2026-12-07T04:30:00Z"
    # the pcap link is relative to the page
    assert model["pcaps"] == [{"name": "fw_CAP.pcap", "href": "../caps/fw_CAP.pcap"}]


def test_capture_ladder_arrows_both_ways_and_the_drop(tmp_path):
    model = json.load(open(_write(tmp_path, "asa_capture", _capture(tmp_path))["json"]))
    icmp, tcp = model["flows"]
    arrows = icmp["ladder"]["arrows"]
    assert [(a["forward"], a["label"]) for a in arrows] == [(True, "09:41:12.535281  echo request"),
                                                            (False, "09:41:12.536281  echo reply")]
    assert arrows[0]["x1"] < arrows[0]["x2"] and arrows[1]["x1"] > arrows[1]["x2"]
    labels = [(a["label"], a["dropped"], a["reason"]) for a in tcp["ladder"]["arrows"]]
    assert labels == [("09:41:13.100000  S  len 0", False, ""),
                      ("09:41:13.100001  S  len 0", True, "(acl-drop) Flow is denied by configured rule"),
                      ("09:41:13.200000  P  len 100", False, "")]
    assert tcp["ladder"]["arrows"][1]["x2"] == tcp["ladder"]["mid_x"]      # a drop stops at the ASA


def test_capture_ladder_draws_at_most_the_limit(tmp_path):
    lines = "".join("   %d: 10:00:%02d.000000       10.0.0.1 > 10.0.0.2: icmp: echo request\n" % (i + 1, i)
                    for i in range(12))
    parsed = parse_asa_capture("\n12 packets captured\n\n" + lines)
    data = {"capture_name": "C", "parsed": parsed, "flows": capture_flows(parsed["packets"])}
    model = report.build("asa_capture", data, ["fw"], now=NOW)
    assert model["flows"][0]["rows"] == 12 and len(model["flows"][0]["ladder"]["arrows"]) == 12
    small = report.report_capture.model(data, limit=5)
    assert small["flows"][0]["drawn"] == 5 and len(small["flows"][0]["ladder"]["arrows"]) == 5


def test_text_format_says_the_same_as_the_page(tmp_path):
    aps = [_ap("ap-old", "ap-mic-expired", join="not_joined"), _ap("ap-new", forecast="2030-02-01")]
    out = _write(tmp_path, "wlc_audit", {"audit": _audit(aps)}, fmt="text")
    assert out["report"].endswith("r.txt") and out["text"] == open(out["report"]).read().splitlines()
    text = "\n".join(out["text"])
    assert re.search(r"^  ap-mic-expired +1  \(0 not joined\)$", text, re.M)
    assert "  ap-old | AIR-CAP3702I-A-K9 | FGL1540A0AB | ap-mic-expired | 2021-10-01 (serial forecast) | not_joined" in text
    assert "  2021-10 " in text and "ended" in text and "  2030-02 " in text
    assert "<" not in text                                   # no markup in the text form


def test_ipsec_cause_and_side():
    one = report.build("ipsec", _ipsec(ios_up=False), ["ros1", "rtr1"], now=NOW)["tunnels"][0]
    assert [e["host"] for e in one["ends"]] == ["ros1", "rtr1"] and not one["up"]
    assert one["side"] == "rtr1" and "MM_KEY_EXCH" in one["cause"]
    both = report.build("ipsec", _ipsec({"t1": ["psk"]}, ios_up=False), [], now=NOW)["tunnels"][0]
    assert both["cause"] == "the two ends' definitions differ in: psk" and both["side"] == "both ends (definitions)"
    up = report.build("ipsec", _ipsec(), [], now=NOW)["tunnels"][0]
    assert up["up"] and up["cause"] == "" and [c["name"] for c in up["ends"][1]["counters"]] == [
        "packets encrypted", "packets decrypted"]


def test_month_bars():
    chart = report_svg.month_bars(["2021-10-01", "2021-10-20", "2021-12-03", None, "2027-01-01"], "2026-12-07")
    assert [(b["month"], b["count"], b["past"]) for b in chart["bars"]] == [
        ("2021-10", 2, True), ("2021-12", 1, True), ("2027-01", 1, False)]
    assert chart["max"] == 2 and chart["bars"][0]["h"] == 2 * chart["bars"][1]["h"]
    assert [t["label"] for t in chart["ticks"]] == ["2021-10", "2022", "2023", "2024", "2025", "2026", "2027"]
    assert chart["bars"][0]["x"] < chart["now_x"] < chart["bars"][2]["x"]
    assert report_svg.month_bars([], "2026-12-07")["bars"] == []


@pytest.mark.parametrize("args, field", [
    (("nope", {}), "kind"), (("ipsec", []), "data"), (("wlc_audit", {"audit": {}}), "data.audit"),
    (("ipsec", {"ends": "x"}), "data.ends"), (("asa_capture", {"flows": []}), "data"),
])
def test_bad_input_names_the_field(tmp_path, args, field):
    with pytest.raises(report.ReportError, match=r"^%s" % re.escape(field)):
        report.write(args[0], args[1], str(tmp_path), "r", [])
    assert os.listdir(str(tmp_path)) == []


def test_bad_name_or_format_writes_nothing(tmp_path):
    with pytest.raises(report.ReportError, match="^name:"):
        report.write("ipsec", _ipsec(), str(tmp_path), "../up", [])
    with pytest.raises(report.ReportError, match="^format:"):
        report.write("ipsec", _ipsec(), str(tmp_path), "r", [], fmt="pdf")
    assert os.listdir(str(tmp_path)) == []


def test_collection_version_from_manifest_then_galaxy(tmp_path):
    (tmp_path / "galaxy.yml").write_text("namespace: pfne\nversion: 1.2.3  # comment\n")
    assert report.collection_version(str(tmp_path)) == "1.2.3"
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"collection_info": {"version": "9.8.7"}}))
    assert report.collection_version(str(tmp_path)) == "9.8.7"
    assert report.collection_version(str(tmp_path / "none")) == "unknown"


def test_frame_length_labels_packets_without_a_printed_length(tmp_path):
    data = _capture(tmp_path)
    data["parsed"]["packets"][0]["frame_length"] = 98        # as the action returns a packet read with `dump`
    data["parsed"]["packets"][1]["hex"] = "00" * 60           # bytes not yet stripped
    model = report.build("asa_capture", data, [], now=NOW)
    labels = [a["label"] for a in model["flows"][0]["ladder"]["arrows"]]
    assert labels == ["09:41:12.535281  echo request  frame 98 B", "09:41:12.536281  echo reply  frame 60 B"]
