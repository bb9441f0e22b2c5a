"""playbooks/wlc_mic_ignore.yml against a mixed lab fleet through the real network_cli stack
(pfne.netops.aireos cliconf/terminal, cisco.ios): one lab, one check-mode run, one fix run, one
second run, one revert, assertions shared.

The fleet (lab/devices/wlc_fleet.py), each case in the formats of its public source:
  wlc-aireos (8.5.182.0, 40 APs): 4 APs with an expired 10-year MIC (FN63942 write-up), its SHA-2 device
    certificate expired (community.cisco.com 5344216) with 2 AP-COS APs rejecting it (CSCvb93909),
    `show run-config` stopping at "Press Enter to continue...", and four lab AP devices:
    ap-lobby (own MIC expired 2021), ap-ctl (rejects the controller's certificate, 5353677),
    ap-fn (FN72524 image-signing loop) reached through a console server, and ap-dark (expired MIC,
    SSH off and no console server: the audit goes on without it).
  wlc-9800 (40 APs): 4 expired-MIC APs and 2 IOS APs in the FN72524 download loop (Image-Download).
  wlc-9800-b: no expired MIC, its management trustpoint certificate expired with an AP-COS AP
    rejecting it, and one FN72524 AP: nothing for the trustpool map to fix, nothing sent.
  wlc-aireos-70 (7.0.252.0): lifetime-check; wlc-aireos-74 (7.4.121.0): neither command, refused.
"""
import copy
import json
import os

import pytest
import yaml

from lab.devices import wlc_fleet
from tests.integration.labrun import INVENTORY, RunningLab

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "wlc_mic_ignore.yml")
FIX_TASK = "Allow or stop allowing expired AP certificates (reads the state first)"
AUDIT_TASK = "Audit APs, join state and certificates"
VERIFY_TASK = "Re-audit until the APs the allowance fixes joined"
AP_DEVICES = {  # name -> (serial, case, console server)
    "ap-lobby": ("FGL1540A0AB", "mic", True),        # built 2011: MIC ended 2021
    "ap-ctl": ("FGL2218A0CC", "controller_cert", True),
    "ap-fn": ("FGL2219A0FN", "fn72524", True),
    "ap-dark": ("FTX1240A0DK", "mic", False),         # built 2012: MIC ended 2022
}
SMALL = {"lab_ap_count": 20, "lab_ap_expired": 2, "lab_ap_expiring": 0}


def _asset_list(host, spec):
    """What an operator's asset list knows: name, serial, model of the APs that never joined."""
    fl = wlc_fleet.Fleet("AP-%s-" % host.upper(), int(spec.get("lab_ap_count", 300)),
                         int(spec.get("lab_ap_expired", 4)), int(spec.get("lab_ap_expiring", 3)),
                         int(spec.get("lab_ap_controller_reject", 0)), int(spec.get("lab_ap_fn72524", 0)),
                         bool(spec.get("lab_wlc_cert_expired")))
    out = [{"name": ap.name, "serial": ap.serial, "model": ap.model} for ap in fl.aps if not fl.joined(ap, False)]
    if host == "wlc-aireos":
        out += [{"name": n, "serial": s, "model": "AIR-CAP3702I-A-K9"} for n, (s, _c, _k) in AP_DEVICES.items()]
    return out


def mixed_inventory(path):
    with open(INVENTORY) as handle:
        data = yaml.safe_load(handle)
    groups = data["all"]["children"]
    aireos = groups["wlc"]["children"]["aireos"]["hosts"]
    aireos["wlc-aireos"].update({"lab_ap_count": 40, "lab_wlc_cert_expired": True, "lab_ap_controller_reject": 2,
                                 "lab_run_config_pause": True, "wlc_mic_ignore_ap_hosts": sorted(AP_DEVICES)})
    aireos["wlc-aireos-70"] = dict(SMALL, ansible_host="127.0.4.3", lab_kind="aireos", lab_version="7.0.252.0")
    aireos["wlc-aireos-74"] = dict(SMALL, ansible_host="127.0.4.4", lab_kind="aireos", lab_version="7.4.121.0")
    c9800 = groups["wlc"]["children"]["c9800"]["hosts"]
    c9800["wlc-9800"].update({"lab_ap_count": 40, "lab_ap_fn72524": 2})   # scale: bench/wlc_audit_bench.py
    c9800["wlc-9800-b"] = dict(SMALL, ansible_host="127.0.4.5", lab_kind="c9800", lab_ap_expired=0,
                               lab_wlc_cert_expired=True, lab_ap_controller_reject=1, lab_ap_fn72524=1)
    aps = groups["aps"]["hosts"]
    template = aps["ap-lobby"]
    for k, (name, (serial, case, console)) in enumerate(sorted(AP_DEVICES.items())):
        aps[name] = dict(copy.deepcopy(template), ansible_host="127.0.5.%d" % (k + 1), lab_serial=serial,
                         lab_case=case, lab_mac="7069.5a74.12%02x" % k, lab_wlc="wlc-aireos",
                         wlc_ap_console_server=console)
    for host, spec in list(aireos.items()) + list(c9800.items()):
        spec["wlc_mic_ignore_known_aps"] = _asset_list(host, spec)
    with open(path, "w") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Check mode, fix, second run; command log of each controller after each."""
    tmp = tmp_path_factory.mktemp("wlc_mixed")
    (tmp / "run").mkdir()
    lab = RunningLab(tmp / "run", inventory=mixed_inventory(str(tmp / "source.yml")))
    hosts = ("wlc-aireos", "wlc-9800", "wlc-9800-b", "wlc-aireos-70", "wlc-aireos-74")
    out = {"lab": lab, "hosts": hosts}
    try:
        extra = {"wlc_mic_ignore_report_dir": str(tmp / "reports"), "wlc_mic_ignore_verify_delay": 1}
        for name, check in (("check", True), ("first", False), ("second", False)):
            for host in hosts + tuple(AP_DEVICES):
                lab.control.request("clear_log", device=host)
            out[name] = lab.playbook(PLAYBOOK, check=check, limit="wlc", extra_vars=extra)
            out[name + "_log"] = dict((h, lab.control.log(h)) for h in hosts + tuple(AP_DEVICES))
        for host in hosts:
            lab.control.request("clear_log", device=host)
        out["revert"] = lab.playbook(PLAYBOOK, limit="wlc-aireos,wlc-9800", extra_vars=dict(
            extra, wlc_mic_ignore_state="disabled"))
        out["revert_log"] = dict((h, lab.control.log(h)) for h in hosts)
        out["reports"] = str(tmp / "reports")
        yield out
    finally:
        lab.stop()


def task(result, name, host):
    """Result of a role task (the json callback prefixes the role name)."""
    for task_name, h, res in result.tasks(host):
        if task_name.split(" : ")[-1] == name:
            return res
    raise KeyError("%s on %s not in output: %r" % (name, host, result))


def config_lines(log, host):
    if host.startswith("wlc-aireos"):
        return [line for line in log if line.startswith("config ") and line != "config paging disable"]
    return [line for line in log if line.startswith(("crypto pki", "issuer-name", "match certificate", "no ",
                                                     "configure terminal"))]


def verdicts(audit):
    return dict((r["name"], r["verdict"]) for r in audit["aps"] if r["blocked"])


def test_verdict_per_ap_of_every_case(runs):
    first = runs["first"]
    aireos = task(first, AUDIT_TASK, "wlc-aireos")["audit"]
    got = verdicts(aireos)
    want = dict(("AP-WLC-AIREOS-%03d" % i, "ap-mic-expired") for i in range(1, 5))
    want.update({"AP-WLC-AIREOS-041": "controller-cert-expired", "AP-WLC-AIREOS-042": "controller-cert-expired",
                 "ap-lobby": "ap-mic-expired", "ap-dark": "ap-mic-expired",
                 "ap-ctl": "controller-cert-expired", "ap-fn": "image-signing-expired"})
    assert got == want, got
    by = dict((r["name"], r) for r in aireos["aps"])
    assert by["ap-lobby"]["expiry_source"] == "certificate" and by["ap-lobby"]["actual_expiry"].startswith("2021-")
    assert by["ap-dark"]["expiry_source"] == "serial"        # SSH off: the controller's view only
    ctl = [e for e in by["ap-ctl"]["evidence"] if e["kind"] == "cert_expired"]
    ctl = ctl[0]
    assert ctl["cert_owner"] == "controller" and ctl["matches"] == "controller certificate Cisco SHA2 device cert"
    assert [e["cert_owner"] for e in by["ap-fn"]["evidence"] if e["kind"] == "cert_expired"] == ["image_signing"] * 2
    assert aireos["decision"]["fix_cert_types"] == ["mic"]
    assert aireos["decision"]["not_fixed_by_allowance"] == {
        "controller-cert-expired": ["AP-WLC-AIREOS-041", "AP-WLC-AIREOS-042", "ap-ctl"],
        "image-signing-expired": ["ap-fn"]}
    c9800 = task(first, AUDIT_TASK, "wlc-9800")["audit"]
    want = dict(("AP-WLC-9800-%03d" % i, "ap-mic-expired") for i in range(1, 5))
    want.update({"AP-WLC-9800-041": "image-signing-expired", "AP-WLC-9800-042": "image-signing-expired"})
    assert verdicts(c9800) == want
    assert c9800["wlc_certificates"][0]["state"] == "valid"
    other = task(first, AUDIT_TASK, "wlc-9800-b")["audit"]
    assert verdicts(other) == {"AP-WLC-9800-B-021": "controller-cert-expired",
                               "AP-WLC-9800-B-022": "image-signing-expired"}
    assert other["wlc_certificates"][0]["state"] == "expired" and other["decision"]["fix_needed"] is False
    # reports: JSON and Markdown with counts per verdict
    with open(os.path.join(runs["reports"], "wlc-aireos-mic-audit.json")) as handle:
        assert json.load(handle)["summary"]["blocked_by_verdict"]["controller-cert-expired"] == 3
    with open(os.path.join(runs["reports"], "wlc-aireos-mic-audit.md")) as handle:
        md = handle.read()
    assert "| image-signing-expired | 1 | 1 |" in md and "| controller-cert-expired | 3 | 3 |" in md


def test_ap_logins_are_optional(runs):
    log = runs["first_log"]
    for ap in ("ap-lobby", "ap-ctl", "ap-fn"):
        assert "show logging | exclude [E]RROR:|[e]rror:|[n]ot found" in log[ap], (ap, log[ap])
    assert log["ap-dark"] == []      # SSH refused: nothing typed, and the audit still ran
    reads = task(runs["first"], "Name the APs that could not be read", "wlc-aireos")
    assert "ap-dark" in reads["msg"]


def test_fix_changes_only_what_it_should(runs):
    first, log = runs["first"], runs["first_log"]
    assert config_lines(log["wlc-aireos"], "wlc-aireos") == ["config ap cert-expiry-ignore mic enable"]
    assert config_lines(log["wlc-aireos-70"], "wlc-aireos-70") == ["config ap lifetime-check mic enable"]
    sent = config_lines(log["wlc-9800"], "wlc-9800")
    assert "issuer-name co cisco manufacturing ca" in sent
    assert "match certificate PFNE_EXPIRED_MIC allow expired-certificate" in sent
    # controller-certificate and image-signing cases only: no trustpool map
    assert config_lines(log["wlc-9800-b"], "wlc-9800-b") == []
    assert first.stats["wlc-9800-b"]["changed"] == 0 and first.stats["wlc-9800-b"]["failures"] == 0
    # the release with neither command: refused by name, nothing sent
    assert first.stats["wlc-aireos-74"]["failures"] == 1
    assert "AireOS 7.4.121.0 has neither" in first.stdout
    assert config_lines(log["wlc-aireos-74"], "wlc-aireos-74") == []
    # the allowance let the AP-MIC cases in; the controller and image-signing cases stay out
    verify = task(first, VERIFY_TASK, "wlc-aireos")["audit"]   # the controller's view alone
    assert verdicts(verify) == {"AP-WLC-AIREOS-041": "controller-cert-expired",
                                "AP-WLC-AIREOS-042": "controller-cert-expired",
                                "ap-ctl": "controller-cert-expired", "ap-fn": "unknown"}
    assert "FN72524" in [r for r in verify["aps"] if r["name"] == "ap-fn"][0]["verdict_reason"]
    assert task(first, VERIFY_TASK, "wlc-9800")["audit"]["summary"]["blocked_by_verdict"] == dict(
        (v, 2 if v == "image-signing-expired" else 0) for v in verify["summary"]["blocked_by_verdict"])
    # AireOS `show run-config` stopped at "Press Enter to continue..." and was answered
    assert "show run-config commands" in log["wlc-aireos"]


def test_second_run_changes_nothing(runs):
    second, log = runs["second"], runs["second_log"]
    for host in ("wlc-aireos", "wlc-9800", "wlc-9800-b", "wlc-aireos-70"):
        assert second.stats[host]["changed"] == 0, (host, second.stdout[-3000:])
        assert second.stats[host]["failures"] == 0
        assert config_lines(log[host], host) == []
    assert config_lines(log["wlc-aireos-74"], "wlc-aireos-74") == []


def test_revert_removes_only_the_allowance(runs):
    revert, log = runs["revert"], runs["revert_log"]
    assert revert.rc == 0, revert.stdout[-3000:]
    assert config_lines(log["wlc-aireos"], "wlc-aireos") == ["config ap cert-expiry-ignore mic disable"]
    sent = config_lines(log["wlc-9800"], "wlc-9800")
    assert "no match certificate PFNE_EXPIRED_MIC allow expired-certificate" in sent
    assert "no crypto pki certificate map PFNE_EXPIRED_MIC 1" in sent


def test_check_mode_sends_only_reads(runs):
    check, log = runs["check"], runs["check_log"]
    fix = task(check, FIX_TASK, "wlc-aireos")
    assert fix["changed"] is True and fix["commands"] == ["config ap cert-expiry-ignore mic enable"]
    assert task(check, FIX_TASK, "wlc-9800")["commands"] == [
        "crypto pki certificate map PFNE_EXPIRED_MIC 1", " issuer-name co cisco manufacturing ca",
        "crypto pki trustpool policy", " match certificate PFNE_EXPIRED_MIC allow expired-certificate"]
    for host in runs["hosts"]:
        assert config_lines(log[host], host) == [], host
    reads = ("show ", "grep ", "terminal ", "enable", "config paging disable", "")
    for host in runs["hosts"] + ("ap-lobby", "ap-ctl", "ap-fn"):
        typed = [line for line in log[host] if not line.startswith(reads)]
        # the lab log holds login names and the enable password too: only those may remain
        assert all(line in ("admin", "Cisco", "lab-enable", "admin-pass") for line in typed), (host, typed)
    assert check.stats["wlc-aireos"]["failures"] == 0 and check.stats["wlc-9800"]["failures"] == 0


def test_bad_input_fails_before_any_change(runs):
    lab = runs["lab"]
    lab.control.request("clear_log", device="wlc-9800")
    result = lab.playbook(PLAYBOOK, limit="wlc-9800", extra_vars={"wlc_mic_ignore_aps": ["AP-NOT-THERE"]})
    assert result.rc != 0 and "unknown AP name" in result.stdout
    bad = lab.playbook(PLAYBOOK, limit="wlc-9800", extra_vars={"wlc_mic_ignore_map_name": "PFNE_MAP\n"})
    assert bad.rc != 0 and "map_name" in bad.stdout
    assert config_lines(lab.control.log("wlc-9800"), "wlc-9800") == []
