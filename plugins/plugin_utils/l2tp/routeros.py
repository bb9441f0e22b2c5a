# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""L2TP/IPsec mobile clients: desired RouterOS entries for each syntax family.

Entries follow the shared RouterOS contract (path / match / properties / secret / place_before /
state / singleton / fingerprint_in); the engine (plugins/plugin_utils/routeros/diff.py, action
routeros_apply) reads every menu once, diffs and turns them into commands.  Input is the model
from ``l2tp_mobile.normalize``.  Families come from the one table, routeros_family.py:

- ``6.24-6.42``: the write-up for 6.24 - static IPsec peer (exchange-mode=main-l2tp,
  generate-policy=port-override), own proposal, policy templates for 0.0.0.0/0 and ::/0.
- ``6.43.x``: ``use-ipsec=yes`` makes the router create its own dynamic peer for L2TP clients,
  using the ``default`` peer profile (``/ip ipsec peer profile`` on 6.43.x) and the ``default``
  proposal, so no static peer is added (a left-over one from the legacy syntax is removed).
- ``6.44-6.49``: as 6.43.x, the default profile is ``/ip ipsec profile``.
- ``7.x``: as 6.44, with ``use-ipsec=required`` (only IPsec-protected L2TP is accepted).
Sources: MikroTik "L2TP" manual (server properties, use-ipsec values); MikroTik wiki
"Manual:Interface/L2TP" (L2TP/IPsec setup, dynamic peer since use-ipsec); write-up for 6.24;
6.43.8 export (ripleymj/routerlab Router-B3.rsc) for ``/ip ipsec peer profile``.

Read-once: the engine removes the collection's own users that are no longer listed
(``exclusive``) and keeps the PSK's fingerprint in the address pool's comment
(``fingerprint_in``: RouterOS 7 hides ipsec-secret), in the same single read of the apply.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.mobile import IKE_ENC_NAME
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import desired_entry

TAG = "pfne:l2tp:"
USER_TAG = TAG + "user"
PSK_TAG = TAG + "psk"
L2tpVersionError = routeros_family.RouterOSVersionError


_entry = desired_entry


def _absent(path, match):
    return _entry(path, match, {}, state="absent")


def _yes(flag):
    return "yes" if flag else "no"


def _pool_profile(model):
    profile = {
        "local-address": model["local_address"],
        "remote-address": model["pool_name"],
        "change-tcp-mss": _yes(model["change_tcp_mss"]),
        "use-encryption": model["use_encryption"],
    }
    if model["dns_servers"]:
        profile["dns-server"] = ",".join(model["dns_servers"])
    return [
        # RouterOS has no comment on /ppp profile (API path data, 6.43.8 verbose export); the pool has
        # one: it keeps the server PSK's fingerprint, appended by the engine (fingerprint_in)
        _entry("/ip pool", {"name": model["pool_name"]},
               {"ranges": "%s-%s" % (model["pool_start"], model["pool_end"]), "comment": PSK_TAG}),
        _entry("/ppp profile", {"name": model["profile_name"]}, profile),
    ]


def _server(model, family):
    return _entry(
        "/interface l2tp-server server", {},
        {
            "enabled": "yes",
            "authentication": ",".join(model["authentication"]),
            "default-profile": model["profile_name"],
            "max-mtu": str(model["mtu"]),
            "max-mru": str(model["mru"]),
            "use-ipsec": "required" if family == "7.x" else "yes",
            "ipsec-secret": model["ipsec_secret"],
        },
        secret=["ipsec-secret"], singleton=True,
        fingerprint_in={"path": "/ip pool", "match": {"name": model["pool_name"]}})


def _proposal_props(model):
    return {
        "auth-algorithms": ",".join(model["integrity"]),
        "enc-algorithms": ",".join(model["encryption"]),
        "pfs-group": "none",
    }


def _ike_props(model):
    return {
        "hash-algorithm": model["ike_hash"],
        "enc-algorithm": ",".join(IKE_ENC_NAME[e] for e in model["encryption"]),
        "dh-group": ",".join(model["dh_groups"]),
        "nat-traversal": "yes",
    }


def _legacy_ipsec(model):
    peer = {"address": "0.0.0.0/0", "exchange-mode": "main-l2tp", "generate-policy": "port-override",
            "secret": model["ipsec_secret"]}
    peer.update(_ike_props(model))
    entries = [
        _entry("/ip ipsec proposal", {"name": model["proposal_name"]}, _proposal_props(model)),
        _entry("/ip ipsec peer", {"comment": TAG + "peer"}, peer, secret=["secret"]),
    ]
    for part, any_net in (("policy-v4", "0.0.0.0/0"), ("policy-v6", "::/0")):
        entries.append(_entry("/ip ipsec policy", {"comment": TAG + part}, {
            "template": "yes", "src-address": any_net, "dst-address": any_net,
            "ipsec-protocols": "esp", "proposal": model["proposal_name"]}))
    return entries


def _dynamic_peer_ipsec(model, family):
    entries = [
        # a static peer or template left by the legacy syntax would duplicate the dynamic peer
        _absent("/ip ipsec policy", {"comment": TAG + "policy-v4"}),
        _absent("/ip ipsec policy", {"comment": TAG + "policy-v6"}),
        _absent("/ip ipsec peer", {"comment": TAG + "peer"}),
        _absent("/ip ipsec proposal", {"name": model["proposal_name"]}),
    ]
    if model["manage_default_ipsec"]:
        profile_path = "/ip ipsec peer profile" if family == "6.43.x" else "/ip ipsec profile"
        entries.insert(0, _entry(profile_path, {"name": "default"}, _ike_props(model)))
        entries.insert(1, _entry("/ip ipsec proposal", {"name": "default"}, _proposal_props(model)))
    return entries


def _firewall(model):
    if not model["manage_firewall"]:
        return []
    before = {"chain": "input", "action": "drop"}
    extra = {"in-interface": model["wan_interface"]} if model["wan_interface"] else {}
    rules = (
        ("ike", {"protocol": "udp", "dst-port": "500,4500"}),
        ("esp", {"protocol": "ipsec-esp"}),
        ("l2tp", {"protocol": "udp", "dst-port": "1701", "ipsec-policy": "in,ipsec"}),
    )
    entries = []
    for part, props in rules:
        properties = {"chain": "input", "action": "accept"}
        properties.update(props)
        properties.update(extra)
        entries.append(_entry("/ip firewall filter", {"comment": TAG + part}, properties, place_before=before))
    return entries


def _users(model):
    entries, wanted = [], set()
    for user in model["users"]:
        if user["state"] == "absent":
            entries.append(_absent("/ppp secret", {"name": user["name"], "comment": USER_TAG}))
            continue
        wanted.add(user["name"])
        props = {"password": user["password"], "service": "l2tp", "profile": model["profile_name"],
                 "disabled": _yes(not user["enabled"]), "comment": USER_TAG}
        if user.get("address"):
            props["remote-address"] = user["address"]
        # fingerprint keyed by the PSK: one slow derivation per run, not one per user
        entries.append(_entry("/ppp secret", {"name": user["name"]}, props, secret=["password"],
                              fingerprint_key=model["ipsec_secret"]))
    if model["exclusive"]:   # the engine removes tagged users no present entry matches
        entries.append(_entry("/ppp secret", {"comment": USER_TAG}, {}, state="exclusive"))
    return entries


def render(model, version):
    """Desired entries for one router: {'family', 'entries'} (version or family name)."""
    family = routeros_family.family(version)
    entries = _pool_profile(model)
    if family == "6.24-6.42":
        entries += _legacy_ipsec(model)
    else:
        entries += _dynamic_peer_ipsec(model, family)
    entries.append(_server(model, family))
    entries += _firewall(model)
    entries += _users(model)
    return {"family": family, "entries": entries}
