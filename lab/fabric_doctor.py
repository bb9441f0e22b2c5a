"""What a device prints about its IPsec tunnels when something is wrong (issue 24, the tunnel doctor).

The outcome of each tunnel end comes from lab/ipsec_model.py (both configurations, as the devices would
negotiate); this module only prints it, in each release's form.  Sources of every printed form (details
in tests/unit/fixtures/doctor/lab/SOURCES.md):

| output | form | source |
|---|---|---|
| IOS `show logging` | `%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from A failed its sanity check or is malformed` (PSK) | Cisco IOS user's log in the public Q&A "IPSec failure with IKE message failed its sanity check or is malformed" (itecnotes / Network Engineering SE) |
| IOS `show logging` | `%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at A` / `Quick mode` | Cisco System Message Guide text of CRYPTO-6-IKMP_MODE_FAILURE (`Processing of [chars] mode failed with [IP_address]`); message name also in Google SecOps' Cisco IOS parser list |
| IOS `show logging` | `%CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet. (ip) vrf/dest_addr= /D, src_addr= S, prot= 1` | real syslog line in a public syslog-parser test file (`<188>989474: *Feb  2 11:39:59KST: %CRYPTO-4-RECVD_PKT_NOT_IPSEC: ...`) |
| IOS `show logging` | timestamp `*Dec  7 06:56:27.123: ` | `service timestamps log datetime msec` of the lab's running-config, clock not set (`*`) as in the same file |
| IOS `show crypto session detail` | `Crypto session current status` ... `Session status: UP-ACTIVE` / `DOWN-NEGOTIATING` / `DOWN`, `IKEv1 SA: ... Active/Inactive`, `IPSEC FLOW:`, `#pkts dec'ed` | genieparser iosxe ShowCryptoSessionDetail golden_output_output.txt and golden_output3_output.txt |
| RouterOS 6.x `/log print` | `17:12:32 ipsec,error no suitable proposal found.` / `A failed to get valid proposal.` / `A failed to pre-process ph1 packet (side: 1, status 1).` / `A phase1 negotiation failed.` | MikroTik manual, IPsec "Troubleshooting/FAQ" (`[admin@MikroTik] /log> print`) |
| RouterOS 7.x `/log print` | ` 2026-09-18 09:54:41 ipsec,info respond new phase 1 (Identity Protection): L[500]<=>R[500]`, `ipsec,error phase1 negotiation failed due to time up L[500]<=>R[500] c1:c2` | a RouterOS 7 router's log published on GitHub (public log dump, same lines) |
| RouterOS `/log print` | `A parsing packet failed, possible cause: wrong password` | MikroTik forum scripts that parse this log line (`[:pick $msg 0 [:find $msg "parsing"]]`: the address first) |
| RouterOS `/log print` | `failed to pre-process ph2 packet (side: 1, status: 1).`, `failed to get sainfo.` | racoon/ipsec-tools messages RouterOS 6 prints (same daemon lineage; forms as Meraki's racoon event log table shows them) - RouterOS sample not found, unconfirmed |
| RouterOS 7 `/log print` | `ipsec,error identity not found for responder: ADDR4:A peer: ADDR4:B`, `ipsec reply notify: AUTHENTICATION_FAILED` | public RouterOS 7 debug log in a GitHub write-up about my-id pinning |
| RouterOS 7 `/log print` | `ipsec,error got fatal error: AUTHENTICATION_FAILED` | MikroTik forum thread (RouterOS side of a PaloAlto IKEv2 tunnel) |
| RouterOS `/ip ipsec policy print` | flags `I`/`A`/`X`, `ph2-state=established` / `no-phase2` | MikroTik manual (policy `ph2-state` property, values established / no-phase2); layout of the lab's generic print |

Release differences printed: RouterOS 6.x log time `HH:MM:SS`, 7.x ` YYYY-MM-DD HH:MM:SS`; 6.24-6.43
`remote-peers`, 6.44+ `active-peers` (lab/fabric_ipsec.py); IKEv2 lines on IKEv2 tunnels only; IOS 15.x
and IOS-XE 16/17 print the same syslog messages (their interface names and ACL numbering differ, see
lab/devices/ios.py).  Not printed (no public sample found): IOS `debug crypto` output, IKEv2 syslog on
IOS, RouterOS lines for an IKE version mismatch (the initiator's time-out is printed instead).
"""
import re

from lab import ipsec_model
from lab.extensions import rule
from lab.fabric_ipsec import negotiate

_COOKIE = "f24f2cdd171cb3d5:07a735b6d67ab108"


def _ros_msgs(end):
    """[(topics, message)] a RouterOS end logs for its outcome."""
    out, r, l = end["outcome"], end["remote"], end["local"]
    reason, v2 = out["reason"], end["ike_version"] == 2
    if reason == "no-answer" or (reason == "version" and not v2):
        return [] if end.get("passive") else [
            ("ipsec,error", "phase1 negotiation failed due to time up %s[500]<=>%s[500] %s" % (l, r, _COOKIE))]
    if reason == "ph1-proposal":
        first = [("ipsec,info", "respond new phase 1 (Identity Protection): %s[500]<=>%s[500]" % (l, r))] if not v2 else []
        return first + [("ipsec,error", "no suitable proposal found."), ("ipsec,error", "%s failed to get valid proposal." % r),
                        ("ipsec,error", "%s failed to pre-process ph1 packet (side: 1, status 1)." % r),
                        ("ipsec,error", "%s phase1 negotiation failed." % r)]
    if reason == "psk":
        return [("ipsec,error", "got fatal error: AUTHENTICATION_FAILED")] if v2 else [
            ("ipsec,error", "%s parsing packet failed, possible cause: wrong password" % r)]
    if reason == "identity":
        if out["who"] == "local":
            mine = end["local_id"]
            return [("ipsec,error", "identity not found for responder: %s peer: ADDR4:%s" % (_ros_id(mine), r)),
                    ("ipsec", "reply notify: AUTHENTICATION_FAILED")]
        return [("ipsec,error", "got fatal error: AUTHENTICATION_FAILED")]
    if reason in ("not-bound", "ph2-proposal", "pfs", "selectors", "policy"):
        first = ("ipsec,error", "failed to get sainfo.") if reason in ("selectors", "policy") else \
            ("ipsec,error", "%s failed to get valid proposal." % r)
        return [first, ("ipsec,error", "%s failed to pre-process ph2 packet (side: 1, status: 1)." % r),
                ("ipsec,error", "%s phase2 negotiation failed." % r)]
    return []


def _ros_id(ident):
    kind, value = ident
    return ("ADDR4:%s" if kind == "address" else "FQDN:%s") % value


def _ios_msgs(device, end):
    out, r = end["outcome"], end["remote"]
    reason = out["reason"]
    if end["ike_version"] == 1 and reason == "psk":
        return ["%%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from %s failed its sanity check or is malformed" % r]
    if end["ike_version"] == 1 and reason == "ph1-proposal":
        return ["%%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at %s" % r]
    if reason in ("not-bound", "ph2-proposal", "pfs", "selectors", "policy") and end["ike_version"] == 1:
        return ["%%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Quick mode failed with peer at %s" % r]
    if reason == "up" and end["outcome"]["decaps"] == 0 and end.get("peer_clear"):
        dst = ipsec_model._flow(end)[0]
        return ["%%CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet. (ip) vrf/dest_addr= /%s, "
                "src_addr= %s, prot= 1" % (dst, r)] * 2
    return []


def _annotated(device):
    """negotiate() ends, each with `peer_clear` (the peer sends the tunnel's traffic in clear)."""
    rows = negotiate(device)
    for offer, theirs, _p1, _pairs in rows:
        offer["peer_clear"] = bool(theirs and theirs.get("nat_catch")) and offer["outcome"]["reason"] == "up"
    return rows


# ------------------------------------------------------------------ IOS
@rule("ios", "exec", "show logging")
def ios_show_logging(session, match):
    lines = []
    for n, (offer, _t, _p, _pairs) in enumerate(_annotated(session.device)):
        for i, msg in enumerate(_ios_msgs(session.device, offer)):
            lines.append("*Dec  7 06:%02d:%02d.%03d: %s" % (50 + n % 10, (7 * i + n) % 60, 123 + i, msg))
    head = ["Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, "
            "xml disabled, filtering disabled)", "", "Log Buffer (8192 bytes):", ""]
    return "\n".join(head + lines) + "\n"


def _mask(cidr):
    net = ipsec_model._net(cidr)
    return "host %s" % net.network_address if net.prefixlen == 32 else "%s/%s" % (net.network_address, net.netmask)


@rule("ios", "exec", "show crypto session [detail]")
def ios_crypto_session(session, match):
    out = ["Crypto session current status", "",
           "Code: C - IKE Configuration mode, D - Dead Peer Detection     ",
           "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     ",
           "X - IKE Extended Authentication, F - IKE Fragmentation",
           "R - IKE Auto Reconnect, U - IKE Dynamic Route Update", "S - SIP VPN", ""]
    for offer, theirs, phase1, pairs in negotiate(session.device):
        if offer["iface"] is None:
            continue
        res = offer["outcome"]
        # negotiating while `show crypto isakmp sa` holds an SA for the peer (MM_NO_STATE too: no answer)
        trying = theirs is not None or ipsec_model.dataplane(session.device)
        status = "UP-ACTIVE" if pairs else "UP-IDLE" if phase1 else "DOWN-NEGOTIATING" if trying else "DOWN"
        out += ["Interface: %s" % offer["iface"], "Session status: %s     " % status,
                "Peer: %s port 500 fvrf: (none) ivrf: (none)" % offer["remote"],
                "      Phase1_id: %s" % (offer["remote"] if phase1 else "(none)"), "      Desc: (none)",
                "  Session ID: 0  ",
                "  IKEv%d SA: local %s/500 remote %s/500 %s " % (offer["ike_version"], offer["local"], offer["remote"],
                                                              "Active" if phase1 else "Inactive"),
                "          Capabilities:(none) connid:%s lifetime:%s" % (("1001", "23:59:12") if phase1 else ("0", "0"))]
        for pair in offer["selectors"]:
            up = pair in pairs
            enc, dec = (res["encaps"], res["decaps"]) if up else (0, 0)
            life = "4608000/3527" if up else "0/0"
            out += ["  IPSEC FLOW: permit ip %s %s " % (_mask(pair[0]), _mask(pair[1])),
                    "        Active SAs: %d, origin: crypto map" % (2 if up else 0),
                    "        Inbound:  #pkts dec'ed %d drop 0 life (KB/Sec) %s" % (dec, life),
                    "        Outbound: #pkts enc'ed %d drop 0 life (KB/Sec) %s" % (enc, life)]
        out.append("")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ RouterOS
def _ros_lines(device):
    seven = device.family == "7"
    lines = []
    for n, (offer, _t, _p, _pairs) in enumerate(_annotated(device)):
        for i, (topics, msg) in enumerate(_ros_msgs(offer)):
            clock = "09:%02d:%02d" % (50 + n % 10, (7 * i + n) % 60)
            lines.append((topics, (" 2026-12-07 %s %s %s" if seven else "%s %s %s") % (clock, topics, msg)))
    return lines


@rule("routeros", "any", r"/log print.*")
def ros_log_print(session, line):
    where = re.search(r'topics~"?([\w,]+)"?', line)
    rows = [text for topics, text in _ros_lines(session.device) if not where or where.group(1) in topics]
    system = ("system,info,account user admin logged in from 127.0.0.1 via ssh")
    if not where:
        stamp = " 2026-12-07 09:49:58 " if session.device.family == "7" else "09:49:58 "
        rows.insert(0, stamp + system.replace("info,account ", "info,account "))
    return "\n".join(rows) + ("\n" if rows else "")


@rule("routeros", "/ip ipsec policy", "print")
def ros_policy_print(session, args):
    """Policies with their dynamic state (flags I/A, ph2-state) on devices started from a hand-typed
    configuration; others keep the lab's generic print (what the configuration roles' diff reads)."""
    device = session.device
    from lab.devices.routeros_schema import menu
    if not ipsec_model.dataplane(device):
        return session._cmd_print("/ip ipsec policy", menu("/ip ipsec policy", device.family), args)
    states = {}
    for offer, _t, _p, pairs in negotiate(device):
        for policy, flags in offer.get("policies", []):
            key = (policy.get("src-address"), policy.get("dst-address"))
            states[id(policy)] = ("established" if key in pairs else "no-phase2", flags)
    from lab.fabric_ipsec import policy_invalid
    spec = dict(menu("/ip ipsec policy", device.family))
    spec["props"] = list(spec["props"]) + [("ph2-state", None)]
    saved = device.tables.get("/ip ipsec policy", [])
    shown = []
    for entry in saved:
        props, flags = dict(entry["props"]), set(entry["flags"])
        if "T" not in flags:
            if policy_invalid(device, entry["props"]):
                flags.add("I")
            state = states.get(id(entry["props"]), ("no-phase2", ()))[0]
            props["ph2-state"] = state
            if state == "established":
                flags.add("A")
        shown.append({"id": entry["id"], "props": props, "flags": flags})
    device.tables["/ip ipsec policy"] = shown
    try:
        return session._cmd_print("/ip ipsec policy", spec, args)
    finally:
        device.tables["/ip ipsec policy"] = saved
