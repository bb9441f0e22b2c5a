# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IKE and ESP against the inbound ACL of the interface that carries the crypto map (IOS / IOS-XE).

An extended ACL applied with `ip access-group NAME in` is read top-down: the first entry that matches
decides, and a packet no entry matches meets the implicit deny at the end. The doctor asks it the three
questions a tunnel needs answered from the peer: UDP 500 (isakmp), UDP 4500 (non500-isakmp, with NAT-T
on) and ESP. An entry with a port operator other than `eq` is not evaluated: the answer is then "not
checked" (a warning), never a guess.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    import netaddr
except ImportError:  # pragma: no cover
    netaddr = None

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.end import covers

PORTS = {"isakmp": "500", "non500-isakmp": "4500"}
PORT_NAMES = dict((number, name) for name, number in PORTS.items())
PROBES = (("udp", "500"), ("udp", "4500"), ("esp", None))


def wildcard_net(words):
    """ACL address words -> (CIDR or None, words used): `any`, `host A`, `A WILDCARD`."""
    if not words:
        return None, 0
    if words[0] == "any":
        return "0.0.0.0/0", 1
    if words[0] == "host" and len(words) > 1:
        return words[1] + "/32", 2
    if len(words) > 1:
        try:
            mask_int = int(netaddr.IPAddress(words[1])) ^ 0xFFFFFFFF
            prefix = bin(mask_int).count("1")
            if mask_int != (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF:
                return None, 2
            return "%s/%d" % (words[0], prefix), 2
        except (netaddr.AddrFormatError, ValueError):
            return None, 1
    return None, 1


def _port(words):
    """(port or None, words used, understood) of an optional `eq PORT` after an address."""
    if words and words[0] == "eq" and len(words) > 1:
        return PORTS.get(words[1], words[1]), 2, True
    if words and words[0] in ("gt", "lt", "neq", "range"):
        return None, 0, False
    return None, 0, True


def entry(text):
    """`deny udp any host A eq isakmp` -> {action, proto, src, dst, sport, dport} or None when not understood."""
    words = text.split()
    if len(words) < 4 or words[0] not in ("permit", "deny"):
        return None
    out, rest = {"action": words[0], "proto": words[1]}, words[2:]
    for addr, port in (("src", "sport"), ("dst", "dport")):
        out[addr], used = wildcard_net(rest)
        out[port], pused, understood = _port(rest[used:])
        if out[addr] is None or not understood:
            return None
        rest = rest[used + pused:]
    return out


def _proto_ok(rule, proto):
    return rule["proto"] == "ip" or rule["proto"] == proto or (proto == "esp" and rule["proto"] == "50")


def verdict(entries, proto, port, src, dst):
    """(action, the entry text or None for the implicit deny, its sequence number), or (None, text, seq) when
    an entry is not understood."""
    for seq, text in entries:
        rule = entry(text)
        if rule is None:
            return None, text, seq
        if not _proto_ok(rule, proto) or (rule["dport"] and rule["dport"] != port) or (rule["sport"] and rule["sport"] != port):
            continue
        if covers(rule["src"], src + "/32") and covers(rule["dst"], dst + "/32"):
            return rule["action"], text, seq
    return "deny", None, None


def drops(acl_name, entries, peer, local, nat_t):
    """(drop lines, warnings, fix) for IKE/ESP from ``peer`` to ``local`` through the inbound ACL ``acl_name``;
    fix: [(sequence number to insert before or None for the end, proto, port)] of each dropped probe."""
    out, warnings, fix = [], [], []
    for proto, port in PROBES:
        if port == "4500" and not nat_t:
            continue
        action, text, seq = verdict(entries, proto, port, peer, local or "0.0.0.0")
        what = "%s%s from %s" % (proto, "/" + port if port else "", peer)
        if action is None:
            warnings.append("ACL %s (inbound on the crypto interface) not checked for %s: `%s`" % (acl_name, what, text))
            break
        if action == "deny":
            out.append("%s dropped by ip access-group %s in: %s" % (
                what, acl_name, "`%s`" % text if text else "no entry permits it (implicit deny)"))
            fix.append((seq, proto, port))
    return out, warnings, fix
