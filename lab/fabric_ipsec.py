"""Site-to-site IPsec between lab devices (IOS crypto maps and RouterOS policies).

An SA is shown only when both ends' configurations agree, as on real devices:
- each end has an entry toward the other's address (IOS: crypto map entry bound to an interface
  with `set peer`; RouterOS: peer `address=` plus policies with sa-dst-address= (6.24-6.42) or peer=),
- the same IKE version (IOS ikev2-profile <-> RouterOS exchange-mode=ike2) and the same PSK,
- a common phase 1 proposal (encryption, hash, DH group; IOS offers every isakmp policy /
  every IKEv2 proposal, RouterOS the algorithm lists of its peer or profile),
- phase 2: ESP encryption and auth in the other's lists, the same PFS group,
- mirrored selectors: a flow is up only for the local/remote pairs both ends list.
Phase 1 failure: IOS shows the peer in MM_NO_STATE (IKEv1), RouterOS shows nothing.

Output formats follow public samples (tests/unit/fixtures/ipsec/SOURCES.md): IOS `show crypto
isakmp sa` (genieparser golden output), `show crypto ipsec sa` (genieparser golden output,
IOS indentation); RouterOS 7 `active-peers print [detail]` / `installed-sa print detail` (public
RouterOS 7 write-up), 6.4x `active-peers print` (RouterOS 6.46 write-up), 6.x `remote-peers print`
(major.io). This module is independent from the collection's renderers on purpose: it reads the
devices' configuration as typed, so a renderer bug shows up as a tunnel that stays down.
"""
import hashlib
import re

from lab import fabric_ikev2
from lab.extensions import rule

_ENC = {"aes": "aes-128", "aes 128": "aes-128", "aes 192": "aes-192", "aes 256": "aes-256", "3des": "3des",
        "aes-cbc-128": "aes-128", "aes-cbc-192": "aes-192", "aes-cbc-256": "aes-256",
        "aes-128": "aes-128", "aes-192": "aes-192", "aes-256": "aes-256",
        "aes-128-cbc": "aes-128", "aes-192-cbc": "aes-192", "aes-256-cbc": "aes-256"}
_HASH = {"sha": "sha1", "sha1": "sha1", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512", "md5": "md5"}
_MODP = {"modp768": 1, "modp1024": 2, "modp1536": 5, "modp2048": 14, "modp3072": 15, "modp4096": 16,
         "modp6144": 17, "modp8192": 18, "ecp256": 19, "ecp384": 20, "ecp521": 21}
_ESP_AUTH = {"esp-sha-hmac": "sha1", "esp-sha256-hmac": "sha256", "esp-sha384-hmac": "sha384",
             "esp-sha512-hmac": "sha512", "esp-md5-hmac": "md5"}
_IOS_SHOW_ENC = {"aes-256": "esp-256-aes", "aes-192": "esp-192-aes", "aes-128": "esp-aes", "3des": "esp-3des"}
_IOS_SHOW_AUTH = {"sha1": "esp-sha-hmac", "sha256": "esp-sha256-hmac", "sha384": "esp-sha384-hmac", "sha512": "esp-sha512-hmac"}


def _mask_to_len(mask):
    return sum(bin(int(o)).count("1") for o in mask.split("."))


def _net(addr, mask=None):
    if mask is None:
        return addr if "/" in addr else addr + "/32"
    return "%s/%d" % (addr, 32 - _mask_to_len(mask))   # wildcard mask


# ------------------------------------------------------------------ IOS side
def _children(node):
    return [c.text.strip() for c in node.children]


def acl_operands(words, count=2):
    """The first ``count`` address operands of an ACE (``host A``, ``any``, ``A WILDCARD``) as CIDRs, and the
    words after them (ports)."""
    rest, nets = list(words), []
    while len(rest) > 0 and len(nets) < count:
        if rest[0] == "host" and len(rest) > 1:
            nets.append(rest[1] + "/32")
            rest = rest[2:]
        elif rest[0] == "any":
            nets.append("0.0.0.0/0")
            rest = rest[1:]
        elif len(rest) > 1:
            nets.append(_net(rest[0], rest[1]))
            rest = rest[2:]
        else:
            break
    return nets, rest


def _acl_pairs(node):
    pairs = []
    for line in _children(node):
        words = line.split()
        if len(words) < 2 or words[0] != "permit" or words[1] != "ip":
            continue
        nets, _ports = acl_operands(words[2:])
        if len(nets) == 2:
            pairs.append(tuple(nets))
    return pairs


def ios_offers(device, include_unbound=False):
    """Crypto map entries of the device; `include_unbound`: also those of a map no interface carries
    (`bound` False, local address the WAN address), for the doctor's model (lab/ipsec_model.py)."""
    root = device.config
    top = {c.text: c for c in root.children}
    policies, keys, tsets, acls, maps, iface_map = [], {}, {}, {}, {}, {}
    v2_props, keyrings, profiles, v2_policy_props = {}, {}, {}, set()
    for text, node in top.items():
        w = text.split()
        if text.startswith("crypto isakmp policy "):
            kids = _children(node)
            enc = next((_ENC.get(k[5:]) for k in kids if k.startswith("encr ")), "des")
            hsh = next((_HASH.get(k[5:]) for k in kids if k.startswith("hash ")), "sha1")
            grp = next((int(k.split()[1]) for k in kids if k.startswith("group ")), 1)
            auth = next((k.split()[1] for k in kids if k.startswith("authentication ")), "rsa-sig")
            if auth == "pre-share":
                policies.append((enc, hsh, grp))
        elif text.startswith("crypto isakmp key ") and "address" in w:
            keys[w[w.index("address") + 1]] = w[3]
        elif text.startswith("crypto ipsec transform-set "):
            tr = w[4:]
            enc = None
            if "esp-aes" in tr:
                i = tr.index("esp-aes")
                enc = "aes-" + (tr[i + 1] if i + 1 < len(tr) and tr[i + 1].isdigit() else "128")
            elif "esp-3des" in tr:
                enc = "3des"
            auth = next((_ESP_AUTH[t] for t in tr if t in _ESP_AUTH), None)
            tsets[w[3]] = (enc, auth)
        elif text.startswith("ip access-list extended "):
            acls[w[3]] = _acl_pairs(node)
        elif text.startswith("crypto map ") and len(w) in (4, 5) and w[3].isdigit() and (len(w) == 4 or w[4] == "ipsec-isakmp"):
            maps.setdefault(w[2], []).append((int(w[3]), _children(node)))
        elif text.startswith("interface "):
            kids = _children(node)
            cmap = next((k.split()[2] for k in kids if k.startswith("crypto map ")), None)
            addr = next((k.split()[2] for k in kids if k.startswith("ip address ") and len(k.split()) >= 4), None)
            if cmap:
                iface_map[cmap] = (w[1], addr)
        elif text.startswith("crypto ikev2 proposal "):
            kids = _children(node)
            v2_props[w[3]] = ([_ENC.get(x) for k in kids if k.startswith("encryption ") for x in k.split()[1:]],
                              [_HASH.get(x) for k in kids if k.startswith("integrity ") for x in k.split()[1:]],
                              [int(x) for k in kids if k.startswith("group ") for x in k.split()[1:]])
        elif text.startswith("crypto ikev2 policy "):
            v2_policy_props.update(k.split()[1] for k in _children(node) if k.startswith("proposal "))
        elif text.startswith("crypto ikev2 keyring "):
            ring = keyrings.setdefault(w[3], {})
            for peer in node.children:
                kids = _children(peer)
                addr = next((k.split()[1] for k in kids if k.startswith("address ")), None)
                psk = next((k.split()[1] for k in kids if k.startswith("pre-shared-key ") and len(k.split()) == 2), None)
                if addr:
                    ring[addr] = psk
        elif text.startswith("crypto ikev2 profile "):
            kids = _children(node)
            profiles[w[3]] = {
                "remote": [k.split()[4] for k in kids if k.startswith("match identity remote address ")],
                "keyring": next((k.split()[2] for k in kids if k.startswith("keyring local ")), None)}
    offers = []
    for cmap, entries in maps.items():
        if cmap not in iface_map and not include_unbound:
            continue
        iface, local = iface_map.get(cmap, (None, device.spec.get("lab_wan_address", "198.51.100.1")))
        for seq, kids in sorted(entries):
            peer = next((k.split()[2] for k in kids if k.startswith("set peer ")), None)
            acl = next((k.split()[2] for k in kids if k.startswith("match address ")), None)
            tset = next((k.split()[2] for k in kids if k.startswith("set transform-set ")), None)
            pfs = next((int(k.split()[2].replace("group", "")) for k in kids if k.startswith("set pfs ")), "none")
            v2 = next((k.split()[2] for k in kids if k.startswith("set ikev2-profile ")), None)
            if not (peer and acl and tset in tsets):
                continue
            offer = {"kind": "ios", "iface": iface, "map": cmap, "seq": seq, "local": local, "remote": peer,
                     "bound": cmap in iface_map, "profile": v2,
                     "esp": tsets[tset], "pfs": pfs, "selectors": acls.get(acl, []), "ike_version": 2 if v2 else 1}
            if v2:
                prof = profiles.get(v2, {})
                offer["psk"] = keyrings.get(prof.get("keyring"), {}).get(peer) if peer in prof.get("remote", []) else None
                offer["phase1"] = [(e, h, g) for name in v2_policy_props if name in v2_props
                                   for e in v2_props[name][0] for h in v2_props[name][1] for g in v2_props[name][2]]
            else:
                offer["psk"] = keys.get(peer)
                offer["phase1"] = policies
            offers.append(offer)
    return offers


# ------------------------------------------------------------------ RouterOS side
def _rows(device, path):
    return [e["props"] for e in device.tables.get(path, []) if not ({"X", "D", "T"} & set(e["flags"]))]


def _split(value):
    return [v for v in (value or "").split(",") if v]


def _ros_peers(device, rows):
    """[(peer props, phase-1 props, secret)] of the device's family."""
    if device.family == "6.24":
        return [(p, p, p.get("secret")) for p in rows("/ip ipsec peer")]
    if device.family == "6.43":   # phase 1 on /ip ipsec peer profile, the PSK on the peer
        profiles = {e["props"].get("name"): e["props"] for e in device.tables.get("/ip ipsec peer profile", [])}
        return [(p, profiles.get(p.get("profile", "default"), {}), p.get("secret")) for p in rows("/ip ipsec peer")]
    profiles = {e["props"].get("name"): e["props"] for e in device.tables.get("/ip ipsec profile", [])}
    identities = _rows(device, "/ip ipsec identity")
    return [(p, profiles.get(p.get("profile", "default"), {}),
             next((i.get("secret") for i in identities if i.get("peer") == p.get("name")
                   and i.get("auth-method", "pre-shared-key") == "pre-shared-key"), None))
            for p in rows("/ip ipsec peer")]


def policy_invalid(device, policy):
    """RouterOS marks a policy invalid (flag I): 6.24-6.43 when its sa-src-address is not an address of
    the router, 6.44+ when the peer it names is disabled."""
    if device.family in ("6.24", "6.43"):
        src = policy.get("sa-src-address")
        mine = [e["props"].get("address", "").split("/")[0] for e in device.tables.get("/ip address", [])]
        return bool(src) and src not in ("0.0.0.0", "::") and src not in mine
    peers = {e["props"].get("name"): e for e in device.tables.get("/ip ipsec peer", [])}
    named = peers.get(policy.get("peer"))
    return bool(policy.get("peer")) and (named is None or "X" in named["flags"])


def routeros_offers(device, include_all=False):
    """Peers with their enabled, valid policies.  `include_all` (the doctor's model): also peers whose
    policies are all disabled or invalid, and disabled peers a policy names; `policies` then lists
    every policy of the peer with its flags."""
    wan = device.spec.get("lab_wan_address")
    proposals = {p.get("name"): p for p in _rows(device, "/ip ipsec proposal")}
    for entry in device.tables.get("/ip ipsec proposal", []):   # the default proposal carries '*'
        proposals.setdefault(entry["props"].get("name"), entry["props"])
    if include_all:
        rows = lambda path: [e["props"] for e in device.tables.get(path, []) if not ({"D", "T"} & e["flags"])]
    else:
        rows = lambda path: _rows(device, path)
    disabled = {id(e["props"]) for e in device.tables.get("/ip ipsec peer", []) if "X" in e["flags"]}
    policies = [(e["props"], e["flags"] | ({"I"} if policy_invalid(device, e["props"]) else set()))
                for e in device.tables.get("/ip ipsec policy", []) if not ({"D", "T"} & e["flags"])]
    offers = []
    for peer, phase1, secret in _ros_peers(device, rows):
        remote = (peer.get("address") or "").split("/")[0]
        if not remote:
            continue
        local = peer.get("local-address") or wan
        if device.family in ("6.24", "6.43"):
            mine = [(p, f) for p, f in policies if p.get("sa-dst-address") == remote]
        else:
            mine = [(p, f) for p, f in policies if p.get("peer") == peer.get("name")]
        mine = [(p, f) for p, f in mine if p.get("tunnel") == "yes" and p.get("action", "encrypt") == "encrypt"]
        good = [p for p, f in mine if not ({"X", "I"} & f)]
        if not good and not (include_all and mine):
            continue
        prop = proposals.get((good or [mine[0][0]])[0].get("proposal", "default"), {})
        pfs = prop.get("pfs-group", "modp1024")
        offers.append({
            "kind": "routeros", "local": local, "remote": remote, "psk": secret,
            "peer_name": peer.get("name"), "peer_disabled": id(peer) in disabled,
            "passive": peer.get("passive", "no") == "yes", "nat_traversal": phase1.get("nat-traversal", "yes"),
            "policies": [(p, sorted(f)) for p, f in mine],
            "ike_version": 2 if peer.get("exchange-mode") == "ike2" else 1,
            "phase1": [(_ENC.get(e), _HASH.get(phase1.get("hash-algorithm", "sha1")), _MODP.get(g))
                       for e in _split(phase1.get("enc-algorithm", "aes-128,3des"))
                       for g in _split(phase1.get("dh-group", "modp2048,modp1024"))],
            "esp_lists": ([_ENC.get(e) for e in _split(prop.get("enc-algorithms", "aes-256-cbc,aes-192-cbc,aes-128-cbc"))],
                          [_HASH.get(a) for a in _split(prop.get("auth-algorithms", "sha1"))]),
            "pfs": "none" if pfs == "none" else _MODP.get(pfs),
            "selectors": [(p.get("src-address"), p.get("dst-address")) for p in good],
        })
    return offers


# ------------------------------------------------------------------ negotiation
def negotiate(device):
    """[(offer, peer_offer_or_None, phase1_ok, established_pairs)] for every offer of `device`, decided by
    lab/ipsec_model.py from both ends' configurations (offer["outcome"] holds the model's whole answer)."""
    from lab import ipsec_model
    results = []
    for offer in ipsec_model.ends(device):
        their_dev, theirs = ipsec_model.partner(device, offer)
        result = ipsec_model.outcome(device, offer, their_dev, theirs)
        offer["outcome"] = result
        offer["proposal_ok"] = result["reason"] not in ("no-answer", "version", "ph1-proposal")
        results.append((offer, theirs, result["reason"] in ipsec_model.PHASE1_DONE, result["pairs"]))
    return results


def _spi(*parts):
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:7], 16) | 0x1000000


# ------------------------------------------------------------------ IOS output
# `show crypto isakmp sa` (IOS 12.4T+): conn-id right-aligned under the header's "conn-id", as in
# genieparser iosxe ShowCryptoIsakmpSa golden_output_isakmp_output.txt
# ("100.0.10.2      100.13.220.2    QM_IDLE          29609 ACTIVE").  States: main mode stops in
# MM_NO_STATE when no proposal is acceptable and in MM_KEY_EXCH when DH is done but authentication
# (the pre-shared key) fails - Table 16-1 of R. Deal, "The Complete Cisco VPN Configuration Guide"
# (Cisco Press), "Viewing ISAKMP/IKE Phase 1 Connections".
@rule("ios", "exec", "show crypto isakmp sa")
def ios_isakmp_sa(session, match):
    lines = ["IPv4 Crypto ISAKMP SA", "dst             src             state          conn-id status"]
    conn = 1001
    from lab.ipsec_model import dataplane
    for offer, theirs, phase1, _pairs in negotiate(session.device):
        if (theirs is None and not dataplane(session.device)) or offer["ike_version"] != 1:
            continue
        if phase1:
            state, status = "QM_IDLE", "ACTIVE"
        elif offer.get("proposal_ok"):
            state, status = "MM_KEY_EXCH", "ACTIVE"
        else:
            state, status = "MM_NO_STATE", "ACTIVE (deleted)"
        lines.append("%-15s %-15s %-11s%11d %s" % (offer["remote"], offer["local"], state, conn, status))
        conn += 1
    lines += ["", "IPv6 Crypto ISAKMP SA", ""]
    # IPv6 SAs (host var `lab_ipv6_isakmp_sas`: [{dst, src, state}], the lab's tunnels are IPv4 only)
    # print over three lines, as in the public IOS dual-stack sample (ios15_show_crypto_isakmp_sa_ipv6.txt)
    for sa in session.device.spec.get("lab_ipv6_isakmp_sas") or []:
        lines += [" dst: %s" % sa["dst"], " src: %s" % sa["src"],
                  " state: %-15s conn-id: %6d status: ACTIVE" % (sa.get("state", "QM_IDLE"), conn), ""]
        conn += 1
    return "\n".join(lines) + "\n"


# `show crypto ikev2 sa` (IOS 15 / IOS-XE): the layout of genieparser iosxe ShowCryptoIkev2Sa
# golden_output_output.txt (section titles with their trailing space, columns, the `Encr:` and
# `Life/Active Time:` lines). Only READY SAs are listed: what a router shows while IKE_SA_INIT or
# IKE_AUTH fails (IN-NEG / DELETE rows that come and go) is not modelled.
_V2_ENC = {"aes-128": ("AES-CBC", 128), "aes-192": ("AES-CBC", 192), "aes-256": ("AES-CBC", 256), "3des": ("3DES", 192)}
_V2_HASH = {"sha1": "SHA96", "sha256": "SHA256", "sha384": "SHA384", "sha512": "SHA512"}


@rule("ios", "exec", "show crypto ikev2 sa")
def ios_ikev2_sa(session, match):
    lines = ["IPv4 Crypto IKEv2 SA ", ""]
    rows = [(o, t) for o, t, phase1, _pairs in negotiate(session.device) if phase1 and o["ike_version"] == 2]
    if rows:
        lines.append("Tunnel-id Local                 Remote                fvrf/ivrf            Status ")
    for n, (offer, theirs) in enumerate(rows, 1):
        enc, hsh, grp = sorted(set(offer["phase1"]) & set(theirs["phase1"]))[0]
        cipher, size = _V2_ENC.get(enc, ("AES-CBC", 256))
        lines.append("%-9d %-21s %-21s %-20s READY  " % (n, offer["local"] + "/500", offer["remote"] + "/500", "none/none"))
        lines.append("      Encr: %s, keysize: %d, PRF: %s, Hash: %s, DH Grp:%d, Auth sign: PSK, Auth verify: PSK"
                     % (cipher, size, (hsh or "sha1").upper(), _V2_HASH.get(hsh, "SHA96"), grp))
        lines.append("      Life/Active Time: 86400/735 sec")
    lines += ["", " IPv6 Crypto IKEv2 SA ", ""]
    return "\n".join(lines) + "\n"


def _ident(cidr):
    addr, plen = cidr.split("/")
    bits = (0xFFFFFFFF << (32 - int(plen))) & 0xFFFFFFFF
    mask = ".".join(str((bits >> s) & 255) for s in (24, 16, 8, 0))
    return "(%s/%s/0/0)" % (addr, mask)


@rule("ios", "exec", "show crypto ipsec sa")
def ios_ipsec_sa(session, match):
    out, seen = [], set()
    for offer, theirs, phase1, pairs in negotiate(session.device):
        if offer["iface"] is None:          # a map no interface carries has no SAs and is not shown
            continue
        if offer["iface"] not in seen:
            seen.add(offer["iface"])
            out += ["", "interface: %s" % offer["iface"],
                    "    Crypto map tag: %s, local addr %s" % (offer["map"], offer["local"])]
        for pair in offer["selectors"]:
            up = pair in pairs
            encaps, decaps = (offer["outcome"]["encaps"], offer["outcome"]["decaps"]) if up else (0, 0)
            spi_out = _spi(offer["local"], offer["remote"], *pair) if up else 0
            spi_in = _spi(offer["remote"], offer["local"], *pair) if up else 0
            out += ["", "   protected vrf: (none)",
                    "   local  ident (addr/mask/prot/port): %s" % _ident(pair[0]),
                    "   remote ident (addr/mask/prot/port): %s" % _ident(pair[1]),
                    "   current_peer %s port 500" % offer["remote"],
                    "     PERMIT, flags={origin_is_acl,}",
                    "    #pkts encaps: %d, #pkts encrypt: %d, #pkts digest: %d" % (encaps, encaps, encaps),
                    "    #pkts decaps: %d, #pkts decrypt: %d, #pkts verify: %d" % (decaps, decaps, decaps),
                    "    #pkts compressed: 0, #pkts decompressed: 0",
                    "    #pkts not compressed: 0, #pkts compr. failed: 0",
                    "    #pkts not decompressed: 0, #pkts decompress failed: 0",
                    "    #send errors 0, #recv errors 0", "",
                    "     local crypto endpt.: %s, remote crypto endpt.: %s" % (offer["local"], offer["remote"]),
                    "     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb %s" % offer["iface"],
                    "     current outbound spi: 0x%X(%d)" % (spi_out, spi_out),
                    "     PFS (Y/N): %s, DH group: %s" % ("N" if offer["pfs"] == "none" else "Y",
                                                         "none" if offer["pfs"] == "none" else "group%s" % offer["pfs"]),
                    ""]
            transform = "%s %s" % (_IOS_SHOW_ENC.get(offer["esp"][0], "esp-aes"), _IOS_SHOW_AUTH.get(offer["esp"][1], "esp-sha-hmac"))
            for direction, spi in (("inbound", spi_in), ("outbound", spi_out)):
                out.append("     %s esp sas:" % direction)
                if up:
                    out += ["      spi: 0x%X(%d)" % (spi, spi),
                            "        transform: %s ," % transform,
                            "        in use settings ={Tunnel, }",
                            "        conn id: 2001, flow_id: SW:1, sibling_flags 80000040, crypto map: %s" % offer["map"],
                            "        sa timing: remaining key lifetime (k/sec): (4608000/3500)",
                            "        IV size: 16 bytes",
                            "        replay detection support: Y",
                            "        Status: ACTIVE(ACTIVE)"]
                out += ["", "     %s ah sas:" % direction, "", "     %s pcp sas:" % direction, ""]
    return "\n".join(out) + "\n" if out else "\n"


# ------------------------------------------------------------------ RouterOS output
def _established(device):
    # + IKEv2 road-warrior clients connected through lab_ikev2_connect (lab/fabric_ikev2.py)
    return [(o, t, pairs) for o, t, p1, pairs in negotiate(device) if p1] + fabric_ikev2.sessions(device)


# `active-peers print` (6.44+; `remote-peers` before, see _PEER_MENU): 6.x table as in the RouterOS 6.46 site-to-site
# write-up (fixture routeros6_active_peers_print.txt), 7.x `Columns:` table and `print detail` records as in
# the public RouterOS 7 IKEv2 write-up (routeros7_active_peers_print[_detail].txt); 6.x `print detail` uses
# the 7.x record layout with the 6.x legend (unconfirmed).  Only established peers are listed: what a
# RouterOS shows for a peer stuck in phase 1 is not modelled.
# Which releases have which peer-state menu: remote-peers on 6.24-6.42 (major.io 2015), active-peers
# on 6.44+ (6.46 write-up, 6.49.2, RouterOS 7).  6.43.x is unconfirmed; the lab gives it remote-peers
# only, so the collection's fallback (routeros_family.PEER_STATE_COMMANDS) is exercised.
_PEER_MENU = {"6.24": "remote-peers", "6.43": "remote-peers", "6.44": "active-peers", "7": "active-peers"}


def _no_such_menu(session, name):
    return "bad command name %s (line 1 column %d)\n" % (name, session._typed.find(name) + 1)


@rule("routeros", "/ip ipsec active-peers", "print")
def ros_active_peers(session, args):
    device = session.device
    if _PEER_MENU[device.family] != "active-peers":
        return _no_such_menu(session, "active-peers")
    rows = _established(device)
    if "detail" in args:
        sep = "; " if device.family == "7" else ", "
        lines = ["Flags: R - responder%sN - natt-peer" % sep]
        for i, (o, _t, pairs) in enumerate(rows):
            lines.append(" %d    local-address=%s port=500 remote-address=%s" % (i, o["local"], o["remote"]))
            lines.append("      port=500 state=established side=%s uptime=1m12s last-seen=3s ph2-total=%d"
                         % (o.get("side", "initiator"), len(pairs)))
        return "\n".join(lines) + "\n"
    if device.family == "7":
        lines = ["Columns: STATE, UPTIME, PH2-TOTAL, REMOTE-ADDRESS",
                 "#  STATE        UPTIME  PH2-TOTAL  REMOTE-ADDRESS"]
        lines += ["%-2d %-12s %-7s %9d  %s" % (i, "established", "1m12s", len(p), o["remote"]) for i, (o, _t, p) in enumerate(rows)]
    else:
        lines = ["Flags: R - responder, N - natt-peer", " # ID  STATE        UPTIME  PH2-TOTAL  REMOTE-ADDRESS"]
        lines += [" %d     %-12s %-7s %-10d %s" % (i, "established", "1m12s", len(p), o["remote"]) for i, (o, _t, p) in enumerate(rows)]
    return "\n".join(lines) + "\n"


# 6.24-6.42 `remote-peers print`: major.io "GRE over IPsec between MikroTik routers" (2015), fixture
# routeros6_remote_peers_print.txt.
@rule("routeros", "/ip ipsec remote-peers", "print")
def ros_remote_peers(session, args):
    if _PEER_MENU[session.device.family] != "remote-peers":
        return _no_such_menu(session, "remote-peers")
    rows = _established(session.device)
    return "".join(" %d local-address=%s remote-address=%s state=established side=initiator established=1m12s\n"
                   % (i, o["local"], o["remote"]) for i, (o, _t, _p) in enumerate(rows))


def _chosen_esp(mine, theirs):
    """The ESP transform an SA carries: the IOS end's transform-set, else the first common RouterOS pick."""
    for end in (mine, theirs):
        if end["kind"] == "ios":
            return end["esp"]
    return (next((e for e in mine["esp_lists"][0] if e in theirs["esp_lists"][0]), None),
            next((a for a in mine["esp_lists"][1] if a in theirs["esp_lists"][1]), None))


_KEY_HEX = {"md5": 32, "sha1": 40, "sha256": 64, "sha384": 96, "sha512": 128,
            "aes-128": 32, "aes-192": 48, "aes-256": 64, "3des": 48}


def sa_key(kind, spi, algorithm):
    """The SA's keying material as `installed-sa print detail` shows it (hex; lab-derived, deterministic)."""
    size = _KEY_HEX.get(algorithm, 64)
    out = ""
    while len(out) < size:
        out += hashlib.sha256(("%s|%x|%d" % (kind, spi, len(out))).encode()).hexdigest()
    return out[:size]


def _key_lines(name, value, indent):
    """`auth-key="..."` wrapped at 79 columns as the RouterOS 7 console printed it in the public
    sample (tests/unit/fixtures/ipsec/routeros7_installed_sa_print_detail.txt): the value runs on
    to the next line, indented."""
    text = '       %s="%s"' % (name, value)
    if len(text) <= 79:
        return [text]
    return [text[:79], " " * indent + text[79:]]


# `installed-sa print detail`: RouterOS 7 public sample (routeros7_installed_sa_print_detail.txt in
# tests/unit/fixtures/ipsec, SOURCES.md there): legend with `;`, one record per SA with spi, addresses,
# state, algorithms, the keys (auth-key/enc-key, as the device prints them) and lifetimes.  6.4x: the
# same record layout with the 6.x legend separators (unconfirmed beyond the legend of 6.x `print`).
@rule("routeros", "/ip ipsec installed-sa", "print")
def ros_installed_sa(session, args):
    device = session.device
    legend = "Flags: S - seen-traffic; H - hw-aead; A - AH, E - ESP" if device.family == "7" else "Flags: H - hw-aead, A - AH, E - ESP"
    lines, n = [legend], 0
    for o, theirs, pairs in _established(device):
        enc, auth = _chosen_esp(o, theirs)
        for pair in pairs:
            for src, dst in ((o["remote"], o["local"]), (o["local"], o["remote"])):
                spi = _spi(src, dst, *pair)
                lines.append(" %d %s E spi=0x%X src-address=%s dst-address=%s state=mature" % (
                    n, "S" if _seen(device, o, src == o["local"]) else " ", spi, src, dst))
                lines.append("       auth-algorithm=%s enc-algorithm=%s enc-key-size=%s" % (
                    auth, "3des" if enc == "3des" else "aes-cbc", {"aes-128": 128, "aes-192": 192, "aes-256": 256}.get(enc, 192)))
                if "detail" in args:
                    lines += _key_lines("auth-key", sa_key("auth", spi, auth), 9)
                    lines += _key_lines("enc-key", sa_key("enc", spi, enc), 8)
                lines.append("       add-lifetime=24m/30m replay=128")
                lines.append("")
                n += 1
    return "\n".join(lines) + "\n"


def _seen(device, offer, outbound):
    """RouterOS 7's `S` (seen-traffic) flag: the SA carried the lab's test traffic (lab/ipsec_model.py counts
    it per end: encapsulated out, decapsulated in). Public samples: `0 SHE 0x9965D31 mature ...` in a RouterOS 7
    `installed-sa print` of a working tunnel, and "the missing S (seen-traffic) flag on the inbound SA" of a
    tunnel whose replies died on arrival (the CHR write-up of tests/unit/fixtures/doctor/real/SOURCES.md).
    6.x prints no such flag (its legend has none) and no public 6.x print with byte counters was found."""
    counts = offer.get("outcome")
    if device.family != "7" or not counts:
        return False
    return counts["encaps" if outbound else "decaps"] > 0


# `show crypto map` (IOS 15 / IOS-XE): the layout of genieparser iosxe ShowCryptoMap golden_output_1/_2
# (tab indents, `Crypto Map IPv4 "NAME" SEQ ipsec-isakmp`, `IKEv2 Profile:`, the blank line after
# `Dualstack`, `Transform sets={`); the ACL's entries under `Extended IP access list NAME` as Cisco's
# IPsec troubleshooting guides print them. An entry without peer or ACL carries the incomplete warning.
# IOS 15.4 is given the same `IPv4` header as IOS-XE (unconfirmed for 15.x; 12.4 printed `Crypto Map "NAME"`).
@rule("ios", "exec", "show crypto map")
def ios_crypto_map(session, match):
    top = {c.text: c for c in session.device.config.children}
    tsets = {t.split()[3]: _transform_show(t.split()[4:]) for t in top if t.startswith("crypto ipsec transform-set ")}
    users = {}
    for text, node in top.items():
        for kid in _children(node) if text.startswith("interface ") else []:
            if kid.startswith("crypto map "):
                users.setdefault(kid.split()[2], []).append(text.split()[1])
    out = []
    for text, node in top.items():
        w = text.split()
        if not (w[:2] == ["crypto", "map"] and len(w) >= 4 and w[3].isdigit()):
            continue
        kids = _children(node)
        value = lambda prefix: next((k[len(prefix):] for k in kids if k.startswith(prefix)), None)
        peers = [k.split()[2] for k in kids if k.startswith("set peer ")]
        acl, tset, pfs, profile = value("match address "), value("set transform-set "), value("set pfs "), \
            value("set ikev2-profile ")
        out.append('Crypto Map IPv4 "%s" %s %s' % (w[2], w[3], w[4] if len(w) > 4 else "ipsec-isakmp"))
        if not (peers and acl):
            out += ["\tWARNING: This crypto map is in an incomplete state!", "\t\t(missing peer or access-list definitions)"]
        out += ["\tPeer = %s" % p for p in peers]
        out += ["\tIKEv2 Profile: %s" % profile] if profile else []
        out.append("\tAccess-List SS dynamic: False")
        if acl:
            out.append("\tExtended IP access list %s" % acl)
            acl_node = top.get("ip access-list extended " + acl)
            for entry in _children(acl_node) if acl_node else []:
                entry = re.sub(r"^\d+ ", "", entry)     # IOS-XE's sequence numbers are not printed here
                out.append("\t    access-list %s %s" % (acl, entry))
        else:
            out.append("\tNo matching address list set.")
        seconds = value("set security-association lifetime seconds ") or next(
            (t.split()[-1] for t in top if t.startswith("crypto ipsec security-association lifetime seconds ")), "3600")
        kbytes = value("set security-association lifetime kilobytes ") or "4608000"
        out += ["\tSecurity association lifetime: %s kilobytes/%s seconds" % (kbytes, seconds), "\tDualstack (Y/N): N", "",
                "\tResponder-Only (Y/N): N", "\tPFS (Y/N): %s" % ("Y" if pfs else "N")]
        out += ["\tDH group:  %s" % pfs] if pfs else []
        out += ["\tMixed-mode : Disabled", "\tTransform sets={"]
        out += ["\t\t%s:  { %s  } ," % (tset, tsets.get(tset, ""))] if tset else []
        out += ["\t}", "\tInterfaces using crypto map %s:" % w[2]]
        out += ["\t\t%s" % i for i in users.get(w[2], [])]
        out.append("")
    return "\n".join(out) + "\n" if out else ""


def _transform_show(words):
    """Transform-set words as IOS shows them: `esp-aes 256 esp-sha256-hmac` -> `esp-256-aes esp-sha256-hmac`
    (the spelling of `show crypto ipsec sa` above)."""
    out = []
    for word in words:
        if word.isdigit() and out and out[-1] == "esp-aes":
            out[-1] = "esp-%s-aes" % word
        else:
            out.append(word)
    return " ".join(out)
