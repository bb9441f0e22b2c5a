# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An ASA capture as a report model: one ladder per flow, drops marked, links to the pcap files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover (Python 2 is not supported by the collection)
    from urllib import quote

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import endpoint
from ansible_collections.pfne.netops.plugins.plugin_utils.common.report_svg import ladder

MAX_ARROWS = 400          # per flow; every packet stays in the capture's JSON and pcap
_TCP_LEN_RE = re.compile(r"\d+:\d+\((\d+)\)")
_UDP_LEN_RE = re.compile(r"^udp (\d+)")
_FLAGS_RE = re.compile(r"^([SFRPUEW.]+) ")


def _length(pkt):
    """'len N' as the ASA prints it (TCP/UDP payload), else 'frame N B' from the frame bytes read, else ''."""
    info = pkt.get("info") or ""
    found = _TCP_LEN_RE.search(info) or _UDP_LEN_RE.search(info)
    if found:
        return "len %s" % found.group(1)
    frame = pkt.get("frame_length") or (len(pkt["hex"]) // 2 if pkt.get("hex") else 0)
    return "frame %d B" % frame if frame else ""


def _flags(pkt):
    info = pkt.get("info") or ""
    if pkt.get("protocol") == "tcp":
        found = _FLAGS_RE.match(info)
        return found.group(1) if found else ("ack" if info.startswith("ack") else "")
    if pkt.get("protocol") == "icmp":
        return info.split(":", 1)[-1].strip()
    return info.split(" ", 1)[0] if pkt.get("protocol") == "udp" else info[:40]


def _label(pkt):
    parts = [pkt.get("time") or "", _flags(pkt)]
    parts.append(_length(pkt))
    return "  ".join(p for p in parts if p)


def _side(flow, pkt):
    """True when pkt travels src -> dst of flow, False for the reverse, None when not of this flow."""
    if pkt.get("protocol") != flow["protocol"]:
        return None
    a, b = (pkt.get("src"), pkt.get("src_port")), (pkt.get("dst"), pkt.get("dst_port"))
    fa, fb = (flow["src"], flow["src_port"]), (flow["dst"], flow["dst_port"])
    if flow["protocol"] == "arp" and b[0] is None:      # `B is-at MAC` answers `who-has B`
        return False if a[0] == fb[0] else None
    if (a, b) == (fa, fb):
        return True
    return False if (a, b) == (fb, fa) else None


def _key(pkt):
    """The flow a packet belongs to, either way round (an ARP reply: the request for its sender)."""
    if pkt.get("protocol") == "arp" and pkt.get("dst") is None:
        return ("arp-reply", pkt.get("src"))
    return (pkt.get("protocol"), frozenset(((pkt.get("src"), pkt.get("src_port")), (pkt.get("dst"), pkt.get("dst_port")))))


def _buckets(packets, drops):
    """{flow key: [(packet, dropped)]} in time order: each packet looked at once, whatever the flow count."""
    out = {}
    for pkt, dropped in sorted([(p, False) for p in packets] + [(p, True) for p in drops],
                               key=lambda item: item[0].get("time") or ""):
        out.setdefault(_key(pkt), []).append((pkt, dropped))
    return out


def _flow(flow, buckets, path, interface, limit):
    rows = []
    found = buckets.get(_key(flow), [])
    if flow["protocol"] == "arp":
        found = sorted(found + buckets.get(("arp-reply", flow["dst"]), []), key=lambda item: item[0].get("time") or "")
    for pkt, dropped in found:
        side = _side(flow, pkt)
        if side is None:
            continue
        reason = "(%s) %s" % (pkt.get("drop_reason"), pkt.get("drop_text") or "") if dropped else ""
        rows.append({"forward": side, "label": _label(pkt), "dropped": dropped, "reason": reason.strip()})
    lanes = (endpoint(flow["src"], flow["src_port"]), endpoint(flow["dst"], flow["dst_port"]))
    directions = []
    for entry in path:
        if _side(flow, dict(entry, protocol=entry["protocol"])) is not None:
            directions = [{"direction": d["direction"], "from": d.get("from") or "", "last_seen": d["last_seen"],
                           "drop_reasons": ["(%s) %s" % (k, v or "") for k, v in sorted(d["drop_reasons"].items())]}
                          for d in entry["directions"]]
    return {"label": "%s %s <-> %s" % (flow["protocol"], lanes[0], lanes[1]), "protocol": flow["protocol"],
            "forward": flow["packets_forward"], "reverse": flow["packets_reverse"],
            "bidirectional": flow["bidirectional"], "drops": sum(1 for r in rows if r["dropped"]),
            "drawn": min(len(rows), limit), "rows": len(rows), "directions": directions,
            "ladder": ladder(rows[:limit], lanes, "ASA %s" % interface if interface else "ASA")}


def model(data, directory=None, now="", limit=MAX_ARROWS):
    """data: the result of pfne.netops.asa_capture (or its JSON file): flows, parsed packets, path,
    asp_drops (packets of the asp-drop capture) and files (pcap paths, linked relative to `directory`)."""
    packets = (data.get("parsed") or {}).get("packets")
    if packets is None:
        packets = data.get("packets") if isinstance(data.get("packets"), list) else None
    if packets is None or "flows" not in data:
        raise ValueError("data: expected the result of pfne.netops.asa_capture (flows and parsed packets)")
    pcaps = [f for f in data.get("files") or [] if f.endswith(".pcap")]
    interface = data.get("interface") or ""
    buckets = _buckets(packets, data.get("asp_drops") or [])
    flows = [_flow(f, buckets, data.get("path") or [], interface, limit) for f in data["flows"]]
    return {
        "title": "ASA capture %s" % (data.get("capture_name") or data.get("capture") or ""),
        "capture": data.get("capture_name") or data.get("capture") or "", "interface": interface,
        "verdict": data.get("verdict") or "", "summary": data.get("summary") or "",
        "captured": len(packets), "flows": flows,
        "pcaps": [{"name": os.path.basename(p), "href": quote(os.path.relpath(p, directory) if directory else p)}
                  for p in pcaps],
        "pcap_source": data.get("pcap_source") or "",
        "warnings": list(data.get("warnings") or []),
    }
