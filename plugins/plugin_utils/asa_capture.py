# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco ASA packet capture: input validation, command builder, `show capture` list parser.

Plain Python, no Ansible objects.

Syntax facts (Cisco ASA 9.1 General Operations CLI Configuration Guide, "Capturing Packets";
ASA `capture NAME ?` help output quoted in public notes):
  capture NAME [access-list ACL] [buffer <1534-33554432>] interface IF [packet-length <14-9216>]
          [circular-buffer] [match PROTO {host A | A MASK | any} [op port] {host B | B MASK | any} [op port]]
The inline `match` captures both directions of the five-tuple; an ACL-bound capture only records
what each ACL line matches as written (one direction), and an extended ACL holding one line per
direction is refused with `ERROR: Capture doesn't support access-list  containing mixed policies`.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.field_error import FieldError

BUFFER_MIN = 1534
BUFFER_MAX = 33554432
PACKET_LENGTH_MIN = 14
PACKET_LENGTH_MAX = 9216
PROTOCOLS = ("ip", "tcp", "udp", "icmp")
PORT_OPERATORS = ("eq", "neq", "lt", "gt", "range")
MIXED_POLICIES_ERROR = "ERROR: Capture doesn't support access-list  containing mixed policies"

ONE_WAY_EXPLANATION = (
    "an ACL-bound capture (capture NAME access-list ACL interface IF) records only what each ACL "
    "line matches as written, so a standard or one-line ACL shows one direction only; an extended ACL "
    "with one line per direction is refused by the ASA with \"%s\". Use 'matches' instead: the inline "
    "'match' form captures both directions." % MIXED_POLICIES_ERROR
)

# Words the capture command or `show capture NAME ...` parse as keywords: a capture with such a
# name would be misread by the ASA CLI, so they are refused up front.
RESERVED_NAMES = frozenset((
    "access-list", "all", "asp-drop", "buffer", "circular-buffer", "decode", "detail", "dump",
    "ethernet-type", "file-size", "headers-only", "interface", "match", "packet-length",
    "packet-number", "real-time", "reinject-hide", "stop", "trace", "type",
))
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")
_NAMEIF_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,47}$")
_ACL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,240}$")


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


def validate_name(value, field="name"):
    if not isinstance(value, str) or not value:
        raise AsaCaptureError(field, "a capture name is required")
    if not _NAME_RE.match(value):
        raise AsaCaptureError(
            field, "%r is not a capture name the ASA accepts (1-32 characters: letters, digits, "
            "'_', '-', '.'; starting with a letter or digit; no spaces)" % value)
    if value.lower() in RESERVED_NAMES:
        raise AsaCaptureError(field, "%r is a keyword of the capture command" % value)
    return value


def validate_interface(value, field="interface"):
    if not isinstance(value, str) or not value:
        raise AsaCaptureError(field, "an interface name (nameif) is required")
    if not _NAMEIF_RE.match(value):
        raise AsaCaptureError(
            field, "%r is not an ASA interface name (nameif: one word, up to 48 characters, letters, "
            "digits, '_', '-', '.', starting with a letter)" % value)
    return value


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
    spec["matches"] = [validate_match(m, "matches[%d]" % i) for i, m in enumerate(matches)]
    acl = args.get("access_list")
    if acl not in (None, ""):
        if not _ACL_RE.match(str(acl)):
            raise AsaCaptureError("access_list", "%r is not an ACL name" % (acl,))
        if spec["matches"]:
            raise AsaCaptureError("access_list", "use either access_list or matches, not both; " + ONE_WAY_EXPLANATION)
        if not args.get("access_list_one_way_ok", False):
            raise AsaCaptureError("access_list", ONE_WAY_EXPLANATION +
                                  " Set access_list_one_way_ok: true to run the one-way ACL capture anyway.")
        spec["access_list"] = str(acl)
        spec["warnings"].append("access_list: " + ONE_WAY_EXPLANATION)
    elif not spec["matches"]:
        raise AsaCaptureError("matches", "at least one match spec is required (e.g. {host: 10.0.0.1})")
    return spec


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
    """Cheap poll: only the header line of `show capture NAME`."""
    return "show capture %s | include packets captured" % name


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


def is_ours(existing, spec):
    """A listed capture counts as ours only if it has exactly the interface and match lines we build."""
    if not existing:
        return False
    if existing.get("interfaces") != [spec["interface"]]:
        return False
    if spec.get("access_list"):
        return existing.get("access_list") == spec["access_list"] and not existing.get("matches")
    return existing.get("matches") == expected_list_matches(spec)
