# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pair the discovered tunnel ends across the inventory and compare them field by field.

Two ends form a tunnel when each one's peer address is an address of the other device (its
`local-address`, the address of the interface carrying the crypto map, or any address it holds).
An end whose peer no inventory device holds stays alone: it is compared with nothing and diagnosed
from its own side.

The configuration causes are checked in the order a negotiation meets them, and the first one is
the cause; the others are kept as `also`. Lifetimes and NAT-T on one side only are warnings.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.end import covers

# negotiation order: what fails first hides what comes after it
ORDER = ("unreachable", "not-bound", "ike-version", "ike-proposal", "auth-method", "psk", "identity",
         "ipsec-proposal", "pfs", "traffic-selectors", "nat", "policy-invalid")


def _mine(end):
    return set(a for a in [end.get("local_address")] + list(end.get("addresses") or []) if a)


def pair(devices):
    """devices: [{"host", "platform", "ends": [...]}] -> [(left, right or None)], each side
    {"host", "platform", "end"}; left is the end whose host sorts first."""
    flat = [{"host": d["host"], "platform": d["platform"], "end": e} for d in sorted(devices, key=lambda d: d["host"])
            for e in d["ends"]]
    used, out = set(), []
    for i, one in enumerate(flat):
        if i in used:
            continue
        partner = None
        for j in range(i + 1, len(flat)):
            other = flat[j]
            if j in used or other["host"] == one["host"]:
                continue
            if one["end"]["peer_address"] in _mine(other["end"]) and other["end"]["peer_address"] in _mine(one["end"]):
                partner = j
                break
        used.add(i)
        if partner is None:
            out.append((one, None))
        else:
            used.add(partner)
            out.append((one, flat[partner]))
    return out


def _ike_text(props):
    return ", ".join(sorted(set("%s/%s/%s" % (p["encryption"], p["integrity"], p["dh_group"]) for p in props))) or "-"


def _esp_text(props):
    return ", ".join(sorted(set("%s/%s" % (p["encryption"], p["integrity"]) for p in props))) or "-"


def _keys(props, fields):
    return set(tuple(p[f] for f in fields) for p in props)


def _ike_common(a, b):
    fields = ("encryption", "integrity", "dh_group")
    return _keys(a, fields) & _keys(b, fields)


def _esp_common(a, b):
    fields = ("encryption", "integrity")
    return _keys(a, fields) & _keys(b, fields)


def _psk_text(end):
    if end["psk_state"] == "set":
        return "set (fingerprint %s)" % end["psk_fingerprint"]
    return {"encrypted": "stored encrypted (type 6), not comparable", "hidden": "not printed by the device",
            "missing": "none for this peer"}.get(end["psk_state"], end["psk_state"])


def _ident_text(ident):
    if ident["type"] == "any":
        return "any"
    if ident["type"] == "none":
        return "no match statement"
    return "%s %s" % (ident["type"], ident["value"] if ident["value"] is not None else "?")


def satisfies(ident, expect):
    """Does identity ``ident`` (what one end sends) pass ``expect`` (what the other accepts)? None: cannot tell."""
    if expect["type"] == "any":
        return True
    if expect["type"] == "none":
        return False
    if ident["value"] is None or expect["value"] is None:
        return None
    if ident["type"] != expect["type"]:
        return False
    if ident["type"] == "address":
        return covers(expect["value"] if "/" in str(expect["value"]) else expect["value"] + "/32", ident["value"] + "/32")
    return str(ident["value"]).lower() == str(expect["value"]).lower()


def sent_identity(end, other):
    """What ``end`` sends as its identity; an address identity whose value discovery could not see (RouterOS
    `my-id=auto` on a peer without local-address) is the address ``other`` dials, the one it pairs on."""
    local = end["identity"]["local"]
    if local["type"] == "address" and local["value"] is None and other is not None:
        return {"type": "address", "value": other["peer_address"]}
    return local


def _mirror(selectors):
    return set((remote, local) for local, remote in selectors)


def _sel_text(selectors):
    return ", ".join("%s -> %s" % (l, r) for l, r in selectors) or "-"


def _yes(flag):
    return "yes" if flag else "no"


def _lists(items):
    return "; ".join(items) if items else "none"


def _row(field, left, right, match):
    return {"field": field, "left": left, "right": right, "match": match}


def _side_rows(end):
    """field -> text of one end (the same fields for both columns)."""
    ident = end["identity"]
    return [
        ("local address", end["local_address"] or "?"), ("peer address", end["peer_address"]),
        ("crypto applied", "yes" if end["bound"] else "no (crypto map on no interface)"),
        ("IKE version", "IKEv%s" % end["ike_version"]), ("IKE proposals", _ike_text(end["ike"])),
        ("IKE lifetime", ", ".join(sorted(set(str(p["lifetime"]) for p in end["ike"]))) or "-"),
        ("auth method", end.get("auth_method") or "pre-shared-key"), ("pre-shared key", _psk_text(end)),
        ("identity sent", _ident_text(ident["local"])), ("identity accepted", _ident_text(ident["remote"])),
        ("ESP proposals", _esp_text(end["esp"])), ("PFS", "group %s" % end["pfs"] if end["pfs"] != "none" else "none"),
        ("ESP lifetime", str(end["esp_lifetime"])), ("traffic selectors", _sel_text(end["selectors"])),
        ("NAT-T", _yes(end["nat_t"])), ("NAT/fasttrack catching tunnel traffic", _lists(end["nat_rules_catching"])),
        ("firewall drops of IKE/ESP", _lists(end["firewall_drops"])),
        ("policy state", _lists(end["policy_flags"])),
    ]


def _ike_lifetimes(left, right):
    """(common proposals, [left lifetimes, right lifetimes] of those proposals)."""
    common = _ike_common(left["ike"], right["ike"])
    return common, [sorted(set(p["lifetime"] for p in end["ike"] if (p["encryption"], p["integrity"], p["dh_group"]) in common))
                    for end in (left, right)]


def _matches(left, right):
    common, lives = _ike_lifetimes(left, right)
    ident_ok = [satisfies(sent_identity(left, right), right["identity"]["remote"]),
                satisfies(sent_identity(right, left), left["identity"]["remote"])]
    psk = None
    if left["psk_fingerprint"] and right["psk_fingerprint"]:
        psk = left["psk_fingerprint"] == right["psk_fingerprint"]
    return {
        "local address": (left["local_address"] == right["peer_address"]) if left["local_address"] else None,
        "peer address": left["peer_address"] in _mine(right) and right["peer_address"] in _mine(left),
        "crypto applied": left["bound"] and right["bound"], "IKE version": left["ike_version"] == right["ike_version"],
        "IKE proposals": bool(_ike_common(left["ike"], right["ike"])) if left["ike"] and right["ike"] else None,
        "IKE lifetime": bool(set(lives[0]) & set(lives[1])) if common else None,
        "auth method": (left.get("auth_method") or "pre-shared-key") == (right.get("auth_method") or "pre-shared-key"),
        "pre-shared key": psk,
        "identity sent": ident_ok[0], "identity accepted": ident_ok[1],
        "ESP proposals": bool(_esp_common(left["esp"], right["esp"])) if left["esp"] and right["esp"] else None,
        "PFS": left["pfs"] == right["pfs"], "ESP lifetime": left["esp_lifetime"] == right["esp_lifetime"],
        "traffic selectors": set(map(tuple, left["selectors"])) == _mirror(right["selectors"]),
        "NAT-T": left["nat_t"] == right["nat_t"],
        "NAT/fasttrack catching tunnel traffic": not left["nat_rules_catching"] and not right["nat_rules_catching"],
        "firewall drops of IKE/ESP": not left["firewall_drops"] and not right["firewall_drops"],
        "policy state": not left["policy_flags"] and not right["policy_flags"],
    }


def rows(left, right):
    """Side-by-side rows; ``right`` None: the peer is outside the inventory (match unknown)."""
    lrows = _side_rows(left)
    if right is None:
        return [_row(f, v, "(not in the inventory)", None) for f, v in lrows]
    rrows = dict(_side_rows(right))
    match = _matches(left, right)
    return [_row(f, v, rrows[f], match[f]) for f, v in lrows]


def _found(cause, side, evidence, detail=""):
    return {"cause": cause, "side": side, "evidence": evidence, "detail": detail}


def _per_end(cause, left, right, key, label):
    """A cause one end shows by itself (a list field that should be empty): side = the end(s) showing it."""
    bad = [(name, end) for name, end in (("left", left), ("right", right)) if end is not None and end[key]]
    if not bad:
        return None
    side = bad[0][0] if len(bad) == 1 else "both"
    return _found(cause, side, [(name, "%s: %s" % (label, line)) for name, end in bad for line in end[key]])


def _unbound(left, right):
    bad = [(n, e) for n, e in (("left", left), ("right", right)) if e is not None and not e["bound"]]
    if not bad:
        return None
    return _found("not-bound", bad[0][0] if len(bad) == 1 else "both",
                  [(n, "crypto map %s is applied to no interface" % e.get("map", "").split()[0]) for n, e in bad])


def _versions(left, right):
    if left["ike_version"] != right["ike_version"]:
        return _found("ike-version", "both", [("left", "IKEv%s" % left["ike_version"]),
                                              ("right", "IKEv%s" % right["ike_version"])])
    return None


def _ike(left, right):
    if left["ike"] and right["ike"] and not _ike_common(left["ike"], right["ike"]):
        return _found("ike-proposal", "both", [("left", "IKE proposals " + _ike_text(left["ike"])),
                                               ("right", "IKE proposals " + _ike_text(right["ike"]))])
    return None


def _auth(left, right):
    lm, rm = left.get("auth_method") or "pre-shared-key", right.get("auth_method") or "pre-shared-key"
    if lm != rm:
        return _found("auth-method", "both", [("left", "auth method " + lm), ("right", "auth method " + rm)])
    return None


def _psk(left, right):
    missing = [n for n, e in (("left", left), ("right", right)) if e["psk_state"] == "missing"]
    if missing:
        return _found("psk", missing[0] if len(missing) == 1 else "both",
                      [(n, "no pre-shared key for peer %s" % (left if n == "left" else right)["peer_address"]) for n in missing])
    if left["psk_fingerprint"] and right["psk_fingerprint"] and left["psk_fingerprint"] != right["psk_fingerprint"]:
        return _found("psk", "both", [("left", "pre-shared key " + _psk_text(left)),
                                      ("right", "pre-shared key " + _psk_text(right))])
    return None


def _identity_fault(sender_name, sender, acceptor_name, acceptor):
    """The sender is at fault when it sends a chosen identity; with its default (its address) the acceptor is."""
    local = sender["identity"]["local"]
    default = local["type"] == "address" and local["value"] in (None, sender["local_address"], acceptor["peer_address"])
    return acceptor_name if default else sender_name


def _identity(left, right):
    bad = []
    for name, end, other_name, other in (("left", left, "right", right), ("right", right, "left", left)):
        sent = sent_identity(end, other)
        if satisfies(sent, other["identity"]["remote"]) is False:
            bad.append((_identity_fault(name, end, other_name, other), "%s sends %s; %s accepts %s" % (
                name, _ident_text(sent), other_name, _ident_text(other["identity"]["remote"]))))
    if not bad:
        return None
    sides = set(n for n, _t in bad)
    return _found("identity", bad[0][0] if len(sides) == 1 else "both", [(n, "identity: " + t) for n, t in bad])


def _esp(left, right):
    if left["esp"] and right["esp"] and not _esp_common(left["esp"], right["esp"]):
        return _found("ipsec-proposal", "both", [("left", "ESP proposals " + _esp_text(left["esp"])),
                                                 ("right", "ESP proposals " + _esp_text(right["esp"]))])
    return None


def _pfs(left, right):
    if left["pfs"] == right["pfs"]:
        return None
    only = [n for n, e in (("left", left), ("right", right)) if e["pfs"] != "none"]
    detail = "PFS on one side only" if len(only) == 1 else "different PFS groups"
    return _found("pfs", "both", [("left", "PFS %s" % left["pfs"]), ("right", "PFS %s" % right["pfs"])], detail)


def _near(pair, others):
    """A selector of the other side that differs from ``pair`` only by prefix (a host where a subnet was meant)."""
    for other in others:
        if all(covers(a, b) or covers(b, a) for a, b in zip(pair, other)):
            return other
    return None


def _selectors(left, right):
    mine, theirs = set(map(tuple, left["selectors"])), _mirror(right["selectors"])
    if mine == theirs and not left["host_bits"] and not right["host_bits"]:
        return None
    evidence, sides = [], set()
    for name, end in (("left", left), ("right", right)):
        for text in end["host_bits"]:
            evidence.append((name, "host bits set in a selector: %s" % text))
            sides.add(name)
    for pair_ in sorted(mine - theirs):
        near = _near(pair_, theirs - mine)
        if near:
            evidence.append(("both", "%s -> %s on the left, %s -> %s mirrored on the right (prefix differs)" % (
                pair_ + near)))
            sides.add("both")
        else:
            evidence.append(("right", "no mirror of %s -> %s (missing pair)" % pair_))
            sides.add("right")
    for pair_ in sorted(theirs - mine):
        if not _near(pair_, mine - theirs):
            evidence.append(("left", "no selector %s -> %s, the mirror of the right's (missing pair)" % pair_))
            sides.add("left")
    side = sides.pop() if len(sides) == 1 else "both"
    return _found("traffic-selectors", side, evidence)


def _nat(left, right):
    found = _per_end("nat", left, right, "nat_rules_catching", "NAT before IPsec")
    if found or right is None or left["nat_t"] == right["nat_t"]:
        return found
    return None


def config_causes(left, right):
    """Every configuration cause, in negotiation order: [{"cause", "side", "evidence": [(left|right|both, line)]}]."""
    checks = [lambda l, r: _per_end("unreachable", l, r, "firewall_drops", "firewall"), _unbound]
    if right is not None:
        checks += [_versions, _ike, _auth, _psk, _identity, _esp, _pfs, _selectors]
    else:
        checks.append(lambda l, r: _found("psk", "left", [("left", "no pre-shared key for peer %s" % l["peer_address"])])
                      if l["psk_state"] == "missing" else None)
    checks += [_nat, lambda l, r: _per_end("policy-invalid", l, r, "policy_flags", "policy")]
    out = []
    for check in checks:
        found = check(left, right)
        if found:
            out.append(found)
    return out


def warnings(left, right):
    """Degradations that do not stop the tunnel: lifetimes differ, NAT-T on one side only."""
    out = []
    if right is None:
        return out
    common, lives = _ike_lifetimes(left, right)
    if common and not set(lives[0]) & set(lives[1]):
        out.append("dpd-lifetime: IKE lifetime %s s on the left, %s s on the right" % (
            "/".join(map(str, lives[0])), "/".join(map(str, lives[1]))))
    if left["esp_lifetime"] != right["esp_lifetime"]:
        out.append("dpd-lifetime: ESP lifetime %s s on the left, %s s on the right" % (left["esp_lifetime"], right["esp_lifetime"]))
    if left["nat_t"] != right["nat_t"]:
        out.append("nat: NAT-T is %s on the left and %s on the right (fails only with NAT in the path)" % (
            _yes(left["nat_t"]), _yes(right["nat_t"])))
    return out
