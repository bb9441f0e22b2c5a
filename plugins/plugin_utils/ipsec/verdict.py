# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tunnel verdict for one side, as data: read, judge, wait only while a tunnel can still come up.

A tunnel is final when it is up, or when the two ends' definitions differ in a field that keeps it
from ever coming up (PSK, proposal, PFS, NAT-T, addresses, selectors): waiting cannot help there, so
the wait ends at once with one message naming the phase and the field.  Lifetimes are negotiated and
do not keep a tunnel down, so they are named but do not end the wait.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import tunnel as ipsec_tunnel
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verify as ipsec_verify
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab as ipsec_vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import parse as routeros_parse

NEGOTIATED = ("ike.lifetime", "esp.lifetime")
DEFINITION_ERRORS = (ipsec_tunnel.IpsecValidationError, ipsec_vocab.UnsupportedError)


def present_endpoints(tunnels, site):
    """Normalized tunnels of ``site`` that should be up: [(tunnel, local, remote)]."""
    norm, _warnings = ipsec_tunnel.normalize_all(list(tunnels or []))
    out = []
    for tun in norm:
        if site in tun["endpoints"] and tun["state"] == "present":
            local, remote = ipsec_tunnel.sides(tun, site)
            out.append((tun, local, remote))
    return out


def mismatches(endpoints, peer_tunnels):
    """{tunnel name: [fields that differ from the other end's definition]}; ``peer_tunnels`` maps the
    other end's site to its host's pfne_ipsec_tunnels (a site with no host here is not compared)."""
    out = {}
    for tun, _local, remote in endpoints:
        theirs = (peer_tunnels or {}).get(remote["site"])
        if theirs is None:
            continue
        norm, _warnings = ipsec_tunnel.normalize_all(list(theirs))
        other = next((t for t in norm if t["name"] == tun["name"]), None)
        out[tun["name"]] = (["tunnel %s missing on the other end" % tun["name"]] if other is None
                            else ipsec_tunnel.compare_definitions(tun, other))
    return out


def _rows(text):
    rows = routeros_parse.parse_print(text)
    return rows if isinstance(rows, list) else [rows]


def side_state(platform, outputs, tun, local, remote):
    """The parsed state of one tunnel from this side's verify outputs (ipsec_verify summaries)."""
    if platform == "ios":
        ikev2 = ipsec_verify.read_ikev2_sa(outputs[2]) if len(outputs) > 2 else None
        return ipsec_verify.ios_tunnel_state(ipsec_verify.read_isakmp_sa(outputs[0]), ipsec_verify.parse_ipsec_sa(outputs[1]),
                                             remote["public_address"], tun["ike_version"], ikev2)
    return ipsec_verify.routeros_tunnel_state(_rows(outputs[0]), _rows(outputs[1]), remote["public_address"],
                                              local["public_address"])


def verdicts(platform, outputs, endpoints, mismatch):
    """One verdict per tunnel: {name, up, phase (None or 'phase 1'/'phase 2'), reason, mismatch, peer,
    unparsed (IOS: show lines the parsers did not understand), final, state (the side's SA state)}."""
    out = []
    for tun, local, remote in endpoints:
        state = side_state(platform, outputs, tun, local, remote)
        fields = list((mismatch or {}).get(tun["name"], []))
        phase = None if state["up"] else ("phase 2" if "phase 2" in state["reason"] else "phase 1")
        out.append({"name": tun["name"], "up": state["up"], "phase": phase, "reason": state["reason"],
                    "mismatch": fields, "peer": remote["public_address"], "unparsed": state.get("unparsed", 0),
                    "final": state["up"] or any(f not in NEGOTIATED for f in fields),
                    "state": dict(state, peer=remote["public_address"])})   # SA state and counters, for the report
    return out


def wait(read, platform, endpoints, mismatch, attempts, delay, sleep):
    """Read and judge until every tunnel is final or ``attempts`` reads were made.
    ``read() -> outputs``; returns {tunnels, attempts, up, msg, state}."""
    tried, result = 0, []
    while endpoints:
        tried += 1
        result = verdicts(platform, read(), endpoints, mismatch)
        if all(v["final"] for v in result) or tried >= max(1, int(attempts)):
            break
        sleep(delay)
    up = all(v["up"] for v in result)
    return {"tunnels": result, "attempts": tried, "up": up, "msg": message(result), "state": state_line(result)}


def message(result):
    """One message: 'a, b up', or each tunnel that is down with its phase, reason and differing fields."""
    down = [v for v in result if not v["up"]]
    if not down:
        return "%s up" % ", ".join(v["name"] for v in result) if result else "no tunnel of this site to verify"
    parts = []
    for v in down:
        extra = ("; mismatching field(s) between the two ends' definitions: %s" % ", ".join(v["mismatch"])
                 if v["mismatch"] else "")
        parts.append("tunnel %s down: %s%s." % (v["name"], v["reason"], extra))
    return "IPsec tunnel(s) not up. " + " ".join(parts)


def state_line(result):
    """Short state for the end-of-run summary: 'hq-branch7 up; hq-branch6 down (phase 2: psk)'."""
    if not result:
        return "no tunnel"
    return "; ".join("%s up" % v["name"] if v["up"] else "%s down (%s%s)" % (
        v["name"], v["phase"], ": " + ", ".join(v["mismatch"]) if v["mismatch"] else "") for v in result)
