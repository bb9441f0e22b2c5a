# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""render_profiles: every client file one IKEv2 user needs, for the systems the user lists.

Returns {file name: bytes}; nothing is written or printed here. Files holding key material
(.p12, .mobileconfig and .sswan of certificate users, any profile of a PSK server) are the
caller's to write with mode 0600 (``secret_files``). Certificate users need the client certificate,
its key and a passphrase (it protects the .p12, also inside the .mobileconfig and .sswan);
EAP-MSCHAPv2 users need none of them (their devices ask for the password). A PSK server gets the
Apple profile and the Android settings plus a warning file: Windows' Add-VpnConnection has no IKEv2
PSK method and the strongSwan app no PSK type.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ssl

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles import android, apple, windows
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles import pkcs12 as p12

PSK_WARNING = (
    "WARNING: this VPN uses one pre-shared key for every user. Anyone who holds it can pretend to be\n"
    "the server to the other users. Prefer certificates or EAP-MSCHAPv2 (server.auth).\n"
    "Not generated for this mode: the Windows script (Add-VpnConnection has no IKEv2 pre-shared-key\n"
    "method) and the strongSwan .sswan profile (the app has no pre-shared-key type).\n")


def file_names(user):
    name = user["name"]
    return {"ca": "%s-ca.crt" % name, "p12": "%s.p12" % name, "apple": "%s.mobileconfig" % name,
            "windows": "%s-windows.ps1" % name, "sswan": "%s.sswan" % name,
            "android": "%s-android.txt" % name, "warning": "%s-WARNING.txt" % name}


def _check_inputs(auth, cert_pem, key_pem, passphrase):
    if auth == "certificate":
        for field, value in (("client_cert_pem", cert_pem), ("client_key_pem", key_pem)):
            if not value:
                raise FieldError(field, "required for a certificate user")
        if not passphrase:
            raise FieldError("passphrase", "required for a certificate user: it protects the .p12 (value not shown)")
    elif cert_pem or key_pem:
        raise FieldError("client_cert_pem", "only certificate users carry a client certificate and key "
                                            "(server.auth is %s)" % auth)


def _ca_pem(ca_pem):
    return ssl.DER_cert_to_PEM_cert(p12.der(p12.load_cert(ca_pem, "ca_pem"))).encode("ascii")


def _android_files(model, user, names, args, data):
    out = {}
    if model["server"]["auth"] != "psk":
        out[names["sswan"]] = android.sswan(model, user, *args, p12_data=data)
    out[names["android"]] = android.native_settings(model, user, names, args[1])
    return out


def render_profiles(model, user, ca_pem, client_cert_pem=None, client_key_pem=None, passphrase=None):
    """{file name: bytes} for one user of the model (users not present get nothing)."""
    if user.get("state", "present") != "present":
        return {}
    auth = model["server"]["auth"]
    _check_inputs(auth, client_cert_pem, client_key_pem, passphrase)
    names = file_names(user)
    args = (ca_pem, client_cert_pem, client_key_pem, passphrase)
    systems = user.get("os") or []
    out = {names["ca"]: _ca_pem(ca_pem)}
    data = None
    if auth == "certificate":   # one .p12 for every file of this user
        data = p12.legacy_p12(user["name"], client_cert_pem, client_key_pem, ca_pem, passphrase)
        if "windows" in systems or "android" in systems:
            out[names["p12"]] = data
    if "apple" in systems:
        out[names["apple"]] = apple.mobileconfig(model, user, *args, p12_data=data)
    if "windows" in systems and auth != "psk":
        out[names["windows"]] = windows.script(model, user, names).encode("utf-8")
    if "android" in systems:
        out.update(_android_files(model, user, names, args, data))
    if auth == "psk":
        out[names["warning"]] = PSK_WARNING.encode("utf-8")
    return out


def secret_files(model, files):
    """The names among files that carry key material: write them 0600."""
    if model["server"]["auth"] == "psk":
        return sorted(name for name in files if name.endswith(".mobileconfig"))
    if model["server"]["auth"] != "certificate":
        return []
    return sorted(name for name in files if name.endswith((".p12", ".mobileconfig", ".sswan")))
