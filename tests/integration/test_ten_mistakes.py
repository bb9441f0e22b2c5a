"""The ten typical mistakes of a team's first week (issue 21, "Done when" second bullet): each one
stops playbooks/ipsec_site.yml (or l2tp_mobile.yml for the role-variable typo) before any device is
changed, with a message naming the cause and the fix.

One tunnel (hq-branch7: hq-rtr IOS-XE <-> branch-ros7 RouterOS 7), --limit to its two ends, the
mistake given through a second inventory source (host vars beat the lab's group_vars). "Changed" is
read from the lab's own command log of EVERY lab device: a line that is not a read (show/print, the
connection's terminal set-up, enable) is a configuration line, and there must be none anywhere.
The seconds each run took are printed (`-s`) for the note's table; nothing asserts on time.
"""
import copy
import os
import re
import time

import pytest
import yaml

from lab.topology import inventory_hosts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IPSEC = os.path.join(ROOT, "playbooks", "ipsec_site.yml")
L2TP = os.path.join(ROOT, "playbooks", "l2tp_mobile.yml")
IOS, ROS = "hq-rtr", "branch-ros7"

with open(os.path.join(ROOT, "inventories", "lab", "group_vars", "all", "ipsec.yml")) as _handle:
    TUNNEL = next(t for t in yaml.safe_load(_handle)["pfne_ipsec_tunnels"] if t["name"] == "hq-branch7")
with open(os.path.join(ROOT, "inventories", "lab", "group_vars", "all", "l2tp.yml")) as _handle:
    L2TP_USERS = yaml.safe_load(_handle)["mikrotik_l2tp_mobile_users"]

# what a playbook may type that is a read, per device family; every other line is a change
READS = {
    "routeros": re.compile(r"^/[a-z0-9 -]+ print\b"),
    "ios": re.compile(r"^(show |terminal |enable$)"),
}
VALIDATE = "Validate the tunnel definitions of this end (before any device is touched)"
PREFLIGHT = "pfne.netops.preflight : Connect, check privilege and platform (the connection error is shown, passwords masked)"
OS_CHECK = "pfne.netops.preflight : Check ansible_network_os against the inventory group (no connection)"
L2TP_VALIDATE = ("pfne.netops.mikrotik_l2tp_mobile : Refuse unknown mikrotik_l2tp_mobile_* and pfne_* variables "
                 "(typos), before any device is touched")


def _tunnel(change):
    tunnel = copy.deepcopy(TUNNEL)
    change(tunnel)
    return tunnel


def _set(path, value):
    """A change that sets tunnel[path...] = value."""
    def change(tunnel):
        node = tunnel
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def _drop_psk(tunnel):
    del tunnel["psk"]


# name: (playbook, failing host, task that stops it, host vars {host: vars}, messages the failure must hold)
# A message names the field (cause) and what to write instead (fix).
MISTAKES = {
    "01-typo-tunnel-option": (IPSEC, IOS, VALIDATE, {"tunnel": _set(["ike_verison"], 2)}, [
        "pfne_ipsec_tunnels[hq-branch7].ike_verison: unknown option", "did you mean ike_version?"]),
    "02-typo-role-variable": (L2TP, ROS, L2TP_VALIDATE, {ROS: {  # with exclusive, the typo used to plan removing the real users
        "mikrotik_l2tp_mobile_user": L2TP_USERS, "mikrotik_l2tp_mobile_exclusive": True}}, [
        "unknown variable(s): mikrotik_l2tp_mobile_user (did you mean mikrotik_l2tp_mobile_users?)",
        "Nothing was sent to any device"]),
    "03-wrong-type-lifetime": (IPSEC, IOS, VALIDATE, {"tunnel": _set(["ike"], {"lifetime": "eight hours"})}, [
        "pfne_ipsec_tunnels[hq-branch7].ike.lifetime: must be seconds (int) or a duration such as 8h, got 'eight hours'"]),
    "03b-wrong-type-list-for-string": (
        IPSEC, IOS, VALIDATE, {"tunnel": _set(["endpoints", "branch7", "public_address"], ["203.0.113.4"])}, [
            "pfne_ipsec_tunnels[hq-branch7].endpoints.branch7.public_address: must be one IPv4 address (a string), "
            "got a list"]),
    "04-missing-psk": (IPSEC, IOS, VALIDATE, {"tunnel": _drop_psk}, [
        "pfne_ipsec_tunnels[hq-branch7].psk: a pre-shared key is required (keep it in ansible-vault)"]),
    "05-wrong-platform-name": (IPSEC, IOS, VALIDATE, {"tunnel": _set(["endpoints", "branch7", "platform"], "mikrotk")}, [
        "pfne_ipsec_tunnels[hq-branch7].endpoints.branch7.platform: must be routeros or ios, got 'mikrotk'",
        "did you mean routeros?"]),
    "06-unreachable-host": (IPSEC, IOS, PREFLIGHT, {IOS: {"ansible_port": 1}}, [
        "hq-rtr: cannot use the connection to 127.0.1.1 port 1:", "Connection refused",
        "Check ansible_host and ansible_port", "No host of this run was changed"]),
    "07-wrong-enable-password": (IPSEC, IOS, PREFLIGHT, {IOS: {"ansible_become_password": "not-the-enable-secret"}}, [
        "hq-rtr:", "failed to elevate privilege to enable mode", "ansible_become_password"]),
    "08-wrong-network-os": (IPSEC, ROS, OS_CHECK, {ROS: {"ansible_network_os": "cisco.ios.ios"}}, [
        "branch-ros7: ansible_network_os is cisco.ios.ios but the host is in the group routeros, "
        "which takes community.routeros.routeros", "fix ansible_network_os"]),
    "09-ipv6-address": (IPSEC, IOS, VALIDATE, {"tunnel": _set(["endpoints", "branch7", "public_address"], "2001:db8::4")}, [
        "pfne_ipsec_tunnels[hq-branch7].endpoints.branch7.public_address:", "IPv6", "only IPv4",
        "give the endpoint's IPv4 address"]),
    "10-host-bits-set": (IPSEC, IOS, VALIDATE, {"tunnel": _set(["endpoints", "branch7", "subnets"], ["192.168.90.1/24"])}, [
        "pfne_ipsec_tunnels[hq-branch7].endpoints.branch7.subnets[0]: host bits set in 192.168.90.1/24; "
        "did you mean 192.168.90.0/24?"]),
}
SECRETS = ("not-the-enable-secret", "lab-admin", "lab-enable", TUNNEL["psk"])


def _inventory(tmp_path, name, overrides):
    tunnel = _tunnel(overrides.get("tunnel", lambda t: None))
    hosts = {}
    for host in (IOS, ROS):
        hosts[host] = dict(pfne_ipsec_tunnels=[tunnel], **overrides.get(host, {}))
    path = tmp_path / (name + ".yml")
    path.write_text(yaml.safe_dump({"all": {"hosts": hosts}}, sort_keys=False))
    return str(path)


def _changes(lab, devices):
    """{device: configuration lines} for every device that got any."""
    out = {}
    for device, family in devices.items():
        read = READS.get(family)
        lines = [line.strip() for line in lab.control.log(device) if line.strip()
                 and not (read and read.match(line.strip()))]
        if lines:
            out[device] = lines
    return out


def _failure(result, host, task):
    for name, _host, res in result.tasks(host):
        if name == task and res.get("failed"):
            return res.get("msg", "")
    raise AssertionError("%s: no failed task %r in %r" % (host, task, result))


@pytest.fixture(scope="module")
def devices(lab):
    """Every lab device and its kind (ios / routeros: reads allowed; any other: no line at all)."""
    families = {}
    for name, spec in inventory_hosts(lab.inventory).items():
        if spec.get("lab_kind"):
            families[name] = spec["lab_kind"]
    return families


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_mistake_stops_before_any_device_is_changed(lab, fresh, tmp_path, devices, mistake):
    playbook, host, task, overrides, expected = MISTAKES[mistake]
    fresh(*sorted(devices))
    inventory = _inventory(tmp_path, mistake, overrides)
    start = time.monotonic()
    result = lab.playbook(playbook, "-i", inventory, limit="%s,%s" % (IOS, ROS) if playbook == IPSEC else ROS)
    seconds = time.monotonic() - start
    changed = _changes(lab, devices)
    assert result.rc != 0, result
    assert changed == {}, changed   # zero configuration lines on any lab device
    msg = _failure(result, host, task)
    print("\nTABLE | %s | %s | %.1f | %d" % (mistake, msg[:120].replace("|", "/"), seconds, len(changed)))
    for text in expected:
        assert text in msg, (mistake, text, msg)
    assert "censored" not in result.stdout
    for secret in SECRETS:
        assert secret not in result.stdout + result.stderr, (mistake, secret)
