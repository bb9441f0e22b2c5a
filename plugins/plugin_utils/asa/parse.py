# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse Cisco ASA `show capture NAME` (and `... dump`) text, group packets into flows, summarise.

Real output shapes (sources in tests/unit/fixtures/asa/SOURCES.md):

    <blank>
    8 packets captured                                   (singular: "1 packet captured")
    <blank>
       1: 09:41:12.535281       802.1Q vlan#2 P0 192.168.100.1 > 192.168.200.1: icmp: echo request
       1: 20:40:01.108469       10.124.255.212 > 10.124.255.5 icmp: echo request     <- no colon (ciscodump)
       2: 15:01:45.052762 1.1.1.1.12869 > 2.2.2.2.80: S 3624439037:3624439037(0) win 8192 <mss 1460,...>
       3: 04:12:10.428093       192.168.10.10.34327 > 10.94.0.51.15868: S
          2669456341:2669456341(0) win 4128 <mss 536> Drop-reason: (acl-drop)      <- wrapped line
       4: 18:37:38.479893       arp who-has 10.1.1.1 tell 10.1.1.2
       5: 10:13:43.123017       10.10.10.10.51893 > 10.20.20.20.53:  udp 36
       6: 15:36:43.524234       A.42098 > B.443: R 1:1(0) win 0 Drop-reason: (tcp-rstfin-ooo) TCP RST/FIN
          out of order, Drop-location: frame 0x000055870affc2df flow (NA)/NA   <- asp-drop capture
    0x0000 a453 0ef3 7fc0 74ad 98e5 0004 0800 4500 .S....t.......E.   <- `dump`: frame bytes after the line
       1: 23:24:22.526431 0050.568d.992b 0050.568d.c0e2 0x0800 Length: 139      <- `detail`: MACs,
          10.0.3.4.10000 > 10.0.3.6.2123:  [bad udp cksum d16b!] udp 97 (DF) (ttl 64, id 0)   ethertype,
       2: 11:05:29.907316 0050.568d.992b 0050.568d.c0e2 0x0800 Length: 1514     frame length, then
          192.168.1.38 > 4.2.2.2  (frag 218:1480@1480+) (ttl 64)                  the IP line below
    8 packets shown

One compiled regular expression walks the packet lines (re.findall); whatever lies between two
packet lines (normally nothing) is captured too and looked at: `dump` hex lines are frame bytes of the packet before
them, the header and the `shown` line are known, anything else is counted as not understood.
A 100,000-packet capture parses well under a second.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gc
import re
from itertools import compress
from operator import itemgetter

# Possessive quantifiers and optional groups (Python >= 3.11, the ansible-core 2.18 controller
# minimum) keep the engine from saving backtracking points it never needs; `[^\n]*` runs its fast
# single-character loop and steps back only over trailing blanks.
# Groups: index, time, detail head (`SRC-MAC DST-MAC 0xTYPE Length: N`), vlan, src,
# src_port, dst, dst_port, arp who-has target, arp asker, arp reply host, checksum note, info, the
# lines after the packet line up to the next one (wrapped lines, dump hex, trailer).
# A packet line starts "N: " and a digit; every such line matches the start of _PACKET_RE and every
# other line after the first packet line is in the last group, so findall skips nothing. With
# `detail` the IP part sits on the line below the MACs: the pattern steps over that one line break
# unless the next line is a packet line itself.
_IP = r"\d{1,3}+\.\d{1,3}+\.\d{1,3}+\.\d{1,3}+"
_MAC = r"[0-9a-fA-F]{4}+\.[0-9a-fA-F]{4}+\.[0-9a-fA-F]{4}+"
_PACKET_START = r"\n *+\d++: \d"
_PACKET_RE = re.compile(
    r"\n *+(\d++): (\d\S*+) *+"                              # "   1: 09:41:12.535281       "
    r"(?:(" + _MAC + r" " + _MAC + r" 0x[0-9a-fA-F]{4}+ Length: \d++)"   # detail: MACs, type, length
    r"[ \t]*+(?:\n(?! *+\d++: \d)[ \t]*+)?+)?+"               # ... and the line break after them
    r"(?:802\.1Q vlan#(\d++) P\d ++)?+"                      # optional "802.1Q vlan#2 P0 "
    r"(?:(" + _IP + r")(?:\.(\d++))? > (" + _IP + r")(?:\.(\d++))?:?+ ++"   # "A[.p] > B[.p][:] "
    r"|(?=arp (?:who-has (" + _IP + r") tell (" + _IP + r")|reply (" + _IP + r") is-at)))?+"
    r"(?:\[(bad [a-z]++ cksum [^\]\n]*+)\] *+)?+"             # "[bad udp cksum d16b!] "
    r"((?:[^\n]*\S)?)[ \t]*+"                                # info, without trailing blanks
    r"((?:\n(?! *+\d++: \d)[^\n]*+)*+)",                     # the lines after it
    re.ASCII,
)
_FIRST_RE = re.compile(_PACKET_START, re.ASCII)
_CAPTURED_RE = re.compile(r"^[ \t]*(\d+) packets? captured", re.M)
# lines known to sit between packet lines: blank, header, trailer, prompt echo, `dump` hex
_KNOWN_GAP_RE = re.compile(r"[ \t]*(?:\d+ packets? (?:captured|shown)(?: \[.*\])?)?[ \t]*\Z", re.ASCII)
_WRAPPED_RE = re.compile(r"[ \t]+(?!0x[0-9a-fA-F]{4}[ \t])\S", re.ASCII)
_HEX_RE = re.compile(r"[ \t]*0x[0-9a-fA-F]{4}[ \t]+([0-9a-fA-F]{2,4}(?: [0-9a-fA-F]{2,4}){0,7})", re.ASCII)
_DROP_RE = re.compile(r" ?Drop-reason: \(([^)]*)\) ?(.*?)(?:,? Drop-location: (.*))?\Z")
_PROMPT_RE = re.compile(r"\S+[#>] ?(?:show capture.*)?\Z")
_AFTER = itemgetter(13)
_DETAIL = itemgetter(2)
_CKSUM = itemgetter(11)
_FRAG_RE = re.compile(r"\(frag (\d+):(\d+)@(\d+)(\+?)\)")
UNPARSED_KEEP = 10


class _Ints(dict):
    """str -> int cache for the few distinct VLAN tags of a capture."""

    def __missing__(self, key):
        value = int(key) if key else None
        self[key] = value
        return value


def _other(index, time, vlan, info, unparsed):
    """A packet line with neither addresses nor an ARP form: kept, and counted as not understood."""
    unparsed.append((int(index), 0, ("%s: %s %s" % (index, time, info)).strip()))
    return {"index": int(index), "time": time, "vlan": vlan, "src": None, "src_port": None,
            "dst": None, "dst_port": None, "protocol": "unknown", "info": info,
            "drop_reason": None, "drop_text": None}


def _split_drop(packet):
    """`... Drop-reason: (code) text, Drop-location: ...` (asp-drop captures) -> drop_* fields."""
    info = packet["info"]
    at = info.find("Drop-reason: (")
    if at < 0:
        return
    found = _DROP_RE.match(info, at - 1 if at and info[at - 1] == " " else at)
    if found:
        packet["info"] = info[:found.start()].rstrip()
        packet["drop_reason"], packet["drop_text"] = found.group(1), found.group(2).rstrip(" ,")
        packet["drop_location"] = found.group(3)


def parse_asa_capture(text):
    """`show capture NAME [dump]` text -> {captured, packets, unparsed_count, unparsed}.

    packets: [{index, time, vlan, src, src_port, dst, dst_port, protocol, info, drop_reason,
    drop_text}] (+ drop_location when printed, + hex frame bytes for `dump` output, + src_mac,
    dst_mac, ethertype, length and checksum for `detail` output, + fragment for IP fragments). Ports are
    None when the protocol has none, vlan None when untagged. `captured` is the device's own
    `N packets captured` count. Wrapped continuation lines are joined to their packet's info.
    Lines not understood (and packet lines whose protocol is not recognised) are counted in
    unparsed_count; the first ten are returned in unparsed."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError("parse_asa_capture expects the text of 'show capture NAME', got %s" % type(text).__name__)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("\n"):
        text = "\n" + text            # every packet line, the first too, starts after a newline
    first = _FIRST_RE.search(text)
    start = first.start() if first else len(text)
    head = text[:start]
    unparsed = []
    _gap(head, None, unparsed)
    # one findall and one comprehension build every packet (the bulk of the work); the rare cases
    # (lines after a packet: wrapped, dump hex; drop reasons) are fixed afterwards, only where the text
    # has them. The collector is paused meanwhile and the findall rows are gone before it resumes:
    # 100,000 new tuples would start it again and again, and none of them is garbage before the end
    # (the packet dicts hold only strings, numbers and None, so Python does not track them).
    collecting = gc.isenabled()
    gc.disable()
    try:
        found = _PACKET_RE.findall(text, start)
        packets = _packets(found, _Ints(), unparsed)   # _Ints: the few distinct VLAN tags, converted once
        for at in compress(range(len(found)), map(_AFTER, found)):   # rows with lines after them
            _after(found[at][13], packets[at], unparsed)
        if " Length: " in text or "cksum " in text:
            _detail(found, packets)
        del found
    finally:
        if collecting:
            gc.enable()
    if "Drop-reason: (" in text:
        for packet in packets:
            if "Drop-reason: (" in packet["info"]:
                _split_drop(packet)
    if "(frag " in text:
        _fragments(packets)
    header = _CAPTURED_RE.search(head) or _CAPTURED_RE.search(text)
    # entries are (packet number, 0 for the packet line / 1 for lines after it, text): packet
    # numbers grow down the output, so a stable sort gives the lines in the order they were printed
    unparsed.sort(key=lambda entry: entry[:2])
    return {"captured": int(header.group(1)) if header else len(packets), "packets": packets,
            "unparsed_count": len(unparsed), "unparsed": [entry[2] for entry in unparsed[:UNPARSED_KEEP]]}


def _packets(found, vlans, unparsed):
    """A packet dict per _PACKET_RE row: tcp/udp (ports), icmp and other IP, arp, unknown."""
    return [
        {"index": int(index), "time": time, "vlan": vlans[vlan] if vlan else None, "src": src,
         "src_port": int(sport), "dst": dst, "dst_port": int(dport),
         "protocol": "udp" if info[:3] == "udp" else "tcp", "info": info,
         "drop_reason": None, "drop_text": None} if sport and dport else
        {"index": int(index), "time": time, "vlan": vlans[vlan] if vlan else None, "src": src,
         "src_port": None, "dst": dst, "dst_port": None,
         "protocol": "icmp" if info[:4] == "icmp" else _other_protocol(info), "info": info,
         "drop_reason": None, "drop_text": None} if src else
        {"index": int(index), "time": time, "vlan": vlans[vlan] if vlan else None, "src": asker or replier or None,
         "src_port": None, "dst": target or None, "dst_port": None, "protocol": "arp", "info": info,
         "drop_reason": None, "drop_text": None} if asker or replier or info[:4] == "arp " else
        _other(index, time, vlans[vlan] if vlan else None, info, unparsed)
        for index, time, _detail_head, vlan, src, sport, dst, dport, target, asker, replier, _cksum, info, _rest
        in found]


def _detail(found, packets):
    """`detail` output: the frame's MACs, ethertype and length, and the checksum note, on the rows
    that print them (the ordinary form costs one pass over two columns)."""
    for at in compress(range(len(found)), map(_DETAIL, found)):
        row = found[at]
        src_mac, dst_mac, ethertype, _length, length = row[2].split()
        packets[at].update(src_mac=src_mac, dst_mac=dst_mac, ethertype=ethertype, length=int(length),
                           checksum=row[11] or None)
    for at in compress(range(len(found)), map(_CKSUM, found)):
        packets[at]["checksum"] = found[at][11]


def _fragments(packets):
    """`(frag ID:LEN@OFFSET[+])` -> fragment {id, length, offset, more}. Only the first fragment
    (offset 0) carries the ports: later fragments of the same datagram (same src, dst and id) take
    its protocol and ports, so capture_flows counts them in the datagram's flow."""
    first = {}
    for packet in packets:
        found = _FRAG_RE.search(packet["info"]) if "(frag " in packet["info"] else None
        if not found:
            continue
        ident, length, offset, more = found.groups()
        frag = {"id": int(ident), "length": int(length), "offset": int(offset), "more": bool(more)}
        packet["fragment"] = frag
        key = (packet["src"], packet["dst"], frag["id"])
        if frag["offset"] == 0:
            first[key] = packet
        elif key in first and packet["src_port"] is None:
            head = first[key]
            frag["first_index"] = head["index"]
            packet.update(protocol=head["protocol"], src_port=head["src_port"], dst_port=head["dst_port"])


def _after(chunk, packet, unparsed):
    """The lines after a packet line: wrapped continuations right below it (joined to its info), then
    `dump` hex (its frame bytes), the trailer, a prompt; anything else is not understood."""
    lines = chunk.split("\n")[1:]
    wrapped = 0
    while wrapped < len(lines) and _WRAPPED_RE.match(lines[wrapped]) and not _KNOWN_GAP_RE.match(lines[wrapped]):
        wrapped += 1
    if wrapped:
        packet["info"] = " ".join([packet["info"]] + " ".join(lines[:wrapped]).split())
    for line in lines[wrapped:]:
        _gap_line(line, packet, unparsed)


def _gap(chunk, packet, unparsed):
    for line in chunk.split("\n"):
        _gap_line(line, packet, unparsed)


def _gap_line(line, packet, unparsed):
    line = line.rstrip()
    if _KNOWN_GAP_RE.match(line):
        return
    hexline = _HEX_RE.match(line)
    if hexline and packet is not None:
        packet["hex"] = packet.get("hex", "") + hexline.group(1).replace(" ", "")
    elif not _PROMPT_RE.match(line):
        unparsed.append((packet["index"] if packet is not None else -1, 1, line.strip()))


def frame_bytes(packet):
    """The frame as the ASA printed it in `show capture NAME dump` (None without dump)."""
    return bytes.fromhex(packet["hex"]) if packet.get("hex") else None


def _other_protocol(info):
    word = info.split(" ", 1)[0].rstrip(":,")
    return word if word.isalpha() else "ip"


def capture_flows(packets):
    """Group parsed packets into flows. The endpoint seen sending first is `src`.

    Each flow: protocol, src, src_port, dst, dst_port, packets, packets_forward (src->dst),
    packets_reverse (dst->src), bidirectional, first_index, last_index, first_time, last_time, vlans,
    drops (packets an asp-drop capture recorded) and drop_reasons ({code: count}).
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
                    "first_time": pkt.get("time"), "last_time": pkt.get("time"), "vlans": [],
                    "drops": 0, "drop_reasons": {}}
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
        reason = pkt.get("drop_reason")
        if reason:
            flow["drops"] += 1
            flow["drop_reasons"][reason] = flow["drop_reasons"].get(reason, 0) + 1
    result = []
    for key in order:
        flow = flows[key]
        flow["bidirectional"] = flow["packets_forward"] > 0 and flow["packets_reverse"] > 0
        result.append(flow)
    return result


def one_way_flows(flows):
    return [f for f in flows if not f["bidirectional"]]


def endpoint(ip, port):
    if ip is None:
        return "?"
    return ip if port is None else "%s:%s" % (ip, port)


def flow_label(flow):
    return "%s %s <-> %s" % (flow["protocol"], endpoint(flow["src"], flow["src_port"]),
                             endpoint(flow["dst"], flow["dst_port"]))


def verdict(parsed, flows):
    """'incomplete' when lines were not understood (a one-way look may be a parsing gap), else
    'no-packets', 'one-way' or 'both-ways'."""
    if parsed.get("unparsed_count"):
        return "incomplete"
    if not flows:
        return "no-packets"
    return "one-way" if one_way_flows(flows) else "both-ways"


def capture_summary(name, parsed, flows):
    """Short text for the play output: packet count, flows, which are one-way, what was not understood."""
    oneway = one_way_flows(flows)
    lines = ["capture %s: %d packets captured, %d parsed, %d flow(s), %d one-way"
             % (name, parsed["captured"], len(parsed["packets"]), len(flows), len(oneway))]
    missing = parsed.get("unparsed_count", 0)
    if missing:
        lines.append("  INCOMPLETE: %d line(s) not understood, so a flow may look one-way when it is not; first: %s"
                     % (missing, " | ".join(parsed.get("unparsed", [])[:3])))
    for flow in flows:
        if flow["bidirectional"]:
            state = "both ways"
        else:
            state = "ONE-WAY: nothing seen from %s" % endpoint(flow["dst"], flow["dst_port"])
        if flow.get("drops"):
            state += "; %d dropped (%s)" % (flow["drops"], ", ".join(
                "%s x%d" % item for item in sorted(flow["drop_reasons"].items())))
        lines.append("  %s: %d forward / %d reverse (%s)"
                     % (flow_label(flow), flow["packets_forward"], flow["packets_reverse"], state))
    if not flows:
        lines.append("  no packets: check the interface, the match and that traffic flowed")
    return "\n".join(lines)
