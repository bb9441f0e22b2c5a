"""playbooks/wlc_mic_ignore.yml against the lab's AireOS and 9800 controllers
through the real network_cli stack (pfne.netops.aireos cliconf, cisco.ios).

The lab fleet (lab/devices/wlc_fleet.py) has 300 APs per controller (plus lab AP devices
the inventory joins to it: ap-lobby on wlc-aireos), 4 of them
with an expired 10-year MIC (they fail the DTLS handshake and stay
"Not Joined") and 3 whose MIC ends within 30-50 days. The expired APs never
joined, so the controller does not know their serial numbers: the asset list
(wlc_mic_ignore_known_aps) supplies them, as an operator's inventory would.
"""
import json
import os

import pytest

from lab.devices import wlc_fleet
from lab.topology import inventory_hosts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "wlc_mic_ignore.yml")
AUDIT_PLAYBOOK = os.path.join(ROOT, "playbooks", "wlc_mic_audit.yml")
HOSTS = ("wlc-aireos", "wlc-9800")
INVENTORY = os.path.join(ROOT, "inventories", "lab", "hosts.yml")


def attached_aps(host):
    """Lab AP devices the inventory joins to this controller (lab_wlc): ap-lobby, whose
    MIC (serial FGL1540..., built 2011) expired in 2021, on wlc-aireos."""
    return [{"name": name, "serial": str(spec["lab_serial"]), "model": "AIR-CAP3702I-A-K9"}
            for name, spec in inventory_hosts(INVENTORY).items()
            if spec.get("lab_kind") == "ap" and spec.get("lab_wlc") == host]


def asset_list(host):
    fleet = wlc_fleet.Fleet("AP-%s-" % host.upper(), 300, 4, 3)
    return ([{"name": ap.name, "serial": ap.serial, "model": ap.model} for ap in fleet.aps if ap.expired]
            + attached_aps(host))


def extra(tmp_path, host=None, **more):
    data = {"wlc_mic_ignore_report_dir": str(tmp_path),
            "wlc_mic_ignore_verify_delay": 1}
    data.update(more)
    return data


def run(lab, playbook, tmp_path, host, check=False, **more):
    vars_ = extra(tmp_path, wlc_mic_ignore_known_aps=asset_list(host), **more)
    return lab.playbook(playbook, check=check, limit=host, extra_vars=vars_)


def task(result, name, host):
    """Result of a role task (the json callback prefixes the role name)."""
    for task_name, h, res in result.tasks(host):
        if task_name.split(" : ")[-1] == name:
            return res
    raise KeyError("%s on %s not in output: %r" % (name, host, result))


def config_lines(lab, host):
    log = lab.control.log(host)
    if host == "wlc-aireos":
        return [line for line in log if line.startswith("config ap ")]
    return [line for line in log if line.startswith(("crypto pki", "issuer-name", "match certificate", "no ",
                                                     "configure terminal"))]


@pytest.mark.parametrize("host", HOSTS)
def test_audit_finds_exactly_the_expired_and_expiring_aps(lab, fresh, tmp_path, host):
    fresh(host)
    result = run(lab, AUDIT_PLAYBOOK, tmp_path, host)
    assert result.rc == 0, result
    audit = task(result, "Audit APs, join state and certificates", host)
    summary = audit["summary"]
    extra = len(attached_aps(host))
    assert (summary["expired-blocking"], summary["expiring"], summary["total"]) == (4 + extra, 3, 300 + extra), summary
    blocked = sorted(r["name"] for r in audit["audit"]["aps"] if r["verdict"] == "expired-blocking")
    assert blocked == sorted(a["name"] for a in asset_list(host))
    assert audit["fix_needed"] is True and audit["ignore_enabled"] is False
    with open(os.path.join(str(tmp_path), "%s-mic-audit.json" % host)) as handle:
        assert json.load(handle)["summary"] == summary
    with open(os.path.join(str(tmp_path), "%s-mic-audit.md" % host)) as handle:
        md = handle.read()
    rows = [ln for ln in md.splitlines() if ln.startswith("| AP-")]
    assert "| Verdict |" in md and "WORKAROUND" in md and len(rows) == 300
    assert len([ln for ln in rows if "| expired-blocking |" in ln]) == 4
    assert all(("| %s |" % ap["name"]) in md for ap in attached_aps(host))
    assert config_lines(lab, host) == []
    assert result.stats[host]["changed"] == 0


@pytest.mark.parametrize("host", HOSTS)
def test_check_mode_sends_no_config(lab, fresh, tmp_path, host):
    fresh(host)
    result = run(lab, PLAYBOOK, tmp_path, host, check=True)
    assert result.rc == 0, result
    fix = task(result, "Allow or stop allowing expired AP certificates (reads the state first)", host)
    if host == "wlc-aireos":
        assert fix["changed"] is True and fix["commands"] == ["config ap cert-expiry-ignore mic enable"]
    else:
        assert fix["commands"] == ["crypto pki certificate map PFNE_EXPIRED_MIC 1",
                                   " issuer-name co cisco manufacturing ca",
                                   "crypto pki trustpool policy",
                                   " match certificate PFNE_EXPIRED_MIC allow expired-certificate"]
    assert "WORKAROUND" in fix["msg"]
    assert config_lines(lab, host) == []


@pytest.mark.parametrize("host", HOSTS)
def test_fix_joins_the_aps_then_revert(lab, fresh, tmp_path, host):
    fresh(host)
    first = run(lab, PLAYBOOK, tmp_path, host)
    assert first.rc == 0, first
    assert first.stats[host]["changed"] >= 1
    if host == "wlc-aireos":
        assert config_lines(lab, host) == ["config ap cert-expiry-ignore mic enable"]
    else:
        sent = config_lines(lab, host)
        assert "issuer-name co cisco manufacturing ca" in sent
        assert "match certificate PFNE_EXPIRED_MIC allow expired-certificate" in sent
    verify = task(first, "Re-audit until the blocked APs joined", host)
    assert verify["summary"]["expired-blocking"] == 0
    assert verify["summary"]["expired-joined"] == 4 + len(attached_aps(host))
    assert verify["ignore_enabled"] is True

    # the second run (changed=0) and the APs' join state are molecule's (extensions/molecule/wlc_mic_ignore)

    lab.control.request("clear_log", device=host)
    revert = run(lab, PLAYBOOK, tmp_path, host, wlc_mic_ignore_state="disabled")
    assert revert.rc == 0, revert
    assert revert.stats[host]["changed"] >= 1
    if host == "wlc-aireos":
        assert config_lines(lab, host) == ["config ap cert-expiry-ignore mic disable"]
    else:
        assert "no match certificate PFNE_EXPIRED_MIC allow expired-certificate" in config_lines(lab, host)
    after = run(lab, AUDIT_PLAYBOOK, tmp_path, host)
    after_summary = task(after, "Audit APs, join state and certificates", host)["summary"]
    assert after_summary["expired-blocking"] == 4 + len(attached_aps(host))


def test_bad_input_fails_before_any_change(lab, fresh, tmp_path):
    fresh("wlc-aireos")
    result = run(lab, PLAYBOOK, tmp_path, "wlc-aireos", wlc_mic_ignore_aps=["AP-NOT-THERE"])
    assert result.rc != 0
    assert "unknown AP name" in result.stdout
    assert config_lines(lab, "wlc-aireos") == []
    result = run(lab, PLAYBOOK, tmp_path, "wlc-aireos", wlc_mic_ignore_warn_days=-3)
    assert result.rc != 0
    assert config_lines(lab, "wlc-aireos") == []


@pytest.fixture(scope="module")
def lab_with_ap(tmp_path_factory):
    """A lab whose IOS AP (ap-lobby, serial FGL1540A0AB: built 2011, MIC expired 2021) belongs to wlc-aireos."""
    import yaml
    from tests.integration.labrun import INVENTORY, RunningLab
    tmp = tmp_path_factory.mktemp("lab_ap")
    with open(INVENTORY) as handle:
        data = yaml.safe_load(handle)
    data["all"]["children"]["aps"]["hosts"]["ap-lobby"]["lab_wlc"] = "wlc-aireos"
    inventory = str(tmp / "source.yml")
    with open(inventory, "w") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    (tmp / "run").mkdir()
    running = RunningLab(tmp / "run", inventory=inventory)
    yield running
    running.stop()


def test_ap_login_turns_a_certificate_failure_into_a_dated_expiry(lab_with_ap, tmp_path):
    result = lab_with_ap.playbook(AUDIT_PLAYBOOK, limit="wlc-aireos", extra_vars=extra(
        tmp_path, wlc_mic_ignore_ap_hosts=["ap-lobby"]))
    assert result.rc == 0, result
    audit = task(result, "Audit APs, join state and certificates", "wlc-aireos")["audit"]
    lobby = [r for r in audit["aps"] if r["name"] == "ap-lobby"][0]
    reads = task(result, "Read MIC and CAPWAP log lines on the APs", "wlc-aireos")
    assert lobby["verdict"] == "expired-blocking" and lobby["expiry_source"] == "certificate", (lobby, reads)
    assert lobby["actual_expiry"].startswith("2021-10-")
    assert "cert_unknown_alert" in [e["kind"] for e in lobby["evidence"]]
    # the fleet's other expired APs never joined and have no serial on the controller
    assert audit["summary"]["cert-blocking"] == 4 and audit["summary"]["expired-blocking"] == 1
    assert audit["decision"]["fix_needed"] is True
    log = lab_with_ap.control.log("ap-lobby")
    assert "debug capwap console cli" in log and "show crypto pki certificates" in log
