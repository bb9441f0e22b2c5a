"""Cisco ASA 5516-X, ASA 9.8: user/privileged EXEC and config modes, pager
commands, a running-config, and the ASA's `ERROR: % Invalid input...` text.

`show version` follows networktocode/ntc-templates
tests/cisco_asa/show_version/cisco_asa_show_version.raw; the running-config
header (`: Saved`, `ASA Version`) and pager prompt `<--- More --->` follow
Cisco's "Cisco ASA Series General Operations CLI Configuration Guide".
Capture commands are added by lab/devices/asa_capture_sim.py when present.
"""
import zlib

from lab import extensions, iosconfig, seeded
from lab.cli import Device, Session, cisco_error
from lab.grammar import ParseError, Rule, parse
from lab.devices.ios import _pipe, interface_name

INITIAL_CONFIG = """\
hostname {hostname}
enable password ***** pbkdf2
names
interface GigabitEthernet1/1
 nameif outside
 security-level 0
 ip address {outside} 255.255.255.0
interface GigabitEthernet1/2
 nameif inside
 security-level 100
 ip address {inside} 255.255.255.0
interface Management1/1
 management-only
 no nameif
 no security-level
 no ip address
ftp mode passive
object network INSIDE-NET
 subnet {inside_net} 255.255.255.0
object network INSIDE-HOST
 host {inside_host}
 nat (inside,outside) static {mapped_host}
access-list OUTSIDE_IN extended permit icmp any any echo-reply
access-list INSIDE_IN extended deny tcp any host 198.51.100.25 eq https
access-list INSIDE_IN extended permit ip any any
pager lines 24
mtu outside 1500
mtu inside 1500
icmp unreachable rate-limit 1 burst-size 1
access-group INSIDE_IN in interface inside
route outside 0.0.0.0 0.0.0.0 {gateway} 1
http server enable
http 127.0.0.0 255.0.0.0 inside
ssh 127.0.0.0 255.0.0.0 inside
ssh version 2
username {user} password ***** pbkdf2 privilege 15
"""

SHOW_VERSION = """\

Cisco Adaptive Security Appliance Software Version {version} 
Firepower Extensible Operating System Version 2.2(2.52)
Device Manager Version 7.8(2)

Compiled on Wed 18-Jul-18 13:14 PDT by builders
System image file is "disk0:/asa984-lfbff-k8.SPA"
Config file at boot was "startup-config"

{host} up 51 days 9 hours

Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)
Internal ATA Compact Flash, 8000MB
BIOS Flash M25P64 @ 0xfed01000, 16384KB

Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)
                             Number of accelerators: 1

 1: Ext: GigabitEthernet1/1  : address is 7872.5dce.e58c, irq 255
 2: Ext: GigabitEthernet1/2  : address is 7872.5dce.e58d, irq 255
 3: Int: Internal-Data1/1    : address is 0000.0001.0002, irq 0
 4: Ext: Management1/1       : address is 7872.5dce.e58b, irq 0

Licensed features for this platform:
Maximum Physical Interfaces       : Unlimited      perpetual
Maximum VLANs                     : 150            perpetual
Inside Hosts                      : Unlimited      perpetual
Failover                          : Active/Active  perpetual
Encryption-DES                    : Enabled        perpetual
Encryption-3DES-AES               : Enabled        perpetual
Security Contexts                 : 2              perpetual

Serial Number: JAD222605K8

Image type                : Release
Key Version               : A 
Configuration last modified by {user} at 17:20:37.576 UTC Mon Nov 23 2026

"""

EXEC_USER = ["enable", "exit", "logout", "quit", "show version", "show curpriv"]
EXEC_PRIV = EXEC_USER[1:] + [
    "enable", "disable", "terminal pager <0-2147483647>", "terminal pager lines <0-2147483647>",
    "no terminal pager", "configure terminal", "show running-config", "show running-config <line>",
    "show access-list", "show access-list <word>", "show interface ip brief", "show clock",
    "write memory", "copy <line>"]
GLOBAL = ["hostname <word>", "interface <word>", "access-list <word> extended {permit|deny} <line>",
          "access-list <word> standard {permit|deny} <line>", "access-list <word> remark <line>",
          "no <line>", "end", "exit", "pager lines <0-2147483647>", "object network <word>",
          "route <word> <ip> <ip> <ip> [<1-255>]", "ssh <line>", "http <line>", "mtu <word> <64-9198>",
          "logging <line>", "username <word> <line>", "access-group <word> {in|out} interface <word>"]
IF_MODE = ["nameif <word>", "security-level <0-100>", "ip address <ip> <ip>", "shutdown", "no <line>",
           "description <line>", "exit", "end", "management-only"]
OBJ_MODE = ["subnet <ip> <ip>", "host <ip>", "description <line>", "exit", "end", "no <line>", "nat <line>"]


class ASADevice(Device):
    kind = "asa"
    version = "9.8(4)"

    def __init__(self, name, spec, lab=None):
        super().__init__(name, spec, lab)
        self.session_class = ASASession
        self.version = spec.get("lab_version", self.version)
        self.enable_password = str(spec.get("ansible_become_password", "lab-enable"))
        outside = spec.get("lab_outside_address", "203.0.113.1")
        inside = spec.get("lab_inside_address", "10.20.1.1")
        text = INITIAL_CONFIG.format(
            hostname=self.hostname, user=self.username, outside=outside, inside=inside,
            gateway=outside.rsplit(".", 1)[0] + ".254", inside_net=inside.rsplit(".", 1)[0] + ".0",
            inside_host=inside.rsplit(".", 1)[0] + ".10", mapped_host=outside.rsplit(".", 1)[0] + ".10")
        if spec.get("lab_seed_secrets"):     # secrets the collection does not manage (lab/seeded.py)
            text = seeded.seed_asa(text)
        self.config = iosconfig.parse(text)

    @property
    def hostname_now(self):
        return self.config.find_prefix("hostname")[0].text.split()[1]

    def running_config(self):
        body = iosconfig.render(self.config, [": Saved", ":", ": Serial Number: JAD222605K8",
                                              ": Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)",
                                              ":", "ASA Version %s " % self.version, "!"])
        return body.replace("\nend", "\n: end") + "\n"

    def state(self):
        data = super().state()
        data["running_config"] = self.running_config()
        data["captures"] = sorted(getattr(self, "lab_captures", {}))   # kept by asa_capture_sim
        return data


class ASASession(Session):
    page_length = 24
    more_prompt = "<--- More --->"
    more_erase = "\r              \r"

    def __init__(self, device, write, close, number, username=None):
        super().__init__(device, write, close, number, username)
        self.mode = "user"
        self.node = None
        self._rules = {}

    def prompt(self):
        host = self.device.hostname_now
        return {"user": host + "> ", "exec": host + "# ", "config": host + "(config)# ",
                "config-if": host + "(config-if)# ", "config-network-object": host + "(config-network-object)# "
                }[self.mode]

    def rules(self):
        if self.mode not in self._rules:
            table = {"user": EXEC_USER, "exec": EXEC_PRIV, "config": GLOBAL,
                     "config-if": IF_MODE, "config-network-object": OBJ_MODE}[self.mode]
            self._rules[self.mode] = extensions.rules("asa", self.mode) + [Rule(p, ASASession.run) for p in table]
        return self._rules[self.mode]

    def execute(self, line):
        line = line.strip()
        if not line:
            return ""
        command, _, pipe = line.partition(" | ")
        try:
            match = parse(self.rules(), command)
        except ParseError as err:
            if self.mode in ("config-if", "config-network-object"):
                self.mode = "config"   # as IOS, the ASA retries the line at global level
                return self.execute(line)
            return cisco_error(self.prompt(), line, err, "ERROR: ")
        out = match.rule.handler(self, match) or ""
        return _pipe(out, pipe) if pipe else out

    def run(self, match):
        words = match.words
        verb = words[0]
        cfg = self.device.config
        if self.mode in ("user", "exec"):
            if verb == "enable":
                return self.enable(self.device.enable_password, "Invalid password\n")
            if verb in ("exit", "logout", "quit"):
                return self.close()
            if verb == "disable":
                self.mode = "user"
            elif verb == "show":
                return self.show(words[1:])
            elif verb == "terminal" or verb == "no":
                self.page_length = 0 if verb == "no" else int(match.args[0])
            elif verb == "configure":
                self.mode = "config"
            elif verb == "write":
                return "Building configuration...\nCryptochecksum: 5a3f2b1c 9d8e7f60 11223344 55667788 \n[OK]\n"
            return ""
        if verb in ("end",):
            self.mode, self.node = "exec", None
            return ""
        if verb == "exit":
            self.mode, self.node = ("exec" if self.mode == "config" else "config"), None
            return ""
        text = " ".join(words)
        if self.mode in ("config-if", "config-network-object"):
            if verb == "no":
                self.node.remove(match.args[0])
            else:
                self.node.child(text, replace=None if verb in ("description",) else verb)
            return ""
        if verb == "no":
            cfg.remove(match.args[0])
        elif verb == "hostname":
            cfg.child(text, replace="hostname")
        elif verb == "interface":
            name = interface_name(match.args[0]) or match.args[0]
            self.node = cfg.child("interface " + name)
            self.mode = "config-if"
        elif verb == "object":
            self.node = cfg.child(text)
            self.mode = "config-network-object"
        elif verb == "pager":
            cfg.child(text, replace="pager")
        else:
            cfg.child(text)
        return ""

    def show(self, words):
        what = words[0]
        if what == "version":
            return SHOW_VERSION.format(version=self.device.version, host=self.device.hostname_now,
                                       user=self.device.username)
        if what == "curpriv":
            return "Username : %s\nCurrent privilege level : %d\nCurrent Mode/s : P_%s\n" % (
                self.device.username, 15 if self.mode == "exec" else 1, "PRIV" if self.mode == "exec" else "UNPR")
        if what == "running-config":
            text = self.device.running_config()
            if len(words) > 1:   # `show running-config access-list` and similar
                key = " ".join(words[1:])
                text = "\n".join(line for line in text.split("\n")
                                 if line == key or line.startswith(key + " ")) + "\n"
            return text
        if what == "access-list":
            return show_access_list([n.text for n in self.device.config.find_prefix("access-list")], words[1:2])
        if what == "interface" and words[1:] == ["ip", "brief"]:
            return show_interface_ip_brief(self.device.config)
        if what == "clock":
            return "09:15:02.118 UTC Tue Nov 24 2026\n"
        return ""


def _hash(text):
    return "0x%08x" % zlib.crc32(text.encode())


def show_access_list(lines, only=()):
    """`show access-list [NAME]` as ASA 9.x prints it (ntc-templates tests/cisco_asa/show_access-list/
    cisco_asa_show_access-list.raw and _4.raw): per ACL a `NAME; N elements; name hash:` header, then each
    entry with its line number (remarks numbered too, without a hit count), hit count and hash."""
    acls = {}
    for line in lines:
        acls.setdefault(line.split()[1], []).append(line.split(None, 2)[2])
    out = []
    for name, entries in acls.items():
        if only and name not in only:
            continue
        elements = sum(1 for e in entries if not e.startswith("remark "))
        out.append("access-list %s; %d elements; name hash: %s" % (name, elements, _hash(name)))
        for n, entry in enumerate(entries, 1):
            text = "access-list %s line %d %s" % (name, n, entry)
            out.append(text + " " if entry.startswith("remark ") else "%s (hitcnt=0) %s " % (text, _hash(text)))
    return "\n".join(out) + "\n" if out else ""


def show_interface_ip_brief(config):
    """`show interface ip brief` (ntc-templates tests/cisco_asa/show_interface_ip_brief/
    cisco_asa_show_interface_ip_brief.raw): one row per interface, `CONFIG` for a configured address."""
    rows = ["Interface                  IP-Address      OK? Method Status                Protocol"]
    for node in config.find_prefix("interface"):
        kids = [child.text.strip() for child in node.children]
        address = next((k.split()[2] for k in kids if k.startswith("ip address ")), None)
        down = "shutdown" in kids
        rows.append("%-26s %-15s YES %-6s %-21s %s" % (
            node.text.split()[1], address or "unassigned", "CONFIG" if address else "unset",
            "administratively down" if down else "up", "down" if down else "up  "))
    return "\n".join(rows) + "\n"
