# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IKEv2 road warriors on RouterOS: desired entries (shared RouterOS contract) per syntax family.

Layout follows MikroTik's "IPsec" manual (help.mikrotik.com), "Road Warrior setup using IKEv2 with
RSA authentication" and "... with EAP-MSCHAPv2 authentication handled by User Manager (RouterOS
v7)": an address pool, ``/ip ipsec mode-config`` (address-pool, address-prefix-length=32,
static-dns, split-include), a policy group with one template policy (0.0.0.0/0 -> pool), an IKE
profile and a proposal, a passive ``exchange-mode=ike2`` peer, and identities with
``generate-policy=port-strict``, ``mode-config=`` and ``policy-template-group=``:

- certificate: one identity per user, ``auth-method=digital-signature certificate=<server>
  match-by=certificate remote-certificate=<user's certificate>``; no catch-all identity, so a
  certificate no identity names cannot connect (revocation: the identity and the certificate go);
- eap-mschapv2 (7.x only): one ``auth-method=eap-radius`` identity; users in the RouterOS 7 User
  Manager (``/user-manager user``), reached through ``/radius service=ipsec`` on 127.0.0.1
  (``/user-manager router``); a revoked user is disabled there, an absent one removed;
- psk: one ``auth-method=pre-shared-key`` identity (warned about in the model).

Field names per release: community.routeros ``plugins/module_utils/_api_data.py`` (identity:
auth-method, certificate, remote-certificate, match-by, mode-config, policy-template-group,
generate-policy; mode-config: address-pool, address-prefix-length, split-include, static-dns,
system-dns, responder (6.43+); policy group; user-manager 7.x).

Families (the one table, routeros/family.py): only ``6.44-6.49`` and ``7.x`` are served.
Everything here is kept apart from the L2TP role (l2tp/routeros.py): own pool, own profile,
proposal and peer (named ``<name>``, the L2TP role uses the ``default`` ones and RouterOS' dynamic
``l2tp-in-server`` IKEv1 peer), own policy group (L2TP's port-strict policies come from the
``default`` group), own firewall tags (``pfne:ikev2:<name>:...`` vs ``pfne:l2tp:...``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import desired_entry
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import format_duration

SUPPORTED = ("6.44-6.49", "7.x")
# Why a family is refused, per family; said before anything is sent.
REFUSED = {
    "6.24-6.42": "RouterOS %s has no /ip ipsec identity menu (introduced in 6.44, changelog 6.44): one peer "
                 "holds a single secret or certificate, so road-warrior users cannot be told apart, given a "
                 "mode-config per identity or revoked one by one; upgrade to 6.44 or later (7.x preferred)",
    "6.43.x": "RouterOS %s has no /ip ipsec identity menu (introduced in 6.44, changelog 6.44): one peer "
              "holds a single secret or certificate, so road-warrior users cannot be told apart, given a "
              "mode-config per identity or revoked one by one; upgrade to 6.44 or later (7.x preferred)",
}
EAP_REFUSED = ("server.auth: eap-mschapv2 is served on RouterOS 7 only (User Manager 7 answers EAP over "
               "RADIUS; MikroTik documents this road warrior for RouterOS v7); RouterOS %s has the 6.x "
               "User Manager package without EAP: use auth certificate here, or upgrade")
DH_NAME = {2: "modp1024", 14: "modp2048", 15: "modp3072", 16: "modp4096", 19: "ecp256", 20: "ecp384",
           21: "ecp521"}
IKE_ENC_NAME = {"aes-256-cbc": "aes-256", "aes-128-cbc": "aes-128"}
INPUT_DROP = {"chain": "input", "action": "drop"}
FASTTRACK = {"chain": "forward", "action": "fasttrack-connection"}
MASQUERADE = {"chain": "srcnat", "action": "masquerade"}
RADIUS_ADDRESS = "127.0.0.1"
_TAG_SAFE = re.compile(r"[^A-Za-z0-9._-]")


class Ikev2RefusedError(FieldError):
    """The device's release cannot serve what was asked; nothing was sent."""


def support(version, auth="certificate"):
    """None when this release serves ``auth``, else the refusal text (names the field)."""
    fam = routeros_family.family(version)
    release = "%s (family %s)" % (version, fam)
    if fam in REFUSED:
        return "routeros_version: " + REFUSED[fam] % release
    if auth == "eap-mschapv2" and fam != "7.x":
        return EAP_REFUSED % release
    return None


def check_model(model):
    """Refuse, before any device is touched, what no RouterOS release serves (FieldError naming the field).

    MikroTik "IPsec" manual: profile enc-algorithm is 3des|aes-128|aes-192|aes-256|blowfish|camellia-*|des
    (no GCM for IKE), proposal auth-algorithms md5|null|sha1|sha256|sha512 (no sha384).
    """
    server = model["server"]
    if server["ike"]["encryption"] not in IKE_ENC_NAME:
        raise Ikev2RefusedError("server.ike.encryption", "%s: RouterOS IPsec profiles offer no GCM cipher for IKE; "
                                "use aes-256-cbc or aes-128-cbc (GCM is fine for server.esp)" % server["ike"]["encryption"])
    if server["esp"]["integrity"] == "sha384":
        raise Ikev2RefusedError("server.esp.integrity", "sha384: RouterOS proposals offer sha1, sha256, sha512")


def tag(model, part):
    return "pfne:ikev2:%s:%s" % (model["server"]["name"], part)


def user_tag(model, name):
    """Comment tag of a user's identity (RouterOS tags carry no '@': it is spelled '-at-')."""
    return tag(model, "user:" + _TAG_SAFE.sub("-", name.replace("@", "-at-")))


def cert_names(model, pki):
    """RouterOS certificate names: ``<name>-ca-<fp8>``, ``<name>-server-<fp8>``, ``<name>-u-<user>-<fp8>``.

    The fingerprint in the name makes a re-issued certificate a new name: the identity moves to it in
    one ``set`` and the old one is pruned afterwards (nothing refers to a half-replaced certificate).
    """
    prefix = model["server"]["name"]
    names = {"ca": "%s-ca-%s" % (prefix, pki["ca_fingerprint"][:8]),
             "server": "%s-server-%s" % (prefix, pki["server"]["fingerprint"][:8]), "users": {}}
    for user, data in sorted(pki.get("users", {}).items()):
        names["users"][user] = "%s-u-%s-%s" % (prefix, user, data["fingerprint"][:8])
    return names


def _pool_range(pool):
    net = ipaddress.IPv4Network(pool)
    hosts = list(net.hosts()) if net.num_addresses <= 65536 else None
    if hosts is None:
        return "%s-%s" % (net.network_address + 1, net.broadcast_address - 1)
    return "%s-%s" % (hosts[0], hosts[-1])


def _addressing(model):
    server, name = model["server"], model["server"]["name"]
    mode = {"address-pool": name + "-pool", "address-prefix-length": "32", "responder": "yes",
            "split-include": ",".join(server["split_include"] or ["0.0.0.0/0"]), "system-dns": "no"}
    if server["dns"]:
        mode["static-dns"] = ",".join(server["dns"])
    return [
        desired_entry("/ip pool", {"name": name + "-pool"},
                      {"ranges": _pool_range(server["pool"]), "comment": tag(model, "pool")}),
        desired_entry("/ip ipsec mode-config", {"name": name}, mode),
        desired_entry("/ip ipsec policy group", {"name": name}, {}),
        desired_entry("/ip ipsec policy", {"comment": tag(model, "template")},
                      {"template": "yes", "group": name, "src-address": "0.0.0.0/0", "dst-address": server["pool"],
                       "proposal": name}),
    ]


def _crypto(model, fam):
    server, name = model["server"], model["server"]["name"]
    ike, esp = server["ike"], server["esp"]
    if ike["integrity"] == "sha384" and fam != "7.x":
        raise Ikev2RefusedError("server.ike.integrity", "sha384 is offered by RouterOS 7 IKE profiles only")
    return [
        desired_entry("/ip ipsec profile", {"name": name}, {
            "hash-algorithm": ike["integrity"], "enc-algorithm": IKE_ENC_NAME[ike["encryption"]],
            "dh-group": DH_NAME[ike["dh_group"]], "lifetime": format_duration(ike["lifetime"]),
            "nat-traversal": "yes"}),
        desired_entry("/ip ipsec proposal", {"name": name}, {
            "auth-algorithms": esp["integrity"], "enc-algorithms": esp["encryption"],
            "pfs-group": DH_NAME[esp["pfs_group"]] if esp["pfs_group"] else "none",
            "lifetime": format_duration(esp["lifetime"])}),
        desired_entry("/ip ipsec peer", {"name": name}, {
            "passive": "yes", "exchange-mode": "ike2", "profile": name, "send-initial-contact": "no",
            "comment": tag(model, "peer")}),
    ]


def _identity_base(model, certs):
    name = model["server"]["name"]
    return {"peer": name, "generate-policy": "port-strict", "mode-config": name,
            "policy-template-group": name, "certificate": certs["server"]}


def _cert_identities(model, certs):
    entries, seen = [], {}
    for index, user in enumerate(model["users"]):
        utag = user_tag(model, user["name"])
        if utag in seen:
            raise FieldError("users[%d].name" % index, "%r and users[%d] give the same RouterOS comment tag %s"
                             % (user["name"], seen[utag], utag))
        seen[utag] = index
        if user["state"] != "present":
            entries.append(desired_entry("/ip ipsec identity", {"comment": utag}, {}, state="absent"))
            continue
        props = _identity_base(model, certs)
        props.update({"auth-method": "digital-signature", "match-by": "certificate",
                      "remote-certificate": certs["users"][user["name"]]})
        entries.append(desired_entry("/ip ipsec identity", {"comment": utag}, props))
    return entries


def _eap(model, certs, radius_secret):
    """RouterOS 7: one eap-radius identity; User Manager answers RADIUS from 127.0.0.1."""
    name = model["server"]["name"]
    props = _identity_base(model, certs)
    props["auth-method"] = "eap-radius"
    entries = [
        desired_entry("/user-manager", {}, {"enabled": "yes"}, singleton=True),
        desired_entry("/user-manager router", {"name": name + "-local"},
                      {"address": RADIUS_ADDRESS, "shared-secret": radius_secret, "comment": tag(model, "um-router")},
                      secret=["shared-secret"]),
        desired_entry("/radius", {"comment": tag(model, "radius")},
                      {"address": RADIUS_ADDRESS, "secret": radius_secret, "service": "ipsec"}, secret=["secret"]),
        desired_entry("/ip ipsec identity", {"comment": tag(model, "eap")}, props),
    ]
    for user in model["users"]:
        match = {"name": user["name"]}
        if user["state"] == "absent":
            entries.append(desired_entry("/user-manager user", match, {}, state="absent"))
        elif user["state"] == "revoked":
            entries.append(desired_entry("/user-manager user", match, {"disabled": "yes"}))
        else:
            entries.append(desired_entry("/user-manager user", match, {
                "password": user["password"], "disabled": "no", "comment": tag(model, "um-user")},
                secret=["password"], fingerprint_key=radius_secret))
    return entries


def _psk(model, certs):
    props = _identity_base(model, certs)
    del props["certificate"]
    props.update({"auth-method": "pre-shared-key", "secret": model["server"]["psk"]})
    return [desired_entry("/ip ipsec identity", {"comment": tag(model, "psk")}, props, secret=["secret"])]


def _firewall(model):
    if not model["server"]["manage_firewall"]:
        return []
    server = model["server"]
    wan = {"in-interface": server["wan_interface"]} if server["wan_interface"] else {}
    rules = [
        ("/ip firewall filter", "ike", dict({"chain": "input", "action": "accept", "protocol": "udp",
                                             "dst-port": "500,4500"}, **wan), INPUT_DROP),
        ("/ip firewall filter", "esp", dict({"chain": "input", "action": "accept", "protocol": "ipsec-esp"}, **wan),
         INPUT_DROP),
        # fasttracked connections skip IPsec policies: accept the pool's IPsec traffic before fasttrack
        ("/ip firewall filter", "fwd-in", {"chain": "forward", "action": "accept", "ipsec-policy": "in,ipsec",
                                           "src-address": server["pool"]}, FASTTRACK),
        ("/ip firewall filter", "fwd-out", {"chain": "forward", "action": "accept", "ipsec-policy": "out,ipsec",
                                            "dst-address": server["pool"]}, FASTTRACK),
        # no source NAT for traffic that leaves through the clients' IPsec policies
        ("/ip firewall nat", "nat-exempt", {"chain": "srcnat", "action": "accept", "ipsec-policy": "out,ipsec",
                                            "dst-address": server["pool"]}, MASQUERADE),
    ]
    if not server["split_include"]:   # full tunnel: the clients' Internet traffic leaves masqueraded
        out = {"out-interface": server["wan_interface"]} if server["wan_interface"] else {}
        rules.append(("/ip firewall nat", "nat-pool", dict({
            "chain": "srcnat", "action": "masquerade", "src-address": server["pool"], "ipsec-policy": "out,none"},
            **out), MASQUERADE))
    entries = [desired_entry(path, {"comment": tag(model, part)}, props, place_before=before)
               for path, part, props, before in rules]
    if server["split_include"]:
        entries.append(desired_entry("/ip firewall nat", {"comment": tag(model, "nat-pool")}, {}, state="absent"))
    return entries


def render(model, version, pki, radius_secret=None):
    """Desired entries for one router: {'family', 'entries', 'certificates'}.

    ``pki``: fingerprints from pki.ensure (``ca_fingerprint``, ``server.fingerprint``,
    ``users.<name>.fingerprint``); ``radius_secret``: the User Manager shared secret (eap only).
    Raises Ikev2RefusedError (a FieldError naming the field) for a release that cannot serve it.
    """
    reason = support(version, model["server"]["auth"])
    if reason:
        field, text = reason.split(": ", 1)
        raise Ikev2RefusedError(field, text)
    check_model(model)
    fam = routeros_family.family(version)
    certs = cert_names(model, pki)
    entries = _addressing(model) + _crypto(model, fam)
    auth = model["server"]["auth"]
    if auth == "certificate":
        entries += _cert_identities(model, certs)
    elif auth == "eap-mschapv2":
        if not radius_secret:
            raise FieldError("radius_secret", "needed for eap-mschapv2 (the role keeps one under the PKI folder)")
        entries += _eap(model, certs, radius_secret)
    else:
        entries += _psk(model, certs)
    entries += _firewall(model)
    return {"family": fam, "entries": entries, "certificates": certs}
