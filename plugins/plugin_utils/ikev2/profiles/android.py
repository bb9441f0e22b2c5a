# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Android: a strongSwan VPN Client profile (.sswan) and the settings for Android's own IKEv2 client.

.sswan is JSON (docs.strongswan.org "VPN Profile Import for the Android VPN Client"; the app's
parser strongswan/strongswan src/frontends/android/.../ui/VpnProfileImportActivity.java): uuid,
name, type (ikev2-cert, ikev2-eap, ...), remote.addr, remote.id, remote.cert (base64 DER of the CA),
local.id and local.p12 (base64 PKCS#12) for certificate types, local.eap_id for EAP types,
ike-proposal / esp-proposal in strongSwan's proposal syntax, split-tunneling.subnets.
The app has no pre-shared-key type (strongSwan's choice), so PSK users get only the native settings.
Android 12 and later create only IKEv2 profiles in Settings > Network > VPN: IKEv2/IPSec MSCHAPv2,
IKEv2/IPSec PSK and IKEv2/IPSec RSA (Android 12 release notes: L2TP/IPsec and PPTP removed).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import uuid

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles import pkcs12 as p12
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.proposals import strongswan_esp, \
    strongswan_ike

NAMESPACE = uuid.UUID("5f3d0c8e-2b6a-4e1f-8d97-a4c2e1b0d3f6")
TYPES = {"certificate": "ikev2-cert", "eap-mschapv2": "ikev2-eap"}
NATIVE_TYPES = {"certificate": "IKEv2/IPSec RSA", "eap-mschapv2": "IKEv2/IPSec MSCHAPv2",
                "psk": "IKEv2/IPSec PSK"}


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def sswan(model, user, ca_pem, client_cert_pem=None, client_key_pem=None, passphrase=None, p12_data=None):
    """The .sswan JSON bytes for one user (certificate or EAP users); p12_data: the .p12 when already built."""
    server = model["server"]
    ca = p12.load_cert(ca_pem, "ca_pem")
    profile = {
        "uuid": str(uuid.uuid5(NAMESPACE, "%s/%s" % (server["remote_id"], user["name"]))),
        "name": "%s (%s)" % (server.get("name") or "pfne-ikev2", server["remote_id"]),
        "type": TYPES[server["auth"]],
        "remote": {"addr": server["fqdn"] or server["address"], "id": server["remote_id"],
                   "cert": _b64(p12.der(ca))},
        "ike-proposal": strongswan_ike(server["ike"]),
        "esp-proposal": strongswan_esp(server["esp"]),
    }
    if server["auth"] == "certificate":
        cert = p12.load_cert(client_cert_pem, "client_cert_pem")
        if p12_data is None:
            p12_data = p12.legacy_p12(user["name"], client_cert_pem, client_key_pem, ca_pem, passphrase)
        profile["local"] = {"id": p12.identity(cert), "p12": _b64(p12_data)}
    else:
        profile["local"] = {"eap_id": user["name"]}
    if server["split_include"]:
        profile["split-tunneling"] = {"subnets": list(server["split_include"])}
    return (json.dumps(profile, indent=2, sort_keys=True) + "\n").encode("utf-8")


def native_settings(model, user, files, client_cert_pem=None):
    """Plain text: what to type into Android's built-in IKEv2 client (no secret inside)."""
    server = model["server"]
    auth = server["auth"]
    identifier = user["name"]
    if auth == "certificate":
        identifier = p12.identity(p12.load_cert(client_cert_pem, "client_cert_pem"))
    lines = [
        "Android built-in VPN (Android 11 and later): Settings > Network & internet > VPN > +",
        "Name: %s" % (server.get("name") or "pfne-ikev2"),
        "Type: %s" % NATIVE_TYPES[auth],
        "Server address: %s" % (server["fqdn"] or server["address"]),
        "IPSec identifier: %s" % identifier,
    ]
    if auth == "psk":
        lines.append("IPSec pre-shared key: the key your administrator gives you (not written here)")
    else:
        lines += ["IPSec CA certificate: %s (install it first: Settings > Security > Encryption & credentials "
                  "> Install a certificate > CA certificate)" % files["ca"],
                  "IPSec server certificate: (received from server)"]
    if auth == "certificate":
        lines.append("IPSec user certificate: %s (Install a certificate > VPN & app user certificate; "
                     "it asks for the passphrase)" % files["p12"])
    if auth == "eap-mschapv2":
        lines += ["Username: %s" % user["name"], "Password: your VPN password (not written here)"]
    lines += ["", "Android chooses the IKE/ESP proposals itself; the router offers: IKE %s, ESP %s."
              % (strongswan_ike(server["ike"]), strongswan_esp(server["esp"])),
              "The strongSwan VPN Client app imports %s instead and uses exactly these proposals."
              % files.get("sswan", "a .sswan profile"), ""]
    return "\n".join(lines).encode("utf-8")
