# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco ASA packet capture: input validation, command builder, `show capture` list parser.

Plain Python, no Ansible objects.

Syntax facts (Cisco ASA 9.1 General Operations CLI Configuration Guide, "Capturing Packets";
ASA `capture NAME ?` help output quoted in public notes):
  capture NAME [access-list ACL] [buffer <1534-33554432>] interface IF [packet-length <14-9216>]
          [circular-buffer] [match PROTO {host A | A MASK | any} [op port] {host B | B MASK | any} [op port]]
The inline `match` captures both directions of the five-tuple. An ACL-bound capture records what
its ACL lines match as written: an extended ACL with one line per direction records both
directions (Cisco's capture guides), a standard ACL matches the source only (one way), and an ACL
that mixes standard and extended entries is refused by the ASA with
`ERROR: Capture doesn't support access-list NAME containing mixed policies`
(docs/asa_capture.md gives the sources).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError

BUFFER_MIN = 1534
BUFFER_MAX = 33554432
PACKET_LENGTH_MIN = 14
PACKET_LENGTH_MAX = 9216
PROTOCOLS = ("ip", "tcp", "udp", "icmp")
# Collection limits, not ASA ones (the ASA guides state none): each match spec is one command on
# every capture of the run (ingress, and egress and asp-drop when asked); past these a wider subnet
# or a capture bound to an extended ACL says the same in a few lines.
MAX_MATCHES = 32
MAX_NAT_PAIRS = 32
PORT_OPERATORS = ("eq", "neq", "lt", "gt", "range")
MIXED_POLICIES_ERROR = "ERROR: Capture doesn't support access-list %s containing mixed policies"

ONE_WAY_EXPLANATION = (
    "an ACL-bound capture (capture NAME access-list ACL interface IF) records only what each ACL "
    "line matches as written: a standard ACL matches the source address only, and an extended ACL "
    "needs one line per direction (e.g. 'permit ip host A any' and 'permit ip any host A') to record "
    "both directions. Use 'matches' (the inline 'match' form captures both directions), add the "
    "missing direction to the ACL, or set access_list_one_way_ok: true to run it one-way anyway."
)
MIXED_EXPLANATION = (
    "access-list %s mixes standard and extended entries, which the capture command refuses "
    "(\"%s\"; a write-up quoting this error with two spaces lost the ACL name). Removing one extended "
    "line does not help: remove the standard entries ('no access-list %s standard ...') or use "
    "another ACL holding extended entries only, one per direction."
)

# Port names the ASA prints instead of numbers (ASA CLI configuration guide, "TCP and UDP Ports").
PORT_NAMES = {
    "aol": 5190, "bgp": 179, "biff": 512, "bootpc": 68, "bootps": 67, "chargen": 19, "cifs": 3020,
    "citrix-ica": 1494, "cmd": 514, "ctiqbe": 2748, "daytime": 13, "discard": 9, "dnsix": 195,
    "domain": 53, "echo": 7, "exec": 512, "finger": 79, "ftp": 21, "ftp-data": 20, "gopher": 70,
    "h323": 1720, "hostname": 101, "http": 80, "https": 443, "ident": 113, "imap4": 143, "irc": 194,
    "isakmp": 500, "kerberos": 750, "klogin": 543, "kshell": 544, "ldap": 389, "ldaps": 636,
    "login": 513, "lotusnotes": 1352, "lpd": 515, "mobile-ip": 434, "nameserver": 42,
    "netbios-dgm": 138, "netbios-ns": 137, "netbios-ssn": 139, "nfs": 2049, "nntp": 119, "ntp": 123,
    "pcanywhere-data": 5631, "pcanywhere-status": 5632, "pim-auto-rp": 496, "pop2": 109, "pop3": 110,
    "pptp": 1723, "radius": 1645, "radius-acct": 1646, "rip": 520, "rsh": 514, "rtsp": 554,
    "secureid-udp": 5510, "sip": 5060, "smtp": 25, "snmp": 161, "snmptrap": 162, "sqlnet": 1521,
    "ssh": 22, "sunrpc": 111, "syslog": 514, "tacacs": 49, "talk": 517, "telnet": 23, "tftp": 69,
    "time": 37, "uucp": 540, "vxlan": 4789, "who": 513, "whois": 43, "www": 80, "xdmcp": 177,
}

# Words the capture command or `show capture NAME ...` parse as keywords: a capture with such a
# name would be misread by the ASA CLI, so they are refused up front.
RESERVED_NAMES = frozenset((
    "access-list", "all", "asp-drop", "buffer", "circular-buffer", "decode", "detail", "dump",
    "ethernet-type", "file-size", "headers-only", "interface", "match", "packet-length",
    "packet-number", "real-time", "reinject-hide", "stop", "trace", "type",
))
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}")
_NAMEIF_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,47}")
_ACL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,240}")


class AsaCaptureError(FieldError):
    """Bad capture input; ``field`` names the offending option."""


def _int(field, value, low, high):
    if isinstance(value, bool):
        raise AsaCaptureError(field, "must be an integer, got %r" % (value,))
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise AsaCaptureError(field, "must be an integer, got %r" % (value,))
    if number < low or number > high:
        raise AsaCaptureError(field, "%d is out of the ASA range %d-%d" % (number, low, high))
    return number


def _word(value, field, regex, missing, invalid):
    """``value`` if it is a non-empty string that ``regex`` matches whole; else AsaCaptureError."""
    if not isinstance(value, str) or not value:
        raise AsaCaptureError(field, missing)
    if not regex.fullmatch(value):
        raise AsaCaptureError(field, invalid % (value,))
    return value


def validate_name(value, field="name"):
    _word(value, field, _NAME_RE, "a capture name is required",
          "%r is not a capture name the ASA accepts (1-32 characters: letters, digits, "
          "'_', '-', '.'; starting with a letter or digit; no spaces)")
    if value.lower() in RESERVED_NAMES:
        raise AsaCaptureError(field, "%r is a keyword of the capture command" % value)
    return value


def validate_interface(value, field="interface"):
    return _word(value, field, _NAMEIF_RE, "an interface name (nameif) is required",
                 "%r is not an ASA interface name (nameif: one word, up to 48 characters, letters, "
                 "digits, '_', '-', '.', starting with a letter)")


def _address(field, value):
    """'any' | 'A.B.C.D' (host) | 'A.B.C.D/len' (subnet) | 'host A.B.C.D' | 'A.B.C.D MASK'."""
    if value is None:
        return {"kind": "any"}
    text = str(value).strip()
    if text.lower() in ("any", "any4"):
        return {"kind": "any"}
    parts = text.split()
    if len(parts) == 2 and parts[0].lower() == "host":
        text = parts[1]
    elif len(parts) == 2:
        text = "%s/%s" % (parts[0], parts[1])
    elif len(parts) != 1:
        raise AsaCaptureError(field, "%r is not 'any', a host address or a subnet" % (value,))
    try:
        if "/" in text:
            net = ipaddress.IPv4Network(text, strict=True)
            if net.prefixlen == 32:
                return {"kind": "host", "address": str(net.network_address)}
            return {"kind": "subnet", "address": str(net.network_address), "mask": str(net.netmask),
                    "prefix": str(net)}
        return {"kind": "host", "address": str(ipaddress.IPv4Address(text))}
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError) as exc:
        raise AsaCaptureError(field, "%r is not a valid IPv4 host or subnet (%s)" % (value, exc))


def _port(field, value, protocol):
    if value is None or value == "":
        return None
    if protocol not in ("tcp", "udp"):
        raise AsaCaptureError(field, "ports apply to tcp and udp only, not %s" % protocol)
    if isinstance(value, int) and not isinstance(value, bool):
        return {"op": "eq", "ports": [_int(field, value, 1, 65535)]}
    if isinstance(value, dict):
        op = str(value.get("op", "eq")).lower()
        ports = value.get("ports", value.get("port"))
        ports = ports if isinstance(ports, list) else [ports]
    else:
        words = str(value).split()
        if len(words) == 1:
            op, ports = "eq", words
        else:
            op, ports = words[0].lower(), words[1:]
    if op not in PORT_OPERATORS:
        raise AsaCaptureError(field, "operator %r is not one of %s" % (op, ", ".join(PORT_OPERATORS)))
    want = 2 if op == "range" else 1
    if len(ports) != want:
        raise AsaCaptureError(field, "'%s' takes %d port number(s), got %r" % (op, want, value))
    nums = [_int(field, p, 1, 65535) for p in ports]
    if op == "range" and nums[0] > nums[1]:
        raise AsaCaptureError(field, "range %d %d is reversed" % (nums[0], nums[1]))
    return {"op": op, "ports": nums}


def validate_match(spec, field):
    if isinstance(spec, str):
        raise AsaCaptureError(field, "a match spec is a mapping (host, peer, protocol, host_port, peer_port)")
    if not isinstance(spec, dict):
        raise AsaCaptureError(field, "a match spec must be a mapping, got %r" % (spec,))
    unknown = sorted(set(spec) - set(("host", "peer", "protocol", "host_port", "peer_port")))
    if unknown:
        raise AsaCaptureError(field, "unknown key(s): %s" % ", ".join(unknown))
    protocol = str(spec.get("protocol") or "ip").lower()
    if protocol not in PROTOCOLS:
        raise AsaCaptureError(field + ".protocol", "%r is not one of %s" % (protocol, ", ".join(PROTOCOLS)))
    if spec.get("host") in (None, ""):
        raise AsaCaptureError(field + ".host", "a host address or subnet is required")
    return {
        "protocol": protocol,
        "host": _address(field + ".host", spec.get("host")),
        "host_port": _port(field + ".host_port", spec.get("host_port"), protocol),
        "peer": _address(field + ".peer", spec.get("peer")),
        "peer_port": _port(field + ".peer_port", spec.get("peer_port"), protocol),
    }


def _stop(field, value):
    """Stop condition: {'packets': N, 'seconds': S}; either may be missing, seconds defaults to 30."""
    value = value or {}
    if not isinstance(value, dict):
        raise AsaCaptureError(field, "must be a mapping with 'packets' and/or 'seconds'")
    unknown = sorted(set(value) - set(("packets", "seconds", "poll_interval")))
    if unknown:
        raise AsaCaptureError(field, "unknown key(s): %s" % ", ".join(unknown))
    packets = value.get("packets")
    return {
        "packets": None if packets in (None, "", 0, "0") else _int(field + ".packets", packets, 1, 10000000),
        "seconds": _int(field + ".seconds", value.get("seconds", 30), 1, 86400),
        "poll_interval": float(_int(field + ".poll_interval", value.get("poll_interval", 2), 1, 3600)),
    }


def validate_capture(args):
    """Check every option before any device is touched; returns a normalised spec."""
    if not isinstance(args, dict):
        raise AsaCaptureError("capture", "must be a mapping")
    spec = {
        "name": validate_name(args.get("name")),
        "interface": validate_interface(args.get("interface")),
        "buffer": None, "packet_length": None,
        "circular_buffer": bool(args.get("circular_buffer", False)),
        "stop": _stop("stop", args.get("stop")),
        "keep": bool(args.get("keep", False)),
        "access_list": None,
        "matches": [],
        "warnings": [],
    }
    if args.get("buffer") not in (None, ""):
        spec["buffer"] = _int("buffer", args["buffer"], BUFFER_MIN, BUFFER_MAX)
    if args.get("packet_length") not in (None, ""):
        spec["packet_length"] = _int("packet_length", args["packet_length"], PACKET_LENGTH_MIN, PACKET_LENGTH_MAX)
    matches = args.get("matches") or []
    if isinstance(matches, dict):
        matches = [matches]
    if not isinstance(matches, list):
        raise AsaCaptureError("matches", "must be a list of match specs")
    if len(matches) > MAX_MATCHES:
        raise AsaCaptureError("matches", "%d match specs; at most %d (each is a command on every capture of the run): "
                                         "use a wider subnet or an extended access_list" % (len(matches), MAX_MATCHES))
    spec["matches"] = [validate_match(m, "matches[%d]" % i) for i, m in enumerate(matches)]
    acl = args.get("access_list")
    if acl not in (None, ""):
        if not _ACL_RE.fullmatch(str(acl)):
            raise AsaCaptureError("access_list", "%r is not an ACL name" % (acl,))
        if spec["matches"]:
            raise AsaCaptureError("access_list", "use either access_list or matches, not both")
        # whether the ACL records both directions is read from the device before the capture is made
        spec["access_list"] = str(acl)
        spec["access_list_one_way_ok"] = bool(args.get("access_list_one_way_ok", False))
    elif not spec["matches"]:
        raise AsaCaptureError("matches", "at least one match spec is required (e.g. {host: 10.0.0.1})")
    _path_options(spec, args)
    return spec


def _path_options(spec, args):
    """Where-does-it-die options: egress_interface, nat ({real, mapped} pairs), asp_drop, packet_tracer."""
    egress = args.get("egress_interface")
    spec["egress_interface"] = validate_interface(egress, "egress_interface") if egress not in (None, "") else None
    spec["asp_drop"] = bool(args.get("asp_drop", spec["egress_interface"] is not None))
    spec["packet_tracer"] = bool(args.get("packet_tracer", True))
    spec["nat"] = []
    nat = args.get("nat") or []
    if not isinstance(nat, list):
        raise AsaCaptureError("nat", "must be a list of {real, mapped} pairs")
    if len(nat) > MAX_NAT_PAIRS:
        raise AsaCaptureError("nat", "%d pairs; at most %d" % (len(nat), MAX_NAT_PAIRS))
    for i, pair in enumerate(nat):
        field = "nat[%d]" % i
        if not isinstance(pair, dict) or set(pair) != set(("real", "mapped")):
            raise AsaCaptureError(field, "must be a mapping with exactly 'real' and 'mapped' addresses")
        spec["nat"].append(dict((k, _address("%s.%s" % (field, k), pair[k])["address"]) for k in ("real", "mapped")))
    if (spec["egress_interface"] or spec["asp_drop"]) and spec["access_list"]:
        raise AsaCaptureError("egress_interface", "the multi-point run needs 'matches', not an access_list")


def point_names(spec):
    """{'ingress': NAME, 'egress': NAME_E, 'asp-drop': NAME_D} for the captures of one run."""
    names = {"ingress": spec["name"]}
    if spec.get("egress_interface"):
        names["egress"] = spec["name"] + "_E"
    if spec.get("asp_drop"):
        names["asp-drop"] = spec["name"] + "_D"
    return names


def asp_drop_commands(name, matches, buffer=None):
    """`capture NAME type asp-drop all [buffer B] match ...`: packets the ASA drops, with the reason."""
    head = ["capture", name, "type", "asp-drop", "all"] + (["buffer", str(buffer)] if buffer else [])
    commands = [" ".join(head + match_words(matches[0]))]
    commands += [" ".join(["capture", name, "type", "asp-drop", "all"] + match_words(m)) for m in matches[1:]]
    return commands


def _addr_words(addr):
    if addr["kind"] == "any":
        return ["any"]
    if addr["kind"] == "host":
        return ["host", addr["address"]]
    return [addr["address"], addr["mask"]]


def _port_words(port):
    if not port:
        return []
    return [port["op"]] + [str(p) for p in port["ports"]]


def match_words(match):
    """`match ...` clause as the ASA writes it in `show capture` (host A / A MASK / any)."""
    return (["match", match["protocol"]] + _addr_words(match["host"]) + _port_words(match["host_port"])
            + _addr_words(match["peer"]) + _port_words(match["peer_port"]))


def build_commands(spec):
    """Exact exec-mode commands that create the capture (first line carries the options)."""
    name, iface = spec["name"], spec["interface"]
    head = ["capture", name]
    if spec.get("access_list"):
        head += ["access-list", spec["access_list"]]
    if spec.get("buffer"):
        head += ["buffer", str(spec["buffer"])]
    head += ["interface", iface]
    if spec.get("packet_length"):
        head += ["packet-length", str(spec["packet_length"])]
    if spec.get("circular_buffer"):
        head.append("circular-buffer")
    if spec.get("access_list"):
        return [" ".join(head)]
    commands = [" ".join(head + match_words(spec["matches"][0]))]
    for match in spec["matches"][1:]:
        commands.append(" ".join(["capture", name, "interface", iface] + match_words(match)))
    return commands


def remove_command(name):
    return "no capture %s" % name


def show_command(name=None):
    return "show capture" if not name else "show capture %s" % name


def count_command(name):
    """Cheap poll: only the header line of `show capture NAME` (`N packets captured` or the
    singular `1 packet captured`, so the filter is the one word both share)."""
    return "show capture %s | include captured" % name


def dump_command(name):
    """Packet lines each followed by the frame's bytes in hex (as Wireshark's ciscodump reads them)."""
    return "show capture %s dump" % name


def acl_command(name):
    return "show running-config access-list %s" % name


def expected_list_matches(spec):
    """How `show capture` lists this capture's match lines (for ownership checks)."""
    return [" ".join(match_words(m)) for m in spec["matches"]]


_LIST_HEAD_RE = re.compile(r"^capture\s+(\S+)\s+(.*)$")
_STATE_RE = re.compile(r"\[(Capturing|Buffer Full|Stopped)\s*-\s*(\d+)\s+bytes\]")


def parse_capture_list(text):
    """Parse `show capture` (list form) into {name: {...}}.

    Real shape (ASA, public write-ups):
      capture DUOout type raw-data interface outside circular-buffer [Capturing - 38314 bytes]
        match ip host 192.168.200.1 host 192.168.100.1
      capture asa_cap type raw-data access-list asa_cap interface inside [Capturing - 9648 bytes]
    """
    captures = {}
    current = None
    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        head = _LIST_HEAD_RE.match(line)
        if head and not raw[:1].isspace():
            words = head.group(2)
            state = _STATE_RE.search(words)
            words = _STATE_RE.sub("", words).split()
            entry = {"name": head.group(1), "type": None, "interfaces": [], "access_list": None,
                     "buffer": None, "packet_length": None, "circular_buffer": False,
                     "state": state.group(1) if state else None,
                     "bytes": int(state.group(2)) if state else None, "matches": []}
            i = 0
            while i < len(words):
                word = words[i]
                nxt = words[i + 1] if i + 1 < len(words) else None
                if word == "type" and nxt:
                    entry["type"] = nxt
                    i += 2
                elif word == "interface" and nxt:
                    entry["interfaces"].append(nxt)
                    i += 2
                elif word == "access-list" and nxt:
                    entry["access_list"] = nxt
                    i += 2
                elif word in ("buffer", "packet-length") and nxt and nxt.isdigit():
                    entry[word.replace("-", "_")] = int(nxt)
                    i += 2
                elif word == "circular-buffer":
                    entry["circular_buffer"] = True
                    i += 1
                else:
                    i += 1
            captures[entry["name"]] = entry
            current = entry
        elif current is not None and line.strip().startswith("match "):
            current["matches"].append(" ".join(line.split()))
    return captures


_CAPTURED_RE = re.compile(r"^\s*(\d+) packets? captured", re.M)


def parse_captured_count(text):
    """`N packets captured` from `show capture NAME` (or its `| include` form); None if absent."""
    found = _CAPTURED_RE.search(text or "")
    return int(found.group(1)) if found else None


def canonical_match(line):
    """A `match ...` line with port names replaced by numbers (`eq www` == `eq 80`)."""
    words = line.split()
    out = []
    for i, word in enumerate(words):
        if i and words[i - 1] in PORT_OPERATORS + ("range",) or (i > 1 and words[i - 2] == "range"):
            word = str(PORT_NAMES.get(word.lower(), word))
        out.append(word)
    return " ".join(out)


def is_ours(existing, spec):
    """A listed capture counts as ours only if it has exactly the interface and match lines we build."""
    if not existing:
        return False
    if existing.get("interfaces") != [spec["interface"]]:
        return False
    if spec.get("access_list"):
        return existing.get("access_list") == spec["access_list"] and not existing.get("matches")
    return ([canonical_match(m) for m in existing.get("matches") or []]
            == [canonical_match(m) for m in expected_list_matches(spec)])
