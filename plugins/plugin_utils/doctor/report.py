# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One verdict per tunnel from the configuration comparison and the runtime evidence of both ends.

Rules (a cause is never claimed without a line that shows it):
  * a configuration cause (compare.config_causes, first in negotiation order) is the cause; the tunnel
    is `down: <cause>`, or `degraded: <cause>` when both ends' SAs are nevertheless up;
  * else the first runtime cause either end's classifier names (`down: <cause>`);
  * else `up` when an end's SA state proves it (`degraded: <warning>` with lifetime / NAT-T warnings);
  * else `unknown: <what is missing>`.
Sides: `left` is the end whose inventory name sorts first; a peer outside the inventory is `right`.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import compare, fix, state
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.vocab import CAUSES

_RANK = dict((c, i) for i, c in enumerate(list(compare.ORDER) + [c for c in CAUSES if c not in compare.ORDER]))


def _label(side):
    if side is None:
        return None
    return {"host": side["host"], "platform": side["platform"], "address": side["end"]["local_address"]}


def _peer_label(end):
    return {"host": None, "platform": None, "address": end["peer_address"]}


def _tunnel_id(left, right):
    other = "%s:%s" % (right["host"], right["end"]["local_address"] or left["end"]["peer_address"]) if right \
        else "%s" % left["end"]["peer_address"]
    mine = left["end"]["local_address"] or (right["end"]["peer_address"] if right else None) or "?"
    return "%s:%s <-> %s" % (left["host"], mine, other)


def _map_side(side, name):
    """A classifier side (local/remote/both/unknown) seen from end `name` (left/right) -> left/right/both/unknown."""
    other = "right" if name == "left" else "left"
    return {"local": name, "remote": other, "both": "both"}.get(side, "unknown")


def _at_fault(side, hosts):
    if side == "both":
        return [hosts["left"], hosts["right"]]
    if side in ("left", "right"):
        return [hosts[side]]
    return []


def _evidence(items, hosts):
    out = []
    for name, line in items:
        if name == "both":
            out.extend({"host": hosts[n], "line": line} for n in ("left", "right"))
        else:
            out.append({"host": hosts[name], "line": line})
    return out


def _runtime_evidence(runtime, cause, hosts):
    return [{"host": hosts[name], "line": line} for name, found in runtime
            if found and (cause is None or found["cause"] == cause) for line in found["evidence"]]


def _lost_back(found):
    """This end encrypted traffic and decrypted none (its classifier: one-way, the far side not answering)."""
    return bool(found) and found["cause"] == "one-way" and found["side"] == "remote"


def _esp_lost(runtime, lend, rend):
    """Both ends' counters read together: where the tunnel's ESP is lost. (cause, side, also) or None.

    * an end sent and received nothing while the other end shows traffic carried both ways (it received
      the first end's packets and sent its own): the packets are lost on their way into the first end;
    * ESP lost toward an end and NAT-T off on exactly one end, with no end proving traffic both ways:
      `nat` on the end with NAT-T off (ESP without UDP encapsulation does not cross a NAT), one-way and
      routing kept in `also` - the outputs cannot show the NAT device itself.
    """
    found = dict(runtime)
    if rend is None or not found.get("left") or not found.get("right"):
        return None
    for name, other in (("left", "right"), ("right", "left")):
        if _lost_back(found[name]) and found[other]["cause"] == "up" and found[other].get("traffic"):
            return "one-way", name, ["routing", "nat"]
    off = [n for n, e in (("left", lend), ("right", rend)) if not e["nat_t"]]
    crossed = [f for f in found.values() if f.get("traffic") or (f["cause"] == "one-way" and f["side"] == "local")]
    if len(off) == 1 and any(_lost_back(f) for f in found.values()) and not crossed:
        return "nat", off[0], ["one-way", "routing"]
    return None


def _decide(causes, runtime, warns, hosts, ends=(None, None)):
    """(verdict, cause, side, also, evidence) from config causes, runtime [(name, found)], warnings."""
    seen = [(n, f) for n, f in runtime if f]
    lost = None if causes else _esp_lost(runtime, *ends)
    if lost:
        cause, side, also = lost
        evidence = [{"host": hosts[n], "line": line} for n, f in seen if f["cause"] in ("one-way", "up")
                    for line in f["evidence"]]
        if cause == "nat":
            evidence.append({"host": hosts[side], "line": "NAT-T is off here and on at the other end: ESP crosses a "
                                                          "NAT only inside UDP 4500"})
        return "down: %s" % cause, cause, side, also, evidence
    failing = sorted(((n, f) for n, f in seen if f["cause"] not in ("up", "unknown")), key=lambda nf: _RANK[nf[1]["cause"]])
    all_up = bool(seen) and len(seen) == len(runtime) and all(f["cause"] == "up" for _n, f in seen)
    if causes:
        first = causes[0]
        also = [c["cause"] for c in causes[1:]] + [f["cause"] for _n, f in failing if f["cause"] != first["cause"]]
        evidence = _evidence(first["evidence"], hosts) + _runtime_evidence(seen, first["cause"], hosts)
        kind = "degraded" if all_up else "down"
        return "%s: %s" % (kind, first["cause"]), first["cause"], first["side"], _unique(also), evidence
    if failing:
        name, found = failing[0]
        also = [f["cause"] for _n, f in failing[1:] if f["cause"] != found["cause"]] + list(found.get("also") or [])
        return ("down: %s" % found["cause"], found["cause"], _map_side(found["side"], name), _unique(also),
                _runtime_evidence(seen, found["cause"], hosts))
    if any(f["cause"] == "up" for _n, f in seen):
        verdict = "degraded: %s" % warns[0] if warns else "up"
        return verdict, "up", "unknown", [], _runtime_evidence(seen, "up", hosts)
    missing = "no SA state read" if not seen else "the SA state shows no cause (%s)" % "; ".join(
        line for _n, f in seen for line in f["evidence"])
    return "unknown: %s" % missing, "unknown", "unknown", [], _runtime_evidence(seen, None, hosts)


def _unique(items):
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def tunnel(left, right, devices, name=None):
    """The contract record of one tunnel (left/right: compare.pair sides; devices: host -> read device)."""
    lend, rend = left["end"], right["end"] if right else None
    hosts = {"left": left["host"], "right": right["host"] if right else lend["peer_address"]}
    runtime = []
    for side_name, side in (("left", left), ("right", right)):
        if side is not None:
            dev = devices[side["host"]]
            runtime.append((side_name, state.end_runtime(side["platform"], dev["outputs"], side["end"], dev["diagnosis"])))
    causes = compare.config_causes(lend, rend)
    own = [(n, s) for n, s in (("left", left), ("right", right)) if s]
    warns = compare.warnings(lend, rend) + ["%s: %s" % (hosts[n], w) for n, s in own for w in s["end"]["warnings"]]
    verdict, cause, side, also, evidence = _decide(causes, runtime, warns, hosts, (lend, rend))
    return {"id": name or _tunnel_id(left, right), "left": _label(left),
            "right": _label(right) if right else _peer_label(lend),
            "verdict": verdict, "cause": cause, "side": side, "at_fault": _at_fault(side, hosts), "also": also,
            "evidence": evidence, "rows": compare.rows(lend, rend),
            "fix": fix.lines(cause, side, left, right, causes[0] if causes else None) if cause not in ("up", "unknown") else {},
            "warnings": warns}


def _expected_record(exp, found, devices):
    """A defined tunnel (pfne_ipsec_tunnels) an inventory end has no crypto for: `down: not-protected`
    on that end, or `unknown` when that end could not be read. None when every inventory end has it."""
    ends_ = sorted(exp["ends"], key=lambda e: (e["host"] is None, e["host"] or ""))

    def other(e):
        return ends_[1] if e is ends_[0] else ends_[0]
    missing = [e for e in ends_ if e["host"] and (e["host"], other(e)["address"]) not in found]
    if not missing:
        return None
    names = dict(zip(("left", "right"), ends_))
    side = "both" if len(missing) == 2 else next(n for n, e in names.items() if e is missing[0])
    errors = [devices[e["host"]].get("error") for e in missing if devices.get(e["host"], {}).get("error")]
    evidence = [{"host": e["host"], "line": "no crypto map entry / IPsec peer for %s (tunnel %s is defined)"
                 % (other(e)["address"], exp["name"])} for e in missing if not devices.get(e["host"], {}).get("error")]

    def label(e):
        return {"host": e["host"], "platform": e["platform"], "address": e["address"]}
    record = {"id": exp["name"], "left": label(ends_[0]), "right": label(ends_[1]), "verdict": "down: not-protected",
              "cause": "not-protected", "side": side, "at_fault": [e["host"] for e in missing], "also": [],
              "evidence": evidence, "rows": [], "fix": {}, "warnings": []}
    if errors:
        record.update(verdict="unknown: %s" % "; ".join(errors), cause="unknown", side="unknown", at_fault=[])
    return record


def build(devices, expected=()):
    """devices: {host: {"platform", "outputs", "ends", "diagnosis", "error"?}}; expected: [{"name", "ends":
    [{"host" or None, "platform", "address"}, ...]}] (from pfne_ipsec_tunnels). -> the contract document."""
    names = dict((frozenset(e["address"] for e in exp["ends"]), exp["name"]) for exp in expected)
    pairs = compare.pair([{"host": h, "platform": d["platform"], "ends": d["ends"]} for h, d in sorted(devices.items())])
    tunnels, found = [], set()
    for left, right in pairs:
        addresses = frozenset([left["end"]["local_address"] or (right["end"]["peer_address"] if right else None),
                               left["end"]["peer_address"]])
        owner = _owner(left, right, devices)
        if owner:
            tunnels.append(_not_protected(left, owner, devices, names.get(addresses)))
        else:
            tunnels.append(tunnel(left, right, devices, names.get(addresses)))
        for side, other in ((left, right), (right, left)):
            if side is not None:
                found.add((side["host"], side["end"]["peer_address"]))
    for exp in expected:
        record = _expected_record(exp, found, devices)
        if record is not None:
            tunnels.append(record)
    for host, dev in sorted(devices.items()):
        if dev.get("error") and not any(host in (t["left"]["host"], t["right"]["host"]) for t in tunnels):
            tunnels.append(_unread(host, dev))
    tunnels.sort(key=lambda t: t["id"])
    return {"tunnels": tunnels, "summary": summary(tunnels)}


def _owner(left, right, devices):
    """The inventory host that holds an unpaired end's peer address (it has no crypto for this end), or None."""
    if right is not None:
        return None
    return next((h for h, d in sorted(devices.items()) if h != left["host"]
                 and left["end"]["peer_address"] in (d.get("addresses") or [])), None)


def _not_protected(end_side, owner, devices, name=None):
    """One end points at an inventory device that has no crypto for it: `down: not-protected` on that device."""
    end = end_side["end"]
    owner_side = {"host": owner, "platform": devices[owner]["platform"], "address": end["peer_address"]}
    pair = sorted([(end_side["host"], _label(end_side)), (owner, owner_side)])
    side = "left" if pair[0][0] == owner else "right"
    line = "%s holds %s but has no crypto map entry / IPsec peer for %s" % (owner, end["peer_address"], end["local_address"])
    return {"id": name or "%s:%s <-> %s:%s" % (pair[0][0], pair[0][1]["address"], pair[1][0], pair[1][1]["address"]),
            "left": pair[0][1], "right": pair[1][1], "verdict": "down: not-protected", "cause": "not-protected",
            "side": side, "at_fault": [owner], "also": [], "evidence": [{"host": owner, "line": line}],
            "rows": [], "fix": {}, "warnings": []}


def _unread(host, dev):
    label = {"host": host, "platform": dev["platform"], "address": None}
    return {"id": "%s (not read)" % host, "left": label, "right": {"host": None, "platform": None, "address": None},
            "verdict": "unknown: %s" % dev["error"], "cause": "unknown", "side": "unknown", "at_fault": [], "also": [],
            "evidence": [], "rows": [], "fix": {}, "warnings": []}


def summary(tunnels):
    out = {"up": 0, "down": 0, "degraded": 0, "unknown": 0, "by_cause": {}}
    for tun in tunnels:
        kind = tun["verdict"].split(":")[0]
        out[kind] += 1
        out["by_cause"][tun["cause"]] = out["by_cause"].get(tun["cause"], 0) + 1
    return out


def _name(side):
    return side["host"] or side["address"] or "?"


def _mark(match):
    return {True: "ok", False: "DIFF", None: "?"}[match]


def tunnel_text(tun):
    """One tunnel as readable lines: verdict, side-by-side rows, evidence, fix."""
    left, right = _name(tun["left"]), _name(tun["right"])
    head = "%s: %s" % (tun["id"], tun["verdict"])
    if tun["cause"] not in ("up", "unknown"):
        head += " (side %s; at fault: %s)" % (tun["side"], ", ".join(tun["at_fault"]) or "?")
    out = [head]
    if tun["rows"]:
        width = max(len(r["field"]) for r in tun["rows"])
        lwidth = max([len(left)] + [len(r["left"]) for r in tun["rows"]])
        out.append("  %-*s | %-*s | %s | match" % (width, "field", lwidth, left, right))
        out.extend("  %-*s | %-*s | %s | %s" % (width, r["field"], lwidth, r["left"], r["right"], _mark(r["match"]))
                   for r in tun["rows"])
    out.extend("  evidence %s: %s" % (e["host"], e["line"]) for e in tun["evidence"])
    if tun["also"]:
        out.append("  also possible: %s" % ", ".join(tun["also"]))
    out.extend("  warning: %s" % w for w in tun["warnings"])
    for host, lines in sorted(tun["fix"].items()):
        out.append("  fix on %s (not applied):" % host)
        out.extend("    %s" % line for line in lines)
    return out


def text(doc):
    """The whole run as lines: every tunnel, then the fleet summary."""
    out = []
    for tun in doc["tunnels"]:
        out.extend(tunnel_text(tun))
    summ = doc["summary"]
    out.append("fleet: %d up, %d down, %d degraded, %d unknown; by cause: %s" % (
        summ["up"], summ["down"], summ["degraded"], summ["unknown"],
        ", ".join("%s %d" % kv for kv in sorted(summ["by_cause"].items())) or "-"))
    return out
