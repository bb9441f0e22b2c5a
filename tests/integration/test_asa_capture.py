"""playbooks/asa_capture.yml against the lab ASA over the real network_cli stack (issue 5)."""
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "asa_capture.yml")
ASA = "edge-asa"


def _log(lab):
    return lab.control.request("state", device=ASA)["log"]


def test_check_mode_sends_nothing(fresh, tmp_path):
    lab = fresh(ASA)
    run = lab.playbook(PLAYBOOK, check=True, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)})
    assert run.rc == 0, run
    assert not [line for line in _log(lab) if "capture" in line]
    plan = run.result("pfne.netops.asa_capture : Validate the capture (no command reaches the device)", ASA)
    assert "capture PFNE_CAP interface inside match icmp host 10.20.1.10 host 192.0.2.10" in plan["commands"]


def test_acl_capture_is_one_way_and_removed(fresh, tmp_path):
    lab = fresh(ASA)
    acl = tmp_path / "acl.yml"
    acl.write_text(
        "- hosts: asa\n  gather_facts: false\n  tasks:\n"
        "    - name: ACL with one line\n      cisco.asa.asa_config:\n        lines:\n"
        "          - access-list CAP_ONEWAY extended permit icmp host 10.20.1.10 host 192.0.2.10\n"
        "    - name: ACL with one line per direction\n      cisco.asa.asa_config:\n        lines:\n"
        "          - access-list CAP_BOTH extended permit icmp host 10.20.1.10 host 192.0.2.10\n"
        "          - access-list CAP_BOTH extended permit icmp host 192.0.2.10 host 10.20.1.10\n"
        "    - name: ACL-bound capture\n      pfne.netops.asa_capture:\n        name: ONEWAY\n        interface: inside\n"
        "        access_list: CAP_ONEWAY\n        access_list_one_way_ok: true\n        stop: {packets: 4, seconds: 10, poll_interval: 1}\n"
        "      register: oneway\n"
        "    - name: Mixed ACL capture\n      pfne.netops.asa_capture:\n        name: MIXED\n        interface: inside\n"
        "        access_list: CAP_BOTH\n        access_list_one_way_ok: true\n      register: mixed\n      ignore_errors: true\n")
    run = lab.playbook(str(acl), limit=ASA)
    oneway = run.result("ACL-bound capture", ASA)
    assert oneway["bidirectional"] is False and len(oneway["one_way_flows"]) == 1, run
    assert oneway["flows"][0]["packets_reverse"] == 0 and oneway["removed"] is True
    mixed = run.result("Mixed ACL capture", ASA)
    assert mixed["failed"] is True
    assert "ERROR: Capture doesn't support access-list  containing mixed policies" in mixed["msg"]
    listing = [line for line in _log(lab) if line.startswith("no capture")]
    assert listing == ["no capture ONEWAY"]


def test_foreign_capture_untouched(fresh, tmp_path):
    lab = fresh(ASA)
    pre = tmp_path / "pre.yml"
    pre.write_text("- hosts: asa\n  gather_facts: false\n  tasks:\n"
                   "    - name: Someone else's capture\n      cisco.asa.asa_command:\n"
                   "        commands: capture PFNE_CAP interface outside match ip host 203.0.113.9 any\n")
    assert lab.playbook(str(pre), limit=ASA).rc == 0
    run = lab.playbook(PLAYBOOK, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)})
    assert run.rc != 0
    failed = run.result("pfne.netops.asa_capture : Run, collect and remove the capture", ASA)
    assert "not created by pfne.netops.asa_capture" in failed["msg"]
    assert not [line for line in _log(lab) if line.startswith("no capture")]


def test_capture_removed_when_the_play_fails_after_creating_it(fresh, tmp_path):
    """The ASA refuses the read-back of the capture (a fault injected in the lab): the play
    fails after `capture ...` was accepted, and the capture is still removed."""
    lab = fresh(ASA)
    lab.control.faults(ASA, reject={r"^show capture PFNE_CAP$": "ERROR: Capture PFNE_CAP is busy"})
    try:
        run = lab.playbook(PLAYBOOK, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)})
    finally:
        lab.control.faults(ASA)
    assert run.rc != 0
    log = _log(lab)
    created = log.index("capture PFNE_CAP interface inside match icmp host 10.20.1.10 host 192.0.2.10")
    assert "no capture PFNE_CAP" in log[created:]
    assert lab.control.state(ASA)["captures"] == []
