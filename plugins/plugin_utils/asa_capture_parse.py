# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse Cisco ASA `show capture NAME` text, group packets into flows, summarise one-way flows.

Real output shape (sources in tests/unit/fixtures/asa/SOURCES.md):

    <blank>
    8 packets captured
    <blank>
       1: 09:41:12.535281       802.1Q vlan#2 P0 192.168.100.1 > 192.168.200.1: icmp: echo request
       2: 15:01:45.052762 1.1.1.1.12869 > 2.2.2.2.80: S 3624439037:3624439037(0) win 8192 <mss 1460,...>
       3: 04:12:10.428093       192.168.10.10.34327 > 10.94.0.51.15868: S
          2669456341:2669456341(0) win 4128 <mss 536> Drop-reason: (acl-drop)      <- wrapped line
       4: 18:37:38.479893       arp who-has 10.1.1.1 tell 10.1.1.2
       5: 10:13:43.123017       10.10.10.10.51893 > 10.20.20.20.53:  udp 36
    8 packets shown

The whole text is scanned by one compiled regular expression (re.findall), which keeps a
100,000-packet capture well under a second.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# One pass over the whole text. Possessive quantifiers (Python >= 3.11, the ansible-core 2.18
# controller minimum) stop backtracking; `.*+` uses the engine's fast "up to end of line" loop.
# Groups: index, time, vlan, src, src_port, dst, dst_port, info, wrapped continuation lines.
_IP = r"\d++\.\d++\.\d++\.\d++"
_PACKET_RE = re.compile(
    r"\n *+(\d++): ([\d:.]++) ++"                          # "   1: 09:41:12.535281       "
    r"(?:802\.1Q vlan#(\d++) P\d ++)?"                     # optional "802.1Q vlan#2 P0 "
    r"(?:(" + _IP + r")(?:\.(\d++))? > (" + _IP + r")(?:\.(\d++))?: *+)?"  # "A[.p] > B[.p]: "
    r"(.*+)"                                               # info (icmp: ..., S 1:1(0) win ..., arp ...)
    r"((?:\n[ \t]++(?!\d++(?:: | packets? ))\S.*+)*+)",    # wrapped lines (not "N:" / "N packets")
    re.ASCII,
)
_CAPTURED_RE = re.compile(r"^[ \t]*(\d+) packets? captured", re.M)
_TRAILING_RE = re.compile(r"[ \t]+\n")


class _Ints(dict):
    """str -> int cache for the few distinct VLAN tags of a capture."""

    def __missing__(self, key):
        value = int(key) if key else None
        self[key] = value
        return value


def _non_ip(index, time, vlan, info):
    words = info.split()
    src = dst = None
    if words[:1] == ["arp"]:
        protocol = "arp"
        if len(words) >= 5 and words[1] == "who-has" and "tell" in words:
            src, dst = words[words.index("tell") + 1], words[2]      # who-has B tell A: A asks for B
        elif len(words) >= 3 and words[1] == "reply":
            src = words[2]                                             # reply B is-at MAC
    else:
        protocol = "unknown"
    return {"index": int(index), "time": time, "vlan": vlan, "src": src, "src_port": None,
            "dst": dst, "dst_port": None, "protocol": protocol, "info": info}


def parse_asa_capture(text):
    """`show capture NAME` text -> {captured, packets: [{index, time, vlan, src, src_port, dst,
    dst_port, protocol, info}]}. Ports are None when the protocol has none, vlan None when untagged.
    `captured` comes from the `N packets captured` header (the device's own count); wrapped
    continuation lines are joined to their packet's info; summary lines are ignored."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError("parse_asa_capture expects the text of 'show capture NAME', got %s" % type(text).__name__)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_RE.sub("\n", text)      # so info never carries trailing blanks
    packets = []
    append = packets.append
    vlans = _Ints()          # few distinct tags; ports vary too much to be worth caching
    # the leading newline lets the pattern start with a literal, which the engine searches fast
    for index, time, vlan, src, sport, dst, dport, info, wrapped in _PACKET_RE.findall("\n" + text):
        if wrapped:
            info = " ".join([info] + wrapped.split())
        vlan = vlans[vlan] if vlan else None
        if sport:
            append({"index": int(index), "time": time, "vlan": vlan, "src": src,
                    "src_port": int(sport), "dst": dst, "dst_port": int(dport),
                    "protocol": "udp" if info[:3] == "udp" else "tcp", "info": info})
        elif src:
            append({"index": int(index), "time": time, "vlan": vlan, "src": src,
                    "src_port": None, "dst": dst, "dst_port": None,
                    "protocol": "icmp" if info[:4] == "icmp" else _other_protocol(info),
                    "info": info})
        else:
            append(_non_ip(index, time, vlan, info))
    header = _CAPTURED_RE.search(text)
    return {"captured": int(header.group(1)) if header else len(packets), "packets": packets}


def _other_protocol(info):
    word = info.split(" ", 1)[0].rstrip(":,")
    return word if word.isalpha() else "ip"


def capture_flows(packets):
    """Group parsed packets into flows. The endpoint seen sending first is `src`.

    Each flow: protocol, src, src_port, dst, dst_port, packets, packets_forward (src->dst),
    packets_reverse (dst->src), bidirectional, first_index, last_index, first_time, last_time, vlans.
    ARP: `who-has B tell A` is A->B; `reply B is-at MAC` counts as B->A of the matching request.
    """
    if isinstance(packets, dict) and "packets" in packets:
        packets = packets["packets"]
    flows = {}
    order = []
    arp_asked = {}            # ARP target -> key of the first request flow for it
    for pkt in packets or []:
        proto = pkt.get("protocol")
        a = (pkt.get("src"), pkt.get("src_port"))
        b = (pkt.get("dst"), pkt.get("dst_port"))
        if proto == "arp" and b[0] is None:
            # an ARP reply names only the answering host: pair it with the request for that host
            key = arp_asked.get(a[0], ("arp", a, b))
        else:
            key = (proto, frozenset((a, b)))
        flow = flows.get(key)
        if flow is None:
            if proto == "arp" and b[0] is not None:
                arp_asked.setdefault(b[0], key)
            flow = {"protocol": proto, "src": a[0], "src_port": a[1], "dst": b[0], "dst_port": b[1],
                    "packets": 0, "packets_forward": 0, "packets_reverse": 0, "bidirectional": False,
                    "first_index": pkt.get("index"), "last_index": pkt.get("index"),
                    "first_time": pkt.get("time"), "last_time": pkt.get("time"), "vlans": []}
            flows[key] = flow
            order.append(key)
        flow["packets"] += 1
        if (flow["src"], flow["src_port"]) == a and not (proto == "arp" and b[0] is None):
            flow["packets_forward"] += 1
        else:
            flow["packets_reverse"] += 1
        flow["last_index"] = pkt.get("index")
        flow["last_time"] = pkt.get("time")
        vlan = pkt.get("vlan")
        if vlan is not None and vlan not in flow["vlans"]:
            flow["vlans"].append(vlan)
    result = []
    for key in order:
        flow = flows[key]
        flow["bidirectional"] = flow["packets_forward"] > 0 and flow["packets_reverse"] > 0
        result.append(flow)
    return result


def one_way_flows(flows):
    return [f for f in flows if not f["bidirectional"]]


def _endpoint(ip, port):
    if ip is None:
        return "?"
    return ip if port is None else "%s:%s" % (ip, port)


def flow_label(flow):
    return "%s %s <-> %s" % (flow["protocol"], _endpoint(flow["src"], flow["src_port"]),
                             _endpoint(flow["dst"], flow["dst_port"]))


def capture_summary(name, parsed, flows):
    """Short text for the play output: packet count, flows, and which flows are one-way."""
    oneway = one_way_flows(flows)
    lines = ["capture %s: %d packets captured, %d parsed, %d flow(s), %d one-way"
             % (name, parsed["captured"], len(parsed["packets"]), len(flows), len(oneway))]
    for flow in flows:
        if flow["bidirectional"]:
            state = "both ways"
        else:
            state = "ONE-WAY: nothing seen from %s" % _endpoint(flow["dst"], flow["dst_port"])
        lines.append("  %s: %d forward / %d reverse (%s)"
                     % (flow_label(flow), flow["packets_forward"], flow["packets_reverse"], state))
    if not flows:
        lines.append("  no packets: check the interface, the match and that traffic flowed")
    return "\n".join(lines)
