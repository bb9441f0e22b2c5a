# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tunnel ends of a RouterOS device from its `print detail` output: one end per static IPsec peer.

Where each setting lives depends on the syntax family (routeros/family.py): 6.24-6.42 keep phase 1
and the secret on the peer; 6.43.x moves phase 1 to `/ip ipsec peer profile`; 6.44+ has
`/ip ipsec profile`, named peers and `/ip ipsec identity` (secret, my-id, remote-id). Policies name
their peer (`peer=`, 6.43+) or carry `sa-src-address`/`sa-dst-address` (6.x). Every print is read by
the collection's one parser (routeros/parse.py); lines it cannot read are returned, never dropped.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import (
    RouterOSParseError, parse_duration, parse_print_report)
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.end import (
    canonical, cidr, covers, end_skeleton, proposals, psk_fingerprint)
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.reads import PHASE1_MENU, menus

# RouterOS defaults a print may leave out (MikroTik "IPsec" manual, the lab schema follows it)
_P1_DEFAULTS = {"hash-algorithm": "sha1", "enc-algorithm": "aes-128,3des", "dh-group": "modp2048,modp1024",
                "lifetime": "1d", "nat-traversal": "yes"}
_P2_DEFAULTS = {"auth-algorithms": "sha1", "enc-algorithms": "aes-256-cbc,aes-192-cbc,aes-128-cbc",
                "lifetime": "30m", "pfs-group": "modp1024"}


def _rows(outputs, menu, unparsed):
    text = outputs.get(menu)
    if text is None:
        return []
    try:
        rows, skipped = parse_print_report(text)
    except RouterOSParseError as exc:
        unparsed.append("%s print: %s" % (menu, exc))
        return []
    unparsed.extend("%s print: %s" % (menu, line) for line in skipped)
    return rows if isinstance(rows, list) else []


def _list(value):
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [v.strip() for v in items if v.strip()]


def _seconds(text, default):
    try:
        return parse_duration(text)
    except (RouterOSParseError, TypeError):
        return default


def _phase1(row):
    props = dict(_P1_DEFAULTS, **dict((k, v) for k, v in row.items() if v not in (None, "")))
    lifetime = _seconds(props["lifetime"], 86400)
    return (proposals([canonical(vocab.from_routeros, "ike_encryption", e) for e in _list(props["enc-algorithm"])],
                      [canonical(vocab.from_routeros, "ike_integrity", h) for h in _list(props["hash-algorithm"])],
                      [canonical(vocab.from_routeros, "dh", g) for g in _list(props["dh-group"])], lifetime),
            props["nat-traversal"] == "yes")


def _phase2(row, end):
    props = dict(_P2_DEFAULTS, **dict((k, v) for k, v in (row or {}).items() if v not in (None, "")))
    end["esp"] = [{"encryption": canonical(vocab.from_routeros, "esp_encryption", e),
                   "integrity": canonical(vocab.from_routeros, "esp_integrity", a)}
                  for e in _list(props["enc-algorithms"]) for a in _list(props["auth-algorithms"])]
    end["pfs"] = canonical(vocab.from_routeros, "pfs", props["pfs-group"])
    end["esp_lifetime"] = _seconds(props["lifetime"], 1800)
    if row is None:
        end["warnings"].append("the policies name a proposal that is not in /ip ipsec proposal")


def _identity_value(text, local_address):
    """RouterOS my-id / remote-id words -> {type, value}: auto, address:A, fqdn:F, user-fqdn:U, ignore."""
    text = str(text or "auto")
    if text == "auto":      # with a pre-shared key RouterOS sends its address (value None: known once paired)
        return {"type": "address", "value": local_address}
    if text == "ignore":
        return {"type": "any", "value": None}
    kind, _sep, value = text.partition(":")
    return {"type": {"user-fqdn": "email", "key-id": "key-id"}.get(kind, kind), "value": value}


def _enabled(rows, chain):
    return [r for r in rows if r.get("chain") == chain and "X" not in r.get("flags", "") and r.get("disabled") != "yes"]


def _covers_or_any(value, net):
    return not value or covers(value, net)


def _show(menu, row):
    """A row as one line, secrets masked, for the evidence."""
    pairs = ["%s=%s" % (k, "********" if k in ("secret", "password") and v else v)
             for k, v in row.items() if k not in ("flags",) and v not in (None, "")]
    flags = row.get("flags") or ""
    return "%s: %s%s" % (menu, (flags + " ") if flags else "", " ".join(pairs))


def _nat_catching(nat_rows, filter_rows, end):
    for local, remote in end["selectors"]:
        for row in _enabled(nat_rows, "srcnat"):
            if "out,none" in str(row.get("ipsec-policy", "")) or row.get("src-address-list") or row.get("dst-address-list"):
                continue
            if _covers_or_any(row.get("src-address"), local) and _covers_or_any(row.get("dst-address"), remote):
                if row.get("action") in ("masquerade", "src-nat", "netmap", "same"):
                    end["nat_rules_catching"].append("%s -> %s caught first by %s" % (local, remote, _show("/ip firewall nat", row)))
                break
        for row in _enabled(filter_rows, "forward"):
            if row.get("action") == "accept" and ("ipsec" in str(row.get("ipsec-policy", "")) or (
                    row.get("src-address") and covers(row["src-address"], local))):
                break
            if row.get("action") == "fasttrack-connection" and not row.get("ipsec-policy"):
                end["nat_rules_catching"].append("%s -> %s fasttracked before any IPsec accept by %s"
                                                 % (local, remote, _show("/ip firewall filter", row)))
                break


_PROBES = (("udp", "500"), ("udp", "4500"), ("ipsec-esp", None))


def _matches_probe(row, protocol, port, peer):
    if row.get("protocol") and row["protocol"] != protocol:
        return False
    if port and row.get("dst-port") and port not in str(row["dst-port"]).split(","):
        return False
    if not port and row.get("dst-port"):
        return False
    state = str(row.get("connection-state") or "")
    if state and "new" not in state.split(","):
        return False
    if row.get("src-address-list") or str(row.get("in-interface-list") or "") == "LAN":
        return False
    return _covers_or_any(row.get("src-address"), peer + "/32")


def _firewall_drops(filter_rows, end):
    for protocol, port in _PROBES:
        if port == "4500" and not end["nat_t"]:
            continue
        for row in _enabled(filter_rows, "input"):
            if _matches_probe(row, protocol, port, end["peer_address"]):
                if row.get("action") in ("drop", "reject", "tarpit"):
                    end["firewall_drops"].append("%s%s from %s dropped by %s" % (
                        protocol, "/" + port if port else "", end["peer_address"], _show("/ip firewall filter", row)))
                break


def _peer_policies(policies, peer_row, address):
    name = peer_row.get("name")
    out = []
    for row in policies:
        if name and row.get("peer") == name:
            out.append(row)
        elif not row.get("peer") and str(row.get("sa-dst-address", "")) == address:
            out.append(row)
    return out


def _policies(end, rows):
    for row in rows:
        try:
            (src, src_bits), (dst, dst_bits) = cidr(row.get("src-address")), cidr(row.get("dst-address"))
        except Exception:  # noqa: BLE001 - an address the parser cannot read is reported, not dropped
            end["warnings"].append("policy not compared: %s" % _show("/ip ipsec policy", row))
            continue
        if src_bits or dst_bits:
            end["host_bits"].append("src-address=%s dst-address=%s" % (row.get("src-address"), row.get("dst-address")))
            end.setdefault("host_bit_rows", []).append([row.get("src-address"), row.get("dst-address"), src, dst])
        end["selectors"].append([src, dst])
        flags = row.get("flags") or ""
        if "X" in flags or row.get("disabled") == "yes":
            end["policy_flags"].append("X (disabled): %s -> %s" % (src, dst))
        if "I" in flags or row.get("invalid") == "true":
            end["policy_flags"].append("I (invalid): %s -> %s" % (src, dst))
        if row.get("action", "encrypt") != "encrypt":
            end["policy_flags"].append("action=%s: %s -> %s" % (row.get("action"), src, dst))
        end["source"].append(_show("/ip ipsec policy", row))


def _auth(end, fam, peer_row, identities, salt):
    """Secret and identities: on the peer before 6.44, on /ip ipsec identity after."""
    if routeros_family.has_identity(fam):
        auth = next((i for i in identities if i.get("peer") == peer_row.get("name")
                     and "X" not in (i.get("flags") or "")), None)
        if auth is None:
            end["warnings"].append("no /ip ipsec identity for peer %s" % peer_row.get("name"))
            return
        end["source"].append(_show("/ip ipsec identity", auth))
    else:
        auth = peer_row
    if auth.get("auth-method", "pre-shared-key") != "pre-shared-key":
        end["auth_method"] = auth.get("auth-method")
    secret = auth.get("secret")
    end["psk_state"] = "set" if secret else ("hidden" if "secret" not in auth else "missing")
    end["psk_fingerprint"] = psk_fingerprint(secret, salt) if secret else None
    end["identity"]["local"] = _identity_value(auth.get("my-id"), end["local_address"])
    remote = _identity_value(auth.get("remote-id"), None)
    end["identity"]["remote"] = remote if auth.get("remote-id") not in (None, "", "auto") else {"type": "any", "value": None}


def _peer_end(fam, rows, peer_row, salt):
    address = str(peer_row.get("address", "")).split("/", maxsplit=1)[0]
    end = end_skeleton("routeros")
    end.update(peer_address=address, family=fam, addresses=rows["addresses"],
               ike_version=2 if peer_row.get("exchange-mode") == "ike2" else 1)
    policies = _peer_policies(rows["policies"], peer_row, address)
    sa_src = next((p.get("sa-src-address") for p in policies if p.get("sa-src-address") not in (None, "", "0.0.0.0")), None)
    end["local_address"] = peer_row.get("local-address") or sa_src
    end["peer_name"] = peer_row.get("name")
    end["peer_find"] = {"name": peer_row["name"]} if peer_row.get("name") else {"address": peer_row.get("address")}
    end["profile"] = peer_row.get("profile") or "default"
    end["source"].append(_show("/ip ipsec peer", peer_row))
    if "X" in (peer_row.get("flags") or ""):
        end["policy_flags"].append("X (disabled): the peer %s" % address)
    if PHASE1_MENU[fam]:
        profile = rows["profiles"].get(peer_row.get("profile") or "default")
        if profile is None:
            end["warnings"].append("profile %s is not in %s" % (peer_row.get("profile"), PHASE1_MENU[fam]))
        else:
            end["source"].append(_show(PHASE1_MENU[fam], profile))
        end["ike"], end["nat_t"] = _phase1(profile or {})
    else:
        end["ike"], end["nat_t"] = _phase1(peer_row)
    _auth(end, fam, peer_row, rows["identities"], salt)
    _policies(end, policies)
    proposal_name = next((p.get("proposal") for p in policies if p.get("proposal")), "default")
    end["proposal"] = proposal_name
    _phase2(rows["proposals"].get(proposal_name), end)
    if not policies:
        end["warnings"].append("no static policy names this peer")
    _nat_catching(rows["nat"], rows["filter"], end)
    _firewall_drops(rows["filter"], end)
    return end


def addresses(outputs):
    """Addresses of /ip address (without prefix length), disabled ones left out."""
    rows = _rows(outputs, "/ip address", [])
    return sorted(set(str(r.get("address", "")).split("/", maxsplit=1)[0] for r in rows
                      if r.get("address") and "X" not in (r.get("flags") or "")))


def ends(outputs, salt, version):
    """(ends, unparsed) of one RouterOS device; ``outputs``: {menu: `print detail` text} (reads.menus(version))."""
    fam = routeros_family.family(version)
    unparsed = []
    read = dict((menu, _rows(outputs, menu, unparsed)) for menu in menus(fam))
    rows = {"profiles": dict((r.get("name"), r) for r in read.get(PHASE1_MENU[fam] or "", [])),
            "proposals": dict((r.get("name"), r) for r in read["/ip ipsec proposal"]),
            "identities": read.get("/ip ipsec identity", []),
            "policies": [r for r in read["/ip ipsec policy"]
                         if "T" not in (r.get("flags") or "") and r.get("template") != "yes"],
            "nat": read["/ip firewall nat"], "filter": read["/ip firewall filter"],
            "addresses": addresses(outputs)}
    out = []
    for peer_row in read["/ip ipsec peer"]:
        address = str(peer_row.get("address") or "")
        if "D" in (peer_row.get("flags") or "") or not address or address.endswith("/0"):
            continue          # dynamic peers and road-warrior responders (no address, 0.0.0.0/0, ::/0) are no site-to-site end
        out.append(_peer_end(fam, rows, peer_row, salt))
    secrets = [r.get("secret") for r in read["/ip ipsec peer"] + rows["identities"] if r.get("secret")]
    return out, [mask(line, secrets) for line in unparsed]
