"""Issue 27: the report pages of lab runs, opened in headless Chromium.

Each role runs against the device lab as a user runs it; the page it wrote is opened in the browser
(DOM after the page's script ran, one screenshot per report kept in build/test-artifacts/, no console
output), and what the page shows is compared with what the run returned (the audit, the capture
result) and with what the lab was built to do (which APs have an expired MIC, which flow the ASA drops,
which tunnel's ends disagree)."""
import json
import os
import re

import pytest
import yaml

from lab.devices import wlc_fleet
from tests.integration.report_browser import open_page, text, visible_rows
from tests.integration.test_asa_capture import _env, _play

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WLC = "wlc-aireos"
ASA = "edge-asa"


def _task(run, name, host):
    for task_name, h, res in run.tasks(host):
        if task_name.split(" : ")[-1] == name:
            return res
    raise KeyError("%s on %s not in %r" % (name, host, run))


def _link_targets(doc):
    return [n.get("src") or n.get("href") for n in doc.xpath("//*[@src or @href]")]


@pytest.fixture(scope="module")
def wlc_run(lab, tmp_path_factory):
    lab.control.reset(WLC)
    arts = tmp_path_factory.mktemp("wlc_report")
    # what an operator's asset list knows of the APs that never joined (name, serial, model), as in test_wlc_mic
    fleet = wlc_fleet.Fleet("AP-%s-" % WLC.upper(), 300, 4, 3)
    known = [{"name": ap.name, "serial": ap.serial, "model": ap.model} for ap in fleet.aps if not fleet.joined(ap, False)]
    known.append({"name": "ap-lobby", "serial": "FGL1540A0AB", "model": "AIR-CAP3702I-A-K9"})
    run = lab.playbook(os.path.join(ROOT, "playbooks", "wlc_mic_ignore.yml"), limit=WLC,
                       extra_vars={"pfne_artifacts_dir": str(arts), "wlc_mic_ignore_verify_delay": 1,
                                   "wlc_mic_ignore_known_aps": known})
    assert run.rc == 0, run
    return run, arts


def test_wlc_audit_page(wlc_run):
    run, arts = wlc_run
    audit = _task(run, "Audit APs, join state and certificates", WLC)["audit"]
    page = _task(run, "Write the audit report page (verdicts, MIC expiry by month, AP table, what was changed)", WLC)
    assert page["report"] == str(arts / "wlc_mic" / ("%s-mic-audit-report.html" % WLC))
    doc = open_page(page["report"], "wlc_audit.png")
    # counts per verdict, as the audit counted them
    cards = dict((c.get("data-verdict"), int(c.xpath('./div[@class="n"]')[0].text)) for c in
                 doc.xpath('//div[@id="verdict-counts"]/div'))
    assert cards == dict((v, audit["summary"][v]) for v in cards) and len(cards) == 7
    assert cards["ap-mic-expired"] > 0 and cards["ok"] > 0
    # a known AP: the lab built the fleet with expired-MIC APs; the first of them is in the table as such
    fleet = wlc_fleet.Fleet("AP-%s-" % WLC.upper(), 300, 4, 3)
    known = [ap for ap in fleet.aps if not fleet.joined(ap, False)][0]
    (row,) = doc.xpath('//table[@id="aps"]/tbody/tr[@data-ap="%s"]' % known.name)
    cells = [text(td) for td in row.xpath("./td")]
    rec = [r for r in audit["aps"] if r["name"] == known.name][0]
    assert cells[:4] == [known.name, rec["model"], known.serial, "ap-mic-expired"]
    assert cells[4].startswith((rec["actual_expiry"] or rec["forecast_expiry"])[:10])
    assert "cert-expiry-ignore mic enable" in cells[6]
    assert len(doc.xpath('//table[@id="aps"]/tbody/tr')) == audit["summary"]["total"]
    # the timeline has a bar per month holding an expiry date, past months red
    bars = doc.xpath('//svg[@id="timeline"]/*[local-name()="rect"]')
    assert bars and any("past" in b.get("class") for b in bars)
    assert sum(int(re.search(r": (\d+) AP", text(b)).group(1)) for b in bars) == len(
        [r for r in audit["aps"] if r["actual_expiry"] or r["forecast_expiry"]])
    # what was changed: the allowance the run sent
    assert text(doc.xpath('//p[@id="change"]')[0]).startswith("changed")
    assert "config ap cert-expiry-ignore mic enable" in text(doc.xpath("//pre")[0])
    # when, against what, which version; self-contained
    meta = text(doc.xpath('//p[@class="meta"]')[0])
    version = yaml.safe_load(open(os.path.join(ROOT, "galaxy.yml")))["version"]
    assert re.search(r"Written \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta) and WLC in meta and version in meta
    assert _link_targets(doc) == []


def test_wlc_audit_page_filter_and_sort(wlc_run):
    run, arts = wlc_run
    audit = _task(run, "Audit APs, join state and certificates", WLC)["audit"]
    path = str(arts / "wlc_mic" / ("%s-mic-audit-report.html" % WLC))
    doc = open_page(path, fragment="#filter=ap-mic-expired&sort=1")
    rows = visible_rows(doc, "aps")
    assert len(rows) == audit["summary"]["ap-mic-expired"]
    assert all(text(r.xpath("./td")[3]) == "ap-mic-expired" for r in rows)
    assert doc.xpath('//span[@id="aps-shown"]')[0].text == str(len(rows))
    names = [text(r.xpath("./td")[0]) for r in doc.xpath('//table[@id="aps"]/tbody/tr')]
    assert names == sorted(names, key=str.lower) and names != [r["name"] for r in audit["aps"]]


def test_asa_capture_page(lab, fresh, tmp_path):
    fresh(ASA)
    tasks = "    - name: Capture with the role\n      ansible.builtin.include_role:\n        name: pfne.netops.asa_capture\n"
    run = lab.playbook(_play(tmp_path, tasks), limit=ASA, env=_env(tmp_path), extra_vars={
        "pfne_artifacts_dir": str(tmp_path / "arts"), "asa_capture_name": "PATH", "asa_capture_interface": "inside",
        "asa_capture_egress_interface": "outside", "asa_capture_matches": [{"host": "10.20.1.10", "peer": "any"}],
        "asa_capture_stop_packets": 9, "asa_capture_stop_seconds": 15, "asa_capture_poll_interval": 1,
        "asa_capture_expect_bidirectional": False})
    assert run.rc == 0, run
    result = _task(run, "Run, collect and remove the capture", ASA)
    page = _task(run, "Write the capture report (ladder diagram per flow, drops marked, link to the pcap)", ASA)
    doc = open_page(page["report"], "asa_capture.png")
    flows = dict((f.get("data-flow"), f) for f in doc.xpath('//section[@class="flow"]'))
    ping = flows["icmp 10.20.1.10 <-> 192.0.2.10"]
    (icmp,) = [f for f in result["flows"] if f["protocol"] == "icmp"]
    arrows = ping.xpath('.//*[local-name()="g"][contains(@class, "arrow")]')
    forward = [a for a in arrows if a.get("data-direction") == "forward"]
    reverse = [a for a in arrows if a.get("data-direction") == "reverse"]
    assert len(forward) == icmp["packets_forward"] > 0 and len(reverse) == icmp["packets_reverse"] > 0
    assert all("echo request" in text(a) for a in forward) and all("echo reply" in text(a) for a in reverse)
    assert "both ways" in text(ping.xpath("./h2")[0])
    # the SYNs the outside ACL denies: ONE WAY, each drop of the asp-drop capture marked with its reason
    (syn,) = [f for label, f in flows.items() if label.startswith("tcp 10.20.1.10:")]
    assert "ONE WAY" in text(syn.xpath("./h2")[0])
    dropped = syn.xpath('.//*[local-name()="g"][@data-dropped="1"]')
    assert len(dropped) == len(result["asp_drops"]) > 0
    assert all("dropped (acl-drop) Flow is denied by configured rule" in text(d) for d in dropped)
    assert "last seen dropped by the ASA after ingress (inside)" in text(syn)
    # the pcap links are relative and lead to the files the run wrote
    links = [a.get("href") for a in doc.xpath("//a[@href]")]
    pcaps = sorted(f for f in result["files"] if f.endswith(".pcap"))
    assert sorted(os.path.normpath(os.path.join(os.path.dirname(page["report"]), h)) for h in links) == pcaps
    assert not any(h.startswith(("/", "http:", "https:", "file:")) for h in links)
    with open(page["json"]) as handle:
        assert json.load(handle)["capture"] == result["capture_name"]


def test_ipsec_page_with_a_failed_tunnel(lab, fresh, tmp_path):
    from tests.integration.test_ipsec_site import FAST_VERIFY, HOSTS, PLAYBOOK, PSKS, TUNNELS, _extra_inventory
    fresh(*HOSTS)
    bad = "lab-only-psk-branch64-REPORT"
    tunnels = [dict(t, psk=bad) if t["name"] == "hq-branch64" else dict(t) for t in TUNNELS]
    inv = _extra_inventory(tmp_path, "mismatch.yml", {"routeros": {"branch-ros64": {"pfne_ipsec_tunnels": tunnels}}})
    run = lab.playbook(PLAYBOOK, "-i", inv, extra_vars=dict(FAST_VERIFY, pfne_artifacts_dir=str(tmp_path / "arts")))
    assert run.rc == 2, run                       # the failed tunnel still fails the run, after the report
    path = tmp_path / "arts" / "ipsec" / "ipsec-site-report.html"
    doc = open_page(str(path), "ipsec.png")
    tunnels_shown = dict((s.get("data-tunnel"), s) for s in doc.xpath('//section[@class="tunnel"]'))
    assert sorted(tunnels_shown) == sorted(t["name"] for t in TUNNELS)
    for name, section in tunnels_shown.items():
        ends = [e.get("data-host") for e in section.xpath('.//div[@class="end"]')]
        assert len(ends) == 2 and "hq-rtr" in ends, (name, ends)        # both ends side by side
        if name != "hq-branch64":
            assert "up" == text(section.xpath("./h2/span")[0])
            assert "packets encrypted" in text(section)
    failed = tunnels_shown["hq-branch64"]
    assert text(failed.xpath("./h2/span")[0]) == "NOT UP"
    cause = text(failed.xpath('./p[@class="cause"]')[0])
    assert "definitions differ in: psk" in cause and "Side: both ends (definitions)" in cause
    ios_end = failed.xpath('.//div[@data-host="hq-rtr"]')[0]
    assert "MM_KEY_EXCH" in text(ios_end)
    page_text = path.read_text() + (tmp_path / "arts" / "ipsec" / "ipsec-site-report.json").read_text()
    assert not [s for s in PSKS + [bad] if s in page_text]


def test_text_format_prints_the_report(lab, fresh, tmp_path):
    """pfne_report_format: text (the terminal fallback): a .txt file and the same lines in the run's output."""
    fresh(ASA)
    tasks = "    - name: Capture with the role\n      ansible.builtin.include_role:\n        name: pfne.netops.asa_capture\n"
    run = lab.playbook(_play(tmp_path, tasks), limit=ASA, env=_env(tmp_path), extra_vars={
        "pfne_artifacts_dir": str(tmp_path / "arts"), "pfne_report_format": "text",
        "asa_capture_matches": [{"host": "10.20.1.10", "peer": "192.0.2.10", "protocol": "icmp"}],
        "asa_capture_stop_packets": 4, "asa_capture_stop_seconds": 15, "asa_capture_poll_interval": 1})
    assert run.rc == 0, run
    page = _task(run, "Write the capture report (ladder diagram per flow, drops marked, link to the pcap)", ASA)
    assert page["report"].endswith("-report.txt") and not os.path.exists(page["report"][:-4] + ".html")
    printed = _task(run, "The capture report as text", ASA)["msg"]
    with open(page["report"]) as handle:
        assert printed == handle.read().splitlines()
    (flow,) = [re.match(r"^icmp 10\.20\.1\.10 <-> 192\.0\.2\.10: both ways \((\d+) forward, (\d+) reverse\)$", line)
               for line in printed if line.startswith("icmp ")]
    forward = int(flow.group(1))
    assert forward >= 2 and int(flow.group(2)) == forward            # each echo request answered
    arrows = [line.split()[0] for line in printed if line.startswith(("  -> ", "  <- "))]
    assert arrows == ["->", "<-"] * forward                        # request, reply, in time order
    summary = _task(run, "Record this run for the end-of-run summary", ASA)["ansible_facts"]["pfne_run_summary"]
    assert summary["asa_capture"]["files"][-2:] == page["files"]
