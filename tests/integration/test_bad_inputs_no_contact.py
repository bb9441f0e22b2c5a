"""A bad input of each role is refused before any device is touched (issue 22, item 5): the lab's
command log of every device stays empty (not even the connection's terminal set-up), and each
failure names its field. One ansible-playbook run for the WLC (9800 and AireOS), ASA and L2TP
roles, one for the site-to-site IPsec playbook (its validation play is fatal for every end).
"""
import copy
import os

import yaml

from lab.topology import inventory_hosts
from tests.integration.labrun import INVENTORY

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(os.path.dirname(INVENTORY), "group_vars", "all", "ipsec.yml")) as _handle:
    TUNNELS = yaml.safe_load(_handle)["pfne_ipsec_tunnels"]
with open(os.path.join(os.path.dirname(INVENTORY), "group_vars", "all", "l2tp.yml")) as _handle:
    L2TP_USERS = yaml.safe_load(_handle)["mikrotik_l2tp_mobile_users"]

ROLES = """\
# one play: ansible-playbook ends the run at the first play whose hosts all failed
- name: A bad input for each role, each on its own device
  hosts: wlc-9800:wlc-aireos:edge-asa:branch-ros7
  gather_facts: false
  tasks:
    - name: 9800, a certificate map name with a line break
      ansible.builtin.include_role:
        name: pfne.netops.wlc_mic_ignore
      vars:
        wlc_mic_ignore_map_name: "PFNE\\nMAP"
      when: inventory_hostname == 'wlc-9800'
    - name: AireOS, an AP name with a line break and three cross-field errors
      ansible.builtin.include_role:
        name: pfne.netops.wlc_mic_ignore
      vars:
        wlc_mic_ignore_aps: ["ap-lobby\\nFORGED LINE"]
        wlc_mic_ignore_warn_days: -1
        wlc_mic_ignore_verify_retries: 0
        wlc_mic_ignore_force: true
        wlc_mic_ignore_state: disabled
      when: inventory_hostname == 'wlc-aireos'
    - name: ASA, 400 capture match specs
      ansible.builtin.include_role:
        name: pfne.netops.asa_capture
      vars:
        asa_capture_name: PFNE_CAP
        asa_capture_interface: inside
        asa_capture_matches: "{{ range(400) | map('string') | map('regex_replace', '^', '10.0.1.')
                                 | map('community.general.dict_kv', 'host') | list }}"
      when: inventory_hostname == 'edge-asa'
    - name: RouterOS L2TP, a user name with a line break (extra vars)
      ansible.builtin.include_role:
        name: pfne.netops.mikrotik_l2tp_mobile
      when: inventory_hostname == 'branch-ros7'
"""
FAILED_TASKS = {
    "wlc-9800": ("Stop on invalid input (each message names its variable)", ["wlc_mic_ignore_map_name: 1-64 letters"]),
    "wlc-aireos": ("Stop on invalid input (each message names its variable)", [
        "wlc_mic_ignore_warn_days: must be 0 to 3650, got -1", "wlc_mic_ignore_verify_retries: must be 1 to 100, got 0",
        "wlc_mic_ignore_force: true cannot be combined", "wlc_mic_ignore_aps: AP names are 1-64"]),
    "edge-asa": ("Validate the capture (no command reaches the device)", ["matches: 400 match specs; at most 32"]),
    "branch-ros7": ("Stop on invalid input (messages name the field, never a secret)", ["users[0].name"]),
}


def _silent(lab, hosts):
    return dict((host, lab.control.log(host)) for host in hosts if lab.control.log(host))


def _failure(result, host, task_suffix):
    for name, _host, res in result.tasks(host):
        if name.endswith(task_suffix) and res.get("failed"):
            return res.get("msg", "")
    raise AssertionError("%s: no failed task %r in %r" % (host, task_suffix, result))


def test_bad_inputs_of_every_role_touch_no_device(lab, fresh, tmp_path):
    hosts = sorted(name for name, spec in inventory_hosts(lab.inventory).items() if spec.get("lab_kind"))
    fresh(*hosts)
    play = tmp_path / "bad_inputs.yml"
    play.write_text(ROLES)
    users = copy.deepcopy(L2TP_USERS)
    users[0]["name"] = "alice\nbob"
    result = lab.playbook(str(play), extra_vars={"mikrotik_l2tp_mobile_users": users})
    assert result.rc != 0
    for host, (task, expected) in FAILED_TASKS.items():
        msg = _failure(result, host, task)
        for text in expected:
            assert text in msg, (host, msg)
        assert "\n" not in msg, (host, msg)
    assert _silent(lab, hosts) == {}

    tunnels = copy.deepcopy(TUNNELS)   # branch64's /23 takes in branch6's 192.168.88.0/24: both end at hq
    next(t for t in tunnels if t["name"] == "hq-branch64")["endpoints"]["branch64"]["subnets"] = ["192.168.88.0/23"]
    result = lab.playbook(os.path.join(ROOT, "playbooks", "ipsec_site.yml"), extra_vars={"pfne_ipsec_tunnels": tunnels})
    assert result.rc != 0
    msg = _failure(result, "hq-rtr", "Validate the tunnel definitions of this end (before any device is touched)")
    assert "overlaps 192.168.88.0/23 of tunnel hq-branch64" in msg and "hq-branch6]" in msg, msg
    assert _silent(lab, hosts) == {}
