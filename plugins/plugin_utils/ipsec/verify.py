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
# IPv6 SAs over three lines (IOS 15 dual-stack sample, SOURCES.md): ` dst: A` / ` src: B` /
# ` state: QM_IDLE         conn-id:   1005 status: ACTIVE`
_ISAKMP_V6_ADDR = re.compile(r"^(?P<which>dst|src):\s*(?P<addr>[0-9A-Fa-f.:]+)$")
_ISAKMP_V6_STATE = re.compile(r"^state:\s*(?P<state>[A-Z][A-Z0-9_]+)\s+conn-id:\s*(?P<conn_id>\d+)"
                              r"(?:\s+slot:\s*(?P<slot>\d+))?\s+status:\s*(?P<status>\S.*?)\s*$")
_ISAKMP_HEADER = re.compile(r"^dst\s+src\s+state\s+conn-id\s+(slot\s+)?status$")


def read_isakmp_sa(text):
    """IOS `show crypto isakmp sa` -> {'sas': [{dst, src, state, conn_id, status, slot, ip_version}],
    'unparsed': [lines not understood]}; the IPv6 section in its one-line and three-line forms."""
    rows, unparsed, version, pending = [], [], 4, {}
    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped or _ISAKMP_HEADER.match(stripped):
            continue
        m = re.match(r"^IPv([46]) Crypto ISAKMP SA$", stripped)
        if m:
            version, pending = int(m.group(1)), {}
            continue
        m = _ISAKMP_ROW.match(stripped)
        if m:
            rows.append(_isakmp_row(m.groupdict(), version))
            continue
        m = _ISAKMP_V6_ADDR.match(stripped)
        if m:
            pending[m.group("which")] = m.group("addr")
            continue
        m = _ISAKMP_V6_STATE.match(stripped)
        if m and "dst" in pending and "src" in pending:
            rows.append(_isakmp_row(dict(m.groupdict(), **pending), version))
            pending = {}
            continue
        unparsed.append(stripped)
    return {"sas": rows, "unparsed": unparsed}


def _isakmp_row(d, version):
    return {"dst": d["dst"], "src": d["src"], "state": d["state"], "conn_id": int(d["conn_id"]),
            "slot": int(d["slot"]) if d.get("slot") else None, "status": d["status"], "ip_version": version}


def parse_isakmp_sa(text):
    """IOS `show crypto isakmp sa` -> [{dst, src, state, conn_id, status, slot, ip_version}]."""
    return read_isakmp_sa(text)["sas"]


# `show crypto ikev2 sa [detail]` (genieparser iosxe ShowCryptoIkev2Sa / ShowCryptoIkev2SaDetail
# golden outputs): IPv4 rows `ID LOCAL/PORT REMOTE/PORT FVRF/IVRF STATUS`; IPv6 rows `ID FVRF/IVRF
# STATUS` followed by `Local  A/PORT` and `Remote  B/PORT`; then indented attribute lines.
_V2_ROW4 = re.compile(r"^(?P<id>\d+)\s+(?P<local>[0-9A-Fa-f.:]+)/(?P<lport>\d+)\s+(?P<remote>[0-9A-Fa-f.:]+)/(?P<rport>\d+)"
                      r"\s+(?P<fvrf>[^/\s]+)/(?P<ivrf>\S+)\s+(?P<status>[A-Z][A-Z-]*)$")
_V2_ROW6 = re.compile(r"^(?P<id>\d+)\s+(?P<fvrf>[^/\s]+)/(?P<ivrf>\S+)\s+(?P<status>[A-Z][A-Z-]*)$")
_V2_END6 = re.compile(r"^(?P<which>Local|Remote)\s+(?P<addr>[0-9A-Fa-f.:]+)/(?P<port>\d+)$")
# `Encr: AES-CBC, keysize: 256, PRF: SHA1, Hash: SHA96, ...`; older IOS and ASA print no PRF
# (`Encr: AES-CBC, keysize: 128, Hash: SHA256, DH Grp:2, ...`) and 3DES no key size.
_V2_ENCR = re.compile(r"^Encr:\s*(?P<encryption>[^,]+),(?:\s*keysize:\s*(?P<keysize>\d+),)?(?:\s*PRF:\s*(?P<prf>[^,]+),)?"
                      r"\s*Hash:\s*(?P<hash>[^,]+),\s*DH Grp:\s*(?P<dh_group>\d+),\s*Auth sign:\s*(?P<auth_sign>[^,]+),"
                      r"\s*Auth verify:\s*(?P<auth_verify>[^,]+?)(?:,.*)?$")
_V2_FIELDS = (
    (re.compile(r"^Life/Active Time:\s*(\d+)/(\d+) sec$"), ("lifetime", "active_time"), int),
    (re.compile(r"^CE id:\s*(\d+),\s*Session-id:\s*(\d+)$"), ("ce_id", "session_id"), int),
    (re.compile(r"^Local spi:\s*(\S+)\s+Remote spi:\s*(\S+)$"), ("local_spi", "remote_spi"), str),
    (re.compile(r"^Status Description:\s*(.+)$"), ("status_description",), str),
    (re.compile(r"^Local id:\s*(.+)$"), ("local_id",), str),
    (re.compile(r"^Remote id:\s*(.+)$"), ("remote_id",), str),
    (re.compile(r"^PQC Key Exchange:\s*(.+)$"), ("pqc_key_exchange",), str),
)
# detail lines read but not kept (message ids, DPD, NAT-T, ...): known, so not reported
_V2_KNOWN = re.compile(r"^(Local (req|next) msg id|Local req queued|Local window|DPD |Fragmentation |Dynamic Route"
                       r"|Extended Authentication|NAT-T |Cisco Trust Security|Initiator of SA|Pushed IP address"
                       r"|Remote subnets:|Quantum Resistance|Local Sys Id|PEER TYPE|\d+\.\d+\.\d+\.\d+ \d+\.)")


def read_ikev2_sa(text):
    """IOS `show crypto ikev2 sa [detail]` -> {'sas': [...], 'unparsed': [lines not understood]}.

    Each SA: tunnel_id, local, local_port, remote, remote_port, fvrf, ivrf, status (READY, IN-NEG,
    DELETE), ip_version and, when printed, encryption, keysize, prf, hash, dh_group, auth_sign,
    auth_verify, lifetime, active_time and the detail fields.
    """
    sas, unparsed, version, sa = [], [], 4, None
    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("Tunnel-id"):
            continue
        m = re.match(r"^IPv([46]) Crypto IKEv2\s+SA$", stripped)
        if m:
            version, sa = int(m.group(1)), None
            continue
        m = _V2_ROW4.match(stripped) or _V2_ROW6.match(stripped)
        if m:
            d = m.groupdict()
            sa = {"tunnel_id": int(d["id"]), "local": d.get("local"), "local_port": _int(d.get("lport")),
                  "remote": d.get("remote"), "remote_port": _int(d.get("rport")), "fvrf": d["fvrf"],
                  "ivrf": d["ivrf"], "status": d["status"], "ip_version": version}
            sas.append(sa)
            continue
        if sa is None:
            unparsed.append(stripped)
            continue
        m = _V2_END6.match(stripped)
        if m:
            which = m.group("which").lower()
            sa[which], sa[which + "_port"] = m.group("addr"), int(m.group("port"))
            continue
        m = _V2_ENCR.match(stripped)
        if m:
            sa.update(m.groupdict())
            sa["keysize"], sa["dh_group"] = _int(sa["keysize"]), int(sa["dh_group"])
            continue
        for regex, names, kind in _V2_FIELDS:
            m = regex.match(stripped)
            if m:
                sa.update(zip(names, (kind(g) for g in m.groups())))
                break
        else:
            if not _V2_KNOWN.match(stripped):
                unparsed.append(stripped)
    return {"sas": sas, "unparsed": unparsed}


def _int(value):
    return int(value) if value is not None else None


def parse_ikev2_sa(text):
    return read_ikev2_sa(text)["sas"]


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
    return read_ipsec_sa(text)["flows"]


# lines of `show crypto ipsec sa` read but not kept (flags, MTUs, SA timing, ...): known, not reported
_SA_KNOWN = re.compile(r"^(?:PERMIT|DENY|#pkts |local crypto endpt|plaintext mtu|path mtu|in use settings|conn id:"
                       r"|sa timing:|IV size:|replay detection support|Kilobyte Volume Rekey|ecn bit support"
                       r"|Status:|(?:inbound|outbound) (?:ah|pcp) sas:|Crypto map tag:)")


def _new_flow(state):
    flow = {"interface": state["iface"], "crypto_map": state["cmap"], "local_addr": state["local_addr"],
            "local_ident": None, "remote_ident": None, "current_peer": None, "pkts_encaps": 0, "pkts_encrypt": 0,
            "pkts_decaps": 0, "pkts_decrypt": 0, "send_errors": 0, "recv_errors": 0,
            "current_outbound_spi": None, "pfs": None, "dh_group": None,
            "inbound_esp_sas": [], "outbound_esp_sas": []}
    state["flows"].append(flow)
    state["flow"], state["direction"] = flow, None
    return flow


def _sa_head(line, state):
    """interface / crypto map / protected vrf / local ident lines: they open a new scope."""
    m = re.match(r"^interface:\s*(\S+)", line)
    if m:
        state["iface"], state["flow"] = m.group(1), None
        return True
    m = re.match(r"^Crypto map tag:\s*([^,]+),\s*local addr:?\s*(\S+)", line)
    if m:
        state["cmap"], state["local_addr"], state["flow"] = m.group(1).strip(), m.group(2), None
        return True
    if line.startswith("protected vrf:"):
        _new_flow(state)
        return True
    m = re.match(r"^local\s+ident \(addr/mask/prot/port\):\s*(\(.*\))", line)
    if m:
        flow = state["flow"]
        if flow is None or flow["local_ident"] is not None:
            flow = _new_flow(state)
        flow["local_ident"] = _ident(m.group(1))
        return True
    return False


def _sa_field(line, flow, state):
    """A line inside a flow; False when it is none of the fields read."""
    m = re.match(r"^remote ident \(addr/mask/prot/port\):\s*(\(.*\))", line)
    if m:
        flow["remote_ident"] = _ident(m.group(1))
        return True
    m = re.match(r"^current_peer\s+(\S+)", line)
    if m:
        flow["current_peer"] = m.group(1)
        return True
    counters = re.findall(r"#(pkts [a-z. ]+?|send errors|recv errors):?\s+(\d+)", line)
    for key, value in counters:
        key = key.replace("pkts ", "pkts_").replace(" ", "_").replace(".", "")
        if key in flow:
            flow[key] = int(value)
    m = re.match(r"^current outbound spi:\s*(0x[0-9A-Fa-f]+)", line)
    if m:
        flow["current_outbound_spi"] = m.group(1)
        return True
    m = re.match(r"^PFS \(Y/N\):\s*(\S+),\s*DH group:\s*(\S+)", line)
    if m:
        flow["pfs"], flow["dh_group"] = m.group(1) == "Y", m.group(2)
        return True
    return bool(counters) or _sa_esp(line, flow, state)


def _sa_esp(line, flow, state):
    m = re.match(r"^(inbound|outbound) (esp|ah|pcp) sas:", line)
    if m:
        state["direction"] = "%s_%s_sas" % (m.group(1), m.group(2)) if m.group(2) == "esp" else None
        return True
    direction = state["direction"]
    m = re.match(r"^spi:\s*(0x[0-9A-Fa-f]+)", line)
    if m and direction:
        flow[direction].append({"spi": m.group(1), "transform": None, "status": None})
        return True
    m = re.match(r"^transform:\s*(.+?)\s*,?\s*$", line)
    if m and direction and flow[direction]:
        flow[direction][-1]["transform"] = m.group(1).rstrip(" ,")
        return True
    m = re.match(r"^Status:\s*(\S+)", line)
    if m and direction and flow[direction]:
        flow[direction][-1]["status"] = m.group(1)
        return True
    return False


def read_ipsec_sa(text):
    """IOS `show crypto ipsec sa` -> {'flows': [...], 'unparsed': [lines not understood]}."""
    state = {"flows": [], "iface": None, "cmap": None, "local_addr": None, "flow": None, "direction": None}
    unparsed = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or _sa_head(line, state):
            continue
        flow = state["flow"]
        if flow is not None and _sa_field(line, flow, state):
            continue
        if not _SA_KNOWN.match(line):
            unparsed.append(line)
    return {"flows": state["flows"], "unparsed": unparsed}


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


# likely cause per IKEv1 main-mode state where phase 1 stopped (R. Deal, "The Complete Cisco VPN
# Configuration Guide", table 16-1; MM_NO_STATE also when the peer never answers)
_MM_CAUSE = {
    "MM_NO_STATE": "no proposal accepted or no answer: check ike.encryption, ike.integrity, ike.dh_group, "
                   "ike_version and reachability (UDP 500/4500)",
    "MM_SA_SETUP": "proposal agreed, Diffie-Hellman exchange not done: check UDP 500/4500 and NAT in the path",
    "MM_KEY_EXCH": "proposal agreed, authentication failed: check psk and both public addresses",
    "MM_KEY_AUTH": "proposal agreed, authentication failed: check psk and both public addresses",
}
IKEV2_HINT = ("IKE_SA_INIT/IKE_AUTH: check ike.encryption, ike.integrity, ike.dh_group (proposal), psk "
              "(authentication), ike_version and both public addresses")


def ios_tunnel_state(isakmp, flows, peer, ike_version=1, ikev2=None):
    """Summary for the IOS end: {up, phase1, phase2, reason, pkts_encaps, pkts_decaps, flows, unparsed}.

    isakmp / ikev2: parsed rows or the read_* dicts; IKEv2 tunnels are judged from `show crypto
    ikev2 sa` (phase 1 status READY), IKEv1 tunnels from `show crypto isakmp sa` (QM_IDLE).
    """
    unparsed = 0
    if isinstance(isakmp, dict):
        unparsed += len(isakmp["unparsed"])
        isakmp = isakmp["sas"]
    if isinstance(ikev2, dict):
        unparsed += len(ikev2["unparsed"])
        ikev2 = ikev2["sas"]
    ours = [f for f in flows if f["current_peer"] == peer]
    live = [f for f in ours if any(s.get("status", "").startswith("ACTIVE") for s in f["inbound_esp_sas"])
            and any(s.get("status", "").startswith("ACTIVE") for s in f["outbound_esp_sas"])]
    result = {"peer": peer, "up": False, "phase1": None, "phase2": bool(live), "unparsed": unparsed,
              "pkts_encaps": sum(f["pkts_encaps"] for f in ours), "pkts_decaps": sum(f["pkts_decaps"] for f in ours),
              "flows": len(live)}
    if int(ike_version) == 1:
        sa = [r for r in isakmp if peer in (r["dst"], r["src"])]
        active = [r for r in sa if r["state"] == "QM_IDLE" and r["status"].startswith("ACTIVE") and "deleted" not in r["status"]]
        result["phase1"] = sa[0]["state"] if sa else None
        if not sa:
            result["reason"] = "no ISAKMP SA with %s: phase 1 never started (reachability, UDP 500/4500, %s)" % (peer, PHASE1_HINT)
            return result
        if not active:
            state = sa[0]["state"]
            result["reason"] = "ISAKMP SA with %s is %s: phase 1 failed (%s)" % (peer, state, _MM_CAUSE.get(state, PHASE1_HINT))
            return result
    elif ikev2 is not None:
        sa = [r for r in ikev2 if r.get("remote") == peer]
        ready = [r for r in sa if r["status"] == "READY"]
        result["phase1"] = sa[0]["status"] if sa else None
        if not sa:
            result["reason"] = "no IKEv2 SA with %s: IKEv2 phase 1 failed (%s)" % (peer, IKEV2_HINT)
            return result
        if not ready:
            result["reason"] = "IKEv2 SA with %s is %s: IKEv2 phase 1 did not complete (%s)" % (peer, sa[0]["status"], IKEV2_HINT)
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
