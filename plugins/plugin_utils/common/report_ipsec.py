# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Site-to-site IPsec tunnels as a report model: both ends of each tunnel side by side."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# counters each end's state summary may carry (ipsec_verify.ios_tunnel_state / routeros_tunnel_state)
COUNTERS = (("pkts_encaps", "packets encrypted"), ("pkts_decaps", "packets decrypted"),
            ("flows", "IPsec flows up"), ("installed_sa", "installed SAs"), ("unparsed", "lines not understood"))


def _end(host, site, platform, state):
    state = state or {}
    return {"host": host, "site": site, "platform": platform, "peer": state.get("peer") or "",
            "up": bool(state.get("up")), "phase1": state.get("phase1") or "none",
            "phase2": "up" if state.get("phase2") else "down", "reason": state.get("reason") or "not read",
            "counters": [{"name": label, "value": state[key]} for key, label in COUNTERS if key in state]}


def _cause(ends, mismatch):
    """(cause, side) of a tunnel that is not up; side is a host name, 'both ends' or ''."""
    down = [e for e in ends if not e["up"]]
    if not down:
        return "", ""
    if mismatch:
        return ("the two ends' definitions differ in: %s" % ", ".join(mismatch),
                "both ends (definitions)")
    phase1 = [e for e in down if "phase 1" in e["reason"]]
    first = (phase1 or down)[0]
    side = first["host"] if len(down) == 1 or len(phase1) == 1 else "both ends"
    return first["reason"], side


def model(data, directory=None, now=""):
    """data: {"ends": [{"host", "site", "platform", "tunnels": [{"name", "state"}], "mismatch": {name: [fields]}}]}."""
    ends = data.get("ends")
    if not isinstance(ends, list):
        raise ValueError("data.ends: expected a list of {host, site, platform, tunnels}")
    tunnels, order = {}, []
    for end in ends:
        for tun in end.get("tunnels") or []:
            name = tun.get("name") or "?"
            if name not in tunnels:
                tunnels[name] = {"name": name, "ends": [], "mismatch": []}
                order.append(name)
            tunnels[name]["ends"].append(_end(end.get("host") or "", end.get("site") or "",
                                              end.get("platform") or "", tun.get("state")))
            for field in (end.get("mismatch") or {}).get(name) or []:
                if field not in tunnels[name]["mismatch"]:
                    tunnels[name]["mismatch"].append(field)
    rows = []
    for name in order:
        tun = tunnels[name]
        tun["up"] = bool(tun["ends"]) and all(e["up"] for e in tun["ends"])
        tun["cause"], tun["side"] = _cause(tun["ends"], tun["mismatch"])
        if len(tun["ends"]) == 1:
            tun["note"] = "only one end was read in this run"
        rows.append(tun)
    return {"title": "IPsec site-to-site tunnels", "tunnels": rows,
            "up": sum(1 for t in rows if t["up"]), "down": sum(1 for t in rows if not t["up"])}
