# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired RouterOS entries (shared RouterOS contract) for one site-to-site tunnel.

Four syntax families (the one table: routeros_family.py):
  * "6.24-6.42": phase 1 and the PSK all on `/ip ipsec peer` (secret, exchange-mode, hash-algorithm,
    enc-algorithm, dh-group, lifetime, nat-traversal, generate-policy=no); the peer has no name, so it
    is matched on its comment tag; policies carry sa-src-address / sa-dst-address.
    Seen in: pastebin z71zDip4 ("/ip ipsec peer print" with secret, exchange-mode, hash-algorithm,
    enc-algorithm, dh-group, generate-policy on the peer; policy with sa-src/sa-dst), major.io
    "GRE over IPsec on MikroTik" (2015, policy sa-src-address/sa-dst-address).
  * "6.43.x": phase 1 (hash/enc algorithm, dh-group, lifetime, nat-traversal) on a named
    `/ip ipsec peer profile`; the peer (no name, matched on its tag) keeps auth-method, secret,
    exchange-mode, generate-policy and gets `profile=`; policies still sa-src/sa-dst-address.
    Seen in: ripleymj/routerlab Router-B3.rsc (RouterOS 6.43.8 export: `/ip ipsec peer profile`
    with dh-group, enc-algorithm, hash-algorithm, lifetime, name, nat-traversal), a 2018-11 blog
    post "OSPF over GRE tunnel with IPSec (Mikrotik and PFsense)" (`/ip ipsec peer profile add
    name=ph1 ...`, `/ip ipsec peer add address=... profile=ph1 auth-method=pre-shared-key secret=...
    generate-policy=no exchange-mode=ike2`).
  * "6.44-6.49" and "7.x": `/ip ipsec profile` (phase 1 algorithms, nat-traversal) + `/ip ipsec peer
    name=... profile=...` + `/ip ipsec identity peer=... secret=...`; policies reference `peer=`.
    Seen in: pastebin iqig7k5T and a RouterOS 6.46 site-to-site write-up (profile/proposal/peer/
    identity/policy peer=), pastebin UCAKeC94 (6.48.6 export), help.mikrotik.com "IPsec"
    site-to-site example (7.x); 6.44.3 changelog "identity ... introduced in v6.44".
Firewall: input accepts for UDP 500, UDP 4500, ipsec-esp, ipsec-ah from the remote peer, placed
before the first input drop; srcnat accept local LAN -> remote LAN placed before the first masquerade.
Protocol names `ipsec-esp` / `ipsec-ah` as in the RouterOS 6.46 write-up's firewall rules.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import sides
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import desired_entry

INPUT_DROP = {"chain": "input", "action": "drop"}
SRCNAT_MASQ = {"chain": "srcnat", "action": "masquerade"}


def object_name(tunnel):
    return "pfne-" + tunnel["name"]


def tag(tunnel, part):
    return "pfne:ipsec:%s:%s" % (tunnel["name"], part)


_entry = desired_entry


def _yes(flag):
    return "yes" if flag else "no"


def pairs(local, remote):
    """Every local x remote subnet pair, in definition order."""
    return [(lsub, rsub) for lsub in local["subnets"] for rsub in remote["subnets"]]


def routeros_entries(tunnel, site, syntax):
    """Desired entries for the RouterOS end `site` of a normalized tunnel, in apply order.

    For state=absent the same entries are returned with state absent, in the same order: the
    shared core (routeros_diff.plan) runs removals in reverse entry order, so policies and
    identities go before the peer they name and the peer before its profile.
    """
    if syntax not in routeros_family.FAMILIES:
        raise vocab.UnsupportedError("syntax", "unknown RouterOS syntax family %r; one of %s" % (
            syntax, ", ".join(routeros_family.FAMILIES)))
    local, remote = sides(tunnel, site)
    if local["platform"] != "routeros":
        raise vocab.UnsupportedError("pfne_ipsec_site", "endpoint %s of tunnel %s is %s, not routeros" % (
            site, tunnel["name"], local["platform"]))
    ike, esp = tunnel["ike"], tunnel["esp"]
    name = object_name(tunnel)
    phase1 = {
        "hash-algorithm": vocab.to_routeros("ike_integrity", ike["integrity"], "ike.integrity", syntax),
        "enc-algorithm": vocab.to_routeros("ike_encryption", ike["encryption"], "ike.encryption"),
        "dh-group": vocab.to_routeros("dh", ike["dh_group"], "ike.dh_group"),
        "lifetime": vocab.seconds_to_routeros(ike["lifetime"]),
        "nat-traversal": _yes(tunnel["nat_traversal"]),
    }
    proposal = _entry("/ip ipsec proposal", {"name": name}, {
        "auth-algorithms": vocab.to_routeros("esp_integrity", esp["integrity"], "esp.integrity"),
        "enc-algorithms": vocab.to_routeros("esp_encryption", esp["encryption"], "esp.encryption"),
        "lifetime": vocab.seconds_to_routeros(esp["lifetime"]),
        "pfs-group": vocab.to_routeros("pfs", tunnel["pfs"], "pfs"),
    })
    entries = _auth_entries(tunnel, local, remote, syntax, name, phase1, proposal)
    entries += _policy_entries(tunnel, local, remote, syntax, name)
    entries += _firewall_entries(tunnel, local, remote)
    if tunnel["state"] == "absent":
        entries = [dict(e, state="absent", place_before=None) for e in entries]
    return entries


def _auth_entries(tunnel, local, remote, syntax, name, phase1, proposal):
    """Phase 1 and the key: peer (+ profile) with the secret before 7.x's identity; profile, peer, identity after."""
    peer_address = remote["public_address"] + "/32"
    entries = []
    if not routeros_family.has_identity(syntax):
        peer_props = {
            "address": peer_address,
            "local-address": local["public_address"],
            "auth-method": "pre-shared-key",
            "secret": tunnel["psk"],
            "exchange-mode": tunnel["ike_mode"],
            "generate-policy": "no",
        }
        if syntax == "6.43.x":
            entries.append(_entry("/ip ipsec peer profile", {"name": name}, phase1))
            peer_props["profile"] = name
        else:
            peer_props.update(phase1)
        entries.append(proposal)
        entries.append(_entry("/ip ipsec peer", {"comment": tag(tunnel, "peer")}, peer_props, secret=["secret"]))
        return entries
    entries.append(_entry("/ip ipsec profile", {"name": name}, phase1))
    entries.append(proposal)
    entries.append(_entry("/ip ipsec peer", {"name": name}, {
        "address": peer_address,
        "local-address": local["public_address"],
        "profile": name,
        "exchange-mode": tunnel["ike_mode"],
    }))
    entries.append(_entry("/ip ipsec identity", {"comment": tag(tunnel, "identity")}, {
        "peer": name,
        "auth-method": "pre-shared-key",
        "secret": tunnel["psk"],
        "generate-policy": "no",
    }, secret=["secret"]))
    return entries


def _policy_entries(tunnel, local, remote, syntax, name):
    entries = []
    for index, (lsub, rsub) in enumerate(pairs(local, remote), 1):
        props = {
            "src-address": lsub,
            "dst-address": rsub,
            "tunnel": "yes",
            "action": "encrypt",
            "level": "require",
            "proposal": name,
        }
        if not routeros_family.has_identity(syntax):
            props["sa-src-address"] = local["public_address"]
            props["sa-dst-address"] = remote["public_address"]
        else:
            props["peer"] = name
        entries.append(_entry("/ip ipsec policy", {"comment": tag(tunnel, "policy-%d" % index)}, props))
    return entries


def _firewall_entries(tunnel, local, remote):
    """Input accepts for IKE, NAT-T, ESP, AH (before the first drop); NAT bypass (before masquerade)."""
    entries = []
    rules = (
        ("ike", {"protocol": "udp", "dst-port": "500"}),
        ("nat-t", {"protocol": "udp", "dst-port": "4500"}),
        ("esp", {"protocol": "ipsec-esp"}),
        ("ah", {"protocol": "ipsec-ah"}),
    )
    for part, extra in rules:
        props = {"chain": "input", "action": "accept", "src-address": remote["public_address"]}
        props.update(extra)
        entries.append(_entry("/ip firewall filter", {"comment": tag(tunnel, part)}, props, place_before=dict(INPUT_DROP)))
    for index, (lsub, rsub) in enumerate(pairs(local, remote), 1):
        entries.append(_entry("/ip firewall nat", {"comment": tag(tunnel, "nat-bypass-%d" % index)}, {
            "chain": "srcnat", "action": "accept", "src-address": lsub, "dst-address": rsub,
        }, place_before=dict(SRCNAT_MASQ)))
    return entries


def verify_commands(syntax):
    """Read-only commands for the verify step: [peer state (first choice), peer state (fallback),
    installed SAs]; the peer-state pair comes from routeros_family.PEER_STATE_COMMANDS.

    remote-peers (6.x): major.io 2015 GRE/IPsec post; active-peers: RouterOS 6.46 write-up, 6.49.2
    and RouterOS 7 hub-and-spoke write-up. The exact release that renamed the menu is unconfirmed.
    """
    first, fallback = routeros_family.PEER_STATE_COMMANDS[routeros_family.family(syntax)]
    return [first, fallback, "/ip ipsec installed-sa print detail"]
