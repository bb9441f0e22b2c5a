"""Pre-flight, removal and the tunnel verdict of playbooks/ipsec_site.yml against the lab (issue 21
items 1, 2, 5, 7; issue 23 "verification as data").

One tunnel (hq-branch7: hq-rtr IOS-XE <-> branch-ros7 RouterOS 7) through a second inventory source
(host vars beat the lab's group_vars), so each run is short. What a device received is read from the
lab's own command log: "configuration lines" are what a playbook typed that is not a read.
"""
import copy
import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "ipsec_site.yml")
IOS, ROS = "hq-rtr", "branch-ros7"
LIMIT = "%s,%s" % (IOS, ROS)

with open(os.path.join(ROOT, "inventories", "lab", "group_vars", "all", "ipsec.yml")) as _handle:
    TUNNEL = next(t for t in yaml.safe_load(_handle)["pfne_ipsec_tunnels"] if t["name"] == "hq-branch7")

ROS_READ = re.compile(r"^/[a-z0-9 -]+ print\b")
IOS_READ = re.compile(r"^(show |terminal |enable$)")
PREFLIGHT = "pfne.netops.preflight : Connect, check privilege and platform (the connection error is shown, passwords masked)"
OS_CHECK = "pfne.netops.preflight : Check ansible_network_os against the inventory group (no connection)"
IOS_REPORT = "pfne.netops.cisco_crypto_map : Report the tunnel state"
ROS_REPORT = "pfne.netops.mikrotik_ipsec_site : Report the tunnel state"
IOS_VERDICT = "pfne.netops.cisco_crypto_map : Tunnel verdict (ISAKMP / IKEv2 and IPsec SAs)"
ROS_VERDICT = "pfne.netops.mikrotik_ipsec_site : Tunnel verdict (IKE peer and installed SAs)"


def _config_lines(lab, host):
    read = IOS_READ if host == IOS else ROS_READ
    return [line.strip() for line in lab.control.log(host) if line.strip() and not read.match(line.strip())]


def _inventory(tmp_path, name, tunnels=None, ios=None, ros=None, ros_tunnels=None):
    hosts = {IOS: dict(pfne_ipsec_tunnels=tunnels if tunnels is not None else [TUNNEL], **(ios or {})),
             ROS: dict(pfne_ipsec_tunnels=ros_tunnels if ros_tunnels is not None else
                       (tunnels if tunnels is not None else [TUNNEL]), **(ros or {}))}
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"all": {"hosts": hosts}}, sort_keys=False))
    return str(path)


def _run(lab, inventory, **kwargs):
    return lab.playbook(PLAYBOOK, "-i", inventory, limit=LIMIT, **kwargs)


# (ios host vars, ros host vars, the failing host, the task that stops it, what the message must say)
BROKEN = {
    "unreachable": ({"ansible_port": 1}, {}, IOS, PREFLIGHT,
                    r"hq-rtr: cannot use the connection to 127\.0\.1\.1 port 1: .*Connection refused"),
    "wrong-password": ({"ansible_password": "not-the-lab-password"}, {}, IOS, PREFLIGHT,
                       r"hq-rtr: cannot use the connection to 127\.0\.1\.1 port \d+: .*(Access denied|[Aa]uthentication)"),
    "wrong-enable-password": ({"ansible_become_password": "not-the-enable-secret"}, {}, IOS, PREFLIGHT,
                              r"hq-rtr: .*failed to elevate privilege to enable mode"),
    "wrong-network-os": ({}, {"ansible_network_os": "cisco.ios.ios"}, ROS, OS_CHECK,
                         r"^branch-ros7: ansible_network_os is cisco\.ios\.ios but the host is in the group routeros, "
                         r"which takes community\.routeros\.routeros"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_preflight_one_broken_end_leaves_the_other_untouched(lab, fresh, tmp_path, case):
    """The broken end stops the whole run in the pre-flight play with the transport's own error
    (never `censored`), passwords masked; neither end gets a single configuration line."""
    ios_vars, ros_vars, failing, task, expected = BROKEN[case]
    fresh(IOS, ROS)
    result = _run(lab, _inventory(tmp_path, case + ".yml", ios=ios_vars, ros=ros_vars))
    assert result.rc == 2, result
    for host in (IOS, ROS):   # first: what the devices got (today's main configures the reachable end)
        assert _config_lines(lab, host) == [], (case, host, _config_lines(lab, host))
    assert "censored" not in result.stdout
    msg = result.result(task, failing)["msg"]
    assert re.search(expected, msg), msg
    for secret in ("not-the-lab-password", "not-the-enable-secret", "lab-admin", "lab-enable", TUNNEL["psk"]):
        assert secret not in result.stdout + result.stderr, secret
    assert [host for _task, host, res in result.tasks() if res.get("failed")] == [failing]
    if case == "wrong-network-os":   # stopped before any connection: no device saw a single line
        assert lab.control.log(IOS) == [] and lab.control.log(ROS) == []


def test_preflight_removal_ends_green_and_stays_green(lab, fresh, tmp_path):
    """Converge, remove with state absent (verify: nothing left on either end, green), remove again
    (green, changed=0, no configuration line), then an emptied tunnel list (green, changed=0)."""
    fresh(IOS, ROS)
    fast = {"cisco_crypto_map_verify_delay": 1, "mikrotik_ipsec_site_verify_delay": 1}
    converge = _run(lab, _inventory(tmp_path, "one.yml"), extra_vars=fast)
    assert converge.rc == 0, converge
    assert converge.result(IOS_REPORT, IOS)["msg"] == "hq-branch7 up"
    assert re.search(r"(?m)^crypto map PFNE-MAP \d+ ipsec-isakmp", lab.control.state(IOS)["running_config"])

    absent = [dict(copy.deepcopy(TUNNEL), state="absent")]
    removal = _run(lab, _inventory(tmp_path, "absent.yml", tunnels=absent), extra_vars=fast)
    assert removal.rc == 0, removal
    for host, report in ((IOS, IOS_REPORT), (ROS, ROS_REPORT)):
        assert removal.stats[host]["changed"] > 0 and removal.stats[host]["failures"] == 0, (host, removal.stats[host])
        assert removal.result(report, host)["msg"] == (
            "no tunnel of this site to verify; removed tunnels: nothing of them left on this end")
    running = lab.control.state(IOS)["running_config"]
    assert not re.search(r"(?m)^crypto map PFNE-MAP \d+", running) and "203.0.113.4" not in running, running
    tables = lab.control.state(ROS)["tables"]
    assert not [r for r in tables["/ip ipsec peer"] if "198.51.100.1" in str(r.get("address", ""))]
    assert not [r for r in tables["/ip firewall filter"] if "pfne:ipsec:hq-branch7" in r.get("comment", "")]

    for name, tunnels in (("absent-again.yml", absent), ("empty.yml", [])):
        for host in (IOS, ROS):
            lab.control.request("clear_log", device=host)
        again = _run(lab, _inventory(tmp_path, name, tunnels=tunnels), extra_vars=fast)
        assert again.rc == 0, (name, again)
        for host in (IOS, ROS):
            assert again.stats[host]["changed"] == 0, (name, host, again.stats[host])
            assert _config_lines(lab, host) == [], (name, host, _config_lines(lab, host))


def test_preflight_psk_mismatch_ends_verify_at_once(lab, fresh, tmp_path):
    """The two ends are given different PSKs: the tunnel can never come up, so each end's verdict is
    read once (default 10 attempts, 3 s apart) and names the phase and the field, without a raw dump."""
    fresh(IOS, ROS)
    other = [dict(copy.deepcopy(TUNNEL), psk="lab-only-psk-branch7-OTHER")]
    result = _run(lab, _inventory(tmp_path, "mismatch.yml", ros_tunnels=other))
    assert result.rc == 2, result
    # first, the lab's log: each end's SA state was read once (today's main reads it 11 times)
    assert [line for line in lab.control.log(IOS) if line.strip() == "show crypto ipsec sa"] == ["show crypto ipsec sa"]
    assert len([line for line in lab.control.log(ROS) if "installed-sa print" in line]) == 1
    for host, verdict, report in ((IOS, IOS_VERDICT, IOS_REPORT), (ROS, ROS_VERDICT, ROS_REPORT)):
        assert result.result(verdict, host)["attempts"] == 1, (host, result.result(verdict, host))
        msg = result.result(report, host)["msg"]
        assert msg.startswith("IPsec tunnel(s) not up. tunnel hq-branch7 down: "), msg
        assert msg.endswith("mismatching field(s) between the two ends' definitions: psk."), msg
    assert "IKEv2 phase 1 failed" in result.result(IOS_REPORT, IOS)["msg"]
    for raw in ("current_peer", "Crypto map tag", "auth-key", "enc-key", "lab-only-psk-branch7"):
        assert raw not in result.stdout, raw
