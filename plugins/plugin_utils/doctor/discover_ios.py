# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tunnel ends of an IOS / IOS-XE running-config: one end per (crypto map entry, peer).

The crypto objects come from the collection's one IOS table (ipsec/ios.py read_model over
ios/crypto_template.py); the few lines that table does not model and the doctor needs (interface
addresses, `crypto isakmp identity`, IKEv2 profile identities, `no crypto ipsec nat-transparency
udp-encapsulation`) are read here from the section structure of the same text.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    import netaddr
except ImportError:  # pragma: no cover
    netaddr = None

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.ios import read_model
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask, mask_forms
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import ios_acl
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.end import (
    canonical, covers, end_skeleton, proposals, psk_fingerprint)

_ADDRESS = re.compile(r"^ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)")
IKEV2_SMART_DEFAULT = "IKEv2 smart defaults (no crypto ikev2 policy)"


def sections(text):
    """[(top-level line, [its indented lines, stripped])] of a running-config."""
    out = []
    for raw in (text or "").replace("\r", "").split("\n"):
        line = raw.rstrip()
        if not line.strip() or line.strip() == "!":
            continue
        if line[0] != " ":
            out.append((line, []))
        elif out:
            out[-1][1].append(line.strip())
    return out


def _extras(secs):
    """What the crypto table does not model: interface addresses, the inbound ACL on each, the hostname."""
    extra = {"iface_address": {}, "iface_acl_in": {}, "hostname": None}
    for head, children in secs:
        if head.startswith("interface "):
            name = head.split(None, 1)[1]
            for child in children:
                m = _ADDRESS.match(child)
                if m:
                    extra["iface_address"][name] = m.group(1)
                words = child.split()
                if len(words) == 4 and words[:2] == ["ip", "access-group"] and words[3] == "in":
                    extra["iface_acl_in"][name] = words[2]
        elif head.startswith("hostname "):
            extra["hostname"] = head.split()[1]
    return extra


def _profile_identity(profile):
    """{local: {type, value} or None, remote: the first `match identity remote` (address matches first)}."""
    kind, _sep, value = str(profile.get("identity_local") or "").partition(" ")
    local = {"type": kind, "value": value} if kind and value else None
    remote = None
    for match in profile.get("match_remote") or {}:
        address, _sep, netmask = match.partition(" ")
        remote = remote or {"type": "address", "value": str(netaddr.IPNetwork("%s/%s" % (address, netmask or "32")))}
    for match in profile.get("match_identity") or {}:
        words = match.split()            # "fqdn [domain] VALUE"
        remote = remote or {"type": words[0], "value": words[-1]}
    return local, remote


def interface_addresses(text):
    """{interface: its primary address} of a running-config."""
    return _extras(sections(text))["iface_address"]


def acl_pairs(entry):
    """'permit ip A W B W' -> (action, proto, src CIDR, dst CIDR) with host bits as written."""
    words = entry.split()
    action, proto = words[0], words[1] if len(words) > 1 else ""
    src, used = ios_acl.wildcard_net(words[2:])
    dst, _used = ios_acl.wildcard_net(words[2 + used:])
    return action, proto, src, dst


def _selectors(model, acl_name, end):
    acl = model["acls"].get(acl_name or "")
    if acl is None:
        end["warnings"].append("match address %s: no such extended ACL in the running-config" % acl_name)
        return
    for _seq, text in acl["entries"]:
        action, proto, src, dst = acl_pairs(text)
        if action != "permit":
            continue
        if proto != "ip" or src is None or dst is None:
            end["warnings"].append("crypto ACL %s entry not compared: %s" % (acl_name, text))
            continue
        pair = []
        for net in (src, dst):
            real = netaddr.IPNetwork(net)
            if real.ip != real.network:
                end["host_bits"].append("%s: %s" % (acl_name, text))
            pair.append(str(real.cidr))
        end["selectors"].append(pair)


def _isakmp_proposals(model):
    out = []
    for _prio, pol in sorted(model["isakmp_policies"].items()):
        if pol.get("authentication") != "pre-share":
            continue
        out.extend(proposals([canonical(vocab.from_ios, "ike_encryption", " ".join(str(pol["encryption"]).split()))],
                             [canonical(vocab.from_ios, "ike_integrity", pol["hash"])],
                             [int(pol["group"])], int(pol["lifetime"])))
    return out


def _ikev2_proposals(model, profile):
    names = []
    for _name, policy in sorted(model["ikev2_policies"].items()):
        names.extend(sorted(policy.get("proposals") or {}))
    lifetime = int(profile.get("lifetime", vocab.IOS_IKEV2_DEFAULT_LIFETIME))
    out = []
    for name in names:
        prop = model["ikev2_proposals"].get(name) or {}
        out.extend(proposals([canonical(vocab.from_ios, "ike_encryption", w, 2) for w in str(prop.get("encryption", "")).split()],
                             [canonical(vocab.from_ios, "ike_integrity", w, 2) for w in str(prop.get("integrity", "")).split()],
                             [canonical(vocab.from_ios, "dh", w) for w in str(prop.get("group", "")).split()], lifetime))
    return out


def _transforms(model, names):
    out = []
    for name in str(names or "").split():
        tset = model["transform_sets"].get(name)
        if tset is None:
            continue
        words = str(tset.get("transforms", "")).split()
        enc = [w for w in words if w.startswith("esp-") and not w.endswith("-hmac")]
        if enc and len(words) > words.index(enc[0]) + 1 and words[words.index(enc[0]) + 1].isdigit():
            enc = ["%s %s" % (enc[0], words[words.index(enc[0]) + 1])]
        integ = [w for w in words if w.endswith("-hmac")]
        out.append({"encryption": canonical(vocab.from_ios, "esp_encryption", enc[0]) if enc else "?none",
                    "integrity": canonical(vocab.from_ios, "esp_integrity", integ[0]) if integ else "?none"})
    return out


def _v1_key(model, peer):
    keys = model["isakmp_keys"]
    if peer in keys:
        return keys[peer]
    for address, key in sorted(keys.items()):
        mask_text = key.get("mask") or ("0.0.0.0" if address == "0.0.0.0" else "255.255.255.255")
        if covers("%s/%s" % (address, mask_text), peer + "/32"):
            return key
    return None


def _v2_key(model, profile, peer):
    ring = model["ikev2_keyrings"].get(profile.get("keyring") or "") or {}
    for name, ring_peer in sorted((ring.get("peers") or {}).items()):
        address = ring_peer.get("address")
        if address and covers("%s/%s" % (address, ring_peer.get("mask") or "255.255.255.255"), peer + "/32"):
            return dict(ring_peer, name=name)
    return None


def _psk(end, key, salt):
    if key is None or "key" not in key:
        end["psk_state"] = "missing"
    elif key.get("encrypted"):
        end["psk_state"] = "encrypted"
        end["warnings"].append("the pre-shared key is stored encrypted (type 6): not compared")
    else:
        end["psk_state"] = "set"
        end["psk_fingerprint"] = psk_fingerprint(key["key"], salt)


def _identity(end, model, extra, entry):
    if end["ike_version"] == 1:
        local_type = {"hostname": "fqdn", "dn": "dn"}.get(model["isakmp_identity"], "address")
        end["identity"]["local"] = {"type": local_type,
                                    "value": extra["hostname"] if local_type == "fqdn" else end["local_address"]}
        # IKEv1 with keys by address: the peer's ID payload must be its address (the key was chosen by it)
        end["identity"]["remote"] = {"type": "address", "value": end["peer_address"] + "/32"}
        return
    local, remote = _profile_identity(model["ikev2_profiles"].get(entry.get("ikev2_profile") or "") or {})
    end["identity"]["local"] = local or {"type": "address", "value": end["local_address"]}
    end["identity"]["remote"] = remote or {"type": "none", "value": None}


def nat_acl_names(model):
    """ACLs named by `ip nat inside source list` / `route-map` (directly or through the route-map)."""
    nat = model.get("nat") or {}
    names = list(nat.get("list") or {})
    for route_map in nat.get("route-map") or {}:
        for _seq, entry in sorted((model["route_maps"].get(route_map) or {}).items()):
            names.extend(str(entry.get("acls", "")).split())
    return names


def _nat_catching(model, end):
    """NAT ACL entries whose first match for a protected pair is a permit (IOS NATs before it encrypts)."""
    for acl in nat_acl_names(model):
        entries = (model["acls"].get(acl) or {}).get("entries")
        if entries is None:
            end["warnings"].append("NAT rule uses ACL %s, which is not a named extended ACL: not checked" % acl)
            continue
        for local, remote in end["selectors"]:
            for _seq, text in entries:
                action, proto, src, dst = acl_pairs(text)
                if proto == "ip" and src and dst and covers(src, local) and covers(dst, remote):
                    if action == "permit":
                        end.setdefault("nat_fix", []).append([acl, _seq, local, remote])
                        end["nat_rules_catching"].append(
                            "ip nat inside source (ACL %s): `%s` matches %s -> %s before any deny" % (acl, text, local, remote))
                    break


def _wan_acl(model, extra, end):
    """IKE / ESP from the peer dropped by the inbound ACL of the interface carrying the crypto map."""
    name = extra["iface_acl_in"].get(end["interface"] or "")
    if not name:
        return
    entries = (model["acls"].get(name) or {}).get("entries")
    if entries is None:
        end["warnings"].append("ip access-group %s in on %s: not a named extended ACL, not checked" % (name, end["interface"]))
        return
    dropped, warnings, fix = ios_acl.drops(name, entries, end["peer_address"],
                                           end["local_address"], end["nat_t"])
    end["firewall_drops"].extend(dropped)
    end["warnings"].extend(warnings)
    end["firewall_fix"] = [name, fix] if fix else None


def _source(secs, end, entry_head, acl, tsets):
    keep = []
    for head, children in secs:
        if head.startswith(entry_head) or head.startswith("crypto isakmp key") and end["peer_address"] in head \
                or head == "ip access-list extended %s" % acl \
                or any(head.startswith("crypto ipsec transform-set %s " % t) for t in tsets):
            keep.append(head)
            keep.extend(" " + c for c in children)
    end["source"] = [mask_forms(line) for line in keep]


def _entry_end(model, extra, secs, where, entry, peer, salt):
    map_name, seq, iface = where
    end = end_skeleton("ios")
    end.update(peer_address=peer, local_address=extra["iface_address"].get(iface) if iface else None,
               bound=iface is not None, nat_t=model["nat_transparency"],
               esp_lifetime=int(entry.get("lifetime", vocab.IOS_SA_DEFAULT_LIFETIME)),
               pfs=canonical(vocab.from_ios, "pfs", entry.get("pfs")), map="%s %d" % (map_name, seq), interface=iface,
               addresses=sorted(set(extra["iface_address"].values())))
    profile_name = entry.get("ikev2_profile")
    end["ike_version"] = 2 if profile_name else 1
    end.update(interface_addresses=extra["iface_address"], ikev2_profile=profile_name,
               isakmp_priorities=sorted(model["isakmp_policies"]),
               keyring=(model["ikev2_profiles"].get(profile_name or "") or {}).get("keyring"))
    if profile_name:
        profile = model["ikev2_profiles"].get(profile_name) or {}
        end["ike"] = _ikev2_proposals(model, profile)
        if not model["ikev2_policies"]:
            end["warnings"].append(IKEV2_SMART_DEFAULT + ": IKE proposals not compared")
        key = _v2_key(model, profile, peer)
        end["keyring_peer"] = key["name"] if key else None
        _psk(end, key, salt)
    else:
        end["ike"] = _isakmp_proposals(model)
        _psk(end, _v1_key(model, peer), salt)
    end["esp"] = _transforms(model, entry.get("transform_set"))
    end["transform_set"] = " ".join(str(entry.get("transform_set") or "").split()) or None
    end["acl"] = entry.get("match_address")
    _selectors(model, entry.get("match_address"), end)
    _identity(end, model, extra, entry)
    _nat_catching(model, end)
    _wan_acl(model, extra, end)
    if not iface:
        end["policy_flags"].append("crypto map %s is on no interface" % map_name)
    _source(secs, end, "crypto map %s %d " % (map_name, seq), entry.get("match_address"),
            str(entry.get("transform_set") or "").split())
    return end


def ends(text, salt):
    """(ends, unparsed): one end per peer of each ipsec-isakmp crypto map entry (dynamic maps skipped)."""
    model = read_model(text)
    secs = sections(text)
    extra = _extras(secs)
    secrets = [k.get("key") for k in model["isakmp_keys"].values()]
    secrets += [p.get("key") for r in model["ikev2_keyrings"].values() for p in (r.get("peers") or {}).values()]
    out = []
    for map_name, entries in sorted(model["crypto_maps"].items()):
        bound = sorted(i for i, d in model["interfaces"].items() if d.get("crypto_map") == map_name)
        for seq, entry in sorted(entries.items()):
            if entry.get("kind") != "ipsec-isakmp" or entry.get("dynamic"):
                continue
            for peer in sorted(entry.get("peers") or {}):
                where = (map_name, seq, bound[0] if bound else None)
                out.append(_entry_end(model, extra, secs, where, entry, peer, salt))
    unparsed = [mask(mask_forms(line), [s for s in secrets if s]) for line in model["unparsed"]]
    return out, unparsed
