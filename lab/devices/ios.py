"""Cisco IOS router: user/privileged EXEC, global config and the nested config
modes the crypto roles touch, a running-config that changes with config commands,
and IOS's own error text.

Two personalities by `lab_version` (SOURCES.md in tests/unit/fixtures/ipsec):
  * IOS 15.x (ISR G2 CISCO2911, the default): `show version` as in networktocode/ntc-templates
    tests/cisco_ios/show_version/cisco_ios_show_version.raw; named ACL entries printed without
    sequence numbers; interfaces GigabitEthernet0/N.
  * IOS-XE 16/17 (ISR4331, e.g. `lab_version: 17.09.04a`): IOS-XE `show version` (genieparser
    iosxe ShowVersion golden outputs), ACL entries printed with their sequence number
    (` 10 permit ip ...`), interfaces GigabitEthernet0/0/N.
Both print `crypto isakmp key KEY address A         no-xauth` (address padded, IOS 15.2 sample),
` deny   ip` padded to the width of `permit`, and, with `password encryption aes`
(`lab_password_encryption: aes` or typed), keys as type 6: `crypto isakmp key 6 <cipher> ...`,
`pre-shared-key 6 <cipher>` (Cisco "Encrypted Preshared Key" guide). Config-mode prompts and the
crypto-map note as in Cisco's "Configure a Site-to-Site IPsec IKEv1 Tunnel Between an ASA and a
Cisco IOS Router" configuration example.
"""
import hashlib
import re

from lab import extensions, iosconfig, seeded
from lab.cli import Device, Session, cisco_error
from lab.grammar import ParseError, Rule, parse

# IOS-XE prints these lines with a trailing space (Catalyst 8000V 17.15 and IOS-XE lab running-config
# excerpts, tests/unit/fixtures/ipsec/SOURCES.md)
_XE_TRAILING_SPACE = re.compile(r"^(?:crypto ikev2 (?:proposal|policy) \S+|crypto ipsec transform-set .+|"
                                r"crypto map \S+ \d+ ipsec-isakmp|set transform-set .+|"
                                r"match identity remote address .+)$")
_IFNAMES = (("gigabitethernet", "GigabitEthernet"), ("fastethernet", "FastEthernet"),
            ("tengigabitethernet", "TenGigabitEthernet"), ("loopback", "Loopback"),
            ("tunnel", "Tunnel"), ("vlan", "Vlan"), ("dialer", "Dialer"))

_PHYSICAL = ("GigabitEthernet", "FastEthernet", "TenGigabitEthernet")


def interface_name(text):
    """Expand an abbreviated interface name as IOS does (Gi0/1 -> GigabitEthernet0/1)."""
    m = re.match(r"([A-Za-z-]+)\s*([\d/.:]+)$", text)
    if not m:
        return None
    typed = m.group(1).lower()
    for full, proper in _IFNAMES:
        if full.startswith(typed) and len(typed) >= 2:
            return proper + m.group(2)
    return None


# submode name -> (prompt suffix, rules: pattern -> how many leading words identify a
# single-valued setting (0: the whole line, several allowed))
SUBMODES = {
    "config-if": ("config-if", [
        ("description <line>", 1), ("ip address <ip> <ip>", 2), ("ip address <ip> <ip> secondary", 0),
        ("shutdown", 1), ("crypto map <word>", 2), ("ip nat {inside|outside}", 2),
        ("ip virtual-reassembly [<line>]", 2), ("duplex {auto|full|half}", 1),
        ("speed {auto|10|100|1000}", 1), ("negotiation auto", 1), ("ip mtu <68-9216>", 2),
        ("ip tcp adjust-mss <500-1460>", 3)]),
    "config-isakmp": ("config-isakmp", [
        ("encryption {des|3des|aes} [{128|192|256}]", 1), ("hash {sha|sha256|sha384|sha512|md5}", 1),
        ("authentication {pre-share|rsa-sig|rsa-encr}", 1), ("group {1|2|5|14|15|16|19|20|21|24}", 1),
        ("lifetime <60-86400>", 1)]),
    "cfg-crypto-trans": ("cfg-crypto-trans", [("mode {tunnel|transport}", 1)]),
    "config-crypto-map": ("config-crypto-map", [
        ("set peer <ip>", 0), ("set transform-set <line>", 2), ("match address <word>", 2),
        ("set pfs [{group1|group2|group5|group14|group15|group16|group19|group20|group21|group24}]", 2),
        ("set security-association lifetime seconds <120-2592000>", 4),
        ("set security-association lifetime kilobytes <2560-4194303>", 4),
        ("set ikev2-profile <word>", 2), ("description <line>", 1)]),
    "config-ext-nacl": ("config-ext-nacl", [
        ("{permit|deny} <line>", 0), ("remark <line>", 0), ("<1-2147483647> {permit|deny} <line>", 0)]),
    "config-ikev2-proposal": ("config-ikev2-proposal", [
        ("encryption <line>", 1), ("integrity <line>", 1), ("group <line>", 1)]),
    "config-ikev2-policy": ("config-ikev2-policy", [("proposal <word>", 0), ("match <line>", 0)]),
    "config-ikev2-keyring": ("config-ikev2-keyring", []),
    "config-ikev2-keyring-peer": ("config-ikev2-keyring-peer", [
        ("address <ip> [<ip>]", 1), ("pre-shared-key <line>", 1), ("description <line>", 1)]),
    "config-ikev2-profile": ("config-ikev2-profile", [
        ("match identity remote address <ip> [<ip>]", 0), ("identity local address <ip>", 3),
        ("authentication {remote|local} pre-share", 2), ("keyring local <word>", 1),
        ("lifetime <120-86400>", 1), ("description <line>", 1)]),
    "ca-certificate-map": ("ca-certificate-map", [
        ("issuer-name {co|eq|nc|ne|sw|ew} <line>", 0), ("subject-name {co|eq|nc|ne|sw|ew} <line>", 0)]),
    "ca-trustpool": ("ca-trustpool", [
        ("match certificate <word> allow expired-certificate", 0), ("revocation-check {none|crl|ocsp}", 1),
        ("cabundle url <word>", 2)]),
    "config-archive": ("config-archive", [
        ("path <word>", 1), ("maximum <1-14>", 1), ("write-memory", 1), ("time-period <1-525600>", 1)]),
    "config-line": ("config-line", [
        ("login [local]", 1), ("transport input <line>", 2), ("exec-timeout <line>", 1),
        ("password <line>", 1), ("logging synchronous", 2)]),
}

# IOS hides these values of an isakmp policy: they are the defaults.
_ISAKMP_DEFAULTS = {"encr des", "hash sha", "authentication rsa-sig", "group 1", "lifetime 86400"}


INITIAL_CONFIG = """\
version 15.4
service timestamps debug datetime msec
service timestamps log datetime msec
no service password-encryption
hostname {hostname}
boot-start-marker
boot-end-marker
enable secret 5 $1$lab0$0000000000000000000000
no aaa new-model
ip cef
no ipv6 cef
username {user} privilege 15 secret 5 $1$lab1$1111111111111111111111
interface GigabitEthernet0/0
 description WAN
 ip address {wan} 255.255.255.0
 ip nat outside
 duplex auto
 speed auto
interface GigabitEthernet0/1
 description LAN
 ip address {lan} 255.255.255.0
 ip nat inside
 duplex auto
 speed auto
interface GigabitEthernet0/2
 no ip address
 shutdown
 duplex auto
 speed auto
ip forward-protocol nd
no ip http server
ip nat inside source list NAT interface GigabitEthernet0/0 overload
ip route 0.0.0.0 0.0.0.0 {gateway}
ip access-list extended NAT
 permit ip {lan_net} 0.0.0.255 any
line con 0
line aux 0
line vty 0 4
 login local
 transport input ssh
"""


class IOSDevice(Device):
    kind = "ios"
    model = "CISCO2911/K9"
    image = "flash0:c2900-universalk9-mz.SPA.154-3.M3.bin"
    software = "C2900 Software (C2900-UNIVERSALK9-M)"
    version = "15.4(3)M3"
    start_privileged = False

    def __init__(self, name, spec, lab=None):
        super().__init__(name, spec, lab)
        self.session_class = IOSSession
        self.version = str(spec.get("lab_version", self.version))
        # IOS-XE 16/17 personality of the router (the C9800 subclass keeps its own shape)
        self.xe = self.kind == "ios" and int(re.match(r"\d+", self.version).group(0)) >= 16
        if self.xe:
            self.model, self.image = "ISR4331/K9", "bootflash:packages.conf"
        self.enable_password = str(spec.get("ansible_become_password", "lab-enable"))
        self.ciphers = {}          # type 6 text -> the key typed (the lab's stand-in for the config-key)
        wan = spec.get("lab_wan_address", "198.51.100.1")
        lan = spec.get("lab_lan_address", "10.10.1.1")
        text = self.initial_config().format(
            hostname=self.hostname, user=self.username, wan=wan, lan=lan,
            gateway=wan.rsplit(".", 1)[0] + ".254", lan_net=lan.rsplit(".", 1)[0] + ".0")
        if self.xe:
            major_minor = ".".join(str(int(p)) for p in re.findall(r"\d+", self.version)[:2])
            text = text.replace("version 15.4", "version " + major_minor).replace(
                "GigabitEthernet0/", "GigabitEthernet0/0/").replace(" duplex auto\n speed auto\n", " negotiation auto\n")
        if spec.get("lab_password_encryption") == "aes":
            text = text.replace("hostname ", "password encryption aes\nhostname ", 1)
        if spec.get("lab_seed_secrets"):     # secrets the collection does not manage (lab/seeded.py)
            text = seeded.seed_ios(text, self.kind)
        self.config = iosconfig.parse(text)
        if spec.get("lab_startup_config"):      # a hand-typed running-config the collection did not write
            self.load_startup(spec["lab_startup_config"])
        self.config_changes = 0

    def load_startup(self, text):
        """Merge running-config text into the tree: a top-level section of the text replaces the
        section of the same line (its children), any other line is added at the end."""
        for node in iosconfig.parse(text).children:
            old = self.config.find(node.text)
            if old is not None:
                old.children = node.children
                for child in node.children:
                    child.parent = old
            else:
                node.parent = self.config
                self.config.children.append(node)

    def initial_config(self):
        return INITIAL_CONFIG

    # ------------------------------------------------------------ keys as IOS prints them
    @property
    def password_aes(self):
        return self.config.find("password encryption aes") is not None

    def type6(self, key):
        """A type 6 text for `key` (the lab derives it; IOS encrypts with the config-key)."""
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
        digest = hashlib.sha256(("pfne-lab|" + key).encode()).digest()
        cipher = "".join(alphabet[b % len(alphabet)] for b in digest[:max(16, len(key))]) + "AAB"
        self.ciphers[cipher] = key
        return cipher

    def plain_key(self, words):
        """['6', CIPHER] or [KEY] (or ['0', KEY]) as typed -> the key, as far as the lab knows it."""
        if len(words) == 2 and words[0] == "6":
            return self.ciphers.get(words[1], "6 " + words[1])
        return words[-1]

    def print_line(self, node, text):
        """One running-config line as this release prints it."""
        if node.seq is not None and node.parent is not None and node.parent.text.startswith("ip access-list extended "):
            return iosconfig.acl_entry_text(node, self.xe)
        m = re.match(r"^crypto isakmp key (\S+) address (\S+)((?: \d+\.\d+\.\d+\.\d+)?)( no-xauth)?$", text)
        if m:
            key = m.group(1)
            if self.password_aes and not key.startswith("6 "):
                key = "6 " + self.type6(key)
            # the address is padded to 15 columns, `no-xauth` or not (trailing spaces then)
            tail = "%-15s" % (m.group(2) + m.group(3)) + (" no-xauth" if m.group(4) else "")
            return "crypto isakmp key %s address %s" % (key, tail)
        m = re.match(r"^pre-shared-key (\S+)$", text)
        if m and self.password_aes:
            return "pre-shared-key 6 " + self.type6(m.group(1))
        if self.xe and _XE_TRAILING_SPACE.match(text):
            return text + " "
        return text

    @property
    def hostname_now(self):
        node = self.config.find_prefix("hostname")
        return node[0].text.split()[1] if node else self.hostname

    def running_config(self):
        body = iosconfig.render(self.config, line_format=self.print_line)
        return ("Building configuration...\n\nCurrent configuration : %d bytes\n!\n"
                "! Last configuration change at 09:12:44 UTC Mon Nov 23 2026 by %s\n!\n%s\n"
                % (len(body) + 100, self.username, body))

    def show_version(self):
        if self.xe:
            return SHOW_VERSION_XE.format(version=self.version, short=xe_short(self.version), host=self.hostname_now,
                                          **ISR4331_XE)
        return SHOW_VERSION.format(software=self.software, version=self.version, host=self.hostname_now,
                                   image=self.image, model=self.model)

    def show_inventory(self):
        return SHOW_INVENTORY_XE if self.xe else SHOW_INVENTORY.format(model=self.model)

    def state(self):
        data = super().state()
        data["running_config"] = self.running_config()
        data["config_changes"] = self.config_changes
        return data


# ISR G2 (IOS 15): entity name = model, description `<model> chassis, Hw Serial#: ..., Hw Revision: 1.0`
# (the CISCO2911/K9 entity strings in OpenNMS's SNMP test data); the serial is show version's board ID.
SHOW_INVENTORY = """\
NAME: "{model}", DESCR: "{model} chassis, Hw Serial#: FTX1840AL2K, Hw Revision: 1.0"
PID: {model:<18}, VID: V06 , SN: FTX1840AL2K

"""

# ISR 4331 (IOS-XE 17): genieparser iosxe ShowInventory golden_output_isr4k_output.txt (the same box as the
# show version above: its route processor carries FDO21520TGH), without the optional NIMs.
SHOW_INVENTORY_XE = """\

+++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++
INFO: Please use "show license UDI" to get serial number for licensing.
+++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++

NAME: "Chassis", DESCR: "Cisco ISR4331 Chassis"
PID: ISR4331/K9        , VID: V04  , SN: FDO2201A0SR

NAME: "Power Supply Module 0", DESCR: "250W AC Power Supply for Cisco ISR 4330"
PID: PWR-4330-AC       , VID: V02  , SN: PST2150N1E2

NAME: "Fan Tray", DESCR: "Cisco ISR4330 Fan Assembly"
PID: ACS-4330-FANASSY  , VID:      , SN:            

NAME: "module 0", DESCR: "Cisco ISR4331 Built-In NIM controller"
PID: ISR4331/K9        , VID:      , SN:            

NAME: "NIM subslot 0/0", DESCR: "Front Panel 3 ports Gigabitethernet Module"
PID: ISR4331-3x1GE     , VID: V01  , SN:            

NAME: "module R0", DESCR: "Cisco ISR4331 Route Processor"
PID: ISR4331/K9        , VID: V04  , SN: FDO21520TGH

NAME: "module F0", DESCR: "Cisco ISR4331 Forwarding Processor"
PID: ISR4331/K9        , VID:      , SN:            

"""

SHOW_VERSION = """\
Cisco IOS Software, {software}, Version {version}, RELEASE SOFTWARE (fc2)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2015 by Cisco Systems, Inc.
Compiled Thu 26-Mar-15 07:42 by prod_rel_team

ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)

{host} uptime is 4 weeks, 2 days, 3 hours, 11 minutes
System returned to ROM by power-on
System image file is "{image}"
Last reload type: Normal Reload

Cisco {model} (revision 1.0) with 483328K/40960K bytes of memory.
Processor board ID FTX1840AL2K
3 Gigabit Ethernet interfaces
1 terminal line
DRAM configuration is 64 bits wide with parity enabled.
255K bytes of non-volatile configuration memory.
250880K bytes of ATA System CompactFlash 0 (Read/Write)

Configuration register is 0x2102
"""

# IOS-XE `show version` (the shape of genieparser's iosxe ShowVersion golden outputs, c8000v and
# ISR4k), shared by the IOS-XE router personality and the C9800.
SHOW_VERSION_XE = """\
Cisco IOS XE Software, Version {version}
Cisco IOS Software [Cupertino], {software}, Version {short}, RELEASE SOFTWARE (fc3)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2023 by Cisco Systems, Inc.
Compiled Thu 19-Oct-23 15:24 by mcpre


Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.
All rights reserved.  Certain components of Cisco IOS-XE software are
licensed under the GNU General Public License ("GPL") Version 2.0.

ROM: {rom}

{host} uptime is {uptime}
Uptime for this control processor is {uptime_cp}
System returned to ROM by Reload Command
System image file is "bootflash:packages.conf"
Last reload reason: Reload Command

{hardware}
32768K bytes of non-volatile configuration memory.
{storage}
Configuration register is 0x2102

"""


def xe_short(version):
    """The IOS line's spelling of an IOS-XE release, without leading zeros: 17.09.04a -> 17.9.4a
    (genieparser iosxe ShowVersion golden_output_c9800: `Version 17.07.01prd16` then `Version 17.7.1prd16`)."""
    return ".".join(str(int(p)) for p in re.findall(r"\d+", version)[:3]) + re.sub(r"^[\d.]+", "", version)


ISR4331_XE = dict(
    software="ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)", rom="16.12(2r)",
    uptime="6 weeks, 1 day, 2 hours, 40 minutes", uptime_cp="6 weeks, 1 day, 2 hours, 42 minutes",
    hardware="cisco ISR4331/K9 (1RU) processor with 1795979K/6147K bytes of memory.\nProcessor board ID FDO21520TGH\n"
             "Router operating mode: Autonomous\n3 Gigabit Ethernet interfaces",
    storage="4194304K bytes of physical memory.\n3223551K bytes of flash memory at bootflash:.\n")

EXEC_USER = ["enable", "exit", "logout", "terminal length <0-512>", "terminal width <0-512>",
             "terminal no monitor", "show version", "show privilege", "ping <line>"]
EXEC_PRIV = EXEC_USER[1:] + [
    "enable", "disable", "configure terminal", "configure terminal revert timer <1-120>", "configure confirm",
    "show running-config", "show running-config all", "show running-config full",
    "show running-config interface <word>", "show startup-config", "show clock",
    "show ip interface brief", "show archive", "show crypto map", "show inventory",
    "copy running-config startup-config", "write memory", "write", "debug <line>", "undebug all",
    "clear crypto session", "clear crypto sa"]
GLOBAL = [
    "hostname <word>", "interface <word>", "interface <word> <word>", "no <line>", "end", "exit", "do <line>",
    "crypto isakmp policy <1-10000>", "crypto isakmp key <word> address <ip>",
    "crypto isakmp key <word> address <ip> no-xauth", "crypto isakmp key <word> address <ip> <ip>",
    "crypto isakmp key <word> address <ip> <ip> no-xauth", "crypto isakmp nat keepalive <5-3600>",
    "crypto isakmp key {0|6} <word> address <ip>", "crypto isakmp key {0|6} <word> address <ip> no-xauth",
    "crypto isakmp key {0|6} <word> address <ip> <ip>", "crypto isakmp key {0|6} <word> address <ip> <ip> no-xauth",
    "password encryption aes", "key config-key password-encryption [<word>]",
    "crypto isakmp keepalive <10-3600> [<2-60>]",
    "crypto ipsec transform-set <word> <line>", "crypto ipsec transform-set <word>", "crypto map <word> <1-65535>", "crypto ipsec security-association lifetime seconds <120-2592000>",
    "crypto map <word> <1-65535> ipsec-isakmp", "crypto map <word> <1-65535> ipsec-isakmp dynamic <word>",
    "crypto ikev2 proposal <word>", "crypto ikev2 policy <word>", "crypto ikev2 keyring <word>",
    "crypto ikev2 profile <word>", "crypto pki certificate map <word> <1-1000>", "crypto pki trustpool policy",
    "ip access-list extended <word>", "access-list <100-199> {permit|deny|remark} <line>",
    "ip route <ip> <ip> <word>", "ip route <ip> <ip> <word> <line>", "archive", "line {con|aux|vty} <line>",
    "username <word> <line>", "enable secret <line>", "ip domain name <word>", "ip domain-name <word>",
    "service <line>", "logging <line>", "ntp server <ip>", "ip ssh version {1|2}",
    "ip nat inside source <line>"]

_TRANSFORMS = {"esp-aes", "esp-3des", "esp-des", "esp-sha-hmac", "esp-sha256-hmac", "esp-sha384-hmac",
               "esp-sha512-hmac", "esp-md5-hmac", "esp-gcm", "esp-gmac", "ah-sha-hmac", "ah-md5-hmac",
               "ah-sha256-hmac", "esp-null", "comp-lzs", "128", "192", "256"}


class IOSSession(Session):
    page_length = 24
    user_rules, exec_rules, global_rules = EXEC_USER, EXEC_PRIV, GLOBAL

    def __init__(self, device, write, close, number, username=None):
        super().__init__(device, write, close, number, username)
        self.mode = "exec" if device.start_privileged else "user"
        self.nodes = []           # config nodes of the nested modes, innermost last
        self.width = 80

    # ----------------------------------------------------------------------- prompts
    def prompt(self):
        host = self.device.hostname_now
        if self.mode == "user":
            return host + ">"
        if self.mode == "exec":
            return host + "#"
        if self.mode == "config":
            return host + "(config)#"
        return "%s(%s)#" % (host, SUBMODES[self.mode][0])

    def ctrl_z(self):
        if self.mode not in ("user", "exec"):
            self.mode, self.nodes = "exec", []
        return ""

    # --------------------------------------------------------------------- dispatch
    def rules_for(self, mode):
        own = getattr(self, "_rules_cache", None)
        if own is None:
            own = self._rules_cache = {}
        if mode not in own:
            table = {"user": self.user_rules, "exec": self.exec_rules, "config": self.global_rules}.get(mode)
            if table is not None:
                mine = [Rule(p, self._handler(mode, p)) for p in table]
            else:
                mine = [Rule(p, IOSSession._submode_line) for p, _ in SUBMODES[mode][1]]
                mine += [Rule("exit", lambda s, m: s._exit()), Rule("end", lambda s, m: s._end()),
                         Rule("no <line>", lambda s, m: s._no_in_submode(m)), Rule("do <line>", IOSSession._do)]
            own[mode] = extensions.rules(self.device.kind, mode) + mine
        return own[mode]

    def execute(self, line):
        line = line.strip()
        if not line or line.startswith("!"):
            return ""
        command, _, pipe = line.partition(" | ")
        try:
            match = parse(self.rules_for(self.mode), command)
        except ParseError as err:
            if self.mode not in ("user", "exec", "config"):
                # IOS tries a line that is not valid in a sub-mode at global level
                try:
                    match = parse(self.rules_for("config"), command)
                    self.mode, self.nodes = "config", []
                except ParseError:
                    return cisco_error(self.prompt(), line, err, self.error_prefix)
            else:
                return cisco_error(self.prompt(), line, err, self.error_prefix)
        out = match.rule.handler(self, match) or ""
        return _pipe(out, pipe) if pipe else out

    error_prefix = ""

    def _handler(self, mode, pattern):
        words = [w for w in pattern.split() if not w.startswith(("<", "[", "{"))]
        name = "do_" + "_".join(re.sub(r"\W", "_", w) for w in words[:3])
        if mode == "config":
            return getattr(type(self), "cfg_" + words[0].replace("-", "_"), IOSSession.cfg_plain)
        return getattr(type(self), name, IOSSession.do_unsupported)

    # ------------------------------------------------------------------ exec mode
    def do_enable(self, match):
        return self.enable(self.device.enable_password, "% Access denied\n\n")

    def do_disable(self, match):
        self.mode = "user"

    def do_exit(self, match):
        self.close()

    do_logout = do_exit

    def do_terminal_length(self, match):
        self.page_length = int(match.args[0])

    def do_terminal_width(self, match):
        self.width = int(match.args[0])

    def do_terminal_no_monitor(self, match):
        return ""

    def do_show_version(self, match):
        return self.device.show_version()

    def do_show_inventory(self, match):
        return self.device.show_inventory()

    def do_show_privilege(self, match):
        return "Current privilege level is %d\n" % (15 if self.mode == "exec" else 1)

    def do_show_running_config(self, match):
        if len(match.words) > 2 and match.words[2] == "interface":
            name = interface_name(match.args[0]) or match.args[0]
            node = self.device.config.find("interface " + name)
            if not node:
                return "\n% Invalid input detected at '^' marker.\n"
            return "Building configuration...\n\nCurrent configuration : 100 bytes\n!\n%s\nend\n" % "\n".join(
                ["interface " + name] + [" " + line for line in node.lines()])
        return self.device.running_config()

    def do_show_startup_config(self, match):
        return self.device.running_config().replace("Building configuration...\n\n", "")

    def do_show_clock(self, match):
        return "*09:15:02.118 UTC Tue Nov 24 2026\n"

    def do_configure_terminal(self, match):
        self.mode, self.nodes = "config", []
        return "Enter configuration commands, one per line.  End with CNTL/Z.\n"

    def do_configure_confirm(self, match):
        return ""

    def do_copy_running_config(self, match):
        return "Destination filename [startup-config]? "  # answered by the next line

    def do_write_memory(self, match):
        return "Building configuration...\n[OK]\n"

    do_write = do_write_memory

    def do_show_ip_interface(self, match):
        rows = ["Interface                  IP-Address      OK? Method Status                Protocol"]
        for node in self.device.config.find_prefix("interface"):
            name = node.text.split()[1]
            addr = next((c.text.split()[2] for c in node.children if c.text.startswith("ip address ")), "unassigned")
            down = any(c.text == "shutdown" for c in node.children)
            status = "administratively down" if down else "up"
            rows.append("%-26s %-15s YES %-6s %-21s %s" % (name, addr, "NVRAM" if addr != "unassigned" else "unset",
                                                            status, "down" if down else "up"))
        return "\n".join(rows) + "\n"

    def do_unsupported(self, match):
        return ""

    def _do(self, match):
        saved = self.mode
        self.mode = "exec"
        try:
            return self.execute(match.args[0])
        finally:
            if self.mode == "exec":
                self.mode = saved

    # --------------------------------------------------------------- global config
    def _enter(self, mode, node):
        self.mode = mode
        self.nodes = [node]
        self.device.config_changes += 1

    def cfg_end(self, match):
        return self._end()

    def _end(self):
        self.mode, self.nodes = "exec", []
        return ""

    def cfg_exit(self, match):
        return self._end()

    def _exit(self):
        if self.mode in _NESTED_PARENT:
            self.nodes.pop()
            self.mode = _NESTED_PARENT[self.mode]
        else:
            self.mode, self.nodes = "config", []
        return ""

    def cfg_do(self, match):
        return self._do(match)

    def cfg_hostname(self, match):
        self.device.config.child("hostname " + match.args[0], replace="hostname")
        self.device.config_changes += 1

    def cfg_plain(self, match):
        text = " ".join(match.words)
        root = self.device.config
        key = {"enable": "enable secret", "ip": None}.get(match.words[0])
        root.child(text, replace=key)
        self.device.config_changes += 1

    def cfg_interface(self, match):
        name = interface_name("".join(match.args))
        physical = name and name.startswith(_PHYSICAL) and "." not in name
        if not name or physical and not self.device.config.find("interface " + name):
            # a port the box does not have (Gi0/0 on an ISR 4331, whose ports are Gi0/0/N) is refused;
            # logical interfaces and subinterfaces are created
            return cisco_error(self.prompt(), "", ParseError("invalid", len("interface ")))
        self._enter("config-if", self.device.config.child("interface " + name, before="ip forward-protocol"))

    def cfg_crypto(self, match):
        words = match.words
        root = self.device.config
        text = " ".join(words)
        if words[1] == "isakmp" and words[2] == "policy":
            return self._enter("config-isakmp", root.child(text))
        if words[1] == "map" and len(words) == 4:   # only valid with `no`
            return cisco_error(self.prompt(), text, ParseError("incomplete", len(text)))
        if words[1] == "ipsec" and words[2] == "transform-set":
            transforms = words[4:]
            bad = [t for t in transforms if t not in _TRANSFORMS]
            if bad or not transforms:
                column = len(" ".join(words[:4])) + 1 + (len(" ".join(transforms[:transforms.index(bad[0])])) + 1
                                                         if bad and transforms.index(bad[0]) else 0)
                return cisco_error(self.prompt(), text, ParseError("invalid" if bad else "incomplete", column))
            node = root.child(text, replace=" ".join(words[:4]))
            node.child("mode tunnel", replace="mode")
            return self._enter("cfg-crypto-trans", node)
        if words[1] == "map" and len(words) == 7:    # crypto map NAME SEQ ipsec-isakmp dynamic DMAP
            root.child(text)
            self.device.config_changes += 1
            return ""
        if words[1] == "map" and len(words) == 5:
            existing = root.find(text)
            node = root.child(text)
            self._enter("config-crypto-map", node)
            if not existing:
                return ("% NOTE: This new crypto map will remain disabled until a peer\n"
                        "        and a valid access list have been configured.\n")
            return ""
        if words[1] == "ikev2":
            return self._enter("config-ikev2-" + words[2], root.child(text))
        if words[1] == "pki" and words[2] == "certificate":
            return self._enter("ca-certificate-map", root.child(text))
        if words[1] == "pki" and words[2] == "trustpool":
            return self._enter("ca-trustpool", root.child(text))
        if words[1] == "isakmp" and words[2] == "key":
            addr_at = words.index("address")
            self._remove_key(words[addr_at + 1])     # one key per peer address
            rest = words[addr_at + 1:]
            if len(rest) > 1 and rest[1] == "255.255.255.255":   # a host mask is not printed
                rest = [rest[0]] + rest[2:]
            root.child("crypto isakmp key %s address %s" % (self.device.plain_key(words[3:addr_at]), " ".join(rest)))
        else:
            root.child(text, replace=" ".join(words[:3]))
        self.device.config_changes += 1

    def _remove_key(self, address):
        root = self.device.config
        root.children = [n for n in root.children if not (
            n.text.startswith("crypto isakmp key ") and n.text.split()[n.text.split().index("address") + 1] == address)]

    def cfg_password(self, match):
        self.device.config.child("password encryption aes", before="hostname")
        self.device.config_changes += 1

    def cfg_key(self, match):
        self.device.config_changes += 1     # the config-key itself is never printed

    def cfg_ip(self, match):
        words = match.words
        if words[1] == "access-list":
            return self._enter("config-ext-nacl", self.device.config.child(" ".join(words)))
        return self.cfg_plain(match)

    def cfg_archive(self, match):
        self._enter("config-archive", self.device.config.child("archive"))

    def cfg_line(self, match):
        return self._enter("config-line", self.device.config.child(" ".join(match.words)))

    def cfg_no(self, match):
        text = match.args[0]
        root = self.device.config
        try:
            parse([r for r in self.rules_for("config") if not r.pattern.startswith("no ")], text)
        except ParseError as err:
            err.column += 3
            return cisco_error(self.prompt(), "no " + text, err)
        words = text.split()
        if words[0].startswith("int"):
            text = "interface " + (interface_name("".join(words[1:])) or " ".join(words[1:]))
        if words[:3] == ["crypto", "isakmp", "key"]:
            self._remove_key(words[words.index("address") + 1])
            self.device.config_changes += 1
            return ""
        root.remove(text)
        self.device.config_changes += 1

    # ------------------------------------------------------------------ sub-modes
    def _submode_line(self, match):
        text = " ".join(match.words)
        key = dict(SUBMODES[self.mode][1]).get(match.rule.pattern, 0)
        node = self.nodes[-1]
        if self.mode == "config-isakmp":
            text = re.sub(r"^encryption", "encr", text)
            node.remove(text.split()[0])
            if text not in _ISAKMP_DEFAULTS:
                node.child(text)
            self.device.config_changes += 1
            return ""
        if self.mode == "config-ikev2-keyring" and match.words[0] == "peer":
            self.nodes.append(node.child(text))
            self.mode = "config-ikev2-keyring-peer"
            return ""
        if self.mode == "config-ext-nacl" and match.words[0] != "remark":
            seq = match.words[0] if match.words[0].isdigit() else None
            node.add_entry(" ".join(match.words[1:] if seq else match.words), seq)
            self.device.config_changes += 1
            return ""
        if self.mode == "config-ikev2-keyring-peer" and match.words[0] == "pre-shared-key":
            text = "pre-shared-key " + self.device.plain_key(match.words[1:])
        replace = " ".join(match.words[:key]) if key else None
        node.child(text, replace=replace)
        self.device.config_changes += 1
        return ""

    def _no_in_submode(self, match):
        node = self.nodes[-1]
        text = match.args[0]
        if self.mode == "config-isakmp":
            text = re.sub(r"^encryption", "encr", text).split()[0]
        if self.mode == "config-ext-nacl":
            words = text.split()
            node.children = [c for c in node.children if not (
                (words[0].isdigit() and len(words) == 1 and c.seq == int(words[0])) or c.text == " ".join(words))]
            self.device.config_changes += 1
            return ""
        node.remove(text)
        self.device.config_changes += 1
        return ""


_NESTED_PARENT = {"config-ikev2-keyring-peer": "config-ikev2-keyring"}


SUBMODES["config-ikev2-keyring"][1].append(("peer <word>", 0))


def _pipe(text, pipe):
    """`| include`, `| exclude`, `| begin`, `| section`, `| count` on show output."""
    verb, _, arg = pipe.strip().partition(" ")
    verb = verb.lower()
    lines = text.split("\n")
    if "include".startswith(verb) and verb.startswith("i"):
        return "\n".join(line for line in lines if re.search(arg, line)) + "\n"
    if "exclude".startswith(verb) and verb.startswith("e"):
        return "\n".join(line for line in lines if not re.search(arg, line)) + "\n"
    if "begin".startswith(verb) and verb.startswith("b"):
        for i, line in enumerate(lines):
            if re.search(arg, line):
                return "\n".join(lines[i:])
        return ""
    if "section".startswith(verb) and verb.startswith("s"):
        out, inside = [], False
        for line in lines:
            if not line.startswith(" "):
                inside = bool(re.search(arg, line))
            if inside and line.strip() != "!":
                out.append(line)
        return "\n".join(out) + ("\n" if out else "")
    if "count".startswith(verb) and verb.startswith("c"):
        return "Number of lines which match regexp = %d\n" % sum(1 for line in lines if re.search(arg, line))
    return text
