# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write ASA capture packets as a classic libpcap file.

Preferred: the frames' real bytes, as the ASA prints them in `show capture NAME dump` (hex after
each packet line; Wireshark's ciscodump rebuilds pcaps the same way): `pcap_from_frames`.
Last fallback, when the device gave no bytes: synthetic headers rebuilt from the text
(`pcap_bytes`). What the synthetic file holds and what it does not:

* Written from the `show capture` text: timestamps (the ASA prints time of day only, so the
  caller supplies the date), 802.1Q tag, IPv4 addresses, protocol, TCP/UDP ports, TCP flags,
  sequence/ack numbers and window when printed, ICMP echo request/reply type, ARP who-has/reply.
* Not in the text, therefore zero: MAC addresses (00:00:00:00:00:00, except the ARP reply's
  is-at address), IP TTL/ID, ICMP id/sequence, checksums, payload bytes.
* Each record stores headers only (incl_len) while orig_len is the length the text states
  (TCP `(N)` payload, `udp N`), so Wireshark shows the packets as snapped, not as fake data.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import socket
import struct

LINKTYPE_ETHERNET = 1
PCAP_MAGIC = 0xA1B2C3D4
SNAPLEN = 65535
_TCP_RE = re.compile(r"^([SFRPWEU.]+) (?:(\d+):(\d+)\((\d+)\) )?(?:ack (\d+) )?win (\d+)")
_UDP_RE = re.compile(r"^udp (\d+)")
_FLAGS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "U": 0x20, "E": 0x40, "W": 0x80}
_ZERO_MAC = b"\x00" * 6
_BCAST_MAC = b"\xff" * 6


def _ip(text):
    return socket.inet_aton(text) if text else b"\x00" * 4


def _mac(text):
    try:
        parts = [int(p, 16) for p in re.split(r"[:.\-]", text)]
    except (TypeError, ValueError):
        return _ZERO_MAC
    if len(parts) == 3:  # Cisco dotted 0050.5683.1234
        return struct.pack("!HHH", *parts)
    if len(parts) == 6:
        return struct.pack("!6B", *parts)
    return _ZERO_MAC


def _ipv4(src, dst, proto, payload_len):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, 0, 0x4000, 64, proto, 0,
                         _ip(src), _ip(dst))
    return header


def _l3l4(pkt):
    """(ethertype, headers bytes, original length) for one parsed packet."""
    proto, info = pkt["protocol"], pkt.get("info") or ""
    if proto == "arp":
        words = info.split()
        if len(words) > 1 and words[1] == "reply":
            op, sha, spa, tpa = 2, _mac(words[4] if len(words) > 4 else ""), pkt["src"], None
        else:
            op, sha, spa, tpa = 1, _ZERO_MAC, pkt["src"], pkt["dst"]
        body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, sha, _ip(spa), _ZERO_MAC, _ip(tpa))
        return 0x0806, body, len(body)
    if proto == "tcp":
        m = _TCP_RE.match(info)
        flags, seq, ack, win, length = 0, 0, 0, 0, 0
        if m:
            flags = sum(_FLAGS.get(c, 0) for c in m.group(1))
            seq = int(m.group(2) or 0) & 0xFFFFFFFF
            length = int(m.group(4) or 0)
            if m.group(5):
                ack = int(m.group(5)) & 0xFFFFFFFF
                flags |= 0x10
            win = int(m.group(6)) & 0xFFFF
        elif info.startswith(". ack"):
            flags = 0x10
        tcp = struct.pack("!HHIIBBHHH", pkt["src_port"] or 0, pkt["dst_port"] or 0, seq, ack, 5 << 4, flags, win, 0, 0)
        return 0x0800, _ipv4(pkt["src"], pkt["dst"], 6, 20 + length) + tcp, 34 + 20 + length
    if proto == "udp":
        m = _UDP_RE.match(info)
        length = int(m.group(1)) if m else 0
        udp = struct.pack("!HHHH", pkt["src_port"] or 0, pkt["dst_port"] or 0, 8 + length, 0)
        return 0x0800, _ipv4(pkt["src"], pkt["dst"], 17, 8 + length) + udp, 34 + 8 + length
    if proto == "icmp":
        icmp_type = 0 if "echo reply" in info else 8 if "echo request" in info else 3 if "unreachable" in info else 8
        icmp = struct.pack("!BBHHH", icmp_type, 0, 0, 0, 0)
        return 0x0800, _ipv4(pkt["src"], pkt["dst"], 1, 8) + icmp, 34 + 8
    if pkt.get("src"):
        return 0x0800, _ipv4(pkt["src"], pkt["dst"], 0, 0), 34
    return None, None, None


def _timestamp(time_text, day, previous):
    hours, minutes, rest = time_text.split(":")
    seconds, _dot, micro = rest.partition(".")
    micro = int((micro + "000000")[:6])
    stamp = (datetime.datetime.combine(day, datetime.time(0, 0)) - datetime.datetime(1970, 1, 1)).total_seconds()
    stamp = int(stamp) + int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    while previous is not None and stamp < previous - 43200:  # crossed midnight
        stamp += 86400
    return stamp, micro


def pcap_bytes(packets, date=None):
    """Classic libpcap (magic a1b2c3d4, v2.4, LINKTYPE_ETHERNET) built from parsed packets.

    ``date`` (datetime.date, default: today UTC) dates the ASA's time-of-day stamps."""
    day = date or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).date()
    out = [_header()]
    previous = None
    for pkt in packets:
        ethertype, body, orig = _l3l4(pkt)
        if ethertype is None:
            continue
        if pkt.get("vlan") is not None:
            dst_mac = _BCAST_MAC if (ethertype == 0x0806 and "who-has" in (pkt.get("info") or "")) else _ZERO_MAC
            frame = dst_mac + _ZERO_MAC + struct.pack("!HHH", 0x8100, pkt["vlan"] & 0x0FFF, ethertype) + body
            orig += 4
        else:
            dst_mac = _BCAST_MAC if (ethertype == 0x0806 and "who-has" in (pkt.get("info") or "")) else _ZERO_MAC
            frame = dst_mac + _ZERO_MAC + struct.pack("!H", ethertype) + body
        secs, micro = _timestamp(pkt["time"], day, previous)
        previous = secs
        out.append(struct.pack("<IIII", secs, micro, len(frame), max(orig, len(frame))))
        out.append(frame)
    return b"".join(out)


def _header():
    return struct.pack("<IHHiIII", PCAP_MAGIC, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET)


def pcap_from_frames(packets, date=None):
    """Classic libpcap of the packets' real frame bytes (``hex`` from `show capture NAME dump`).

    Returns (bytes, number of packets written, number skipped for lack of bytes)."""
    day = date or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).date()
    out = [_header()]
    previous, written, skipped = None, 0, 0
    for pkt in packets:
        if not pkt.get("hex"):
            skipped += 1
            continue
        frame = bytes.fromhex(pkt["hex"])
        secs, micro = _timestamp(pkt["time"], day, previous)
        previous = secs
        out.append(struct.pack("<IIII", secs, micro, len(frame), len(frame)))
        out.append(frame)
        written += 1
    return b"".join(out), written, skipped


def read_pcap(data):
    """Minimal reader for tests: [(secs, micro, incl_len, orig_len, frame_bytes)]."""
    magic, major, minor, _zone, _sig, snaplen, linktype = struct.unpack("<IHHiIII", data[:24])
    if magic != PCAP_MAGIC:
        raise ValueError("not a little-endian classic pcap")
    records, offset = [], 24
    while offset < len(data):
        secs, micro, incl, orig = struct.unpack("<IIII", data[offset:offset + 16])
        offset += 16
        records.append((secs, micro, incl, orig, data[offset:offset + incl]))
        offset += incl
    return {"version": (major, minor), "snaplen": snaplen, "linktype": linktype, "records": records}
