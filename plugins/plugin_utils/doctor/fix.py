# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lines that would fix a tunnel's cause on the side at fault. Never applied; keys masked.

IOS lines come from the collection's IOS table (ios/crypto_template.py render, ipsec/ios.py
wildcard) and RouterOS lines from the vocabulary (ipsec/vocab.py) and the RouterOS quoting
(routeros/quote.py), so they read as the configuration roles write them. Where both ends
disagree (`both`), the right end is changed to take the left end's values (the left end's own
values are the ones shown first in the table); a key mismatch needs the same key typed on both.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.ios import wildcard
from ansible_collections.pfne.netops.plugins.plugin_utils.ios import crypto_template as tmpl
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.quote import format_find, quote_value
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import MASK
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import ios_acl
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.compare import sent_identity

DOCTOR_NAME = "PFNE-DOCTOR"


def _known(value):
    return value is not None and not str(value).startswith("?")


# ------------------------------------------------------------------ IOS
def _ios_acl(pair):
    return "ip %s %s" % (wildcard(pair[0]), wildcard(pair[1]))


def _ios_map_head(end):
    name, seq = end["map"].split()
    return tmpl.render("map_entry", map=name, seq=seq)


def _ios_ike(end, want):
    if end["ike_version"] == 2:
        return [tmpl.render("ikev2_proposal", name=DOCTOR_NAME),
                " " + tmpl.render("ikev2_proposal_algo", what="encryption",
                                  words=vocab.to_ios("ike_encryption", want["encryption"], ike_version=2)),
                " " + tmpl.render("ikev2_proposal_algo", what="integrity",
                                  words=vocab.to_ios("ike_integrity", want["integrity"], ike_version=2)),
                " " + tmpl.render("ikev2_proposal_algo", what="group", words=vocab.to_ios("dh", want["dh_group"])),
                tmpl.render("ikev2_policy", name=DOCTOR_NAME),
                " " + tmpl.render("ikev2_policy_proposal", proposal=DOCTOR_NAME)]
    used = set(end.get("isakmp_priorities") or [])
    prio = next(p for p in range(5, 10000, 5) if p not in used)
    return [tmpl.render("isakmp_policy", priority=prio),
            " encr " + vocab.to_ios("ike_encryption", want["encryption"]),
            " " + tmpl.render("isakmp_hash", hash=vocab.to_ios("ike_integrity", want["integrity"])),
            " " + tmpl.render("isakmp_auth", authentication="pre-share"),
            " " + tmpl.render("isakmp_group", group=vocab.to_ios("dh", want["dh_group"])),
            " " + tmpl.render("isakmp_lifetime", lifetime=want["lifetime"])]


def _ios_psk(end):
    if end["ike_version"] == 2 and end.get("keyring"):
        return [tmpl.render("ikev2_keyring", name=end["keyring"]),
                " " + tmpl.render("ikev2_keyring_peer", peer=end.get("keyring_peer") or end["peer_address"]),
                "  " + tmpl.render("ikev2_peer_address", address=end["peer_address"], mask=""),
                "  " + tmpl.render("ikev2_peer_psk", key=MASK, encrypted=False)]
    return [tmpl.render("isakmp_key", key=MASK, address=end["peer_address"], encrypted=False, mask="", no_xauth=True)]


def _ios_selectors(end, want_pairs):
    have = set(map(tuple, end["selectors"]))
    lines = [" no permit " + _ios_acl(p) for p in sorted(have - want_pairs)]
    lines += [" permit " + _ios_acl(p) for p in sorted(want_pairs - have)]
    return [tmpl.render("acl", name=end.get("acl") or DOCTOR_NAME)] + lines if lines else []


def _ios_identity(end, other):
    if end["ike_version"] == 1:
        return [tmpl.render("isakmp_identity", kind="address")]
    lines = [tmpl.render("ikev2_profile", name=end["ikev2_profile"])]
    ident = sent_identity(end=other, other=end)   # what the peer sends, which this end must match
    if ident["type"] == "address" and ident["value"]:
        lines.append(" " + tmpl.render("ikev2_profile_match", address=ident["value"], mask="255.255.255.255"))
    elif ident["type"] in ("fqdn", "email") and ident["value"]:
        lines.append(" " + tmpl.render("ikev2_profile_match_identity", kind=ident["type"], value=ident["value"]))
    lines.append(" " + tmpl.render("ikev2_profile_identity_local", kind="address", value=end["local_address"] or ""))
    return lines


def _ios_nat(end):
    if not end["nat_t"] and not end.get("nat_fix"):            # NAT-T off here, a NAT in the path
        return [tmpl.render("nat_transparency")]
    out = []
    for acl, seq, local, remote in end.get("nat_fix") or []:
        out += [tmpl.render("acl", name=acl),
                " " + tmpl.render("acl_entry", seq=max(int(seq) - 1, 1), numbered=True, action="deny",
                                  rest=_ios_acl((local, remote)))]
    return out


def _ios_firewall(end):
    """Permits for IKE / ESP from the peer in the crypto interface's inbound ACL, each before the entry that
    dropped it (IOS-XE and 15.x number the entries of a named ACL; an implicit deny: at the end)."""
    acl, probes = end.get("firewall_fix") or (None, [])
    if not acl:
        return []
    out = [tmpl.render("acl", name=acl)]
    for seq, proto, port in probes:
        rest = "%s host %s host %s%s" % (proto, end["peer_address"], end["local_address"] or "any",
                                         " eq %s" % ios_acl.PORT_NAMES[port] if port else "")
        out.append(" " + tmpl.render("acl_entry", seq=max(int(seq) - 1, 1) if seq else None, numbered=bool(seq),
                                     action="permit", rest=rest))
    return out


def ios_lines(cause, end, other):
    """IOS lines fixing `cause` on `end` (other: the far end, or None)."""
    if cause == "unreachable":
        return _ios_firewall(end)
    if cause == "not-bound":
        iface = next((i for i, a in sorted((end.get("interface_addresses") or {}).items())
                      if other is not None and a == other["peer_address"]), "<WAN interface>")
        return ["interface %s" % iface, " " + tmpl.render("interface_map", crypto_map=end["map"].split()[0])]
    if cause == "psk":
        return _ios_psk(end)
    if cause == "nat":
        return _ios_nat(end)
    if other is None:
        return []
    return _ios_against(cause, end, other)


def _first(props):
    return next((p for p in props if all(_known(v) for v in p.values())), None)


def _ios_against(cause, end, other):
    if cause == "ike-proposal" and _first(other["ike"]):
        return _ios_ike(end, _first(other["ike"]))
    if cause == "ipsec-proposal" and _first(other["esp"]):
        want = _first(other["esp"])
        transforms = "%s %s" % (vocab.to_ios("esp_encryption", want["encryption"]), vocab.to_ios("esp_integrity", want["integrity"]))
        return [tmpl.render("transform_set", name=end.get("transform_set") or DOCTOR_NAME, transforms=transforms),
                " " + tmpl.render("transform_mode", mode="tunnel")]
    if cause == "pfs" and _known(other["pfs"]):
        pfs = vocab.to_ios("pfs", other["pfs"])
        line = tmpl.render("map_pfs", pfs=pfs) if pfs else tmpl.render("map_pfs", negate=True, pfs="group%s" % end["pfs"])
        return [_ios_map_head(end), " " + line]
    if cause == "traffic-selectors":
        return _ios_selectors(end, set((r, l) for l, r in other["selectors"]))
    if cause == "identity":
        return _ios_identity(end, other)
    if cause == "ike-version":
        return ["! the far end speaks IKEv%s: configure an IKEv%s profile for peer %s (pfne.netops.cisco_crypto_map "
                "with ike_version: %s renders it)" % (other["ike_version"], other["ike_version"], end["peer_address"],
                                                      other["ike_version"])]
    return []


# ------------------------------------------------------------------ RouterOS
def _ros(path, verb, find, props):
    words = [path, verb]
    if find:
        words.append(format_find(find))
    words += ["%s=%s" % (k, MASK if k == "secret" else quote_value(v, k)) for k, v in props]
    return " ".join(words)


def _ros_phase1(end):
    fam = end.get("family") or "7.x"
    if routeros_family.family(fam) == "6.24-6.42":
        return "/ip ipsec peer", end["peer_find"]
    menu = "/ip ipsec peer profile" if fam == "6.43.x" else "/ip ipsec profile"
    return menu, {"name": end["profile"]}


def _ros_auth(end):
    if routeros_family.has_identity(end.get("family") or "7.x"):
        return "/ip ipsec identity", {"peer": end["peer_name"]}
    return "/ip ipsec peer", end["peer_find"]


def _ros_ike(end, want):
    path, find = _ros_phase1(end)
    return [_ros(path, "set", find, [
        ("enc-algorithm", vocab.to_routeros("ike_encryption", want["encryption"])),
        ("hash-algorithm", vocab.to_routeros("ike_integrity", want["integrity"], syntax=end.get("family"))),
        ("dh-group", vocab.to_routeros("dh", want["dh_group"])),
        ("lifetime", vocab.seconds_to_routeros(want["lifetime"]))])]


def _ros_policy_add(end, pair):
    props = [("src-address", pair[0]), ("dst-address", pair[1]), ("tunnel", "yes"), ("action", "encrypt"),
             ("proposal", end.get("proposal") or "default")]
    if routeros_family.has_identity(end.get("family") or "7.x"):
        props.append(("peer", end["peer_name"]))
    else:
        props += [("sa-src-address", end["local_address"] or "0.0.0.0"), ("sa-dst-address", end["peer_address"])]
    return _ros("/ip ipsec policy", "add", None, props)


def _ros_selectors(end, want_pairs):
    have = set(map(tuple, end["selectors"]))
    lines = [_ros("/ip ipsec policy", "set", {"src-address": raw_src, "dst-address": raw_dst},
                  [("src-address", src), ("dst-address", dst)]) for raw_src, raw_dst, src, dst in end.get("host_bit_rows") or []]
    lines += [_ros("/ip ipsec policy", "remove", {"src-address": l, "dst-address": r}, []) for l, r in sorted(have - want_pairs)]
    return lines + [_ros_policy_add(end, p) for p in sorted(want_pairs - have)]


def _ros_identity(end, other):
    path, find = _ros_auth(end)
    ident = other["identity"]["local"]
    remote = "auto" if ident["type"] == "address" or not ident["value"] else "%s:%s" % (ident["type"], ident["value"])
    return [_ros(path, "set", find, [("my-id", "auto"), ("remote-id", remote)])]


def _ros_nat(end):
    if not end["nat_t"] and not end["nat_rules_catching"]:     # NAT-T off here, a NAT in the path
        path, find = _ros_phase1(end)
        return [_ros(path, "set", find, [("nat-traversal", "yes")])]
    out = []
    for local, remote in end["selectors"]:
        out.append(_ros("/ip firewall nat", "add", None, [("chain", "srcnat"), ("action", "accept"), ("src-address", local),
                                                          ("dst-address", remote), ("place-before", "0")]))
    if any("fasttrack" in line for line in end["nat_rules_catching"]):
        out.append(_ros("/ip firewall filter", "add", None, [("chain", "forward"), ("action", "accept"),
                                                             ("ipsec-policy", "in,ipsec"), ("place-before", "0")]))
        out.append(_ros("/ip firewall filter", "add", None, [("chain", "forward"), ("action", "accept"),
                                                             ("ipsec-policy", "out,ipsec"), ("place-before", "0")]))
    return out


def _ros_firewall(end):
    rules = [[("protocol", "udp"), ("dst-port", "500,4500")], [("protocol", "ipsec-esp")]]
    return [_ros("/ip firewall filter", "add", None, [("chain", "input"), ("action", "accept")] + extra
                 + [("src-address", end["peer_address"]), ("place-before", "0")]) for extra in rules]


def _ros_policy_state(end):
    out = []
    for local, remote in end["selectors"]:
        find = {"src-address": local, "dst-address": remote}
        out.append(_ros("/ip ipsec policy", "enable", find, []))
    if any(f.startswith("I ") for f in end["policy_flags"]):
        out.append("# invalid policies: check that %s is an address of this router and that the peer %s exists"
                   % (end["local_address"] or "sa-src-address", end["peer_address"]))
    return out


def routeros_lines(cause, end, other):
    """RouterOS commands fixing `cause` on `end` (other: the far end, or None)."""
    simple = {"nat": _ros_nat, "unreachable": _ros_firewall, "policy-invalid": _ros_policy_state}
    if cause in simple:
        return simple[cause](end)
    if cause == "psk":
        path, find = _ros_auth(end)
        return [_ros(path, "set", find, [("secret", MASK)])]
    if other is None:
        return []
    if cause == "ike-proposal" and _first(other["ike"]):
        return _ros_ike(end, _first(other["ike"]))
    if cause == "ike-version":
        mode = "ike2" if other["ike_version"] == 2 else "main"
        return [_ros("/ip ipsec peer", "set", end["peer_find"], [("exchange-mode", mode)])]
    if cause in ("ipsec-proposal", "pfs"):
        props = []
        want = _first(other["esp"])
        if cause == "ipsec-proposal" and want:
            props = [("enc-algorithms", vocab.to_routeros("esp_encryption", want["encryption"])),
                     ("auth-algorithms", vocab.to_routeros("esp_integrity", want["integrity"]))]
        if cause == "pfs" and _known(other["pfs"]):
            props = [("pfs-group", vocab.to_routeros("pfs", other["pfs"]))]
        return [_ros("/ip ipsec proposal", "set", {"name": end.get("proposal") or "default"}, props)] if props else []
    if cause == "traffic-selectors":
        return _ros_selectors(end, set((r, l) for l, r in other["selectors"]))
    if cause == "identity":
        return _ros_identity(end, other)
    return []


def _for(cause, side, other_side):
    end, other = side["end"], other_side["end"] if other_side else None
    render = ios_lines if side["platform"] == "ios" else routeros_lines
    try:
        return render(cause, end, other)
    except (vocab.UnsupportedError, ValueError, KeyError) as exc:
        return ["# no fix rendered: %s" % exc]


def lines(cause, side, left, right, found=None):
    """{host: [lines]} for the side(s) at fault; `both`: the right end takes the left's values (a key: both)."""
    targets = []
    if side == "left" or (side == "both" and (right is None or cause == "psk")):
        targets.append((left, right))
    if side == "right" or side == "both":
        if right is not None:
            targets.append((right, left))
    out = {}
    for target, other in targets:
        fixed = _for(cause, target, other)
        if fixed:
            out[target["host"]] = fixed
    return out
