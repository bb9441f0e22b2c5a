# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for IPsec state output and a tunnel up/down summary with a reason.

Formats (samples in tests/unit/fixtures/ipsec, sources in SOURCES.md there):
  * IOS `show crypto isakmp sa`: header `dst src state conn-id status` (some trains add `slot`),
    states MM_NO_STATE .. QM_IDLE, status `ACTIVE` / `ACTIVE (deleted)`; IPv4 and IPv6 sections.
  * IOS `show crypto ipsec sa`: per interface / crypto map tag, flows with local/remote ident,
    current_peer, #pkts encaps/decaps, inbound/outbound esp sas with spi and Status.
  * RouterOS `print` (table with Flags/Columns header) and `print detail` / key=value records
    (remote-peers 6.x, active-peers 6.4x/7.x, installed-sa) go through the RouterOS engine's
    parser (routeros_parse.parse_print); routeros_tunnel_state reads its rows.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_ISAKMP_ROW = re.compile(r"^(?P<dst>[0-9A-Fa-f.:]+)\s+(?P<src>[0-9A-Fa-f.:]+)\s+(?P<state>[A-Z][A-Z0-9_]+)\s+"
                         r"(?P<conn_id>\d+)\s+(?:(?P<slot>\d+)\s+)?(?P<status>\S.*?)\s*$")


def parse_isakmp_sa(text):
    """IOS `show crypto isakmp sa` -> [{dst, src, state, conn_id, status, slot, ip_version}]."""
    rows, version = [], 4
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith("IPv6 Crypto ISAKMP SA"):
            version = 6
            continue
        if stripped.startswith("IPv4 Crypto ISAKMP SA"):
            version = 4
            continue
        m = _ISAKMP_ROW.match(stripped)
        if m and m.group("dst") != "dst":
            rows.append({
                "dst": m.group("dst"), "src": m.group("src"), "state": m.group("state"),
                "conn_id": int(m.group("conn_id")), "slot": int(m.group("slot")) if m.group("slot") else None,
                "status": m.group("status"), "ip_version": version,
            })
    return rows


def _ident(text):
    m = re.match(r"\(([^/]+)/([^/]+)/(\d+)/(\d+)\)", text)
    if not m:
        return {"raw": text}
    addr, mask = m.group(1), m.group(2)
    try:
        plen = sum(bin(int(o)).count("1") for o in mask.split("."))
        network = "%s/%d" % (addr, plen)
    except ValueError:
        network = "%s/%s" % (addr, mask)
    return {"network": network, "protocol": int(m.group(3)), "port": int(m.group(4))}


def parse_ipsec_sa(text):
    """IOS `show crypto ipsec sa` -> list of flows (one per local/remote ident pair)."""
    flows, iface, cmap, local_addr, flow, direction = [], None, None, None, None, None

    def new_flow():
        item = {"interface": iface, "crypto_map": cmap, "local_addr": local_addr, "local_ident": None,
                "remote_ident": None, "current_peer": None, "pkts_encaps": 0, "pkts_encrypt": 0,
                "pkts_decaps": 0, "pkts_decrypt": 0, "send_errors": 0, "recv_errors": 0,
                "current_outbound_spi": None, "pfs": None, "dh_group": None,
                "inbound_esp_sas": [], "outbound_esp_sas": []}
        flows.append(item)
        return item

    for raw in (text or "").splitlines():
        line = raw.strip()
        m = re.match(r"^interface:\s*(\S+)", line)
        if m:
            iface, flow = m.group(1), None
            continue
        m = re.match(r"^Crypto map tag:\s*([^,]+),\s*local addr:?\s*(\S+)", line)
        if m:
            cmap, local_addr, flow = m.group(1).strip(), m.group(2), None
            continue
        if line.startswith("protected vrf:"):
            flow, direction = new_flow(), None
            continue
        m = re.match(r"^local\s+ident \(addr/mask/prot/port\):\s*(\(.*\))", line)
        if m:
            if flow is None or flow["local_ident"] is not None:
                flow = new_flow()
            flow["local_ident"] = _ident(m.group(1))
            continue
        if flow is None:
            continue
        m = re.match(r"^remote ident \(addr/mask/prot/port\):\s*(\(.*\))", line)
        if m:
            flow["remote_ident"] = _ident(m.group(1))
            continue
        m = re.match(r"^current_peer\s+(\S+)", line)
        if m:
            flow["current_peer"] = m.group(1)
            continue
        for key, value in re.findall(r"#(pkts [a-z. ]+?|send errors|recv errors):?\s+(\d+)", line):
            key = key.replace("pkts ", "pkts_").replace(" ", "_").replace(".", "")
            if key in flow:
                flow[key] = int(value)
        m = re.match(r"^current outbound spi:\s*(0x[0-9A-Fa-f]+)", line)
        if m:
            flow["current_outbound_spi"] = m.group(1)
            continue
        m = re.match(r"^PFS \(Y/N\):\s*(\S+),\s*DH group:\s*(\S+)", line)
        if m:
            flow["pfs"], flow["dh_group"] = m.group(1) == "Y", m.group(2)
            continue
        m = re.match(r"^(inbound|outbound) (esp|ah|pcp) sas:", line)
        if m:
            direction = "%s_%s_sas" % (m.group(1), m.group(2)) if m.group(2) == "esp" else None
            continue
        m = re.match(r"^spi:\s*(0x[0-9A-Fa-f]+)", line)
        if m and direction:
            flow[direction].append({"spi": m.group(1), "transform": None, "status": None})
            continue
        m = re.match(r"^transform:\s*(.+?)\s*,?\s*$", line)
        if m and direction and flow[direction]:
            flow[direction][-1]["transform"] = m.group(1).rstrip(" ,")
            continue
        m = re.match(r"^Status:\s*(\S+)", line)
        if m and direction and flow[direction]:
            flow[direction][-1]["status"] = m.group(1)
    return flows


# ---------------------------------------------------------------- RouterOS
# RouterOS print output is parsed by the engine's one parser (routeros_parse.parse_print).


def _host(addr):
    """'203.0.113.2:500' -> '203.0.113.2' (RouterOS prints ports on NAT-T SAs)."""
    if addr is None:
        return None
    addr = str(addr)
    if addr.count(":") == 1:
        return addr.split(":", maxsplit=1)[0]
    return addr


# ---------------------------------------------------------------- summaries
PHASE1_HINT = "check psk, ike.encryption, ike.integrity, ike.dh_group, ike_version and both public addresses"
PHASE2_HINT = "check esp.encryption, esp.integrity, pfs and that the subnets mirror each other"


def ios_tunnel_state(isakmp_rows, flows, peer, ike_version=1):
    """Summary for the IOS end: {up, phase1, phase2, reason, pkts_encaps, pkts_decaps}."""
    sa = [r for r in isakmp_rows if peer in (r["dst"], r["src"])]
    active = [r for r in sa if r["state"] == "QM_IDLE" and r["status"].startswith("ACTIVE") and "deleted" not in r["status"]]
    ours = [f for f in flows if f["current_peer"] == peer]
    live = [f for f in ours if any(s.get("status", "").startswith("ACTIVE") for s in f["inbound_esp_sas"])
            and any(s.get("status", "").startswith("ACTIVE") for s in f["outbound_esp_sas"])]
    result = {"peer": peer, "up": False, "phase1": None, "phase2": bool(live),
              "pkts_encaps": sum(f["pkts_encaps"] for f in ours), "pkts_decaps": sum(f["pkts_decaps"] for f in ours),
              "flows": len(live)}
    if int(ike_version) == 1:
        result["phase1"] = sa[0]["state"] if sa else None
        if not sa:
            result["reason"] = "no ISAKMP SA with %s: phase 1 never started (reachability, UDP 500/4500, %s)" % (peer, PHASE1_HINT)
            return result
        if not active:
            hint = PHASE1_HINT
            if sa[0]["state"] == "MM_KEY_EXCH":   # proposal agreed, DH done, authentication failed
                hint = "proposal agreed, authentication failed: check psk and both public addresses"
            result["reason"] = "ISAKMP SA with %s is %s: phase 1 failed (%s)" % (peer, sa[0]["state"], hint)
            return result
    if not live:
        result["reason"] = "no active IPsec SA with %s: phase 2 failed (%s)" % (peer, PHASE2_HINT)
        return result
    result["up"] = True
    result["reason"] = "established: %d flow(s) with %s" % (len(live), peer)
    return result


def routeros_tunnel_state(peers, sas, remote_address, local_address=None):
    """Summary for the RouterOS end from active-peers/remote-peers and installed-sa records."""
    mine = [p for p in peers if _host(p.get("remote-address")) == remote_address]
    established = [p for p in mine if p.get("state") == "established"]
    pair = {remote_address, local_address} if local_address else {remote_address}
    esp = [s for s in sas if s.get("state") == "mature" and remote_address in (_host(s.get("src-address")), _host(s.get("dst-address")))
           and (local_address is None or {_host(s.get("src-address")), _host(s.get("dst-address"))} == pair)]
    inbound = [s for s in esp if _host(s.get("src-address")) == remote_address]
    outbound = [s for s in esp if _host(s.get("dst-address")) == remote_address]
    result = {"peer": remote_address, "up": False, "phase1": mine[0].get("state") if mine else None,
              "phase2": bool(inbound and outbound), "installed_sa": len(esp)}
    if not mine:
        result["reason"] = "no IKE peer entry for %s: phase 1 never started (reachability, UDP 500/4500, %s)" % (remote_address, PHASE1_HINT)
    elif not established:
        result["reason"] = "IKE peer %s is %s: phase 1 failed (%s)" % (remote_address, mine[0].get("state"), PHASE1_HINT)
    elif not (inbound and outbound):
        result["reason"] = "no mature SA pair with %s: phase 2 failed (%s)" % (remote_address, PHASE2_HINT)
    else:
        result["up"] = True
        result["reason"] = "established: %d installed SA(s) with %s" % (len(esp), remote_address)
    return result
