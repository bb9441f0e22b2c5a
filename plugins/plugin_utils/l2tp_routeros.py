# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""L2TP/IPsec mobile clients: desired RouterOS entries for three syntax families.

Entries follow the shared RouterOS contract (path / match / properties / secret / place_before /
state / singleton); the shared core (plugin_utils/routeros_diff.py, action routeros_apply) turns
them into commands.  Input is the model from ``l2tp_mobile.normalize``.

Families (version read from the device):
- ``v6_legacy`` 6.16-6.42: the write-up for 6.24 - static IPsec peer (exchange-mode=main-l2tp,
  generate-policy=port-override), own proposal, policy templates for 0.0.0.0/0 and ::/0.
- ``v6_43`` 6.43-6.49: /ip ipsec profile and identity exist; ``use-ipsec=yes`` makes the router
  create its own dynamic peer and identity for L2TP clients, using the ``default`` profile and the
  ``default`` proposal, so no static peer is added (a left-over one from the legacy syntax is removed).
- ``v7`` 7.x: as 6.43, with ``use-ipsec=required`` (only IPsec-protected L2TP is accepted).
Sources: MikroTik "L2TP" manual (server properties, use-ipsec values); MikroTik wiki
"Manual:Interface/L2TP" (L2TP/IPsec setup, dynamic peer since use-ipsec); write-up for 6.24.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp_mobile import IKE_ENC_NAME
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros_diff import (
    desired_entry, fingerprint, split_fingerprint)

TAG = "pfne:l2tp:"
USER_TAG = TAG + "user"
PSK_TAG = TAG + "psk-"
FAMILIES = ("v6_legacy", "v6_43", "v7")


class L2tpVersionError(ValueError):
    pass


def syntax_family(version):
    """Map a RouterOS version string ('6.24', '6.49.10 (long-term)', '7.14.3') to a family."""
    match = re.match(r"^\s*v?(\d+)\.(\d+)", str(version or ""))
    if not match:
        raise L2tpVersionError("cannot read a RouterOS version from %r" % (version,))
    major, minor = int(match.group(1)), int(match.group(2))
    if major >= 7:
        return "v7"
    if major == 6 and minor >= 43:
        return "v6_43"
    if major == 6 and minor >= 16:
        return "v6_legacy"
    raise L2tpVersionError("RouterOS %s is not supported: the L2TP server has use-ipsec only from 6.16" % version)


_entry = desired_entry


def _absent(path, match):
    return _entry(path, match, {}, state="absent")


def _yes(flag):
    return "yes" if flag else "no"


def psk_fingerprint(model):
    """Fingerprint of the IPsec secret (the core's salted PBKDF2, see routeros_diff) for the
    /ppp profile comment: RouterOS 7 hides ipsec-secret in print, so this is how a change is seen."""
    return fingerprint(_server(model, "v7"))


def _pool_profile(model):
    profile = {
        "comment": PSK_TAG + psk_fingerprint(model),
        "local-address": model["local_address"],
        "remote-address": model["pool_name"],
        "change-tcp-mss": _yes(model["change_tcp_mss"]),
        "use-encryption": model["use_encryption"],
    }
    if model["dns_servers"]:
        profile["dns-server"] = ",".join(model["dns_servers"])
    return [
        _entry("/ip pool", {"name": model["pool_name"]},
               {"ranges": "%s-%s" % (model["pool_start"], model["pool_end"])}),
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
            "use-ipsec": "required" if family == "v7" else "yes",
            "ipsec-secret": model["ipsec_secret"],
        },
        secret=["ipsec-secret"], singleton=True)


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


def _dynamic_peer_ipsec(model):
    entries = [
        # a static peer or template left by the legacy syntax would duplicate the dynamic peer
        _absent("/ip ipsec policy", {"comment": TAG + "policy-v4"}),
        _absent("/ip ipsec policy", {"comment": TAG + "policy-v6"}),
        _absent("/ip ipsec peer", {"comment": TAG + "peer"}),
        _absent("/ip ipsec proposal", {"name": model["proposal_name"]}),
    ]
    if model["manage_default_ipsec"]:
        entries.insert(0, _entry("/ip ipsec profile", {"name": "default"}, _ike_props(model)))
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


def _users(model, current_secrets):
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
        entries.append(_entry("/ppp secret", {"name": user["name"]}, props, secret=["password"]))
    if model["exclusive"]:
        listed = {u["name"] for u in model["users"]}
        for secret in current_secrets or []:
            name = secret.get("name")
            if split_fingerprint(secret.get("comment"))[0] == USER_TAG and name and name not in listed:
                entries.append(_absent("/ppp secret", {"name": name, "comment": USER_TAG}))
    return entries


def secret_update(model, version, current_profiles=None):
    """'always' when the device hides ipsec-secret (7.x) and the PSK fingerprint kept in the
    /ppp profile comment differs (or is missing); 'on_change' otherwise (6.x prints the secret)."""
    if syntax_family(version) != "v7":
        return "on_change"
    for row in current_profiles or []:
        if row.get("name") == model["profile_name"]:
            return "on_change" if row.get("comment") == PSK_TAG + psk_fingerprint(model) else "always"
    return "always"


def render(model, version, current_secrets=None, current_profiles=None):
    """Desired entries for one router: {'family', 'entries'}.

    ``current_secrets``: parsed ``/ppp secret print`` rows (name/comment) - needed only when
    ``exclusive`` is true, to remove the collection's own users that are no longer listed.
    ``current_profiles``: parsed ``/ppp profile print`` rows, for ``secret_update`` (7.x).
    """
    family = syntax_family(version)
    entries = _pool_profile(model)
    if family == "v6_legacy":
        entries += _legacy_ipsec(model)
    else:
        entries += _dynamic_peer_ipsec(model)
    entries.append(_server(model, family))
    entries += _firewall(model)
    entries += _users(model, current_secrets)
    return {"family": family, "entries": entries,
            "secret_update": secret_update(model, version, current_profiles)}
