# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Does an ASA ACL, bound to a capture, record both directions of what it matches? Plain Python.

Facts (docs/asa_capture.md names the sources): a capture bound to an ACL records the packets each
ACL line matches as written. Cisco's capture guides use an extended ACL with one line per direction
(`permit ip host A any` + `permit ip any host A`) and get both directions; a standard ACL matches
the source address only (one way); an ACL mixing standard and extended entries is refused by the
capture command (`... containing mixed policies`).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import PORT_NAMES, PORT_OPERATORS

_ANY = ("any", "any4")


def _address(words, i):
    """(network | token, next index) of `host A` / `A MASK` / `any` / `object N` / `object-group N`."""
    word = words[i]
    if word in _ANY:
        return None, i + 1
    if word == "host":
        return ipaddress.ip_network(words[i + 1] + "/32"), i + 2
    if word in ("object", "object-group", "interface"):
        return "%s %s" % (word, words[i + 1]), i + 2
    return ipaddress.ip_network("%s/%s" % (word, words[i + 1]), strict=False), i + 2


def _port(words, i):
    if i < len(words) and words[i] in PORT_OPERATORS:
        count = 2 if words[i] == "range" else 1
        ports = tuple(int(PORT_NAMES.get(p, p)) if str(PORT_NAMES.get(p, p)).isdigit() else p
                      for p in words[i + 1:i + 1 + count])
        return (words[i],) + ports, i + 1 + count
    return None, i


def parse_acl_line(line):
    """`access-list N extended|standard permit|deny ...` -> entry dict; None for remarks/other."""
    words = line.split()
    if len(words) < 4 or words[0] != "access-list" or words[2] not in ("extended", "standard"):
        return None
    kind, action = words[2], words[3]
    if kind == "standard":
        src = _address(words, 4)[0]
        return {"kind": kind, "action": action, "protocol": "ip", "src": src, "src_port": None,
                "dst": None, "dst_port": None, "line": line}
    protocol = words[4]
    src, i = _address(words, 5)
    src_port, i = _port(words, i)
    dst, i = _address(words, i)
    dst_port, i = _port(words, i)
    return {"kind": kind, "action": action, "protocol": protocol, "src": src, "src_port": src_port,
            "dst": dst, "dst_port": dst_port, "line": line}


def _covers(outer, inner):
    if outer is None:
        return True
    if inner is None:
        return False
    if isinstance(outer, str) or isinstance(inner, str):
        return outer == inner
    return inner.subnet_of(outer)


def _reverse_covered(entry, entries):
    for other in entries:
        if other["protocol"] not in (entry["protocol"], "ip"):
            continue
        if (_covers(other["src"], entry["dst"]) and _covers(other["dst"], entry["src"])
                and (other["src_port"] is None or other["src_port"] == entry["dst_port"])
                and (other["dst_port"] is None or other["dst_port"] == entry["src_port"])):
            return True
    return False


def classify_acl(name, text):
    """`show running-config access-list NAME` text -> {kind, reason, entries}.

    kind: 'missing', 'mixed', 'standard', 'one-way' (an extended permit line without a line for
    the way back) or 'two-way'."""
    prefix = "access-list %s " % name
    entries = [e for e in (parse_acl_line(line.strip()) for line in (text or "").splitlines()
                           if line.strip().startswith(prefix)) if e]
    kinds = set(e["kind"] for e in entries)
    permits = [e for e in entries if e["action"] == "permit"]
    if not entries:
        return {"kind": "missing", "entries": [],
                "reason": "access-list %s has no standard or extended entries on the device" % name}
    if kinds == set(("standard", "extended")):
        return {"kind": "mixed", "entries": entries,
                "reason": "access-list %s mixes standard and extended entries" % name}
    if kinds == set(("standard",)):
        return {"kind": "standard", "entries": entries,
                "reason": "access-list %s is a standard ACL: it matches the source address only, so the "
                          "capture records one direction" % name}
    lonely = [e["line"] for e in permits if not _reverse_covered(e, permits)]
    if lonely or not permits:
        return {"kind": "one-way", "entries": entries,
                "reason": "access-list %s has no line for the way back of: %s"
                          % (name, "; ".join(lonely) or "(no permit lines)")}
    return {"kind": "two-way", "entries": entries,
            "reason": "access-list %s has a line for each direction" % name}
