# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where does a packet die on an ASA: NAT from `show xlate`, `packet-tracer` output, and the
per-flow verdict from an ingress, an egress and an asp-drop capture. Plain Python.

Real forms (tests/unit/fixtures/asa/SOURCES.md):
  show xlate:  NAT from inside:192.168.1.150 to outside:172.18.254.252 flags s idle 0:01:37 timeout 0:00:00
               TCP PAT from inside:10.1.1.5/51395 to outside:203.0.113.1/51395 flags ri idle ...
  packet-tracer: `Phase: N` blocks (Type/Subtype/Result/Config/Additional Information), then
               `Result:` with input-interface ... `Action: drop`, `Drop-reason: (acl-drop) text[, Drop-location: ...]`.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import capture_flows, endpoint

_XLATE_RE = re.compile(
    r"^(?:(TCP|UDP|ICMP) )?(NAT|PAT) from (\S+?):([\d.]+)(?:/(\d+))?(?:-\S+)? to (\S+?):([\d.]+)(?:/(\d+))?")
_DROP_RE = re.compile(r"^Drop-reason: \(([^)]*)\) ?(.*?)(?:,? Drop-location: (.*))?$")


def parse_xlate(text):
    """`show xlate` -> [{protocol, real_interface, real, real_port, mapped_interface, mapped, mapped_port}]."""
    out = []
    for line in (text or "").splitlines():
        found = _XLATE_RE.match(line.strip())
        if not found:
            continue
        proto, _kind, rif, real, rport, mif, mapped, mport = found.groups()
        out.append({"protocol": proto.lower() if proto else None, "real_interface": rif, "real": real,
                    "real_port": int(rport) if rport else None, "mapped_interface": mif,
                    "mapped": mapped, "mapped_port": int(mport) if mport else None})
    return out


def nat_pairs(xlates, given=None):
    """{real address: mapped address} from given pairs ({real, mapped}) first, then `show xlate`."""
    pairs = {}
    for item in given or []:
        pairs[str(item["real"])] = str(item["mapped"])
    for x in xlates:
        if x["real"] != x["mapped"] and x["real"] not in pairs:
            pairs[x["real"]] = x["mapped"]
    return pairs


def translate_match(match, pairs):
    """The ingress match spec as the egress interface sees it (addresses mapped by NAT)."""
    out = dict(match)
    for side in ("host", "peer"):
        addr = match[side]
        if addr.get("kind") == "host" and addr["address"] in pairs:
            out[side] = {"kind": "host", "address": pairs[addr["address"]]}
    return out


def packet_tracer_command(interface, match):
    """`packet-tracer input IF ...` for the first packet of a match (host -> peer); None if the
    match does not name one host on each side. ICMP (also for protocol ip): echo request."""
    host, peer = match["host"], match["peer"]
    if host.get("kind") != "host" or peer.get("kind") != "host":
        return None
    proto = match["protocol"]
    if proto in ("tcp", "udp"):
        sport = match["host_port"]["ports"][0] if match.get("host_port") and match["host_port"]["op"] == "eq" else 1025
        if not (match.get("peer_port") and match["peer_port"]["op"] == "eq"):
            return None
        return "packet-tracer input %s %s %s %d %s %d" % (interface, proto, host["address"], sport,
                                                          peer["address"], match["peer_port"]["ports"][0])
    return "packet-tracer input %s icmp %s 8 0 %s" % (interface, host["address"], peer["address"])


def parse_packet_tracer(text):
    """packet-tracer text -> {phases: [{phase, type, subtype, result, config}], action, drop_reason,
    drop_text, drop_location, drop_phase (the first phase whose result is DROP)}."""
    phases, current, in_result, key = [], None, False, None
    out = {"phases": phases, "action": None, "drop_reason": None, "drop_text": None,
           "drop_location": None, "drop_phase": None, "input_interface": None, "output_interface": None}
    for raw in (text or "").splitlines():
        line = raw.strip()
        if line.startswith("Phase:"):
            current = {"phase": int(line.split(":", 1)[1].strip() or 0), "type": None, "subtype": None,
                       "result": None, "config": []}
            phases.append(current)
            in_result, key = False, None
        elif line == "Result:":
            in_result, current = True, None
        elif in_result:
            if line.startswith("Action:"):
                out["action"] = line.split(":", 1)[1].strip()
            elif line.startswith("input-interface:"):
                out["input_interface"] = line.split(":", 1)[1].strip()
            elif line.startswith("output-interface:"):
                out["output_interface"] = line.split(":", 1)[1].strip()
            else:
                drop = _DROP_RE.match(line)
                if drop:
                    out["drop_reason"], out["drop_text"], out["drop_location"] = (
                        drop.group(1), drop.group(2).rstrip(" ,"), drop.group(3))
        elif current is not None:
            name, sep, value = line.partition(":")
            field = name.lower().replace(" ", "_")
            if sep and field in ("type", "subtype", "result"):
                current[field] = value.strip() or None
                key = None
            elif sep and field in ("config", "additional_information", "elapsed_time"):
                key = field
                if field == "config" and value.strip():
                    current["config"].append(value.strip())
            elif key == "config" and line:
                current["config"].append(line)
    dropped = [p for p in phases if (p["result"] or "").upper() == "DROP"]
    if dropped:
        out["drop_phase"] = dropped[0]
    return out


def _real(packets, back):
    """Packets with mapped addresses turned back into real ones (so all points share flow keys)."""
    if not back:
        return packets
    out = []
    for pkt in packets:
        pkt = dict(pkt)
        pkt["src"] = back.get(pkt.get("src"), pkt.get("src"))
        pkt["dst"] = back.get(pkt.get("dst"), pkt.get("dst"))
        out.append(pkt)
    return out


def _key(flow):
    return (flow["protocol"], frozenset(((flow["src"], flow["src_port"]), (flow["dst"], flow["dst_port"]))))


def _count(flow, src, src_port):
    """(packets sent by src, packets sent by the other end) of a flow."""
    if flow is None:
        return 0, 0
    if (flow["src"], flow["src_port"]) == (src, src_port):
        return flow["packets_forward"], flow["packets_reverse"]
    return flow["packets_reverse"], flow["packets_forward"]


def _drops(packets, src, src_port, key):
    reasons = {}
    for pkt in packets:
        if _key({"protocol": pkt["protocol"], "src": pkt["src"], "src_port": pkt["src_port"],
                 "dst": pkt["dst"], "dst_port": pkt["dst_port"]}) != key:
            continue
        if (pkt["src"], pkt["src_port"]) == (src, src_port) and pkt.get("drop_reason"):
            reasons[pkt["drop_reason"]] = pkt.get("drop_text")
    return reasons


def where_it_died(points, pairs):
    """points: {'ingress': (interface, packets), 'egress': (interface, packets), 'asp-drop': packets}.

    Returns one entry per flow (real addresses): for each direction the points that saw it,
    `last_seen` and, when the asp-drop capture holds it, the drop reasons ({code: text})."""
    back = dict((mapped, real) for real, mapped in pairs.items())
    in_if, in_pkts = points["ingress"]
    out_if, out_pkts = points.get("egress") or (None, [])
    drop_pkts = _real(points.get("asp-drop") or [], back)
    by_point = {
        "ingress": dict((_key(f), f) for f in capture_flows(in_pkts)),
        "egress": dict((_key(f), f) for f in capture_flows(_real(out_pkts, back))),
        "asp-drop": dict((_key(f), f) for f in capture_flows(drop_pkts)),
    }
    order, seen = [], set()
    for name in ("ingress", "egress", "asp-drop"):
        for key, flow in by_point[name].items():
            if key not in seen:
                seen.add(key)
                order.append(flow)
    report = []
    for first in order:
        key = _key(first)
        a, b = (first["src"], first["src_port"]), (first["dst"], first["dst_port"])
        entry = {"protocol": first["protocol"], "src": a[0], "src_port": a[1], "dst": b[0], "dst_port": b[1],
                 "directions": []}
        # forward travels ingress -> egress; the reply travels egress -> ingress
        for label, sender, path in (("forward", a, ("ingress", "egress")), ("reverse", b, ("egress", "ingress"))):
            counts = dict((name, _count(by_point[name].get(key), sender[0], sender[1])[0]) for name in path)
            reasons = _drops(drop_pkts, sender[0], sender[1], key)
            dropped = _count(by_point["asp-drop"].get(key), sender[0], sender[1])[0]
            direction = {"direction": label, "from": sender[0], "seen": [n for n in path if counts[n]],
                         "packets": counts, "dropped": dropped, "drop_reasons": reasons}
            direction["last_seen"] = _last_seen(path, counts, reasons, in_if, out_if)
            entry["directions"].append(direction)
        report.append(entry)
    return report


def _last_seen(path, counts, reasons, in_if, out_if):
    names = {"ingress": "ingress (%s)" % in_if, "egress": "egress (%s)" % out_if}
    if counts[path[1]]:
        return names[path[1]] + (", forwarded" if path[1] == "egress" else ", delivered back")
    if reasons:
        return "dropped by the ASA after %s: %s" % (
            names[path[0]] if counts[path[0]] else "arrival",
            ", ".join("(%s) %s" % item for item in sorted(reasons.items())))
    if counts[path[0]]:
        return names[path[0]] + " only: not seen leaving the other side"
    return "not seen"


def path_summary(report, tracer=None):
    lines = []
    for entry in report:
        label = "%s %s -> %s" % (entry["protocol"], endpoint(entry["src"], entry["src_port"]),
                                 endpoint(entry["dst"], entry["dst_port"]))
        for d in entry["directions"]:
            lines.append("  %s %s: last seen %s" % (label, d["direction"], d["last_seen"]))
    for item in tracer or []:
        parsed = item["parsed"]
        phase = parsed.get("drop_phase")
        lines.append("  %s: %s%s" % (item["command"], parsed.get("action") or "?",
                                     "" if not phase else " in phase %s (%s%s): (%s) %s" % (
                                         phase["phase"], phase["type"],
                                         "/" + phase["subtype"] if phase.get("subtype") else "",
                                         parsed.get("drop_reason"), parsed.get("drop_text"))))
    return "\n".join(lines)
