# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apple .mobileconfig for an IKEv2 road warrior (iOS, iPadOS, macOS).

Keys, types and allowed values follow apple/device-management (mdm/profiles/TopLevel.yaml,
CommonPayloadKeys.yaml, com.apple.vpn.managed.yaml, com.apple.security.root.yaml,
com.apple.security.pkcs12.yaml). Payloads: the CA (com.apple.security.root), for certificate
users the client identity (com.apple.security.pkcs12, legacy PKCS#12, no Password key: the device
asks for the passphrase while installing) and the VPN (com.apple.vpn.managed, VPNType IKEv2) with
SA parameters equal to the router's proposals. UUIDs derive from names, so installing a newer
profile replaces the older one (TopLevel.yaml: same PayloadIdentifier and PayloadUUID).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import plistlib
import uuid

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles import pkcs12 as p12
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.proposals import apple_sa

NAMESPACE = uuid.UUID("0b8f6c2e-5d7a-4f43-9a0e-7c1d2b3e4f51")
AUTH_METHOD = {"certificate": "Certificate", "eap-mschapv2": "None", "psk": "SharedSecret"}


def _uuid(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(parts))).upper()


def _payload(kind, ident, name, extra):
    payload = {"PayloadType": kind, "PayloadVersion": 1, "PayloadIdentifier": ident,
               "PayloadUUID": _uuid(ident), "PayloadDisplayName": name}
    payload.update(extra)
    return payload


def _sa_parameters(server):
    ike, esp = server["ike"], server["esp"]
    child_group = esp["pfs_group"] if esp["pfs_group"] is not None else ike["dh_group"]
    return {
        "IKESecurityAssociationParameters": apple_sa(ike, "dh_group", "server.ike"),
        "ChildSecurityAssociationParameters": apple_sa(esp, "pfs_group", "server.esp", group=child_group),
        "EnablePFS": 0 if esp["pfs_group"] is None else 1,
    }


def _ikev2(server, user, ca_cn, identity):
    auth = server["auth"]
    ikev2 = {
        "RemoteAddress": server["fqdn"] or server["address"],
        "RemoteIdentifier": server["remote_id"],
        "LocalIdentifier": user["name"],
        "AuthenticationMethod": AUTH_METHOD[auth],
        "ServerCertificateIssuerCommonName": ca_cn,
        "DeadPeerDetectionRate": "Medium",
        "DisableMOBIKE": 0,
        "DisableRedirect": 0,
        "UseConfigurationAttributeInternalIPSubnet": 0,
    }
    ikev2.update(_sa_parameters(server))
    if auth == "certificate":
        ikev2.update({"LocalIdentifier": identity["id"], "PayloadCertificateUUID": identity["uuid"],
                      "CertificateType": identity["type"]})
    elif auth == "eap-mschapv2":
        ikev2.update({"ExtendedAuthEnabled": 1, "AuthName": user["name"]})
    else:
        if not server.get("psk"):
            raise FieldError("server.psk", "required for auth psk (value not shown)")
        ikev2["SharedSecret"] = server["psk"]
    return ikev2


def _identity_payload(base, user, cert_pem, key_pem, ca_pem, passphrase, data):
    cert = p12.load_cert(cert_pem, "client_cert_pem")
    if data is None:
        data = p12.legacy_p12(user["name"], cert_pem, key_pem, ca_pem, passphrase)
    payload = _payload("com.apple.security.pkcs12", base + ".identity", "%s (VPN identity)" % user["name"],
                       {"PayloadContent": data, "PayloadCertificateFileName": "%s.p12" % user["name"]})
    kind = p12.key_kind(p12.load_key(key_pem, "client_key_pem"))
    return payload, {"id": p12.identity(cert), "uuid": payload["PayloadUUID"], "type": kind}


def mobileconfig(model, user, ca_pem, client_cert_pem=None, client_key_pem=None, passphrase=None, p12_data=None):
    """The profile bytes (XML plist) for one user; p12_data: the user's legacy .p12 when already built."""
    server = model["server"]
    base = "pfne.netops.ikev2.%s.%s" % (server["remote_id"], user["name"])
    ca = p12.load_cert(ca_pem, "ca_pem")
    name = server.get("name") or "pfne-ikev2"
    content = [_payload("com.apple.security.root", base + ".ca", "%s CA" % name,
                        {"PayloadContent": p12.der(ca), "PayloadCertificateFileName": "%s-ca.cer" % name})]
    identity = None
    if server["auth"] == "certificate":
        payload, identity = _identity_payload(base, user, client_cert_pem, client_key_pem, ca_pem, passphrase,
                                              p12_data)
        content.append(payload)
    vpn = {"VPNType": "IKEv2", "UserDefinedName": "%s (%s)" % (name, server["remote_id"]),
           "IKEv2": _ikev2(server, user, p12.common_name(ca), identity),
           "IPv4": {"OverridePrimary": 0 if server["split_include"] else 1}}
    content.append(_payload("com.apple.vpn.managed", base + ".vpn", "VPN %s" % server["remote_id"], vpn))
    profile = {"PayloadType": "Configuration", "PayloadVersion": 1, "PayloadIdentifier": base,
               "PayloadUUID": _uuid(base), "PayloadDisplayName": "IKEv2 VPN %s" % server["remote_id"],
               "PayloadDescription": "IKEv2 VPN for %s, generated by pfne.netops" % user["name"],
               "PayloadContent": content}
    return plistlib.dumps(profile, fmt=plistlib.FMT_XML, sort_keys=True)
