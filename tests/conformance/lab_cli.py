"""The lab's devices driven in-process (no SSH): type a line, read what the device prints.

One lab per test process, built from the lab inventory, with a site-to-site IPsec scenario typed
into it as a user would (IOS crypto map on hq-rtr toward two RouterOS branches: branch-ros7 agrees
on everything, branch-ros64 has another pre-shared key), so the IPsec show commands have
both an established and a failed peer to print; a third entry, IKEv2 to branch-ros6, agrees and
feeds `show crypto ikev2 sa`.
"""
import functools
import os
import tempfile

from lab.server import Lab
from lab.topology import inventory_hosts, write_inventory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INVENTORY = os.path.join(ROOT, "inventories", "lab", "hosts.yml")
# The lab inventory's hq-rtr is IOS-XE 17; the same hub on IOS 15.4 (the lab router without lab_version,
# ISR G2) gets the same rows. Only the conformance lab has it (it is not in the user's inventory).
IOS15_HUB = "hq-rtr-ios15"


@functools.lru_cache(maxsize=1)
def lab_hosts():
    """The conformance lab's hosts: the lab inventory's, plus the IOS 15.4 hub."""
    hosts = inventory_hosts(INVENTORY)
    ios15 = {k: v for k, v in hosts["hq-rtr"].items() if k != "lab_version"}
    ios15.update({"ansible_host": "127.0.1.21", "lab_wan_address": "198.51.100.21", "lab_lan_address": "10.10.21.1"})
    hosts[IOS15_HUB] = ios15
    return hosts


def _inventory_file():
    handle, path = tempfile.mkstemp(prefix="conformance-", suffix=".yml")
    os.close(handle)
    write_inventory(path, lab_hosts())
    return path

# Lines a user types after connecting, by device kind (become / pager off / AP debug CLI).
_LOGIN = {
    "ios": ["enable", "{become}", "terminal length 0"],
    "c9800": ["enable", "{become}", "terminal length 0"],
    "ap": ["enable", "{become}", "terminal length 0", "debug capwap console cli"],
    "asa": ["enable", "{become}", "terminal pager 0"],
    "aireos": ["{user}", "{password}", "config paging disable"],
    "routeros": [],
}

PSK = "conformance-psk"
IPSEC_HUB = "hq-rtr"
IPSEC_HUBS = (IPSEC_HUB, IOS15_HUB)                     # the same scenario typed into each hub
IPSEC_UP, IPSEC_DOWN = "branch-ros7", "branch-ros64"   # PSK agrees / PSK differs
IPSEC_V2 = "branch-ros6"                               # IKEv2, agrees (RouterOS 6.42: phase 1 on the peer)


class Terminal:
    """One CLI session on a lab device."""

    def __init__(self, device):
        self.device = device
        self.out = []
        self.session = device.open_session(self.out.append, lambda drop=False: None)
        self.session.start()
        spec = device.spec
        for line in _LOGIN[device.kind]:
            self.type(line.format(become=spec.get("ansible_become_password", ""),
                                  user=spec.get("ansible_user", ""), password=spec.get("ansible_password", "")))

    def type(self, line):
        self.out.clear()
        self.session.feed(line + "\r")
        return "".join(self.out).replace("\r\n", "\n")

    def run(self, command):
        """The command's output as a client reads it: without the echoed command and the prompt."""
        text = self.type(command)
        body = text.partition("\n")[2]
        return body[:body.rfind("\n") + 1] if "\n" in body else ""


class LabCLI:
    def __init__(self):
        path = _inventory_file()
        try:
            self.lab = Lab(path)
        finally:
            os.remove(path)
        self.terminals = {}
        self.cache = {}
        _configure_ipsec(self)
        self.cache.clear()          # the running-config read while configuring is stale now

    def device(self, host):
        return self.lab.devices[host]

    def terminal(self, host):
        if host not in self.terminals:
            self.terminals[host] = Terminal(self.device(host))
        return self.terminals[host]

    def run(self, host, command):
        key = (host, command)
        if key not in self.cache:
            self.cache[key] = self.terminal(host).run(command)
        return self.cache[key]

    def wan(self, host):
        return self.device(host).spec["lab_wan_address"]

    def wan_interface(self, host):
        """The IOS interface that carries the host's WAN address (GigabitEthernet0/0 on IOS 15, 0/0/0 on IOS-XE 17)."""
        name = None
        for line in self.run(host, "show running-config").splitlines():
            if line.startswith("interface "):
                name = line.split()[1]
            elif line.strip().startswith("ip address " + self.wan(host) + " "):
                return name
        raise AssertionError("no interface of %s carries %s" % (host, self.wan(host)))

    def lan_net(self, host):
        return self.device(host).spec["lab_lan_address"].rsplit(".", 1)[0] + ".0"


def _configure_ipsec(lab):
    for hub in IPSEC_HUBS:
        _configure_hub(lab, hub)


def _configure_hub(lab, hub_name):
    hub = lab.terminal(hub_name)
    lines = ["configure terminal", "crypto isakmp policy 10", "encryption aes 256", "hash sha256",
             "authentication pre-share", "group 14", "exit",
             "crypto ipsec transform-set TS-AES256 esp-aes 256 esp-sha256-hmac", "mode tunnel", "exit"]
    for seq, branch in ((10, IPSEC_UP), (20, IPSEC_DOWN)):
        acl = "VPN-" + branch.upper()
        lines += ["crypto isakmp key %s address %s" % (PSK, lab.wan(branch)),
                  "ip access-list extended " + acl,
                  "permit ip %s 0.0.0.255 %s 0.0.0.255" % (lab.lan_net(hub_name), lab.lan_net(branch)), "exit",
                  "crypto map CMAP %d ipsec-isakmp" % seq, "set peer " + lab.wan(branch),
                  "set transform-set TS-AES256", "set pfs group14", "match address " + acl, "exit"]
    v2_acl = "VPN-" + IPSEC_V2.upper()
    lines += ["crypto ikev2 proposal PROP-V2", "encryption aes-cbc-256", "integrity sha256", "group 14", "exit",
              "crypto ikev2 policy POL-V2", "proposal PROP-V2", "exit",
              "crypto ikev2 keyring KR-V2", "peer ros6", "address " + lab.wan(IPSEC_V2), "pre-shared-key " + PSK,
              "exit", "exit",
              "crypto ikev2 profile PROF-V2", "match identity remote address %s 255.255.255.255" % lab.wan(IPSEC_V2),
              "authentication remote pre-share", "authentication local pre-share", "keyring local KR-V2", "exit",
              "ip access-list extended " + v2_acl,
              "permit ip %s 0.0.0.255 %s 0.0.0.255" % (lab.lan_net(hub_name), lab.lan_net(IPSEC_V2)), "exit",
              "crypto map CMAP 30 ipsec-isakmp", "set peer " + lab.wan(IPSEC_V2), "set transform-set TS-AES256",
              "set pfs group14", "set ikev2-profile PROF-V2", "match address " + v2_acl, "exit"]
    lines += ["interface " + lab.wan_interface(hub_name), "crypto map CMAP", "end"]
    for line in lines:
        _typed_clean(hub, line)
    tag = "hq" if hub_name == IPSEC_HUB else "hq15"      # one peer per hub on each branch
    hub_wan = lab.wan(hub_name)
    for branch, psk in ((IPSEC_UP, PSK), (IPSEC_DOWN, "another-psk")):
        ros = lab.terminal(branch)
        for line in ("/ip ipsec profile add name=%s hash-algorithm=sha256 enc-algorithm=aes-256 dh-group=modp2048" % tag,
                     "/ip ipsec peer add name=%s address=%s/32 profile=%s exchange-mode=main" % (tag, hub_wan, tag),
                     "/ip ipsec identity add peer=%s secret=%s" % (tag, psk),
                     "/ip ipsec proposal add name=%s auth-algorithms=sha256 enc-algorithms=aes-256-cbc "
                     "pfs-group=modp2048" % tag,
                     "/ip ipsec policy add peer=%s src-address=%s/24 dst-address=%s/24 tunnel=yes proposal=%s"
                     % (tag, lab.lan_net(branch), lab.lan_net(hub_name), tag)):
            _typed_clean(ros, line)
    ros6 = lab.terminal(IPSEC_V2)
    for line in ("/ip ipsec proposal add name=%s auth-algorithms=sha256 enc-algorithms=aes-256-cbc pfs-group=modp2048"
                 % tag,
                 "/ip ipsec peer add address=%s/32 secret=%s exchange-mode=ike2 hash-algorithm=sha256 "
                 "enc-algorithm=aes-256 dh-group=modp2048" % (hub_wan, PSK),
                 "/ip ipsec policy add src-address=%s/24 dst-address=%s/24 sa-src-address=%s sa-dst-address=%s "
                 "tunnel=yes proposal=%s" % (lab.lan_net(IPSEC_V2), lab.lan_net(hub_name), lab.wan(IPSEC_V2),
                                             hub_wan, tag)):
        _typed_clean(ros6, line)


def _typed_clean(term, line):
    out = term.run(line)
    if out.startswith("% Invalid") or "%" in out and "NOTE" not in out or "failure" in out or "bad command" in out or "expected" in out:
        raise AssertionError("lab refused %r: %s" % (line, out))


@functools.lru_cache(maxsize=1)
def lab_cli():
    return LabCLI()
